"""Cleaning many documents: text files or JSON Lines records in, outputs and reports out.

The pieces, each usable from Python:

- a *worker* turns one :class:`Task` (the bytes of a text file, or one JSON line)
  into a :class:`Done` (the clean text or output line, the report, or the reason
  it failed). Workers hold the Cleaner and pickle, so that
  :func:`cleantext.engines.map_ordered` can run them in a process pool;
- :func:`plan` maps inputs (found by :func:`cleantext.corpus.find_inputs`) to
  :class:`Unit`\\ s: one input, where its output and report go;
- :func:`tasks` streams the tasks of the units, one file or line at a time, so that
  memory does not grow with the input;
- :class:`Writer` routes finished documents, in input order, to their outputs,
  reports and the summary;
- :func:`clean_records` cleans an iterable of dicts (records) for Python callers.

A document that fails (bytes that are not text, a record without its text field,
a rule that timed out) fails alone: it is reported with its id and the reason,
and the batch goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleantext.corpus import numbered_lines, record_id, record_text
from cleantext.decoding import DecodeError, decode
from cleantext.files import AtomicFile, OutputExistsError, check_writable, read_bytes
from cleantext.packs import RuleTimeoutError
from cleantext.pipeline import Cleaner

#: Errors that fail one document and let the batch go on.
DOCUMENT_ERRORS = (DecodeError, RuleTimeoutError, ValueError, KeyError, TypeError, OSError)


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
            text, encoding = decode(task.data)
            self._fill(done, text, encoding)
        except DOCUMENT_ERRORS as exc:
            done.error = failure_reason(exc)
        return done

    def _fill(self, done: Done, text: str, encoding: str) -> None:
        raise NotImplementedError


class TextWorker(_Worker):
    """Cleans whole text files: the output is the clean text (and the report, if `reports`)."""

    def _fill(self, done: Done, text: str, encoding: str) -> None:
        result = self.cleaner.clean(text)
        result.encoding = encoding
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

    def __init__(self, cleaner: Cleaner, fields: RecordFields = RecordFields(), reports: bool = True) -> None:
        super().__init__(cleaner, reports)
        self.fields = fields

    def _fill(self, done: Done, text: str, encoding: str) -> None:
        outcome = self.outcome(json.loads(text), done.id, encoding)
        done.id, done.error = outcome.id, outcome.error
        done.report = outcome.report if self.reports else None
        if outcome.record is not None:
            done.output = json.dumps(outcome.record, ensure_ascii=False)

    def outcome(self, record: Any, fallback_id: str, encoding: str | None = None) -> Outcome:
        """Clean one record (a dict, left as it is: the output is a new dict)."""
        outcome = Outcome(record_id(record, self.fields.id, fallback_id))
        try:
            result = self.cleaner.clean(record_text(record, self.fields.text))
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
) -> Iterator[Outcome]:
    """Clean the text field of every record; yields an :class:`Outcome` per record, in order.

    Each output record is a copy of the input with the clean text in
    `output_field` (default: `text_field` itself) and, if `report_field` is
    given, the report in it; every other field passes through untouched. A
    record that fails (no text field, a rule that timed out) yields an outcome
    with ``error`` set and the rest go on. With ``jobs > 1`` the records are
    cleaned in that many processes (still yielded in order, memory bounded).

        >>> from cleantext.batch import clean_records
        >>> rows = [{"id": 1, "text": "Ports reopened.\\nShare this:\\n", "url": "u"}]
        >>> [o.record for o in clean_records(rows)]
        [{'id': 1, 'text': 'Ports reopened.\\n', 'url': 'u'}]
    """
    from cleantext.engines import map_ordered

    worker = RecordWorker(cleaner or Cleaner(), RecordFields(text_field, id_field, output_field, report_field))
    yield from map_ordered(worker.numbered, enumerate(records, 1), jobs=jobs)


# ---------------------------------------------------------------------------
# Planning: which inputs, and where their outputs go


@dataclass(frozen=True)
class Unit:
    """One input (a file, or ``-``) and where its output and report go.

    `output` None means the shared output stream (standard output, or ``-o``).
    """

    source: str
    output: Path | None = None
    report: Path | None = None
    name: str | None = None  # what its documents are called (default: `source`)

    def absolute(self) -> Unit:
        """The unit with absolute paths, for a process whose current folder may differ
        (a Dask worker); its documents keep the names they had."""
        output, report = (None if p is None else p.absolute() for p in (self.output, self.report))
        return Unit(str(Path(self.source).absolute()), output, report, self.name or self.source)


@dataclass
class Plan:
    units: list[Unit]
    skipped: list[Unit] = field(default_factory=list)  # already complete (--resume)


def plan(
    inputs: list[tuple[str, Path]],
    *,
    output_dir: Path | None,
    output: Path | None,
    report: Path | None = None,
    report_beside: bool,
    jsonl: bool,
    force: bool,
    resume: bool,
) -> Plan:
    """Decide each input's output and report path; refuse overwrites unless forced.

    With `output_dir`, each input's output mirrors its path below the folder it
    was found in; `output` and `report` name the files of a single input. With
    `resume`, inputs whose outputs already exist (they are complete: outputs only
    appear when finished) are skipped.
    """
    sources = [source for source, _ in inputs]
    result = Plan([])
    claimed: dict[Path, str] = {}
    for source, relative in inputs:
        target = output_dir / relative if output_dir is not None else output
        beside = _report_path(target, jsonl) if report_beside and target is not None else None
        unit = Unit(source, target, beside or report)
        targets = [t for t in (unit.output, unit.report) if t is not None]
        for t in targets if output_dir is not None else ():
            if t in claimed:
                raise OutputExistsError(f"{claimed[t]} and {source} would both be written to {t}")
            claimed[t] = source
        if resume and targets and all(t.exists() for t in targets):
            result.skipped.append(unit)
            continue
        for t in targets:
            check_writable(t, sources, force, existing_ok=resume)
        result.units.append(unit)
    return result


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


def tasks(units: list[Unit], jsonl: bool) -> Iterator[Task]:
    """The tasks of every unit in order, each unit closed by a ``last`` marker.

    A text file is one task; a JSON Lines file is one task per non-blank line,
    read as it is needed. An input that cannot be read (missing, or a gzip file
    cut short) becomes a failed task, and its unit's ``last`` marker carries the
    error, so that the unit's output is thrown away rather than left incomplete.
    """
    for index, unit in enumerate(units):
        name = "stdin" if unit.source == "-" else unit.name or unit.source
        error = None
        try:
            if jsonl:
                for number, line in numbered_lines(unit.source):
                    yield Task(f"{name}:{number}", line, index)
            else:
                yield Task(name, read_bytes(unit.source), index)
        except (OSError, EOFError) as exc:
            error = failure_reason(exc)
            yield Task(name, None, index, error=error)
        yield Task(name, None, index, error=error, last=True)


# ---------------------------------------------------------------------------
# Writing the results


class Writer:
    """Takes finished documents in input order and writes them where the plan says.

    Per-unit outputs and reports are opened when a unit's first document arrives
    and committed when its ``last`` marker does; the shared output (stdout or
    ``-o``) and the JSON Lines report stay open for the whole run. Nothing is
    committed for a run that is interrupted: its temporary files are removed
    (use it as a context manager, which closes it so).
    """

    def __init__(
        self,
        units: list[Unit],
        *,
        jsonl: bool,
        shared_output: Path | None = None,
        report_jsonl: Path | None = None,
        extend_report: bool = False,
        on_failure: Callable[[Done], None] = lambda done: None,
    ) -> None:
        self.units = units
        self.jsonl = jsonl
        self.on_failure = on_failure
        self.documents = self.failed = self.bytes = 0
        self._shared = AtomicFile(shared_output) if shared_output is not None else None
        keep = report_jsonl if extend_report and report_jsonl is not None and report_jsonl.exists() else None
        self._report = AtomicFile(report_jsonl, keep=keep) if report_jsonl is not None else None
        self._open: dict[int, tuple[AtomicFile | None, AtomicFile | None]] = {}

    def add(self, done: Done) -> None:
        unit = self.units[done.unit]
        if done.unit not in self._open:
            self._open[done.unit] = (
                AtomicFile(unit.output) if unit.output is not None and self.jsonl else None,
                AtomicFile(unit.report) if unit.report is not None and self.jsonl else None,
            )
        if done.last:
            for sink in self._open.pop(done.unit):
                if sink is not None:
                    sink.commit() if done.error is None else sink.discard()
            return
        self.documents += 1
        self.bytes += done.size
        if done.failed:
            self.failed += 1
            self.on_failure(done)
        else:
            self._write_output(unit, done)
        self._write_reports(unit, done)

    def add_shard(self, documents: int, size: int, failures: list[Done], report_part: Path | None = None) -> None:
        """Take a unit that another process wrote (a Dask worker): count its documents,
        report its failures, and append its lines of the JSON Lines report from `report_part`."""
        self.documents += documents
        self.bytes += size
        self.failed += len(failures)
        for done in failures:
            self.on_failure(done)
        if self._report is not None and report_part is not None:
            with open(report_part, "rb") as part:
                for block in iter(lambda: part.read(1 << 20), b""):
                    self._report.write(block)

    def _write_output(self, unit: Unit, done: Done) -> None:
        assert done.output is not None
        if self.jsonl:
            data = (done.output + "\n").encode("utf-8")
            sink = self._open[done.unit][0]
            if sink is not None:
                sink.write(data)
            else:
                self._write_shared(data)
        elif unit.output is not None:
            with AtomicFile(unit.output) as out:
                out.write(done.output.encode("utf-8"))
        else:
            self._write_shared(done.output.encode("utf-8"))

    def _write_reports(self, unit: Unit, done: Done) -> None:
        """The document's line in the JSON Lines reports; its own report file beside a text output."""
        beside = self._open[done.unit][1]
        if self._report is not None or beside is not None:
            line = (json.dumps(report_line(done), ensure_ascii=False) + "\n").encode("utf-8")
            for sink in (self._report, beside):
                if sink is not None:
                    sink.write(line)
        if unit.report is not None and not self.jsonl and not done.failed:
            with AtomicFile(unit.report) as out:
                out.write((json.dumps(done.report, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))

    def _write_shared(self, data: bytes) -> None:
        if self._shared is not None:
            self._shared.write(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        """Commit what is complete; after an error (or an interruption), throw every unfinished output away."""
        self.close(ok=exc_type is None)

    def close(self, ok: bool = True) -> None:
        """Commit the shared outputs (or, if not `ok`, throw every unfinished one away)."""
        sinks = [s for pair in self._open.values() for s in pair if s is not None]
        for sink in sinks:
            sink.discard()
        self._open.clear()
        for shared in (self._shared, self._report):
            if shared is not None:
                shared.commit() if ok else shared.discard()


def report_line(done: Done) -> dict[str, Any]:
    """A document's line in a JSON Lines report: its id and report, or its id and error."""
    if done.failed:
        return {"id": done.id, "error": done.error}
    return {"id": done.id, **(done.report or {})}
