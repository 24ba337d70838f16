"""Reviewing what cleaning removed and flagged: tallies per rule and category,
every edit of one rule, one document as an inline diff.

The functions here read reports (see :mod:`cleantext.reports`) and return lines
of text styled with :func:`click.style`; the command line only prints them, and
click drops the colours when the output is not a terminal. Deletions read
``[-…-]`` and insertions ``{+…+}`` (as in ``git diff --word-diff``) with or
without colour, so the marks survive a pipe, a log file and a colour-blind eye.
A flag — a span a rule left for a person to judge — reads ``[?…?]``.

Malformed reports are left out and named at the end, once the rest is shown:
the functions raise :class:`ReportError` listing them after their last line.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import click

from cleantext.document import CATEGORIES, FURNITURE, edit_context
from cleantext.reports import Entry, FailedDocument, MalformedReport, ReportedDocument, ReportError, ReportSource

#: How a line break inside a deletion or insertion is shown on one line.
NEWLINE_MARK = "⏎"

#: One-line examples show at most this many characters of a long removal (head and tail).
EXAMPLE_CHARS = 120


@dataclass(frozen=True)
class _SpanView:
    """An edit or a flag of one document (its entry in the report), with the text around it on its line."""

    doc: str
    span: dict[str, Any]
    before: str
    after: str

    @property
    def start(self) -> int:
        return self.span["start"]

    @property
    def end(self) -> int:
        return self.span["end"]

    @property
    def rules(self) -> list[str]:
        """The rules that made it (an edit several rules merged lists them all)."""
        return self.span.get("rules") or [self.span["rule"]]

    @property
    def categories(self) -> list[str]:
        return self.span.get("categories") or [self.span["category"]]


class EditView(_SpanView):
    """One edit of one document, with the text around it on its line."""

    @property
    def edit(self) -> dict[str, Any]:
        return self.span


class FlagView(_SpanView):
    """One flag of one document (a span a rule found suspicious and left alone), with the text around it."""

    @property
    def flag(self) -> dict[str, Any]:
        return self.span


View = EditView | FlagView


@dataclass(frozen=True)
class FlaggedRun:
    """A stretch of text under one or more flags: its pieces of text and the edits inside it."""

    flags: list[FlagView]
    parts: list[str | EditView]

    @property
    def rules(self) -> list[str]:
        return list(dict.fromkeys(rule for view in self.flags for rule in view.rules))

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(category for view in self.flags for category in view.categories))


#: A document's text as pieces: plain text, edits, and flagged stretches.
Part = str | EditView | FlaggedRun


def _around(doc: ReportedDocument, span: dict[str, Any]) -> tuple[str, str]:
    """The text around a span on its line: from the document's text, else from the report's context."""
    if doc.text is not None:
        return edit_context(doc.text, span["start"], span["end"])
    before, after = span.get("context") or ("", "")
    return before, after


def edit_views(doc: ReportedDocument) -> Iterator[EditView]:
    """The document's edits, each with its context."""
    return (EditView(doc.id, edit, *_around(doc, edit)) for edit in doc.edits)


def flag_views(doc: ReportedDocument) -> Iterator[FlagView]:
    """The document's flags, each with its context (none without the text: a report keeps no flag context)."""
    return (FlagView(doc.id, flag, *_around(doc, flag)) for flag in doc.flags)


def views(doc: ReportedDocument) -> list[View]:
    """The document's edits and flags, in the order of the text."""
    return sorted([*edit_views(doc), *flag_views(doc)], key=lambda view: view.start)


def text_parts(doc: ReportedDocument) -> list[Part]:
    """The document's text cut at its edits and flags, in order (the text must be known)."""
    text = doc.text or ""
    edits = deque(edit_views(doc))
    out: list[Part] = []
    pos = 0
    for start, end, flags in _flag_runs(doc, list(edits)):
        out += _take(text, edits, pos, start)
        out.append(FlaggedRun(flags, _take(text, edits, start, end)))
        pos = end
    return out + _take(text, edits, pos, None)


