"""One run of ``cleantext clean``: options checked, inputs planned, documents cleaned
by an engine, results written, progress and failures shown on stderr.

The command line is a thin layer over :func:`run_batch`; the machinery lives in
:mod:`cleantext.batch` (inputs, tasks, writers) and :mod:`cleantext.engines`.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from cleantext.batch import (
    MAX_INPUT_BYTES,
    MAX_RECORD_BYTES,
    Done,
    Limits,
    RecordFields,
    RecordWorker,
    TextWorker,
    Unit,
    Writer,
    plan,
    tasks,
)
from cleantext.corpus import JSONL_GLOBS, TEXT_GLOBS, find_inputs
from cleantext.engines import default_jobs, map_ordered
from cleantext.files import check_writable, printable, remove_stale_temps
from cleantext.lang import DEFAULT_DETECTOR
from cleantext.pipeline import ALARM_SHARE, Cleaner


class BatchError(ValueError):
    """Options that do not fit together, or inputs that are not there."""


class Stopped(BaseException):
    """The run was stopped by a signal (Ctrl-C's SIGINT, SIGTERM, SIGHUP): unfinished outputs are thrown away."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


#: Signals that stop a run: unfinished outputs are thrown away, and the exit code is 128 + the signal's number.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@dataclass
class BatchOptions:
    """Every option of ``cleantext clean`` (the command line's parameter names)."""

    output: Path | None = None
    output_dir: Path | None = None
    report: Path | None = None
    report_beside: bool = False
    report_jsonl: Path | None = None
    jsonl: bool = False
    text_field: str = "text"
    id_field: str = "id"
    output_field: str | None = None
    report_field: str | None = None
    globs: tuple[str, ...] = ()
    jobs: int | None = None
    engine: str = "local"
    scheduler: str | None = None
    quiet: bool = False
    resume: bool = False
    force: bool = False
    lang: str | None = None
    detector: str = DEFAULT_DETECTOR
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    rule_dirs: tuple[str, ...] = ()
    quotes: str = "straight"
    profile: str = "balanced"
    spin_threshold: int | None = None
    alarm_share: float = ALARM_SHARE
    diff: bool = False
    max_record_bytes: int = MAX_RECORD_BYTES
    max_input_bytes: int = MAX_INPUT_BYTES

    @classmethod
    def from_cli(cls, options: dict[str, Any]) -> BatchOptions:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in options.items() if k in known})

    @property
    def record_fields(self) -> RecordFields:
        return RecordFields(self.text_field, self.id_field, self.output_field, self.report_field)

    @property
    def limits(self) -> Limits:
        return Limits(self.max_record_bytes, self.max_input_bytes)


def run_batch(cleaner: Cleaner, sources: list[str], options: BatchOptions, stderr: TextIO | None = None) -> int:
    """Clean every input as `options` say; returns how many documents failed (and inputs broke off).

    Ctrl-C, SIGTERM and SIGHUP stop it (raising :class:`Stopped`): nothing
    unfinished is left behind.
    """
    err = stderr or sys.stderr
    check_options(sources, options)
    globs = options.globs or (JSONL_GLOBS if options.jsonl else TEXT_GLOBS)
    inputs = find_inputs(sources, globs, exclude=options.output_dir)
    if not inputs:
        raise BatchError(f"no input files found (looked for {', '.join(globs)})")
    batch = options.jsonl or len(inputs) > 1
    if batch and options.report is not None:
        raise BatchError("--report is for one article; use --report-jsonl or --report-beside")
    if not options.jsonl and len(inputs) > 1 and options.output_dir is None:
        raise BatchError("several inputs need --output-dir (or one JSON Lines output with --jsonl -o)")
    shared = options.output if options.jsonl else None
    ledger_report = options.report_jsonl is not None and options.output_dir is not None
    the_plan = plan(
        inputs,
        output_dir=options.output_dir,
        output=None if options.jsonl else options.output,
        report=options.report,
        report_beside=options.report_beside,
        report_lines=ledger_report,
        jsonl=options.jsonl,
        force=options.force,
        resume=options.resume,
    )
    for target in (shared, options.report_jsonl):
        if target is not None:
            check_writable(target, sources, options.force or (options.resume and target == options.report_jsonl))
    if options.resume and options.output_dir is not None:
        remove_stale_temps(options.output_dir)
    total = None if options.jsonl else len(the_plan.units)  # records in JSON Lines are not counted ahead
    progress = Progress(err, enabled=not options.quiet and err.isatty(), total=total)
    writer = Writer(
        the_plan.units,
        jsonl=options.jsonl,
        shared_output=shared,
        report_jsonl=options.report_jsonl,
        report_lines=ledger_report,
        order=the_plan.order if ledger_report else None,
        on_failure=lambda done: progress.say(f"cleantext: {printable(done.id)}: {printable(done.error or '')}"),
    )
    with stop_on_signals(), writer:
        if options.engine == "dask":
            _clean_on_dask(_worker(cleaner, options), the_plan.units, options, writer, progress)
        else:
            stream = tasks(the_plan.units, options.jsonl, options.limits)
            for done in map_ordered(_worker(cleaner, options), stream, options.jobs or default_jobs()):
                writer.add(done)
                progress.update(done)
    progress.finish()
    if batch and not options.quiet:
        skipped = f", {_count(len(the_plan.skipped), 'input')} skipped (already done)" if the_plan.skipped else ""
        broken = f", {_count(writer.broken, 'input')} broken off" if writer.broken else ""
        summary = _summary(writer.documents, writer.failed, writer.bytes, progress.elapsed)
        err.write(f"cleantext: {summary}{broken}{skipped}\n")
    return writer.failed + writer.broken


