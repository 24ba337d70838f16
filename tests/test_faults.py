"""Hostile input and operator mistakes: interrupted runs, full disks, bad records, writes
where they do not belong. Interruptions run the command line in a subprocess and stop it
at a chosen document (the process signals itself there), so nothing depends on timing."""

from __future__ import annotations

import errno
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleantext import engines
from cleantext.batch import LEDGER, clean_records
from cleantext.cli import main
from cleantext.files import AtomicFile

from .test_batch import ARTICLE, CLEAN, read_jsonl, tree, write_jsonl

#: Runs ``cleantext ARGS`` after arranging for the process to signal itself once the
#: Writer has taken FAULT_AT documents (FAULT_SIGNAL: a signal name; "pids" first writes
#: the pool's worker pids to FAULT_PIDS).
STOPPING_CLI = """
import multiprocessing, os, signal, sys
from cleantext import batch, engines
from cleantext.cli import main

engines.POOL_MIN_TASKS = 1
at, name = int(os.environ["FAULT_AT"]), os.environ["FAULT_SIGNAL"]
add = batch.Writer.add
seen = [0]

def stopping_add(self, done):
    add(self, done)
    seen[0] += not done.last
    if seen[0] == at:
        if "FAULT_PIDS" in os.environ:
            pids = [str(p.pid) for p in multiprocessing.active_children()]
            open(os.environ["FAULT_PIDS"], "w").write(" ".join(pids))
        os.kill(os.getpid(), getattr(signal, name))

batch.Writer.add = stopping_add
main(sys.argv[1:], prog_name="cleantext")
"""


def cli(*args: str | Path, stop_at: int | None = None, signal_name: str = "SIGTERM", **env: str):
    """Run the command line in a subprocess, stopped by `signal_name` after `stop_at` documents."""
    script = STOPPING_CLI if stop_at is not None else "import sys; from cleantext.cli import main; main(sys.argv[1:])"
    fault = {"FAULT_AT": str(stop_at), "FAULT_SIGNAL": signal_name} if stop_at is not None else {}
    return subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **fault, **env},
        timeout=300,
    )


def shards(folder: Path, count: int = 4, size: int = 100) -> list[dict]:
    """`count` JSON Lines shards of `size` records each; returns every record in order."""
    folder.mkdir()
    records = [
        {"id": f"r{i}", "text": f"Dock workers ended strike {i} after talks.\nShare this:\n"}
        for i in range(count * size)
    ]
    for part in range(count):
        write_jsonl(folder / f"part-{part}.jsonl.gz", records[part * size : (part + 1) * size])
    return records


def temporary_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".tmp")]


def outputs_and_report_agree(out: Path, report: Path, records: list[dict]) -> None:
    """Every record is in the outputs once, and the report has exactly one line per record, in order."""
    parts = sorted(p for p in out.glob("part-*.jsonl.gz") if ".report." not in p.name)
    written = [r["id"] for part in parts for r in read_jsonl(part)]
    assert written == [r["id"] for r in records]
    assert [line["id"] for line in read_jsonl(report)] == written


# ---------------------------------------------------------------------------
# 6. Nothing left behind, nothing lost


