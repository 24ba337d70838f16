"""Reading reports back: one JSON report, or the JSON Lines report of a batch.

What `review` accepts, per JSON object (the whole file, an item of a JSON
array, or one line of a ``.jsonl``/``.jsonl.gz`` file):

- a report itself (it has ``edits``), with an optional id field (``id``);
- a record carrying a report in a field (``{"id": ..., "report": {...}}``, the
  field named by ``report_field``), and perhaps the document's text in
  ``text_field`` — the original or the cleaned text, whichever the edits prove
  it to be;
- a failure record of a batch (``{"id": ..., "error": "..."}``), listed as such.

A document without an id is known by its file name (a single report),
``FILE:LINE`` (a line of a batch report) or ``FILE:N`` (the Nth item of an array).

Reports are checked as they are read: what `review` would stumble on (a line
that is not JSON, an edit without its rule, an offset that is a string, a
truncated ``.gz``) becomes a :class:`MalformedReport` naming the file and line,
and reading goes on with the next report (or the next file).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from cleantext.corpus import CorpusError, is_jsonl, iter_documents, numbered_lines
from cleantext.document import apply_edits
from cleantext.files import read_bytes

#: What reading a file can fail with: a missing or unreadable file, a truncated or corrupt ``.gz``.
_UNREADABLE = (OSError, EOFError, zlib.error)


class ReportError(ValueError):
    """A file that is not a report `review` understands; the message names where."""


@dataclass
class ReportedDocument:
    """One document's report, and its original text when that is known."""

    id: str
    report: dict[str, Any]
    text: str | None = None

    @property
    def edits(self) -> list[dict[str, Any]]:
        return self.report["edits"]

    @property
    def flags(self) -> list[dict[str, Any]]:
        return self.report.get("flags") or []

    @property
    def alarm(self) -> dict[str, Any] | None:
        return self.report.get("alarm")

    def rule_info(self, rule: str) -> dict[str, str]:
        return self.report.get("rules", {}).get(rule, {})


@dataclass(frozen=True)
class FailedDocument:
    """A document a batch could not clean: its id and the reason given."""

    id: str
    error: str


@dataclass(frozen=True)
class MalformedReport:
    """A report `review` cannot read, or a whole file: where (``FILE``, ``FILE:LINE``, ``FILE:N``) and why."""

    where: str
    error: str

    def __str__(self) -> str:
        return f"{self.where}: {self.error}"


#: What reading reports gives, one entry per document.
Entry = ReportedDocument | FailedDocument | MalformedReport


@dataclass(frozen=True)
class ReportSource:
    """Where a review reads from: report files, the original inputs, and the JSON Lines field names."""

    paths: Sequence[str | Path]
    inputs: Sequence[str | Path] = ()
    id_field: str = "id"
    report_field: str = "report"
    text_field: str = "text"

    def documents(self) -> Iterator[Entry]:
        """Every document of the reports, read afresh (reports are streamed, never all held)."""
        return read_reports(self.paths, self.id_field, self.report_field, self.text_field)

    def attach_originals(self, docs: Sequence[ReportedDocument]) -> None:
        attach_originals(docs, self.inputs, self.text_field, self.id_field)


def read_reports(
    paths: Iterable[str | Path], id_field: str = "id", report_field: str = "report", text_field: str = "text"
) -> Iterator[Entry]:
    """Every document of the given report files, in file and line order; what cannot be read, as MalformedReport."""
    for given in paths:
        path = Path(given)
        if not path.is_file():
            yield MalformedReport(str(path), "no such report file")
            continue
        try:
            for item in _objects(path):
                yield item if isinstance(item, MalformedReport) else _entry(*item, id_field, report_field, text_field)
        except _UNREADABLE as exc:
            yield MalformedReport(str(path), f"cannot read the file ({exc}); what came before was read")


