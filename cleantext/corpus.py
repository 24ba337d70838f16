"""Reading many documents: text files, folders of them, and JSON Lines files.

`learn` reads a site's articles this way, and `review --input` the original
texts of a batch. A JSON Lines file (``.jsonl``, ``.ndjson``, optionally
``.gz``) holds one JSON object per line, its text in one field and its id in
another; any other file is one document, decoded like ``cleantext clean`` does.
Folders are read recursively in sorted order, so the same corpus always yields
the same documents in the same order.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cleantext.decoding import DecodeError, decode

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")


class CorpusError(ValueError):
    """An input that cannot be read as documents; the message names where."""


@dataclass(frozen=True)
class Document:
    """One input text and the id it is known by (a path, or a JSON Lines id)."""

    id: str
    text: str


def is_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(JSONL_SUFFIXES)


def open_text(path: Path) -> IO[str]:
    """Open a UTF-8 text file, gunzipping a ``.gz`` one on the fly."""
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def iter_json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) for every non-blank line of a JSON Lines file."""
    try:
        with open_text(path) as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise CorpusError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise CorpusError(f"cannot read {path}: {exc}") from None


def iter_documents(paths: Iterable[str | Path], text_field: str = "text", id_field: str = "id") -> Iterator[Document]:
    """Every document below `paths`, in a stable order.

    A JSON Lines record without the id field is known as ``PATH:LINE``.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            for file in files:
                yield from _file_documents(file, text_field, id_field)
        elif path.exists():
            yield from _file_documents(path, text_field, id_field)
        else:
            raise CorpusError(f"no such file or folder: {path}")


def _file_documents(path: Path, text_field: str, id_field: str) -> Iterator[Document]:
    if not is_jsonl(path):
        try:
            text, _ = decode(path.read_bytes())
        except (OSError, DecodeError) as exc:
            raise CorpusError(f"cannot read {path}: {exc}") from None
        yield Document(str(path), text)
        return
    for number, record in iter_json_lines(path):
        if not isinstance(record, dict) or not isinstance(record.get(text_field), str):
            raise CorpusError(f"{path}:{number}: no text field {text_field!r} in this record")
        doc_id = record.get(id_field)
        yield Document(str(doc_id) if doc_id is not None else f"{path}:{number}", record[text_field])