@pytest.mark.parametrize(("signal_name", "code"), [("SIGINT", 130), ("SIGTERM", 143), ("SIGHUP", 129)])
def test_a_signal_mid_batch_leaves_no_temporary_file_and_resume_finishes(
    tmp_path: Path, signal_name: str, code: int
) -> None:
    records = shards(tmp_path / "in")
    out, report = tmp_path / "out", tmp_path / "report.jsonl.gz"
    args = ["clean", "--jsonl", tmp_path / "in", "--output-dir", out, "--report-jsonl", report, "-j", "1"]
    stopped = cli(*args, "--report-beside", stop_at=150, signal_name=signal_name)
    assert stopped.returncode == code, stopped.stderr
    assert f"stopped by {signal_name}" in stopped.stderr and "Traceback" not in stopped.stderr
    assert temporary_files(tmp_path) == []
    assert sorted(tree(out)) == ["part-0.jsonl.gz", "part-0.report.jsonl.gz"]  # the shard in progress went
    assert not report.exists()
    resumed = cli(*args, "--report-beside", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "300 documents" in resumed.stderr and "1 input skipped" in resumed.stderr
    outputs_and_report_agree(out, report, records)
    assert temporary_files(tmp_path) == []


def test_a_run_killed_outright_leaves_a_report_resume_completes_to_one_line_per_record(tmp_path: Path) -> None:
    records = shards(tmp_path / "in")
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    args = ["clean", "--jsonl", tmp_path / "in", "--output-dir", out, "--report-jsonl", report, "-j", "1"]
    killed = cli(*args, stop_at=250, signal_name="SIGKILL")  # two shards written, the third half done
    assert killed.returncode == -signal.SIGKILL
    assert sorted(name for name in tree(out) if not name.endswith(".tmp")) == ["part-0.jsonl.gz", "part-1.jsonl.gz"]
    resumed = cli(*args, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    outputs_and_report_agree(out, report, records)
    assert temporary_files(tmp_path) == []  # the killed run's temporary files are gone too


def test_resume_removes_only_its_own_stale_temporary_files(tmp_path: Path) -> None:
    shards(tmp_path / "in", count=1, size=2)
    out = tmp_path / "out"
    assert run("clean", "--jsonl", tmp_path / "in", "--output-dir", out, "-q").exit_code == 0
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = out / f".cleantext-{dead.stdout.strip()}-0123456789ab.tmp"
    alive = out / f".cleantext-{os.getpid()}-0123456789ab.tmp"  # a run still writing here
    theirs = out / ".part-0.jsonl.gz.0123456789ab.tmp"  # not our pattern
    for path in (stale, alive, theirs):
        path.write_bytes(b"x")
    assert run("clean", "--jsonl", tmp_path / "in", "--output-dir", out, "--resume", "-q").exit_code == 0
    assert not stale.exists() and alive.exists() and theirs.exists()


def test_a_full_disk_stops_the_run_cleanly(tmp_path: Path, monkeypatch) -> None:
    shards(tmp_path / "in", count=2)
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    write = AtomicFile.write
    writes = [0]

    def filling_write(self: AtomicFile, data: bytes) -> None:
        writes[0] += 1
        if writes[0] > 120:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        write(self, data)

    monkeypatch.setattr(AtomicFile, "write", filling_write)
    result = CliRunner().invoke(
        main, ["clean", "--jsonl", str(tmp_path / "in"), "--output-dir", str(out), "--report-jsonl", str(report)]
    )
    assert (result.exit_code == 1 and result.exception is None) or isinstance(result.exception, SystemExit)
    assert "No space left on device; unfinished outputs removed" in result.stderr
    assert temporary_files(tmp_path) == []
    assert not report.exists()


def test_records_with_lone_surrogates_are_written_with_json_escapes(tmp_path: Path) -> None:
    """UTF-8 cannot hold a lone surrogate: such a record (and report) is written with JSON's escapes, losing nothing."""
    source, out = tmp_path / "in.jsonl", tmp_path / "out"
    lone = '{"id": "s", "title": "\\udc80", "text": "Ports reopened \\ud800.\\n"}\n'
    source.write_text(lone + '{"id": "ok", "text": "Ships left.\\n"}\n')
    for jobs in ("1", "2"):
        target = out / jobs
        result = CliRunner().invoke(
            main,
            [
                *("clean", "--jsonl", str(source), "--output-dir", str(target), "-j", jobs),
                *("--report-jsonl", str(target / "r.jsonl"), "--report-field", "rep", "--report-beside"),
            ],
        )
        assert result.exit_code == 0, result.output
        assert b'"title": "\\udc80"' in (target / "in.jsonl").read_bytes()
        [record, ok] = read_jsonl(target / "in.jsonl")
        assert record["title"] == "\udc80" and record["text"] == "Ports reopened \ufffd.\n"  # an edit (ftfy)
        assert record["rep"]["edits"][0]["original"] == "\ud800" and ok["id"] == "ok"
        for report in ("r.jsonl", "in.report.jsonl"):
            lines = read_jsonl(target / report)
            assert [line["id"] for line in lines] == ["s", "ok"] and lines[0]["edits"] == record["rep"]["edits"]


# ---------------------------------------------------------------------------
# 7. Helpful failures


def test_text_cleaned_as_json_lines_is_refused_once_with_a_hint(tmp_path: Path) -> None:
    source = tmp_path / "x.txt"
    source.write_text("An article.\nIts second line.\nIts third line.\n{}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", "--jsonl", str(source), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 1
    hint = f"cleantext: {source}: does not look like JSON Lines: line 1 is not JSON; did you mean to clean it as text?"
    assert result.stderr.splitlines()[0] == hint
    assert len(result.stderr.splitlines()) == 2  # the hint and the summary, not an error per line


def test_a_few_records_are_cleaned_without_starting_processes(monkeypatch) -> None:
    def no_pool(*_args, **_kwargs):
        raise AssertionError("a pool was started for a few records")

    monkeypatch.setattr(engines, "ProcessPoolExecutor", no_pool)
    rows = [{"id": i, "text": ARTICLE} for i in range(engines.POOL_MIN_TASKS - 1)]
    assert all(o.record["text"] == CLEAN for o in clean_records(rows, jobs=2))


# ---------------------------------------------------------------------------
# 8. Limits


def test_a_record_past_the_limit_fails_alone(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    write_jsonl(source, [{"id": "a", "text": ARTICLE}, {"id": "big", "text": "x" * 5000}, {"id": "c", "text": ARTICLE}])
    result = CliRunner().invoke(main, ["clean", "--jsonl", str(source), "--max-record-bytes", "1000"])
    assert result.exit_code == 1
    assert f"{source}:2: the record is larger than the limit of 1,000 bytes (--max-record-bytes)" in result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "c"]
    text = tmp_path / "big.txt"
    text.write_text("y" * 5000, encoding="utf-8")
    alone = CliRunner().invoke(main, ["clean", str(text), "--max-record-bytes", "1000"])
    assert alone.exit_code == 1 and "larger than the limit of 1,000 bytes" in alone.stderr
    [outcome] = clean_records([{"id": "x", "text": "z" * 5000}], max_record_bytes=1000)
    assert outcome.error == "the text is larger than the limit of 1,000 bytes"


def test_an_input_past_the_limit_breaks_off_there(tmp_path: Path) -> None:
    source, out = tmp_path / "bomb.jsonl.gz", tmp_path / "out.jsonl"
    source.write_bytes(
        gzip.compress(b"".join(json.dumps({"id": i, "text": ARTICLE}).encode() + b"\n" for i in range(100)))
    )
    line = len(json.dumps({"id": 10, "text": ARTICLE})) + 1
    result = CliRunner().invoke(
        main, ["clean", "--jsonl", str(source), "-o", str(out), "--max-input-bytes", str(20 * line)]
    )
    assert result.exit_code == 1
    assert "broken off after line 20 (the records before it were kept): more than" in result.stderr
    assert len(read_jsonl(out)) == 20


# ---------------------------------------------------------------------------
# 9. Writes only where asked


def run(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_link_to_a_pipe_is_not_written_through_without_force(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "out.txt").symlink_to(tmp_path / "pipe")
    result = run("clean", tmp_path / "a.txt", "-o", tmp_path / "out.txt")
    assert result.exit_code == 1
    assert "out.txt is a link to a named pipe; use --force to write through it" in result.stderr


def test_resume_never_replaces_an_output_cleantext_did_not_write(tmp_path: Path) -> None:
    shards(tmp_path / "in", count=2, size=3)
    out = tmp_path / "out"
    out.mkdir()
    (out / "part-1.jsonl.gz").write_bytes(b"someone else's file")
    result = run("clean", "--jsonl", tmp_path / "in", "--output-dir", out, "--report-beside", "--resume")
    assert result.exit_code == 1
    assert "part-1.jsonl.gz exists but cleantext did not write it" in result.stderr
    assert (out / "part-1.jsonl.gz").read_bytes() == b"someone else's file"
    first = run("clean", "--jsonl", tmp_path / "in", "--output-dir", tmp_path / "o2", "--report-beside")
    assert first.exit_code == 0
    (tmp_path / "o2" / "part-1.report.jsonl.gz").unlink()
    (tmp_path / "o2" / "part-1.jsonl.gz").unlink()
    (tmp_path / "o2" / "part-1.jsonl.gz").write_bytes(b"replaced by hand")  # a new file: not cleantext's
    again = run("clean", "--jsonl", tmp_path / "in", "--output-dir", tmp_path / "o2", "--report-beside", "--resume")
    assert again.exit_code == 1 and "did not write it" in again.stderr
    assert (tmp_path / "o2" / "part-1.jsonl.gz").read_bytes() == b"replaced by hand"


def test_ids_and_file_names_are_printed_with_their_control_characters_escaped(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    write_jsonl(source, [{"id": "a\x1b[2K\ncleantext: 0 failed\u2028", "body": "no text field"}])
    result = CliRunner().invoke(main, ["clean", "--jsonl", str(source), "-q"])
    assert result.exit_code == 1
    assert result.stderr == "cleantext: a\\x1b[2K\\ncleantext: 0 failed\\u2028: the record has no string field 'text'\n"


def test_long_names_unwritable_outputs_and_unreadable_inputs_fail_alone(tmp_path: Path, monkeypatch) -> None:
    root, out = tmp_path / "in", tmp_path / "out"
    (root / "sub").mkdir(parents=True)
    long_name = "n" * 246 + ".txt"  # 250 bytes: the name fits, the report beside it would not
    for name in (long_name, "sub/b.txt", "c.txt", "locked.txt"):
        (root / name).write_text(ARTICLE, encoding="utf-8")
    out.mkdir()
    (out / "sub").write_text("a file where a folder should be", encoding="utf-8")
    real_open = open

    def locked_open(path, *args, **kwargs):
        if str(path).endswith("locked.txt"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("cleantext.files.open", locked_open, raising=False)
    result = run("clean", root, "--output-dir", out)
    assert result.exit_code == 1
    errors = sorted(line for line in result.stderr.splitlines() if "documents" not in line)
    assert len(errors) == 2 and "locked.txt: cannot read: Permission denied" in errors[0]
    assert errors[1].endswith(f"sub/b.txt: cannot write {out / 'sub' / 'b.txt'}: File exists ({out / 'sub'})")
    assert (out / long_name).read_text(encoding="utf-8") == CLEAN and (out / "c.txt").exists()
    beside = run("clean", root / long_name, "--output-dir", tmp_path / "o2", "--report-beside")
    assert beside.exit_code == 1 and "File name too long" in beside.stderr
    assert temporary_files(tmp_path) == []


def test_an_absolute_glob_is_refused_with_a_reason(tmp_path: Path) -> None:
    result = run("clean", tmp_path, "--output-dir", tmp_path / "out", "--glob", str(tmp_path / "*.txt"))
    assert (result.exit_code == 1 and result.exception is None) or isinstance(result.exception, SystemExit)
    assert "cannot be absolute" in result.stderr


def test_pool_workers_die_with_their_parent(tmp_path: Path) -> None:
    shards(tmp_path / "in", count=2)
    pids = tmp_path / "pids"
    killed = cli(
        *("clean", "--jsonl", tmp_path / "in", "-o", tmp_path / "out.jsonl", "-j", "2"),
        stop_at=1,
        signal_name="SIGKILL",
        FAULT_PIDS=str(pids),
    )
    assert killed.returncode == -signal.SIGKILL
    workers = [int(pid) for pid in pids.read_text().split()]
    assert len(workers) == 2
    deadline = time.monotonic() + 60  # a bound for a slow machine, not a timing assertion
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(pid) for pid in workers)


def _running(pid: int) -> bool:
    """Whether a process exists and is not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_the_ledger_is_hidden_from_inputs_read_again(tmp_path: Path) -> None:
    shards(tmp_path / "in", count=1, size=2)
    out = tmp_path / "in"  # cleaning in the input folder's tree: the ledger is never taken as an input
    result = run("clean", "--jsonl", tmp_path / "in" / "part-0.jsonl.gz", "--output-dir", out / "clean")
    assert result.exit_code == 0
    assert (out / "clean" / LEDGER).is_dir()
