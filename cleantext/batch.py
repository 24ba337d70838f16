"""Cleaning many documents: text files or JSON Lines records in, outputs and reports out.

The pieces, each usable from Python:

- a *worker* turns one :class:`Task` (the bytes of a text file, or one JSON line)
  into a :class:`Done` (the clean text or output line, the report, or the reason
  it failed). Workers hold the Cleaner and pickle, so that
  :func:`cleantext.engines.map_ordered` can run them in a process pool;
- :func:`plan` maps inputs (found by :func:`cleantext.corpus.find_inputs`) to
  :class:`Unit`\\ s: one input, where its output and report go, and its entry in
  the output folder's ledger (``.cleantext/``), which records what cleantext wrote
  there so that ``--resume`` knows what it may skip, redo or never touch;
- :func:`tasks` streams the tasks of the units, one file or line at a time, so that
  memory does not grow with the input (only with the largest record, which
  :class:`Limits` bounds);
- :class:`Writer` routes finished documents, in input order, to their outputs,
  reports and the summary;
- :func:`clean_records` cleans an iterable of dicts (records) for Python callers.

A document that fails (bytes that are not text, a record without its text field
or too large, a rule that timed out) fails alone: it is reported with its id and
the reason, and the batch goes on. An input that breaks off (a gzip file cut
short) keeps the records read before the break, and says where it broke.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleantext.corpus import bounded_lines, record_id, record_text
from cleantext.decoding import DecodeError, Decoding, decode, read
from cleantext.files import (
    DISK_FULL,
    AtomicFile,
    OutputExistsError,
    TooLargeError,
    check_writable,
    identity,
    read_bytes,
)
from cleantext.packs import RuleTimeoutError
from cleantext.pipeline import Cleaner

#: Errors that fail one document and let the batch go on.
DOCUMENT_ERRORS = (DecodeError, RuleTimeoutError, ValueError, KeyError, TypeError, OSError)
#: Default limits: one record (a JSON line, or a whole text file) and one input, gunzipped.
#: Cleaning takes some 15 to 25 times a record's size in memory, so a 16 MiB record needs up to 400 MB.
MAX_RECORD_BYTES = 16 << 20
MAX_INPUT_BYTES = 4 << 30
#: A JSON Lines input whose first lines are all not JSON is refused whole, not line by line.
SNIFF_LINES = 3


@dataclass(frozen=True)
class Limits:
    """How large one record and one input (gunzipped) may be; past them, that record or input fails."""

    record: int = MAX_RECORD_BYTES
    input: int = MAX_INPUT_BYTES


@dataclass(frozen=True)
class RecordFields:
    """Where a JSON Lines record holds its text and id, and where results go.

    `output` defaults to `text` (the clean text replaces the original); `report`
    (if set) receives the report of the record inside it. Every other field
    passes through untouched.
    """

    text: str = "text"
    id: str = "id"
    output: str | None = None
    report: str | None = None


@dataclass(frozen=True)
class Task:
    """One document to clean: its id, its bytes, and the index of the input it came from."""

    id: str
    data: bytes | None
    unit: int = 0
    error: str | None = None  # set when the input could not be read
    last: bool = False  # marks the end of a unit (with `error`: the unit's input broke off)


@dataclass
class Done:
    """What became of one task: the output (clean text, or the output JSON line) and
    report, or the reason it failed."""

    id: str
    unit: int
    size: int
    output: str | None = None
    report: dict[str, Any] | None = None
    error: str | None = None
    last: bool = False

    @property
    def failed(self) -> bool:
        return self.error is not None


def to_json(value: Any, indent: int | None = None) -> str:
    """`value` as JSON (one line, without `indent`), UTF-8 where it can be; a string holding a lone
    surrogate (which UTF-8 cannot encode) makes it use JSON's escapes (``\\ud800``) instead, losing nothing."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, indent=indent)
    return text


def failure_reason(exc: BaseException) -> str:
    """One line saying why a document failed."""
    if isinstance(exc, FileNotFoundError):
        return f"no such file: {exc.filename}"
    if isinstance(exc, OSError | EOFError):
        return f"cannot read: {getattr(exc, 'strerror', None) or exc}"
    if isinstance(exc, DecodeError):
        return f"cannot read: {exc}"
    if isinstance(exc, json.JSONDecodeError):
        return f"not a JSON object: {exc}"
    return str(exc) or type(exc).__name__