def _take(text: str, edits: deque[EditView], start: int, end: int | None) -> list[str | EditView]:
    """The text from `start` to `end` (None: the end of the text), with the edits that start before `end`."""
    parts: list[str | EditView] = []
    pos = start
    while edits and (end is None or edits[0].start < end):
        view = edits.popleft()
        parts += [text[pos : view.start], view]
        pos = view.end
    parts.append(text[pos:end])
    return [part for part in parts if part != ""]


def _flag_runs(doc: ReportedDocument, edits: Sequence[EditView]) -> list[tuple[int, int, list[FlagView]]]:
    """The stretches flags cover, widened to whole edits and merged where they overlap, so that marks nest."""
    starts = [view.start for view in edits]

    def widened(pos: int, outwards: int) -> int:
        i = bisect_right(starts, pos) - 1
        if i >= 0 and edits[i].start < pos < edits[i].end:
            return edits[i].end if outwards > 0 else edits[i].start
        return pos

    runs: list[tuple[int, int, list[FlagView]]] = []
    for view in sorted(flag_views(doc), key=lambda v: v.start):
        start, end = widened(view.start, -1), widened(view.end, 1)
        if runs and start < runs[-1][1]:
            first, last, flags = runs[-1]
            runs[-1] = (first, max(last, end), [*flags, view])
        else:
            runs.append((start, end, [view]))
    return runs


@dataclass
class Tally:
    """Edits, flags, documents and characters of one rule or one category."""

    name: str
    category: str = ""
    reason: str = ""
    edits: int = 0
    flags: int = 0
    docs: int = 0
    chars: int = 0
    examples: list[View] = field(default_factory=list)


@dataclass
class Summary:
    """What a set of reports adds up to. Fed one document at a time, so it streams."""

    examples: int = 3
    documents: int = 0
    edits: int = 0
    flags: int = 0
    removed: int = 0
    alarms: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    failed: list[FailedDocument] = field(default_factory=list)
    malformed: list[MalformedReport] = field(default_factory=list)
    by_rule: dict[str, Tally] = field(default_factory=dict)
    by_category: dict[str, Tally] = field(default_factory=dict)

    def add(self, doc: Entry) -> None:
        if isinstance(doc, FailedDocument):
            self.failed.append(doc)
            return
        if isinstance(doc, MalformedReport):
            self.malformed.append(doc)
            return
        self.documents += 1
        if doc.alarm:
            self.alarms.append((doc.id, doc.alarm))
        seen: set[tuple[int, str]] = set()  # (table, name) already counted for this document
        for view in views(doc):
            self._add_view(doc, view, seen)

    def _add_view(self, doc: ReportedDocument, view: View, seen: set[tuple[int, str]]) -> None:
        """Count one edit or flag: in all, per category and per rule."""
        chars = len(view.edit["original"]) if isinstance(view, EditView) else 0
        if isinstance(view, FlagView):
            self.flags += 1
        elif not FURNITURE.isdisjoint(view.categories):
            self.removed += chars
        self.edits += isinstance(view, EditView)
        for category in dict.fromkeys(view.categories):
            self._count(self.by_category, category, category, view, chars, seen)
        for rule in view.rules:
            info = doc.rule_info(rule)
            tally = self._count(self.by_rule, rule, info.get("category", view.categories[0]), view, chars, seen)
            tally.reason = tally.reason or info.get("reason", "")

    def _count(
        self, table: dict[str, Tally], name: str, category: str, view: View, chars: int, seen: set[tuple[int, str]]
    ) -> Tally:
        tally = table.setdefault(name, Tally(name, category))
        tally.flags += isinstance(view, FlagView)
        tally.edits += isinstance(view, EditView)
        tally.chars += chars
        tally.docs += (id(table), name) not in seen
        seen.add((id(table), name))
        if len(tally.examples) < self.examples:
            tally.examples.append(view)
        return tally

    def sorted_alarms(self) -> list[tuple[str, dict[str, Any]]]:
        """Alarmed documents, the most removed first (stable for equal shares)."""
        return sorted(self.alarms, key=lambda item: -item[1].get("removed_share", 0))

    def rules_in_order(self) -> list[Tally]:
        """Rules by category (in pipeline order), then most edits and flags first."""
        rank = {c: i for i, c in enumerate(CATEGORIES)}
        return sorted(
            self.by_rule.values(), key=lambda t: (rank.get(t.category, len(rank)), -t.edits, -t.flags, t.name)
        )

    def counts(self) -> str:
        """The header's figures: documents (failed, malformed), edits, flags, characters removed, alarms."""
        troubles = "".join(
            f", {len(entries)} {name}"
            for name, entries in (("failed", self.failed), ("malformed", self.malformed))
            if entries
        )
        return (
            f"{self.documents} documents{troubles}: {self.edits} edits, {self.flags} flags, "
            f"{self.removed} characters removed as furniture, {len(self.alarms)} alarms"
        )


