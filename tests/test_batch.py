"""Batch cleaning from the command line: folders, JSON Lines, gzip, failures, resume, jobs."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleantext import Cleaner, apply_edits, engines
from cleantext.batch import LEDGER, clean_records
from cleantext.cli import main

ARTICLE = "The mayor opened the new bridge on Monday, officials said.\n\nShare this:\nFacebook\nTwitter\n"
CLEAN = "The mayor opened the new bridge on Monday, officials said.\n"
OTHER = "Dock workers ended their strike after the port agreed to new shifts.\nSource link\n"
OTHER_CLEAN = "Dock workers ended their strike after the port agreed to new shifts.\n"


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def tree(root: Path) -> dict[str, bytes]:
    """Every file below `root` but the ledger, and its content (gunzipped: a .gz file must really be gzip)."""
    return {
        str(p.relative_to(root)): gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and LEDGER not in p.relative_to(root).parts
    }


def write_jsonl(path: Path, records: list[dict]) -> None:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)


def read_jsonl(path: Path) -> list[dict]:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "2024" / "may").mkdir(parents=True)
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "2024" / "may" / "b.txt.gz").write_bytes(gzip.compress(OTHER.encode("utf-8")))
    (root / "2024" / "notes.md").write_text("not an article\nShare this:\n", encoding="utf-8")
    (root / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    return root


def test_folder_is_cleaned_into_a_mirrored_tree(tmp_path: Path, articles: Path) -> None:
    out = tmp_path / "out"
    result = run("clean", str(articles), "--output-dir", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert tree(out) == {
        "a.txt": CLEAN.encode(),
        "2024/may/b.txt.gz": OTHER_CLEAN.encode(),
    }
    assert "2 documents, 0 failed" in result.stderr


def test_glob_picks_the_files_taken_from_folders(tmp_path: Path, articles: Path) -> None:
    out = tmp_path / "out"
    result = run("clean", str(articles), "--output-dir", str(out), "--glob", "*.md")
    assert result.exit_code == 0, result.output
    assert tree(out) == {"2024/notes.md": b"not an article\n"}


def test_reports_beside_outputs_and_in_one_jsonl_file(tmp_path: Path, articles: Path) -> None:
    out, reports = tmp_path / "out", tmp_path / "reports.jsonl"
    result = run("clean", str(articles), "--output-dir", str(out), "--report-beside", "--report-jsonl", str(reports))
    assert result.exit_code == 0, result.output
    beside = json.loads((out / "a.txt.report.json").read_text(encoding="utf-8"))
    assert apply_edits(ARTICLE, beside["edits"]) == CLEAN
    assert (out / "2024/may/b.txt.gz.report.json").exists()
    lines = read_jsonl(reports)
    assert [line["id"] for line in lines] == [str(articles / "2024/may/b.txt.gz"), str(articles / "a.txt")]
    assert lines[1]["edits"] == beside["edits"] and lines[1]["encoding"] == "utf-8"


def test_several_text_inputs_need_an_output_dir(tmp_path: Path, articles: Path) -> None:
    result = CliRunner().invoke(main, ["clean", str(articles)])
    assert result.exit_code == 1
    assert "--output-dir" in result.output


def test_jsonl_records_keep_every_other_field(tmp_path: Path) -> None:
    source, out = tmp_path / "shard.jsonl", tmp_path / "out.jsonl"
    records = [
        {"id": "a1", "text": ARTICLE, "url": "https://example.com/ü", "meta": {"tags": ["x", 1], "score": 0.5}},
        {"text": OTHER, "id": 7, "lang": None},
    ]
    write_jsonl(source, records)
    result = run("clean", "--jsonl", str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    got = read_jsonl(out)
    assert got == [{**records[0], "text": CLEAN}, {**records[1], "text": OTHER_CLEAN}]
    assert list(got[1]) == ["text", "id", "lang"]  # field order kept too


def test_jsonl_output_field_and_report_field(tmp_path: Path) -> None:
    source = tmp_path / "shard.jsonl"
    write_jsonl(source, [{"id": "a1", "body": ARTICLE}])
    result = run(
        "clean",
        "--jsonl",
        str(source),
        "--text-field",
        "body",
        "--output-field",
        "clean",
        "--report-field",
        "cleantext",
    )
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["body"] == ARTICLE and record["clean"] == CLEAN
    assert apply_edits(ARTICLE, record["cleantext"]["edits"]) == CLEAN


def test_jsonl_from_stdin_to_stdout() -> None:
    lines = json.dumps({"id": 1, "text": ARTICLE}) + "\n\n" + json.dumps({"id": 2, "text": OTHER}) + "\n"
    result = run("clean", "--jsonl", "-", input=lines)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == [CLEAN, OTHER_CLEAN]


def test_gzip_jsonl_round_trip_gives_what_plain_jsonl_gives(tmp_path: Path) -> None:
    records = [{"id": i, "text": ARTICLE if i % 2 else OTHER} for i in range(5)]
    (tmp_path / "gz").mkdir()
    (tmp_path / "plain").mkdir()
    write_jsonl(tmp_path / "gz" / "part-1.jsonl.gz", records)
    write_jsonl(tmp_path / "plain" / "part-1.jsonl", records)
    for name in ("gz", "plain"):
        result = run("clean", "--jsonl", str(tmp_path / name), "--output-dir", str(tmp_path / f"{name}-out"), "-q")
        assert result.exit_code == 0, result.output
    zipped = tmp_path / "gz-out" / "part-1.jsonl.gz"
    assert zipped.read_bytes()[:2] == b"\x1f\x8b"
    assert read_jsonl(zipped) == read_jsonl(tmp_path / "plain-out" / "part-1.jsonl")
    assert [r["text"] for r in read_jsonl(zipped)] == [OTHER_CLEAN, CLEAN] * 2 + [OTHER_CLEAN]


def test_a_failing_document_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    root, out, reports = tmp_path / "in", tmp_path / "out", tmp_path / "r.jsonl"
    root.mkdir()
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "blob.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (root / "c.txt").write_text(OTHER, encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", str(root), "--output-dir", str(out), "--report-jsonl", str(reports)])
    assert result.exit_code == 1
    assert f"{root / 'blob.txt'}: cannot read: the input looks binary" in result.stderr
    assert tree(out) == {"a.txt": CLEAN.encode(), "c.txt": OTHER_CLEAN.encode()}
    lines = read_jsonl(reports)
    assert lines[1] == {
        "id": str(root / "blob.txt"),
        "error": "cannot read: the input looks binary (it contains NUL bytes), not text",
    }
    assert "3 documents, 1 failed" in result.stderr
    assert not list(tmp_path.rglob("*.tmp"))


def test_failing_records_are_named_by_id_or_line(tmp_path: Path) -> None:
    source, out = tmp_path / "shard.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(
        b'{"id": "ok1", "text": "Ports reopened.\\nShare this:\\n"}\n'
        b"{not json\n"
        b'{"id": "no-text", "body": "x"}\n'
        b'["a", "list"]\n'
        b'{"id": "ok2", "text": "Ships left.\\n"}\n'
    )
    result = CliRunner().invoke(main, ["clean", "--jsonl", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{source}:2: not a JSON object" in result.stderr
    assert "no-text: the record has no string field 'text'" in result.stderr
    assert f"{source}:4: the record is not a JSON object" in result.stderr
    assert [r["id"] for r in read_jsonl(out)] == ["ok1", "ok2"]


def test_non_utf8_records_and_files_are_decoded_and_the_encoding_reported(tmp_path: Path) -> None:
    source, reports = tmp_path / "shard.jsonl", tmp_path / "r.jsonl"
    text = "Le café de la gare a rouvert ses portes après des années de travaux."
    source.write_bytes(json.dumps({"id": "fr", "text": text}, ensure_ascii=False).encode("cp1252") + b"\n")
    result = run("clean", "--jsonl", str(source), "--report-jsonl", str(reports))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["text"] == text + ""
    [line] = read_jsonl(reports)
    assert line["id"] == "fr" and line["encoding"] in {"cp1252", "latin_1", "iso8859_15"}


def test_existing_outputs_are_refused_without_force(tmp_path: Path, articles: Path) -> None:
    out = tmp_path / "out"
    (out / "2024" / "may").mkdir(parents=True)
    (out / "a.txt").write_text("keep me", encoding="utf-8")
    refused = CliRunner().invoke(main, ["clean", str(articles), "--output-dir", str(out)])
    assert refused.exit_code == 1 and "--force" in refused.output
    assert tree(out) == {"a.txt": b"keep me"}  # nothing written at all
    forced = run("clean", str(articles), "--output-dir", str(out), "--force")
    assert forced.exit_code == 0
    assert (out / "a.txt").read_text(encoding="utf-8") == CLEAN


def test_inputs_are_never_overwritten_without_force(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    refused = CliRunner().invoke(main, ["clean", str(root), "--output-dir", str(root), "--glob", "a.txt"])
    assert refused.exit_code == 1 and "is also an input" in refused.output
    assert (root / "a.txt").read_text(encoding="utf-8") == ARTICLE
    in_place = run("clean", str(root), "--output-dir", str(root), "--glob", "a.txt", "--force")
    assert in_place.exit_code == 0
    assert (root / "a.txt").read_text(encoding="utf-8") == CLEAN


def test_resume_skips_inputs_whose_outputs_are_complete(tmp_path: Path, articles: Path) -> None:
    out, reports = tmp_path / "out", tmp_path / "r.jsonl"
    first = run("clean", str(articles), "--output-dir", str(out), "--report-jsonl", str(reports))
    assert first.exit_code == 0
    (out / "2024/may/b.txt.gz").unlink()  # the run was cut short here
    again = run("clean", str(articles), "--output-dir", str(out), "--report-jsonl", str(reports), "--resume")
    assert again.exit_code == 0, again.output
    assert "1 document, 0 failed" in again.stderr and "1 input skipped" in again.stderr
    assert tree(out) == {"a.txt": CLEAN.encode(), "2024/may/b.txt.gz": OTHER_CLEAN.encode()}
    ids = [line["id"] for line in read_jsonl(reports)]
    assert ids == [str(articles / "2024/may/b.txt.gz"), str(articles / "a.txt")]  # one line per output, in order
    (out / "a.txt").write_text("edited after the run", encoding="utf-8")  # no longer the file cleantext wrote
    edited = CliRunner().invoke(main, ["clean", str(articles), "--output-dir", str(out), "--resume"])
    assert edited.exit_code == 1 and "a.txt exists but cleantext did not write it" in edited.stderr
    assert (out / "a.txt").read_text(encoding="utf-8") == "edited after the run"


def test_resume_redoes_an_input_whose_report_was_left_without_its_output(tmp_path: Path) -> None:
    shards, out = tmp_path / "shards", tmp_path / "out"
    shards.mkdir()
    for part in ("a", "b"):
        write_jsonl(shards / f"{part}.jsonl.gz", [{"id": part, "text": ARTICLE}])
    assert run("clean", "--jsonl", str(shards), "--output-dir", str(out), "--report-beside").exit_code == 0
    (out / "b.jsonl.gz").unlink()
    again = run("clean", "--jsonl", str(shards), "--output-dir", str(out), "--report-beside", "--resume")
    assert again.exit_code == 0, again.output
    assert "1 input skipped" in again.stderr
    assert read_jsonl(out / "b.jsonl.gz") == [{"id": "b", "text": CLEAN}]
    assert read_jsonl(out / "b.report.jsonl.gz")[0]["id"] == "b"


def test_jobs_keep_the_input_order(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(engines, "POOL_MIN_TASKS", 1)  # a pool even for these few records
    source = tmp_path / "shard.jsonl"
    records = [{"id": i, "text": f"Report number {i} on the harbour works.\nShare this:\n"} for i in range(300)]
    write_jsonl(source, records)
    one = run("clean", "--jsonl", str(source), "--jobs", "1", "-q")
    two = run("clean", "--jsonl", str(source), "--jobs", "2", "-q")
    assert one.exit_code == two.exit_code == 0
    assert two.stdout == one.stdout
    assert [json.loads(line)["id"] for line in two.stdout.splitlines()] == list(range(300))
    assert json.loads(two.stdout.splitlines()[299])["text"] == "Report number 299 on the harbour works.\n"


def test_quiet_and_non_terminal_stderr_show_no_progress(tmp_path: Path, articles: Path) -> None:
    loud = run("clean", str(articles), "--output-dir", str(tmp_path / "o1"))
    assert "\r" not in loud.stderr and "2 documents" in loud.stderr
    quiet = run("clean", str(articles), "--output-dir", str(tmp_path / "o2"), "--quiet")
    assert quiet.stderr == ""


def test_clean_records_from_python_passes_fields_through() -> None:
    rows = [{"id": "x", "text": ARTICLE, "n": 1}, {"id": "y"}, {"text": OTHER}]
    outcomes = list(clean_records(rows, Cleaner(), report_field="report"))
    assert [o.ok for o in outcomes] == [True, False, True]
    assert outcomes[0].record == {"id": "x", "text": CLEAN, "n": 1, "report": outcomes[0].report}
    assert outcomes[1].id == "y" and "no string field 'text'" in outcomes[1].error
    assert outcomes[2].id == "record 3"
    assert rows[0]["text"] == ARTICLE  # the caller's records are left as they were


def test_two_inputs_aiming_at_one_output_are_refused(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", str(tmp_path / "x"), str(tmp_path / "y"), "--output-dir", "out"])
    assert result.exit_code == 1 and "would both be written to" in result.output


def test_an_output_folder_inside_the_input_folder_is_not_read_again(tmp_path: Path, articles: Path) -> None:
    out = articles / "clean"
    assert run("clean", str(articles), "--output-dir", str(out)).exit_code == 0
    again = run("clean", str(articles), "--output-dir", str(out), "--resume")
    assert "0 documents" in again.stderr and "2 inputs skipped" in again.stderr


def test_a_jsonl_input_cut_short_keeps_its_complete_records_and_resume_finishes_it(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    records = [{"id": i, "text": f"Dock workers ended strike number {i} after talks.\n"} for i in range(200)]
    whole = gzip.compress(b"".join(json.dumps(r).encode() + b"\n" for r in records))
    cut = tmp_path / "in" / "cut.jsonl.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    write_jsonl(tmp_path / "in" / "whole.jsonl", [{"id": "w", "text": ARTICLE}])
    readable = _lines_before_the_break(cut)
    for how in (["-o", str(tmp_path / "one.jsonl")], ["--output-dir", str(tmp_path / "out")]):
        result = CliRunner().invoke(main, ["clean", "--jsonl", str(tmp_path / "in"), *how])
        assert result.exit_code == 1
        where = f"{cut}: broken off after line {readable} (the records before it were kept): cannot read: Compressed"
        assert where in result.stderr
        assert f"{readable + 1} documents, 0 failed" in result.stderr and "1 input broken off" in result.stderr
    assert [r["id"] for r in read_jsonl(tmp_path / "out" / "cut.jsonl.gz")] == list(range(readable))
    assert read_jsonl(tmp_path / "one.jsonl")[:readable] == read_jsonl(tmp_path / "out" / "cut.jsonl.gz")
    assert not list(tmp_path.rglob("*.tmp"))
    cut.write_bytes(whole)  # the input is fetched again: --resume redoes it, and only it
    again = run("clean", "--jsonl", str(tmp_path / "in"), "--output-dir", str(tmp_path / "out"), "--resume")
    assert again.exit_code == 0 and "200 documents" in again.stderr and "1 input skipped" in again.stderr
    assert read_jsonl(tmp_path / "out" / "cut.jsonl.gz")[-1]["id"] == 199


def _lines_before_the_break(path: Path) -> int:
    """How many lines gzip gives of a file cut short, before it says so."""
    count = 0
    with pytest.raises(EOFError), gzip.open(path) as lines:
        for _ in lines:
            count += 1
    return count


DASK = ["--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"]
DASK_SHARDS = [*DASK, "--jsonl", "--output-dir", "out"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--engine", "dask", "--jsonl", "--output-dir", "out"], "it needs --scheduler"),
        ([*DASK, "--output-dir", "out"], "it needs --jsonl"),
        ([*DASK, "--jsonl"], "it needs --output-dir"),
        ([*DASK, "--jsonl", "-o", "x.jsonl"], "--engine dask does not take -o/--output"),
        ([*DASK_SHARDS, "-j", "2"], "--engine dask does not take -j/--jobs"),
        ([*DASK_SHARDS, "--report", "r.json"], "--engine dask does not take --report:"),
        ([*DASK_SHARDS, "--diff"], "--engine dask does not take --diff"),
        (["--scheduler", "tcp://127.0.0.1:1", "--jsonl", "--output-dir", "out"], "it needs --engine dask"),
        (["--jsonl", "--diff"], "--diff shows one article: it does not take --jsonl"),
    ],
)
def test_options_an_engine_cannot_honour_are_refused_by_name(tmp_path: Path, monkeypatch, options, message) -> None:
    """Never silently ignored: the scheduler is not even contacted (nothing listens on port 1)."""
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "part-0.jsonl", [{"id": "a", "text": ARTICLE}])
    result = CliRunner().invoke(main, ["clean", "part-0.jsonl", *options])
    assert result.exit_code == 1
    assert message in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["part-0.jsonl"]  # nothing written