class _Worker:
    """Turns a task into a :class:`Done`: decodes its bytes and hands the text to
    :meth:`_fill`; a document error fails that document only."""

    def __init__(self, cleaner: Cleaner, reports: bool = True) -> None:
        self.cleaner = cleaner
        self.reports = reports  # building and shipping reports nobody reads costs time

    def __call__(self, task: Task) -> Done:
        done = Done(task.id, task.unit, len(task.data or b""), error=task.error, last=task.last)
        if task.data is None or task.error is not None:
            return done
        try:
            self._fill(done, read(task.data, self.cleaner.encoding))
        except DOCUMENT_ERRORS as exc:
            done.error = failure_reason(exc)
        return done

    def _fill(self, done: Done, decoding: Decoding) -> None:
        raise NotImplementedError


class TextWorker(_Worker):
    """Cleans whole text files: the output is the clean text (and the report, if `reports`)."""

    def _fill(self, done: Done, decoding: Decoding) -> None:
        result = self.cleaner.clean(decoding.text)
        result.encoding, result.decoding = decoding.encoding, decoding.report()
        done.output = result.text
        done.report = result.to_dict() if self.reports else None


@dataclass
class Outcome:
    """One cleaned record: the output record and its report, or why it failed."""

    id: str
    record: dict[str, Any] | None = None
    report: dict[str, Any] | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class RecordWorker(_Worker):
    """Cleans JSON Lines records: the output is the record as a JSON line, with the
    clean text in the output field and, if asked, the report in the report field
    (and beside the record, if `reports`)."""

    def __init__(
        self,
        cleaner: Cleaner,
        fields: RecordFields = RecordFields(),
        reports: bool = True,
        max_text_bytes: int = MAX_RECORD_BYTES,
    ) -> None:
        super().__init__(cleaner, reports)
        self.fields = fields
        self.max_text_bytes = max_text_bytes

    def _fill(self, done: Done, decoding: Decoding) -> None:
        outcome = self.outcome(json.loads(decoding.text), done.id, decoding.encoding)
        done.id, done.error = outcome.id, outcome.error
        done.report = outcome.report if self.reports else None
        if outcome.record is not None:
            done.output = to_json(outcome.record)

    def outcome(self, record: Any, fallback_id: str, encoding: str | None = None) -> Outcome:
        """Clean one record (a dict, left as it is: the output is a new dict)."""
        outcome = Outcome(record_id(record, self.fields.id, fallback_id))
        try:
            result = self.cleaner.clean(self._text(record))
        except DOCUMENT_ERRORS as exc:
            outcome.error = failure_reason(exc)
            return outcome
        result.encoding = encoding
        out = dict(record)
        out[self.fields.output or self.fields.text] = result.text
        if self.reports or self.fields.report:
            outcome.report = result.to_dict()
        if self.fields.report:
            out[self.fields.report] = outcome.report
        outcome.record = out
        return outcome

    def _text(self, record: Any) -> str:
        """The record's text, if it is within the size limit."""
        text = record_text(record, self.fields.text)
        if len(text) * 4 > self.max_text_bytes and len(text.encode("utf-8", "surrogatepass")) > self.max_text_bytes:
            raise TooLargeError(f"the text is larger than the limit of {self.max_text_bytes:,} bytes")
        return text

    def numbered(self, item: tuple[int, Any]) -> Outcome:
        """:meth:`outcome` for a (position, record) pair; the position names a record without an id."""
        return self.outcome(item[1], f"record {item[0]}")


# ---------------------------------------------------------------------------
# Python API


def clean_records(
    records: Iterable[dict[str, Any]],
    cleaner: Cleaner | None = None,
    *,
    text_field: str = "text",
    id_field: str = "id",
    output_field: str | None = None,
    report_field: str | None = None,
    jobs: int = 1,
    max_record_bytes: int = MAX_RECORD_BYTES,
) -> Iterator[Outcome]:
    """Clean the text field of every record; yields an :class:`Outcome` per record, in order.

    Each output record is a copy of the input with the clean text in
    `output_field` (default: `text_field` itself) and, if `report_field` is
    given, the report in it; every other field passes through untouched. A
    record that fails (no text field, a text of more than `max_record_bytes`
    in UTF-8, a rule that timed out) yields an outcome with ``error`` set and
    the rest go on. With ``jobs > 1`` the records are cleaned in that many
    processes (still yielded in order, memory bounded), once there are enough
    of them to pay for starting the processes (see
    :data:`cleantext.engines.POOL_MIN_TASKS`).

        >>> from cleantext.batch import clean_records
        >>> rows = [{"id": 1, "text": "Ports reopened.\\nShare this:\\n", "url": "u"}]
        >>> [o.record for o in clean_records(rows)]
        [{'id': 1, 'text': 'Ports reopened.\\n', 'url': 'u'}]
    """
    from cleantext.engines import map_ordered

    fields = RecordFields(text_field, id_field, output_field, report_field)
    worker = RecordWorker(cleaner or Cleaner(), fields, max_text_bytes=max_record_bytes)
    yield from map_ordered(worker.numbered, enumerate(records, 1), jobs=jobs)


