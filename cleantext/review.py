"""Reviewing what cleaning removed: tallies per rule and category, every edit of
one rule, one document as an inline diff.

The functions here read reports (see :mod:`cleantext.reports`) and return lines
of text styled with :func:`click.style`; the command line only prints them, and
click drops the colours when the output is not a terminal. Deletions read
``[-…-]`` and insertions ``{+…+}`` (as in ``git diff --word-diff``) with or
without colour, so the marks survive a pipe, a log file and a colour-blind eye.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import click

from cleantext.document import CATEGORIES, edit_context
from cleantext.reports import FailedDocument, ReportedDocument, ReportError, ReportSource

#: How a line break inside a deletion or insertion is shown on one line.
NEWLINE_MARK = "⏎"

#: One-line examples show at most this many characters of a long removal (head and tail).
EXAMPLE_CHARS = 120


@dataclass(frozen=True)
class EditView:
    """One edit of one document, with the text around it on its line."""

    doc: str
    edit: dict[str, Any]
    before: str
    after: str

    @property
    def rules(self) -> list[str]:
        return self.edit.get("rules") or [self.edit["rule"]]

    @property
    def categories(self) -> list[str]:
        return self.edit.get("categories") or [self.edit["category"]]


def edit_views(doc: ReportedDocument) -> Iterator[EditView]:
    """The document's edits, each with its context: from the text, else from the report."""
    for edit in doc.edits:
        if doc.text is not None:
            before, after = edit_context(doc.text, edit["start"], edit["end"])
        else:
            before, after = edit.get("context") or ("", "")
        yield EditView(doc.id, edit, before, after)


@dataclass
class Tally:
    """Edits, documents and characters of one rule or one category."""

    name: str
    category: str = ""
    reason: str = ""
    edits: int = 0
    docs: int = 0
    chars: int = 0
    examples: list[EditView] = field(default_factory=list)


@dataclass
class Summary:
    """What a set of reports adds up to. Fed one document at a time, so it streams."""

    examples: int = 3
    documents: int = 0
    edits: int = 0
    removed: int = 0
    alarms: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    failed: list[FailedDocument] = field(default_factory=list)
    by_rule: dict[str, Tally] = field(default_factory=dict)
    by_category: dict[str, Tally] = field(default_factory=dict)

    def add(self, doc: ReportedDocument | FailedDocument) -> None:
        if isinstance(doc, FailedDocument):
            self.failed.append(doc)
            return
        self.documents += 1
        if doc.alarm:
            self.alarms.append((doc.id, doc.alarm))
        in_doc: set[tuple[str, str]] = set()  # (table, name) already counted for this document
        for view in edit_views(doc):
            self.edits += 1
            size = len(view.edit["original"])
            if "boilerplate" in view.categories:
                self.removed += size
            for category in set(view.categories):
                self._count(self.by_category, category, category, view, size, ("category", category) not in in_doc)
                in_doc.add(("category", category))
            for rule in view.rules:
                info = doc.rule_info(rule)
                category = info.get("category", view.categories[0])
                self._count(self.by_rule, rule, category, view, size, ("rule", rule) not in in_doc)
                in_doc.add(("rule", rule))
                self.by_rule[rule].reason = self.by_rule[rule].reason or info.get("reason", "")

    def _count(self, table: dict[str, Tally], name: str, category: str, view: EditView, size: int, new_doc: bool):
        tally = table.setdefault(name, Tally(name, category))
        tally.edits += 1
        tally.chars += size
        tally.docs += new_doc
        if len(tally.examples) < self.examples:
            tally.examples.append(view)

    def sorted_alarms(self) -> list[tuple[str, dict[str, Any]]]:
        """Alarmed documents, the most removed first (stable for equal shares)."""
        return sorted(self.alarms, key=lambda item: -item[1].get("removed_share", 0))

    def rules_in_order(self) -> list[Tally]:
        """Rules by category (in pipeline order), then most edits first."""
        rank = {c: i for i, c in enumerate(CATEGORIES)}
        return sorted(self.by_rule.values(), key=lambda t: (rank.get(t.category, len(rank)), -t.edits, t.name))


def summarize(docs: Iterable[ReportedDocument | FailedDocument], examples: int = 3) -> Summary:
    summary = Summary(examples=examples)
    for doc in docs:
        summary.add(doc)
    return summary


def summary_lines(source: ReportSource, examples: int = 3) -> Iterator[str]:
    """``cleantext review``: the summary of every report."""
    return format_summary(summarize(source.documents(), examples))