def _objects(path: Path) -> Iterator[tuple[str, Any] | MalformedReport]:
    """One report file as (where, JSON value): each line of JSON Lines, else the whole file.

    A JSON Lines report is streamed, so a batch of a million reports is never
    held in memory at once. A file that is neither one JSON value nor JSON Lines
    (its first line is not JSON either) is one malformed report, not one per line.
    """
    if is_jsonl(path):
        yield from _json_lines(path)
        return
    try:
        whole = read_bytes(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        yield MalformedReport(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        return
    try:
        value = json.loads(whole)
    except json.JSONDecodeError as exc:
        if _is_json(whole.lstrip().split("\n", 1)[0]):  # JSON Lines under another name
            yield from _json_lines(path)
        else:
            yield MalformedReport(f"{path}:{exc.lineno}", f"not valid JSON ({exc.msg}, column {exc.colno})")
        return
    if isinstance(value, list):  # a JSON array of reports
        yield from ((f"{path}:{i}", item) for i, item in enumerate(value, 1))
        return
    yield str(path), value


def _json_lines(path: Path) -> Iterator[tuple[str, Any] | MalformedReport]:
    for number, line in numbered_lines(path):
        where = f"{path}:{number}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            yield MalformedReport(where, f"not valid JSON ({exc.msg}, column {exc.colno})")
        except UnicodeDecodeError as exc:
            yield MalformedReport(where, f"not UTF-8 text ({exc.reason})")


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def _entry(where: str, value: Any, id_field: str, report_field: str, text_field: str) -> Entry:
    """One JSON value as a document, a batch's failure record, or a malformed report."""
    if not isinstance(value, dict):
        return MalformedReport(where, f"not a report: {_shown(value)} is not a JSON object with 'edits'")
    doc_id = str(value[id_field]) if value.get(id_field) is not None else where
    named = where if doc_id == where else f"{where} ({doc_id})"
    if isinstance(value.get(report_field), dict):
        report = value[report_field]
    elif "edits" in value:
        report = value
    elif "error" in value:
        return FailedDocument(doc_id, str(value["error"]))
    else:
        return MalformedReport(named, f"not a report (no 'edits', no {report_field!r} object, no 'error')")
    try:
        check_report(report)
    except ReportError as exc:
        return MalformedReport(named, str(exc))
    doc = ReportedDocument(doc_id, report)
    candidate = value.get(text_field)
    if isinstance(candidate, str):
        doc.text = recover_original(report, candidate)
    return doc


@dataclass(frozen=True)
class _Kind:
    """What a report field must hold, as the error names it."""

    name: str
    test: Callable[[Any], bool]


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


_OFFSET = _Kind("a whole number from 0", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0)
_NUMBER = _Kind("a number", _number)
_STRING = _Kind("a string", lambda v: isinstance(v, str))
_OBJECT = _Kind("an object", lambda v: isinstance(v, dict))
_LIST = _Kind("a list", lambda v: isinstance(v, list))
_STRINGS = _Kind("a list of strings", _strings)
_CONTEXT = _Kind("two strings (before, after)", lambda v: _strings(v) and len(v) == 2)

#: Each field `review` reads: what it must hold, and whether it must be there.
_REPORT = {
    "edits": (_LIST, True),
    "flags": (_LIST, False),
    "stats": (_OBJECT, False),
    "alarm": (_OBJECT, False),
    "rules": (_OBJECT, False),
    "language": (_STRING, False),
}
_SPAN = {
    "start": (_OFFSET, True),
    "end": (_OFFSET, True),
    "rule": (_STRING, True),
    "category": (_STRING, True),
    "rules": (_STRINGS, False),
    "categories": (_STRINGS, False),
}
_EDIT = {
    **_SPAN,
    "original": (_STRING, True),
    "replacement": (_STRING, True),
    "context": (_CONTEXT, False),
    "score": (_NUMBER, False),
}
_FLAG = {**_SPAN, "text": (_STRING, True)}
_PARTS = {
    "stats": {"removed_share": (_NUMBER, False), "chars_in": (_OFFSET, False)},
    "alarm": {"removed_share": (_NUMBER, False), "reason": (_STRING, False)},
}
_RULE_INFO = {"category": (_STRING, False), "reason": (_STRING, False)}


def check_report(report: dict[str, Any]) -> None:
    """Raise ReportError saying the first thing wrong with a report that review could not show."""
    _check(report, _REPORT, "the report")
    for key, schema in _PARTS.items():
        if report.get(key) is not None:
            _check(report[key], schema, repr(key))
    for rule, info in (report.get("rules") or {}).items():
        _check(info, _RULE_INFO, f"rules[{rule!r}]")
    _check_spans(report["edits"], _EDIT, "edit", "original")
    _check_spans(report.get("flags") or [], _FLAG, "flag", "text")
    _check_order(report["edits"])


def _check(value: Any, schema: dict[str, tuple[_Kind, bool]], what: str) -> None:
    if not isinstance(value, dict):
        raise ReportError(f"{what} must be an object, not {_shown(value)}")
    for key, (kind, required) in schema.items():
        if value.get(key) is None:
            if required:
                raise ReportError(f"{what} has no {key!r}")
        elif not kind.test(value[key]):
            raise ReportError(f"{what}: {key!r} must be {kind.name}, not {_shown(value[key])}")


def _check_spans(spans: list[Any], schema: dict[str, tuple[_Kind, bool]], what: str, text_key: str) -> None:
    """Each span well-formed, and as long as its text."""
    for number, span in enumerate(spans, 1):
        name = f"{what} {number}"
        _check(span, schema, name)
        start, end = span["start"], span["end"]
        if end - start != len(span[text_key]):
            raise ReportError(f"{name}: from {start} to {end} is not the length of its {text_key!r}")


def _check_order(edits: list[dict[str, Any]]) -> None:
    """Edits in order and apart (flags may overlap)."""
    for number, (before, edit) in enumerate(pairwise(edits), 2):
        if edit["start"] < before["end"]:
            raise ReportError(f"edit {number} overlaps the edit before it, or is out of order")


def _shown(value: Any, limit: int = 40) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fits(report: dict[str, Any], original: str) -> bool:
    """Whether `original` is the text the report was made from: its length, each edit's original
    text, the context the report shows around an edit, and each flag's text.

    The context matters: a cleaned text can hold each edit's original text where
    the report says (a repair that appends "d" to "emphasize", a blank line less
    further on), but not the words around it as they were.
    """
    chars_in = report.get("stats", {}).get("chars_in")
    if chars_in is not None and chars_in != len(original):
        return False
    for edit in report["edits"]:
        start, end = edit["start"], edit["end"]
        if original[start:end] != edit["original"]:
            return False
        before, after = edit.get("context") or ("", "")
        if start < len(before) or original[start - len(before) : start] != before:
            return False
        if original[end : end + len(after)] != after:
            return False
    return all(original[flag["start"] : flag["end"]] == flag["text"] for flag in report.get("flags") or [])


def recover_original(report: dict[str, Any], text: str) -> str | None:
    """The original text, given the original or the cleaned text of a report.

    The edits say what each changed span was, so the cleaned text and the edits
    together rebuild the input. Returns None when `text` is neither.
    """
    if fits(report, text):
        return text
    parts: list[str] = []
    out = orig = 0
    for edit in report["edits"]:
        gap = edit["start"] - orig
        if gap < 0:
            return None
        parts.append(text[out : out + gap])
        out += gap
        if text[out : out + len(edit["replacement"])] != edit["replacement"]:
            return None
        parts.append(edit["original"])
        out += len(edit["replacement"])
        orig = edit["end"]
    parts.append(text[out:])
    original = "".join(parts)
    if not fits(report, original) or apply_edits(original, report["edits"]) != text:
        return None
    return original


def attach_originals(
    docs: Sequence[ReportedDocument], inputs: Sequence[str | Path], text_field: str = "text", id_field: str = "id"
) -> None:
    """Give each document lacking its text the original from `inputs`.

    Inputs are matched to reports by id, then by file stem (``a.txt`` for
    ``a.json`` or ``a.report.json``); a lone report and a lone input are paired
    whatever their names. Every pairing is checked against the edits, and an
    input that does not fit its report is an error rather than a wrong review.
    """
    wanted = [d for d in docs if d.text is None]
    if not wanted or not inputs:
        return
    by_key: dict[str, list[ReportedDocument]] = {}
    for doc in wanted:
        for key in {doc.id, _stem(doc.id)}:
            by_key.setdefault(key, []).append(doc)
    unmatched = []
    try:
        for source in iter_documents(inputs, text_field=text_field, id_field=id_field):
            targets = by_key.get(source.id) or by_key.get(_stem(source.id)) or []
            for doc in targets:
                _pair(doc, source.id, source.text)
            if not targets:
                unmatched.append(source)
    except CorpusError as exc:
        raise ReportError(str(exc)) from None
    still = [d for d in wanted if d.text is None]
    if len(still) == 1 and len(unmatched) == 1 and len(docs) == 1:
        _pair(still[0], unmatched[0].id, unmatched[0].text)


def _pair(doc: ReportedDocument, source_id: str, text: str) -> None:
    if not fits(doc.report, text):
        raise ReportError(f"input {source_id} is not the text the report of {doc.id} was made from")
    doc.text = text


def _stem(name: str) -> str:
    """A file name without folder and suffixes: ``out/a.report.json`` → ``a``."""
    return Path(name).name.split(".", 1)[0]
