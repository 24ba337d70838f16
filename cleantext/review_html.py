"""The review as one self-contained HTML page.

Everything the page needs is inside it: the stylesheet and script are read from
``cleantext/assets`` and inlined, and a Content-Security-Policy forbids loading
anything else, so the page opens offline and cannot leak what it shows. The
texts come from scraped pages and are untrusted: every text and attribute goes
through :func:`html.escape`, and the script reads its data from the DOM rather
than from embedded JSON.

Rules and categories are named in ``data-`` attributes by index (``r3``, ``c0``)
so that whatever characters a rule id holds, the filters match exactly. An edit
is a ``span.edit``; a flagged stretch (a span a rule left for a person to judge)
is a ``span.flag`` holding its text, the edits inside it, and its rule's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from importlib import resources

from cleantext.document import CATEGORIES
from cleantext.reports import MalformedReport, ReportedDocument, ReportSource
from cleantext.review import (
    NEWLINE_MARK,
    EditView,
    FlaggedRun,
    FlagView,
    Part,
    Selection,
    Summary,
    Tally,
    text_parts,
    views,
)

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'none'"


def _asset(name: str) -> str:
    return resources.files("cleantext").joinpath("assets", name).read_text(encoding="utf-8")


class _Names:
    """Stable short tokens for rules and categories, used by the filters."""

    def __init__(self, summary: Summary) -> None:
        self.rules = {t.name: f"r{i}" for i, t in enumerate(summary.rules_in_order())}
        rank = {c: i for i, c in enumerate(CATEGORIES)}
        ordered = sorted(summary.by_category, key=lambda c: (rank.get(c, len(rank)), c))
        self.categories = {c: f"c{i}" for i, c in enumerate(ordered)}

    def of(self, view: EditView | FlaggedRun) -> tuple[str, str]:
        rules = " ".join(self.rules[r] for r in view.rules if r in self.rules)
        categories = " ".join(self.categories[c] for c in dict.fromkeys(view.categories) if c in self.categories)
        return rules, categories


def review_page(
    source: ReportSource, examples: int = 3, max_docs: int = 200
) -> tuple[str, int, int, list[MalformedReport]]:
    """The page for a set of reports, in one pass over them: (html, documents shown, documents in all, the
    malformed reports it left out)."""
    summary, selection = Summary(examples=examples), Selection(max_docs)
    for doc in source.documents():
        summary.add(doc)
        selection.add(doc)
    shown = selection.documents()
    source.attach_originals(shown)
    return render_page(summary, shown), len(shown), summary.documents, summary.malformed


def render_page(summary: Summary, docs: list[ReportedDocument], title: str = "cleantext review") -> str:
    """The whole page: header with filters and edit navigation, tables, and the documents."""
    names = _Names(summary)
    anchors = {doc.id: f"doc-{i}" for i, doc in enumerate(docs)}
    shown = f"{len(docs)} of {summary.documents} documents shown" if len(docs) < summary.documents else ""
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{escape(title)}</title>\n<style>\n{_asset('review.css')}</style>\n</head>\n<body>\n",
        _header(summary, names, title),
        "<main>\n",
        _overview(summary, shown, anchors),
        _rule_table(summary, names),
        *(_document(doc, anchors[doc.id], names, summary) for doc in docs),
        f"</main>\n<script>\n{_asset('review.js')}</script>\n</body>\n</html>\n",
    ]
    return "".join(parts)


def _header(summary: Summary, names: _Names, title: str) -> str:
    rule_options = "".join(f'<option value="{token}">{escape(name)}</option>' for name, token in names.rules.items())
    category_options = "".join(
        f'<option value="{token}">{escape(name)}</option>' for name, token in names.categories.items()
    )
    return (
        f"<header>\n<h1>{escape(title)}</h1>\n"
        f'<label>Rule <select id="rule-filter"><option value="">all rules</option>{rule_options}</select></label>\n'
        f'<label>Category <select id="category-filter"><option value="">all categories</option>'
        f"{category_options}</select></label>\n"
        '<label>Show <select id="kind-filter"><option value="">edits and flags</option>'
        '<option value="edit">edits</option><option value="flag">flags</option></select></label>\n'
        '<button id="previous" type="button" title="previous edit or flag (p)">◀ previous</button>'
        '<button id="next" type="button" title="next edit or flag (n)">next ▶</button>'
        '<span id="position"></span>\n</header>\n'
    )


def _overview(summary: Summary, shown: str, anchors: dict[str, str]) -> str:
    out = [f"<p>{escape(summary.counts())}. {escape(shown)}</p>\n"]
    if summary.flags:
        out.append(
            f'<p class="flag-note">{summary.flags} flags: spans a rule found suspicious and left unchanged for a '
            'person to judge (<span class="flag">marked so</span>).</p>\n'
        )
    if summary.alarms:
        out.append('<h2 class="alarm">Alarms: start with these documents</h2>\n<ul>\n')
        for doc_id, alarm in summary.sorted_alarms():
            name = f'<a href="#{anchors[doc_id]}">{escape(doc_id)}</a>' if doc_id in anchors else escape(doc_id)
            out.append(f"<li>{name} {escape(str(alarm.get('reason', '')))}</li>\n")
        out.append("</ul>\n")
    if summary.failed:
        out.append('<h2 class="alarm">Failed documents</h2>\n<ul>\n')
        out.extend(f"<li>{escape(f.id)}: {escape(f.error)}</li>\n" for f in summary.failed)
        out.append("</ul>\n")
    if summary.malformed:
        out.append('<h2 class="alarm">Malformed reports, left out</h2>\n<ul>\n')
        out.extend(f"<li>{escape(str(bad))}</li>\n" for bad in summary.malformed)
        out.append("</ul>\n")
    return "".join(out)


def _rule_table(summary: Summary, names: _Names) -> str:
    rows = [
        '<table id="rules">\n<thead><tr><th>rule</th><th>category</th><th>edits</th><th>flags</th>'
        "<th>documents</th><th>characters</th><th>reason</th></tr></thead>\n<tbody>\n"
    ]
    for tally in summary.rules_in_order():
        rows.append(_row(tally, names.rules[tally.name]))
    rows.append("</tbody>\n</table>\n")
    return "".join(rows)


def _row(tally: Tally, token: str) -> str:
    return (
        f'<tr class="rule-row" data-rule="{token}" title="show only this rule"><td>{escape(tally.name)}</td>'
        f'<td>{escape(tally.category)}</td><td class="n">{tally.edits}</td><td class="n">{tally.flags}</td>'
        f'<td class="n">{tally.docs}</td><td class="n">{tally.chars}</td><td>{escape(tally.reason)}</td></tr>\n'
    )


def _document(doc: ReportedDocument, anchor: str, names: _Names, summary: Summary) -> str:
    stats = doc.report.get("stats") or {}
    alarmed = " alarmed" if doc.alarm else ""
    head = [
        f'<article class="doc{alarmed}" id="{anchor}">\n<h2>{escape(doc.id)}</h2>\n',
        f'<p class="meta">{len(doc.edits)} edits, {len(doc.flags)} flags, '
        f"{float(stats.get('removed_share', 0)):.1%} removed as boilerplate, "
        f"language {escape(str(doc.report.get('language', '?')))}</p>\n",
    ]
    if doc.alarm:
        head.append(f'<p class="alarm">{escape(str(doc.alarm.get("reason", "")))}</p>\n')
    if doc.text is None:
        items = "".join(
            f"<li>{escape(v.before)}{_html([_alone(v)], names, summary)}{escape(v.after)}</li>\n" for v in views(doc)
        )
        body = (
            '<p class="meta">The input text was not given (review --input): each edit and flag in its line.</p>\n'
            f'<ul class="fragments">\n{items}</ul>\n'
        )
    else:
        body = f'<div class="text">{_html(text_parts(doc), names, summary)}</div>\n'
    return "".join(head) + body + "</article>\n"


def _alone(view: EditView | FlagView) -> Part:
    """An edit, or a flag as a stretch of its own text."""
    return view if isinstance(view, EditView) else FlaggedRun([view], [view.flag["text"]])


def _html(parts: Sequence[Part], names: _Names, summary: Summary) -> str:
    """Pieces of a text with their marks, escaped."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(escape(part))
        elif isinstance(part, EditView):
            out.append(_span(part, names, summary))
        else:
            out.append(_flag_span(part, names, summary))
    return "".join(out)