# ---------------------------------------------------------------------------
# Planning: which inputs, and where their outputs go

#: The folder, inside an output folder, where cleantext keeps one entry per input it wrote (see :class:`Entry`).
LEDGER = ".cleantext"


@dataclass(frozen=True)
class Unit:
    """One input (a file, or ``-``) and where its output, report and ledger entry go.

    `output` None means the shared output stream (standard output, or ``-o``).
    """

    source: str
    output: Path | None = None
    report: Path | None = None
    name: str | None = None  # what its documents are called (default: `source`)
    entry: Path | None = None  # its entry in the output folder's ledger (with --output-dir)

    @property
    def targets(self) -> list[Path]:
        """The files this unit writes itself: its output and the report beside it."""
        return [path for path in (self.output, self.report) if path is not None]

    def absolute(self) -> Unit:
        """The unit with absolute paths, for a process whose current folder may differ
        (a Dask worker); its documents keep the names they had."""
        output, report, entry = (None if p is None else p.absolute() for p in (self.output, self.report, self.entry))
        return Unit(str(Path(self.source).absolute()), output, report, self.name or self.source, entry)


@dataclass
class Entry:
    """What cleantext wrote for one input into an output folder: the last line of the
    unit's ledger file, whose other lines are the input's lines of ``--report-jsonl``.

    `files` maps each file's name to [the :func:`~cleantext.files.identity` (inode,
    size, modification time) cleantext gave it, that of the file it replaced]: a
    file that is neither is not cleantext's, and ``--resume`` leaves it alone.
    `complete`: every record was read (the input did not break off); `report`: the
    entry holds the report lines.
    """

    complete: bool
    report: bool
    files: dict[str, list[list[int] | None]]

    @classmethod
    def read(cls, path: Path) -> Entry | None:
        """The entry in a ledger file, or None if there is none (or it is not one)."""
        try:
            with open(path, "rb") as handle:
                last = deque(handle, maxlen=1)
            return cls(**json.loads(last[0])["cleantext"])
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

    def line(self) -> bytes:
        fields = {"complete": self.complete, "report": self.report, "files": self.files}
        return (json.dumps({"cleantext": fields}) + "\n").encode("utf-8")

    def owns(self, path: Path) -> bool:
        """Whether `path` is missing or is a file cleantext wrote (or replaced with --force)."""
        found = identity(path)
        return found is None or found in self.files.get(path.name, ())

    def finished(self, unit: Unit, report: bool) -> bool:
        """Whether the unit's files are all there as cleantext committed them, from a complete input."""
        whole = self.complete and (self.report or not report)
        return whole and all(self._committed(path) for path in unit.targets)

    def _committed(self, path: Path) -> bool:
        found = identity(path)
        return found is not None and found == self.files.get(path.name, [None])[0]