def summarize(docs: Iterable[Entry], examples: int = 3) -> Summary:
    summary = Summary(examples=examples)
    for doc in docs:
        summary.add(doc)
    return summary


def left_out(malformed: Sequence[MalformedReport]) -> None:
    """Raise the error that names every malformed report, when there is any."""
    if malformed:
        listed = "\n".join(f"  {bad}" for bad in malformed)
        raise ReportError(f"{len(malformed)} malformed reports, left out of the review:\n{listed}")


def summary_lines(source: ReportSource, examples: int = 3) -> Iterator[str]:
    """``cleantext review``: the summary of every report; then an error naming the malformed ones."""
    summary = summarize(source.documents(), examples)
    yield from format_summary(summary)
    left_out(summary.malformed)


def rule_lines(source: ReportSource, rule_id: str) -> Iterator[str]:
    """``cleantext review --rule``: every edit and flag of one rule; an error when there is none."""
    malformed: list[MalformedReport] = []
    empty = True
    for line in format_rule(_documents(source.documents(), malformed), rule_id):
        empty = False
        yield line
    left_out(malformed)
    if empty:
        raise ReportError(f"no edit or flag of rule {rule_id!r} in the reports")


def document_lines(source: ReportSource, doc_id: str) -> Iterator[str]:
    """``cleantext review --doc``: one document as an inline diff, with its input when given."""
    malformed: list[MalformedReport] = []
    doc = find_document(_documents(source.documents(), malformed), doc_id)
    if doc is None:
        left_out(malformed)
        raise ReportError(f"no document with id {doc_id!r} in the reports")
    source.attach_originals([doc])
    yield from format_document(doc)
    left_out(malformed)


def _documents(entries: Iterable[Entry], malformed: list[MalformedReport]) -> Iterator[ReportedDocument]:
    """The documents with a report, noting the malformed ones on the way."""
    for entry in entries:
        if isinstance(entry, ReportedDocument):
            yield entry
        elif isinstance(entry, MalformedReport):
            malformed.append(entry)


def format_summary(summary: Summary) -> Iterator[str]:
    """The summary: alarms first, then tallies per category and per rule, with examples."""
    yield click.style(summary.counts(), bold=True)
    if summary.alarms:
        yield ""
        yield click.style("Alarms: start with these documents", fg="red", bold=True)
        for doc_id, alarm in summary.sorted_alarms():
            yield f"  {doc_id}  {alarm.get('reason', '')}"
    if summary.failed:
        yield ""
        yield click.style("Failed documents", fg="red", bold=True)
        for failure in summary.failed:
            yield f"  {failure.id}  {failure.error}"
    if not summary.by_rule:
        return
    yield ""
    yield click.style(f"{'category':<28} {'edits':>7} {'flags':>6} {'docs':>6} {'chars':>8}", bold=True)
    rank = {c: i for i, c in enumerate(CATEGORIES)}
    for tally in sorted(summary.by_category.values(), key=lambda t: rank.get(t.name, len(rank))):
        yield f"{tally.name:<28} {_figures(tally)}"
    yield ""
    yield click.style(f"{'rule':<28} {'edits':>7} {'flags':>6} {'docs':>6} {'chars':>8}  category: reason", bold=True)
    for tally in summary.rules_in_order():
        yield f"{tally.name:<28} {_figures(tally)}  {tally.category}: {tally.reason}"
        for view in tally.examples:
            yield f"    {click.style(view.doc, fg='blue')}: {inline_example(view)}"


def _figures(tally: Tally) -> str:
    return f"{tally.edits:>7} {tally.flags:>6} {tally.docs:>6} {tally.chars:>8}"