def rule_lines(source: ReportSource, rule_id: str) -> Iterator[str]:
    """``cleantext review --rule``: every edit of one rule; an error when it made none."""
    empty = True
    for line in format_rule(source.documents(), rule_id):
        empty = False
        yield line
    if empty:
        raise ReportError(f"no edit of rule {rule_id!r} in the reports")


def document_lines(source: ReportSource, doc_id: str) -> Iterator[str]:
    """``cleantext review --doc``: one document as an inline diff, with its input when given."""
    doc = find_document(source.documents(), doc_id)
    if doc is None:
        raise ReportError(f"no document with id {doc_id!r} in the reports")
    source.attach_originals([doc])
    return format_document(doc)


def format_summary(summary: Summary) -> Iterator[str]:
    """The summary: alarms first, then tallies per category and per rule, with examples."""
    failed = f", {len(summary.failed)} failed" if summary.failed else ""
    yield click.style(
        f"{summary.documents} documents{failed}: {summary.edits} edits, "
        f"{summary.removed} characters removed as boilerplate, {len(summary.alarms)} alarms",
        bold=True,
    )
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
    yield click.style(f"{'category':<28} {'edits':>7} {'docs':>6} {'chars':>8}", bold=True)
    rank = {c: i for i, c in enumerate(CATEGORIES)}
    for tally in sorted(summary.by_category.values(), key=lambda t: rank.get(t.name, len(rank))):
        yield f"{tally.name:<28} {tally.edits:>7} {tally.docs:>6} {tally.chars:>8}"
    yield ""
    yield click.style(f"{'rule':<28} {'edits':>7} {'docs':>6} {'chars':>8}  category: reason", bold=True)
    for tally in summary.rules_in_order():
        yield f"{tally.name:<28} {tally.edits:>7} {tally.docs:>6} {tally.chars:>8}  {tally.category}: {tally.reason}"
        for view in tally.examples:
            yield f"    {click.style(view.doc, fg='blue')}: {inline_example(view)}"


def format_rule(docs: Iterable[ReportedDocument | FailedDocument], rule_id: str) -> Iterator[str]:
    """Every edit a rule made, document by document; nothing when it made none."""
    for doc in docs:
        if isinstance(doc, FailedDocument):
            continue
        for view in edit_views(doc):
            if rule_id in view.rules:
                where = click.style(f"{view.doc} @{view.edit['start']}", fg="blue")
                yield f"{where}: {inline_example(view)}"


def format_document(doc: ReportedDocument) -> Iterator[str]:
    """One document's changes: the whole text with its edits inline, or each edit in its context."""
    stats = doc.report.get("stats", {})
    yield click.style(
        f"{doc.id}: {len(doc.edits)} edits, {stats.get('removed_share', 0):.1%} removed as boilerplate", bold=True
    )
    if doc.alarm:
        yield click.style(f"ALARM: {doc.alarm.get('reason', '')}", fg="red", bold=True)
    if doc.text is None:
        yield click.style("(no input text: each edit in its line; pass --input for the whole document)", dim=True)
        for view in edit_views(doc):
            yield f"  {inline_example(view)}"
        return
    yield ""
    parts: list[str] = []
    pos = 0
    for edit in doc.edits:
        parts.append(doc.text[pos : edit["start"]])
        parts.append(_marked(edit["original"], edit["replacement"], edit["rule"], NEWLINE_MARK + "\n"))
        pos = edit["end"]
    parts.append(doc.text[pos:])
    yield from "".join(parts).rstrip("\n").split("\n")


def inline_example(view: EditView) -> str:
    """One edit on one line: ``…before[-old-]{+new+}after… ⟨rule⟩``."""
    before = ("…" if view.before else "") + view.before
    after = view.after + ("…" if view.after else "")
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


def find_document(docs: Iterable[ReportedDocument | FailedDocument], doc_id: str) -> ReportedDocument | None:
    """The first document known by `doc_id`."""
    return next((d for d in docs if isinstance(d, ReportedDocument) and d.id == doc_id), None)


@dataclass
class Selection:
    """The documents a page shows: every alarmed one first (up to the limit), then the others in order."""

    limit: int
    alarmed: list[ReportedDocument] = field(default_factory=list)
    others: list[ReportedDocument] = field(default_factory=list)
    total: int = 0

    def add(self, doc: ReportedDocument | FailedDocument) -> None:
        if isinstance(doc, FailedDocument):
            return
        self.total += 1
        bucket = self.alarmed if doc.alarm else self.others
        if len(bucket) < self.limit:
            bucket.append(doc)

    def documents(self) -> list[ReportedDocument]:
        alarmed = sorted(self.alarmed, key=lambda d: -(d.alarm or {}).get("removed_share", 0))
        return (alarmed + self.others)[: self.limit]