def _hover(rules: list[str], summary: Summary) -> str:
    """Each rule with its category and reason, for the title of a mark."""
    return "; ".join(
        f"{rule} ({summary.by_rule[rule].category}): {summary.by_rule[rule].reason}"
        if rule in summary.by_rule
        else rule
        for rule in rules
    )


def _span(view: EditView, names: _Names, summary: Summary) -> str:
    """One edit: the removed text struck through, the new text highlighted, rule and reason on hover."""
    rules, categories = names.of(view)
    inner = ""
    if view.edit["original"]:
        inner += f"<del>{_visible(view.edit['original'])}</del>"
    if view.edit["replacement"]:
        inner += f"<ins>{_visible(view.edit['replacement'])}</ins>"
    hover = escape(_hover(view.rules, summary))
    return f'<span class="edit" data-rules="{rules}" data-categories="{categories}" title="{hover}">{inner}</span>'


def _flag_span(run: FlaggedRun, names: _Names, summary: Summary) -> str:
    """A flagged stretch: its text (with any edits inside) highlighted, then its rule's name; reason on hover."""
    rules, categories = names.of(run)
    hover = escape(_hover(run.rules, summary))
    label = f'<small class="flag-rule">⚑ {escape(" + ".join(run.rules))}</small>'
    return (
        f'<span class="flag" data-rules="{rules}" data-categories="{categories}" title="{hover}">'
        f"{_html(run.parts, names, summary)}{label}</span>"
    )


def _visible(text: str) -> str:
    """Escaped text whose line breaks show a mark, so removed blank lines can be seen."""
    return escape(text).replace("\n", f'<span class="nl">{NEWLINE_MARK}</span>\n')