def format_rule(docs: Iterable[ReportedDocument], rule_id: str) -> Iterator[str]:
    """Every edit and flag of a rule, document by document; nothing when there is none."""
    for doc in docs:
        for view in views(doc):
            if rule_id in view.rules:
                yield f"{click.style(f'{view.doc} @{view.start}', fg='blue')}: {inline_example(view)}"


def format_document(doc: ReportedDocument) -> Iterator[str]:
    """One document's changes and flags: the whole text with them inline, or each in its context."""
    stats = doc.report.get("stats") or {}
    yield click.style(
        f"{doc.id}: {len(doc.edits)} edits, {len(doc.flags)} flags, "
        f"{stats.get('removed_share', 0):.1%} removed as furniture",
        bold=True,
    )
    if doc.alarm:
        yield click.style(f"ALARM: {doc.alarm.get('reason', '')}", fg="red", bold=True)
    if doc.text is None:
        yield click.style(
            "(no input text: each edit and flag in its line; pass --input for the whole document)", dim=True
        )
        for view in views(doc):
            yield f"  {inline_example(view)}"
        return
    yield ""
    yield from _rendered(text_parts(doc), NEWLINE_MARK + "\n").rstrip("\n").split("\n")


def _rendered(parts: Sequence[Part], newline: str) -> str:
    """Pieces of a text with their marks, for the terminal."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, EditView):
            out.append(_marked(part.edit["original"], part.edit["replacement"], part.edit["rule"], newline))
        else:
            out.append(_flagged(_rendered(part.parts, newline), "+".join(part.rules)))
    return "".join(out)


def inline_example(view: View) -> str:
    """One edit or flag on one line: ``…before[-old-]{+new+}after… ⟨rule⟩``, or ``…before[?flagged?]⟨rule⟩…``."""
    before = ("…" if view.before else "") + view.before
    after = view.after + ("…" if view.after else "")
    if isinstance(view, FlagView):
        return before + _flagged(_shorten(view.flag["text"]).replace("\n", NEWLINE_MARK), view.flag["rule"]) + after
    original, replacement = _shorten(view.edit["original"]), _shorten(view.edit["replacement"])
    return before + _marked(original, replacement, view.edit["rule"], NEWLINE_MARK) + after


def _shorten(text: str, limit: int = EXAMPLE_CHARS) -> str:
    """A long text cut in the middle, so that one example stays about one line."""
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return f"{text[:half]}…{text[-half:]}"


def _marked(original: str, replacement: str, rule: str, newline: str) -> str:
    out = ""
    if original:
        out += click.style("[-" + original.replace("\n", newline) + "-]", fg="red", strikethrough=True)
    if replacement:
        out += click.style("{+" + replacement.replace("\n", newline) + "+}", fg="green")
    return out + click.style(f"⟨{rule}⟩", fg="cyan", dim=True)


def _flagged(inner: str, rule: str) -> str:
    """A flagged span: its text (already marked inside) between ``[?`` and ``?]``; only the marks are coloured."""
    mark = {"fg": "yellow", "bold": True}
    return click.style("[?", **mark) + inner + click.style("?]", **mark) + click.style(f"⟨{rule}⟩", fg="cyan", dim=True)


def find_document(docs: Iterable[ReportedDocument], doc_id: str) -> ReportedDocument | None:
    """The first document known by `doc_id`."""
    return next((d for d in docs if d.id == doc_id), None)


@dataclass
class Selection:
    """The documents a page shows: every alarmed one first (up to the limit), then the others in order."""

    limit: int
    alarmed: list[ReportedDocument] = field(default_factory=list)
    others: list[ReportedDocument] = field(default_factory=list)

    def add(self, doc: Entry) -> None:
        if not isinstance(doc, ReportedDocument):
            return
        bucket = self.alarmed if doc.alarm else self.others
        if len(bucket) < self.limit:
            bucket.append(doc)

    def documents(self) -> list[ReportedDocument]:
        alarmed = sorted(self.alarmed, key=lambda d: -(d.alarm or {}).get("removed_share", 0))
        return (alarmed + self.others)[: self.limit]