def ledger_entry(output_dir: Path, relative: Path) -> Path:
    """The ledger file of the input whose output is `relative` in `output_dir` (a short name, however long the path)."""
    digest = hashlib.sha256(str(relative).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return output_dir / LEDGER / f"{digest}.jsonl"


@dataclass
class Plan:
    units: list[Unit]
    skipped: list[Unit] = field(default_factory=list)  # already complete (--resume)
    order: list[Unit] = field(default_factory=list)  # every unit, done or to do, in input order


def plan(
    inputs: list[tuple[str, Path]],
    *,
    output_dir: Path | None,
    output: Path | None,
    report: Path | None = None,
    report_beside: bool,
    report_lines: bool = False,
    jsonl: bool,
    force: bool,
    resume: bool,
) -> Plan:
    """Decide each input's output and report path; refuse overwrites unless forced.

    With `output_dir`, each input's output mirrors its path below the folder it
    was found in, and its ledger entry records what was written; `output` and
    `report` name the files of a single input. With `resume`, inputs whose files
    the ledger shows complete are skipped (`report_lines`: and whose entry holds
    their report lines), inputs cleantext left unfinished are redone, and a file
    that cleantext did not write is never replaced.
    """
    sources = [source for source, _ in inputs]
    result = Plan([])
    claimed: dict[Path, str] = {}
    for source, relative in inputs:
        target = output_dir / relative if output_dir is not None else output
        beside = _report_path(target, jsonl) if report_beside and target is not None else None
        entry = ledger_entry(output_dir, relative) if output_dir is not None else None
        unit = Unit(source, target, beside or report, entry=entry)
        for t in unit.targets if output_dir is not None else ():
            if t in claimed:
                raise OutputExistsError(f"{claimed[t]} and {source} would both be written to {t}")
            claimed[t] = source
        result.order.append(unit)
        ours = _resumable(unit, force) if resume else None
        if ours is not None and ours.finished(unit, report_lines):
            result.skipped.append(unit)
            continue
        for t in unit.targets:
            check_writable(t, sources, force, existing_ok=ours is not None and ours.owns(t))
        result.units.append(unit)
    return result


def _resumable(unit: Unit, force: bool) -> Entry | None:
    """The unit's ledger entry, if it has one; unless forced, refused if one of its files
    exists that cleantext did not write."""
    entry = Entry.read(unit.entry) if unit.entry is not None else None
    for target in unit.targets if not force else ():
        if target.exists() and (entry is None or not entry.owns(target)):
            raise OutputExistsError(
                f"{target} exists but cleantext did not write it (its ledger in {LEDGER}/ has no record of it); "
                "use --force to replace it"
            )
    return entry


def _report_path(output: Path, jsonl: bool) -> Path:
    """``a.txt`` → ``a.txt.report.json``; ``a.jsonl.gz`` → ``a.report.jsonl.gz``."""
    if not jsonl:
        return output.with_name(output.name + ".report.json")
    name = output.name
    suffix = ".gz" if name.endswith(".gz") else ""
    stem = name.removesuffix(suffix)
    for ext in (".jsonl", ".ndjson"):
        stem = stem.removesuffix(ext)
    return output.with_name(f"{stem}.report.jsonl{suffix}")


# ---------------------------------------------------------------------------
# Streaming the tasks


def tasks(units: list[Unit], jsonl: bool, limits: Limits = Limits()) -> Iterator[Task]:
    """The tasks of every unit in order, each unit closed by a ``last`` marker.

    A text file is one task; a JSON Lines file is one task per non-blank line,
    read as it is needed. A text file that cannot be read, or is larger than
    the record limit, is a failed task. A JSON Lines input that breaks off (a
    gzip file cut short, an input past its limit, a file that is not JSON Lines
    at all) has its ``last`` marker carry the error and where it broke; the
    records before the break stand.
    """
    for index, unit in enumerate(units):
        name = "stdin" if unit.source == "-" else unit.name or unit.source
        if not jsonl:
            yield _text_task(unit.source, name, index, limits)
            yield Task(name, None, index, last=True)
            continue
        line = 0
        try:
            for number, task in _record_tasks(unit.source, name, index, limits):
                line = number
                yield task
        except (OSError, EOFError, ValueError) as exc:
            yield Task(name, None, index, error=_break(exc, line), last=True)
            continue
        yield Task(name, None, index, last=True)


def _text_task(source: str, name: str, index: int, limits: Limits) -> Task:
    try:
        return Task(name, read_bytes(source, limits.record), index)
    except (OSError, EOFError, TooLargeError) as exc:
        return Task(name, None, index, error=failure_reason(exc))


class NotJsonLines(ValueError):
    """A JSON Lines input whose first lines are not JSON: text cleaned with --jsonl by mistake."""


def _record_tasks(source: str, name: str, index: int, limits: Limits) -> Iterator[tuple[int, Task]]:
    """One task per line of a JSON Lines input (a line too long fails alone); refused whole
    if its first lines are not JSON."""
    lines = bounded_lines(source, limits.record, limits.input)
    head = list(itertools.islice(lines, SNIFF_LINES))
    if head and not any(_is_json(line) for _, line in head):
        raise NotJsonLines(
            f"does not look like JSON Lines: line {head[0][0]} is not JSON; did you mean to clean it as text?"
        )
    for number, line in itertools.chain(head, lines):
        too_long = f"the record is larger than the limit of {limits.record:,} bytes (--max-record-bytes)"
        yield number, Task(f"{name}:{number}", line, index, error=too_long if line is None else None)


def _is_json(line: bytes | None) -> bool:
    if line is None:
        return False
    try:
        json.loads(decode(line)[0])
    except ValueError:  # DecodeError and JSONDecodeError are ValueErrors
        return False
    return True


def _break(exc: BaseException, line: int) -> str:
    """Why and where an input broke off."""
    if isinstance(exc, NotJsonLines):
        return str(exc)
    where = f"broken off after line {line} (the records before it were kept)" if line else "broken off at the start"
    return f"{where}: {failure_reason(exc)}"


# ---------------------------------------------------------------------------
# Writing the results


class UnitFiles:
    """The files of one unit, written together and committed together: its output, the
    report beside it, and its ledger entry (committed first, so that it is there to
    vouch for the other two)."""

    def __init__(self, unit: Unit, report_lines: bool) -> None:
        self.unit = unit
        self.report_lines = report_lines
        self.written = self.failed = 0
        self.sinks: dict[Path, AtomicFile] = {}
        try:
            for path in [*unit.targets, *([unit.entry] if unit.entry is not None else [])]:
                self.sinks[path] = AtomicFile(path)
        except OSError:
            self.discard()
            raise

    def write(self, path: Path | None, data: bytes) -> None:
        if path is not None:
            self.sinks[path].write(data)

    def report_line(self, data: bytes) -> None:
        """A line of the run's JSON Lines report, kept in the ledger entry."""
        if self.report_lines and self.unit.entry is not None:
            self.sinks[self.unit.entry].write(data)

    def commit(self, complete: bool, keep: bool) -> None:
        """Commit the entry, then the report and output (`keep`) or throw them away."""
        files = {p.name: [self.sinks[p].seal() if keep else None, identity(p)] for p in self.unit.targets}
        if self.unit.entry is not None:
            entry = self.sinks.pop(self.unit.entry)
            entry.write(Entry(complete, self.report_lines, files).line())
            entry.commit()
        for sink in self.sinks.values():
            sink.commit() if keep else sink.discard()

    def discard(self) -> None:
        for sink in self.sinks.values():
            sink.discard()


class Writer:
    """Takes finished documents in input order and writes them where the plan says.

    A unit's files (:class:`UnitFiles`) are opened when its first document arrives
    and committed when its ``last`` marker does; a unit whose files cannot be
    opened (a read-only folder, a name too long) fails alone. The shared output
    (stdout or ``-o``) and the JSON Lines report stay open for the whole run; with
    ledger entries (``--output-dir``), the report is rebuilt at the end from the
    entries of every unit of `order`, so that a resumed run's report has exactly
    the lines of the records its outputs hold. Nothing is committed for a run
    that is interrupted: its temporary files are removed (use it as a context
    manager, which closes it so).
    """

    def __init__(
        self,
        units: list[Unit],
        *,
        jsonl: bool,
        shared_output: Path | None = None,
        report_jsonl: Path | None = None,
        report_lines: bool = False,
        order: list[Unit] | None = None,
        on_failure: Callable[[Done], None] = lambda done: None,
    ) -> None:
        """`report_lines`: keep each unit's report lines in its ledger entry; `order`: rebuild
        `report_jsonl` from the entries of these units (without it, the report is written as it comes)."""
        self.units = units
        self.jsonl = jsonl
        self.on_failure = on_failure
        self.documents = self.failed = self.broken = self.bytes = 0
        self.report_lines = report_lines
        self._order = order
        self._shared = AtomicFile(shared_output) if shared_output is not None else None
        self._report_path = report_jsonl
        self._report = AtomicFile(report_jsonl) if report_jsonl is not None and order is None else None
        self._open: dict[int, UnitFiles | None] = {}
        self._unwritable: dict[Unit, str] = {}

    def add(self, done: Done) -> None:
        files = self._files(done)
        if done.last:
            self._finish(done, files)
            return
        self.documents += 1
        self.bytes += done.size
        if done.failed:
            self.failed += 1
            self.on_failure(done)
        elif files is None and self.units[done.unit].targets:
            self.failed += 1  # its unit cannot be written: said once, when its files failed to open
            return
        else:
            self._write_output(done, files)
        self._write_report(done, files)

    def _files(self, done: Done) -> UnitFiles | None:
        """The unit's open files (opened with its first document), or None if it writes none or cannot."""
        if done.unit not in self._open:
            unit = self.units[done.unit]
            self._open[done.unit] = self._open_files(unit) if unit.targets or unit.entry else None
        return self._open[done.unit]

    def _open_files(self, unit: Unit) -> UnitFiles | None:
        try:
            return UnitFiles(unit, self.report_lines)
        except OSError as exc:
            if exc.errno in DISK_FULL:
                raise
            target = unit.output or unit.entry
            where = f" ({exc.filename})" if exc.filename and exc.filename != str(target) else ""
            reason = f"cannot write {target}: {exc.strerror or exc}{where}"
            self._unwritable[unit] = reason
            self._fail_unit(unit, reason)
            return None

    def _finish(self, done: Done, files: UnitFiles | None) -> None:
        """A unit's last marker: it broke off (`done.error`) or is complete; commit what stands."""
        self._open.pop(done.unit, None)
        if done.error is not None:
            self.broken += 1
            self.on_failure(done)
            self._write_report(done, files)
        if files is not None:
            complete = done.error is None and not (files.failed and not self.jsonl)
            files.commit(complete, keep=complete or (self.jsonl and files.written > 0))

    def _fail_unit(self, unit: Unit, reason: str) -> None:
        failure = Done(unit.name or unit.source, 0, 0, error=reason)
        self.on_failure(failure)
        if self._report is not None:
            self._report.write(_report_bytes(failure))

    def add_shard(self, documents: int, size: int, failures: list[Done], failed: int, broken: int) -> None:
        """Take a unit that another process wrote (a Dask worker): count its documents and
        show its failures (its lines of the report are in its ledger entry)."""
        self.documents += documents
        self.bytes += size
        self.failed += failed
        self.broken += broken
        for done in failures:
            self.on_failure(done)

    def _write_output(self, done: Done, files: UnitFiles | None) -> None:
        assert done.output is not None
        unit = self.units[done.unit]
        data = (done.output + "\n" if self.jsonl else done.output).encode("utf-8")
        if files is not None and unit.output is not None:
            files.write(unit.output, data)
            files.written += 1
        elif self._shared is not None:
            self._shared.write(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()

    def _write_report(self, done: Done, files: UnitFiles | None) -> None:
        """The document's line in the JSON Lines reports; its own report file beside a text output."""
        if files is not None and done.failed:
            files.failed += 1
        line = _report_bytes(done)
        if self._report is not None:
            self._report.write(line)
        if files is None:
            return
        files.report_line(line)
        if self.jsonl:
            files.write(self.units[done.unit].report, line)
        elif not done.failed:
            files.write(self.units[done.unit].report, (to_json(done.report, indent=2) + "\n").encode("utf-8"))

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        """Commit what is complete; after an error (or an interruption), throw every unfinished output away."""
        self.close(ok=exc_type is None)

    def close(self, ok: bool = True) -> None:
        """Commit the shared outputs and the rebuilt report (or, if not `ok`, throw every unfinished one away)."""
        for files in self._open.values():
            if files is not None:
                files.discard()
        self._open.clear()
        for shared in (self._shared, self._report):
            if shared is not None:
                shared.commit() if ok else shared.discard()
        if ok and self._order is not None and self._report_path is not None:
            self._rebuild_report(self._report_path, self._order)

    def _rebuild_report(self, path: Path, order: list[Unit]) -> None:
        """The run's JSON Lines report: the lines each unit's ledger entry holds, in input order."""
        with AtomicFile(path) as report:
            for unit in order:
                if unit in self._unwritable:
                    failure = Done(unit.name or unit.source, 0, 0, error=self._unwritable[unit])
                    report.write(_report_bytes(failure))
                elif unit.entry is not None and unit.entry.exists():
                    _copy_entry_lines(unit.entry, report)


def _copy_entry_lines(entry: Path, out: AtomicFile) -> None:
    """Every line of a ledger file but its last (the entry itself)."""
    with open(entry, "rb") as handle:
        lines, ahead = itertools.tee(handle)
        for line, _ in zip(lines, itertools.islice(ahead, 1, None), strict=False):
            out.write(line)


def _report_bytes(done: Done) -> bytes:
    return to_json(report_line(done)).encode("utf-8") + b"\n"


def report_line(done: Done) -> dict[str, Any]:
    """A document's line in a JSON Lines report: its id and report, or its id and error."""
    if done.failed:
        return {"id": done.id, "error": done.error}
    return {"id": done.id, **(done.report or {})}
