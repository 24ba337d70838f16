"""Reading input documents: `learn` and `review --input` read what `clean` reads, the same way."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleantext.corpus import CorpusError, iter_documents


def test_a_folder_gives_its_documents_in_sorted_order_gzip_and_json_lines_included(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "a.txt").write_text("First.\n", encoding="utf-8")
    (tmp_path / "b" / "c.txt.gz").write_bytes(gzip.compress("Café reopened.\n".encode("cp1252")))
    records = [{"url": "u1", "body": "One."}, {"body": "Two."}]
    (tmp_path / "b" / "d.jsonl.gz").write_bytes(
        gzip.compress(b"".join(json.dumps(r).encode() + b"\n" for r in records))
    )
    (tmp_path / ".cache" / "e.txt").write_text("Hidden.\n", encoding="utf-8")
    (tmp_path / ".f.txt").write_text("Hidden.\n", encoding="utf-8")

    docs = list(iter_documents([tmp_path], text_field="body", id_field="url"))

    jsonl = tmp_path / "b" / "d.jsonl.gz"
    assert [(d.id, d.text) for d in docs] == [
        (str(tmp_path / "a.txt"), "First.\n"),
        (str(tmp_path / "b" / "c.txt.gz"), "Café reopened.\n"),  # gunzipped, then decoded like `clean` does
        ("u1", "One."),
        (f"{jsonl}:2", "Two."),  # no id: FILE:LINE
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": 1, "text": 5}', "the record has no string field 'text'"),
        ("[1, 2]", "the record is not a JSON object"),
        ("{oops", "not valid JSON (Expecting property name enclosed in double quotes)"),
    ],
)
def test_a_bad_record_is_an_error_naming_the_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "site.jsonl"
    path.write_text("\n" + line + "\n", encoding="utf-8")  # a blank line first: the record is on line 2
    with pytest.raises(CorpusError) as caught:
        list(iter_documents([path]))
    assert str(caught.value) == f"{path}:2: {message}"


def test_a_missing_input_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file or folder"):
        list(iter_documents([tmp_path / "nope"]))