def _worker(cleaner: Cleaner, options: BatchOptions) -> TextWorker | RecordWorker:
    """The worker that cleans one task: it builds reports only when some option writes them."""
    reports = bool(options.report_jsonl or options.report or options.report_beside)
    if options.jsonl:
        return RecordWorker(cleaner, options.record_fields, reports, options.max_record_bytes)
    return TextWorker(cleaner, reports)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """While inside, the :data:`STOP_SIGNALS` raise :class:`Stopped` (in the main thread; elsewhere nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _stop) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _stop(signum: int, _frame: FrameType | None) -> None:
    raise Stopped(signum)


def _clean_on_dask(
    worker: TextWorker | RecordWorker, units: list[Unit], options: BatchOptions, writer: Writer, progress: Progress
) -> None:
    """Each shard is one task on the cluster: its output, beside report and ledger entry
    (which holds its lines of the JSON Lines report) written by a worker into the output
    folder, which the workers reach; the report is rebuilt here from the entries."""
    from cleantext.engines import run_shards_on_dask

    assert options.scheduler is not None and options.output_dir is not None
    shards = run_shards_on_dask(options.scheduler, worker, units, writer.report_lines, options.limits)
    with closing(shards) as results:  # cancels on error
        for result in results:
            writer.add_shard(result.documents, result.bytes, result.failures, result.failed, result.broken)
            progress.add(result.documents, result.failed, result.bytes)


def check_options(sources: list[str], options: BatchOptions) -> None:
    """Refuse combinations of options that cannot mean anything (each named), before any work."""
    if options.output is not None and options.output_dir is not None:
        raise BatchError("use either -o/--output or --output-dir, not both")
    if "-" in sources and (len(sources) > 1 or options.output_dir is not None):
        raise BatchError("- (standard input) stands alone, and its output goes to stdout or -o")
    if options.report_beside and options.output is None and options.output_dir is None:
        raise BatchError("--report-beside needs output files (--output-dir, or -o)")
    if options.resume and options.output_dir is None:
        raise BatchError("--resume needs --output-dir (one output per input, to tell which are done)")
    if options.engine == "dask":
        _check_dask(options)
    elif options.scheduler is not None:
        raise BatchError("--scheduler is the address of a Dask scheduler: it needs --engine dask")
    if options.diff and options.jsonl:
        raise BatchError("--diff shows one article: it does not take --jsonl")
    for pattern in options.globs:
        if Path(pattern).is_absolute():
            raise BatchError(f"--glob {pattern}: patterns are matched below the folders given; it cannot be absolute")


#: Options the Dask engine cannot honour, and why (every other option works as in a local run).
DASK_REFUSES = {
    "output": ("-o/--output", "each shard has its own output in --output-dir"),
    "report": ("--report", "it is one article's report; use --report-jsonl or --report-beside"),
    "jobs": ("-j/--jobs", "the cluster's workers decide how many shards are cleaned at once"),
    "diff": ("--diff", "it shows one article, cleaned in this process"),
}


def _check_dask(options: BatchOptions) -> None:
    """The Dask engine cleans JSON Lines shards into a folder that its workers reach."""
    for name, (flag, why) in DASK_REFUSES.items():
        if getattr(options, name) not in (None, False):
            raise BatchError(f"--engine dask does not take {flag}: {why}")
    needed = {
        "--jsonl": options.jsonl,
        "--output-dir": options.output_dir is not None,
        "--scheduler": options.scheduler,
    }
    missing = [flag for flag, given in needed.items() if not given]
    if missing:
        raise BatchError(f"--engine dask cleans JSON Lines shards into a folder: it needs {', '.join(missing)}")


class Progress:
    """A one-line progress display on stderr (documents, docs/s, MB/s), redrawn at most
    a few times a second, and only when stderr is a terminal."""

    def __init__(self, stream: TextIO, enabled: bool, total: int | None = None) -> None:
        self.stream = stream
        self.enabled = enabled
        self.total = total
        self.start = time.monotonic()
        self.documents = self.failed = self.bytes = 0
        self._drawn = 0.0
        self._shown = False

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def update(self, done: Done) -> None:
        if not done.last:
            self.add(1, done.failed, done.size)

    def add(self, documents: int, failed: int, size: int) -> None:
        """Count finished documents (one, or a whole shard) and redraw the line if it is time."""
        self.documents += documents
        self.bytes += size
        self.failed += failed
        now = time.monotonic()
        if self.enabled and now - self._drawn >= 0.2:
            self._drawn = now
            done_of = f"{self.documents / self.total:.0%} " if self.total else ""
            line = done_of + _summary(self.documents, self.failed, self.bytes, self.elapsed)
            self.stream.write("\r" + line + "\x1b[K")
            self.stream.flush()
            self._shown = True

    def say(self, line: str) -> None:
        """Print a line (a failure) without tearing the progress line."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self._drawn = 0.0
        self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _summary(documents: int, failed: int, size: int, seconds: float) -> str:
    seconds = max(seconds, 1e-9)
    return (
        f"{_count(documents, 'document')}, {failed:,} failed, {size / 1e6:,.1f} MB in {seconds:.1f} s "
        f"({documents / seconds:,.0f} docs/s, {size / 1e6 / seconds:,.2f} MB/s)"
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
