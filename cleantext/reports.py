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
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleantext.corpus import CorpusError, is_jsonl, iter_documents, iter_json_lines
from cleantext.document import apply_edits
from cleantext.files import read_bytes

_EDIT_KEYS = ("start", "end", "original", "replacement", "rule", "category")


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
class ReportSource:
    """Where a review reads from: report files, the original inputs, and the JSON Lines field names."""

    paths: Sequence[str | Path]
    inputs: Sequence[str | Path] = ()
    id_field: str = "id"
    report_field: str = "report"
    text_field: str = "text"

    def documents(self) -> Iterator[ReportedDocument | FailedDocument]:
        """Every document of the reports, read afresh (reports are streamed, never all held)."""
        return read_reports(self.paths, self.id_field, self.report_field, self.text_field)

    def attach_originals(self, docs: Sequence[ReportedDocument]) -> None:
        attach_originals(docs, self.inputs, self.text_field, self.id_field)


def read_reports(
    paths: Iterable[str | Path], id_field: str = "id", report_field: str = "report", text_field: str = "text"
) -> Iterator[ReportedDocument | FailedDocument]:
    """Every document of the given report files, in file and line order."""
    for given in paths:
        path = Path(given)
        if not path.is_file():
            raise ReportError(f"no such report file: {path}")
        try:
            for where, value in _objects(path):
                yield _document(value, where, id_field, report_field, text_field)
        except CorpusError as exc:
            raise ReportError(str(exc)) from None


def _objects(path: Path) -> Iterator[tuple[str, Any]]:
    """One report file as JSON values: each line of JSON Lines, else the whole file.

    A JSON Lines report is streamed, so a batch of a million reports is never
    held in memory at once.
    """
    if is_jsonl(path):
        yield from ((f"{path}:{number}", value) for number, value in iter_json_lines(path))
        return
    try:
        whole = read_bytes(path).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise ReportError(f"cannot read {path}: {exc}") from None
    try:
        value = json.loads(whole)
    except json.JSONDecodeError:
        # Not one JSON value: JSON Lines under another name.
        yield from ((f"{path}:{number}", value) for number, value in iter_json_lines(path))
        return
    if isinstance(value, list):  # a JSON array of reports
        yield from ((f"{path}:{i}", item) for i, item in enumerate(value, 1))
        return
    yield str(path), value


def _document(
    value: Any, where: str, id_field: str, report_field: str, text_field: str
) -> ReportedDocument | FailedDocument:
    if not isinstance(value, dict):
        raise ReportError(f"{where}: not a report (a JSON object with 'edits')")
    doc_id = str(value[id_field]) if value.get(id_field) is not None else where
    if isinstance(value.get(report_field), dict):
        report = value[report_field]
    elif "edits" in value:
        report = value
    elif "error" in value:
        return FailedDocument(doc_id, str(value["error"]))
    else:
        raise ReportError(f"{where}: not a report (no 'edits', no {report_field!r} field, no 'error')")
    _check_edits(report, where)
    doc = ReportedDocument(doc_id, report)
    candidate = value.get(text_field)
    if isinstance(candidate, str):
        doc.text = recover_original(report, candidate)
    return doc


def _check_edits(report: dict[str, Any], where: str) -> None:
    edits = report.get("edits")
    if not isinstance(edits, list):
        raise ReportError(f"{where}: 'edits' must be a list")
    for edit in edits:
        if not isinstance(edit, dict) or any(key not in edit for key in _EDIT_KEYS):
            raise ReportError(f"{where}: an edit lacks one of {', '.join(_EDIT_KEYS)}")


def fits(report: dict[str, Any], original: str) -> bool:
    """Whether `original` is the text the report was made from: its length, each edit's original
    text, and the context the report shows around an edit.

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
    return True


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
