"""Writing learned rules as a TOML rule pack a person can review.

The standard library reads TOML but does not write it, and a pack for review
needs comments (how often a rule matched, where), which TOML writers drop, so
the pack is written here, with every string escaped by :func:`toml_string` and
every comment made one safe line by :func:`comment`. The text is then read back
with the pack loader and every rule's examples are run before anything is
written: an example that does not hold is dropped, and a rule left without one
is dropped with it, so the pack always passes ``cleantext rules test``.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import regex

from cleantext.examples import check_rule
from cleantext.learn import Learned, LearnedRule, Occurrence, normalize_line
from cleantext.packs import Example, load_pack

#: Article lines each rule keeps as proof that it leaves the article alone.
KEEPS_PER_RULE = 2
#: The pack lists at most this many recurring lines it did not propose.
SKIPPED_SHOWN = 30
#: A comment shows at most this many characters of an example context.
COMMENT_CHARS = 160

_CONTROL = regex.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


class NothingLearned(ValueError):
    """No rule could be written: nothing recurs enough, or no rule kept an example."""


def toml_string(text: str) -> str:
    """A TOML basic string holding exactly `text`."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _CONTROL.match(ch):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_pattern(pattern: str) -> str:
    """A pattern as a TOML literal string (no escaping to undo), when it can be one."""
    if "\n" in pattern and "'''" not in pattern and not _CONTROL.search(pattern.replace("\n", "")):
        return f"'''{pattern}'''"
    if "'" not in pattern and not _CONTROL.search(pattern):
        return f"'{pattern}'"
    return toml_string(pattern)


def comment(text: str) -> str:
    """One comment line: line breaks shown as ⏎, other control characters as spaces."""
    flat = _CONTROL.sub(" ", text.replace("\n", " ⏎ "))
    if len(flat) > COMMENT_CHARS:
        flat = flat[: COMMENT_CHARS - 1] + "…"
    return "# " + flat if flat else "#"


def one_line(text: str) -> str:
    """A line as the whitespace tidy leaves it: single spaces, no control characters."""
    return " ".join(_CONTROL.sub(" ", text).split())


def write_pack(learned: Learned, name: str, language: str = "*") -> str:
    """The pack's TOML text, with only examples that hold (see the module docstring)."""
    plans = [plan for plan in (_plan(rule, learned) for rule in learned.rules) if plan.changes and plan.keeps]
    if not plans:
        raise NothingLearned("no rule to write: no line recurs often enough (see --min-docs and --min-share)")
    text = _render(learned, name, language, plans)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "learned.toml"
        path.write_text(text, encoding="utf-8")
        pack = load_pack(path)
        for plan, rule in zip(plans, pack.rules, strict=True):
            failing = {(f.kind, f.input) for f in check_rule(pack, rule)}
            plan.changes = [ex for ex in plan.changes if ("changes", ex.input) not in failing]
            plan.keeps = [ex for ex in plan.keeps if ("keeps", ex.input) not in failing]
    kept = [plan for plan in plans if plan.changes and plan.keeps]
    if not kept:
        raise NothingLearned("no rule to write: no learned rule has examples that hold")
    return _render(learned, name, language, kept)


@dataclass
class _Plan:
    """A rule as it will be written: its id, pattern and examples."""

    rule: LearnedRule
    id: str
    changes: list[Example]
    keeps: list[Example]


def _plan(rule: LearnedRule, learned: Learned) -> _Plan:
    return _Plan(rule, "", [_change(o) for o in rule.occurrences], _keeps(rule, learned))


def _change(occurrence: Occurrence) -> Example:
    """The furniture between its neighbours; the rule leaves the neighbours."""
    around = [one_line(occurrence.before)] if occurrence.before else []
    after = [one_line(occurrence.after)] if occurrence.after else []
    furniture = [one_line(line) for line in occurrence.line.split("\n")]
    output = "".join(line + "\n" for line in around + after)
    return Example("".join(line + "\n" for line in around + furniture + after), output)


def _keeps(rule: LearnedRule, learned: Learned) -> list[Example]:
    """Article lines of the corpus that the rule must leave: near misses first.

    A near miss is a line (of six words or more, matched by no learned rule)
    that shares the most words with the rule: the line a careless widening of
    the pattern would hit first. Ties go to the earlier line of the corpus.
    """
    patterns = [r.compiled() for r in learned.rules]
    words = {t for m in rule.members for t in m.tokens if t.isalpha() and len(t) > 3}
    scored: dict[str, tuple[int, int]] = {}
    for doc_lines in learned.lines:
        for line in doc_lines:
            tidy = one_line(line)
            if len(tidy.split()) < 6 or tidy in scored or any(p.fullmatch(tidy) for p in patterns):
                continue
            shared = len(words & set(normalize_line(tidy).split()))
            scored[tidy] = (-shared, len(scored))
    best = sorted(scored, key=scored.__getitem__)[:KEEPS_PER_RULE]
    return [Example(line + "\n") for line in best]


def _render(learned: Learned, name: str, language: str, plans: list[_Plan]) -> str:
    options = learned.options
    total = len(learned.doc_ids)
    prefix = _slug(name) or "site"
    out = [
        comment(f"Site furniture learned by `cleantext learn` from {total} documents."),
        comment(
            f"Thresholds: a line in at least {options.min_docs} documents and {options.min_share:.0%} of them; "
            f"a line with a slot in {options.slot_min_share:.0%} of them per slot;"
        ),
        comment(
            f"among an article's first or last {options.edge_lines} lines, the same line in "
            f"{options.edge_min_share:.0%} of them; no sentence of more than {options.max_words} words; "
            f"{len(options.allow)} allow-listed lines."
        ),
        comment("Review every rule before use: delete what is article text, widen what is too narrow."),
        comment("Check it with: cleantext rules test FOLDER"),
        "",
        "[pack]",
        f"name = {toml_string(name)}",
        f"language = {toml_string(language)}",
        f"description = {toml_string(f'Furniture of {name}, learned from {total} documents (review before use)')}",
    ]
    used: set[str] = set()
    for plan in plans:
        plan.id = _unique(f"{prefix}.{_slug(plan.rule.members[0].text.replace('|', ' ')) or 'line'}", used)
        out += ["", *_rule_lines(plan, total)]
    if learned.skipped:
        out += ["", comment("Recurring lines not proposed (add a rule by hand if one is furniture after all):")]
        out += [comment(f"  {s.docs} documents: {s.text} ({s.reason})") for s in learned.skipped[:SKIPPED_SHOWN]]
    return "\n".join(out) + "\n"


def _rule_lines(plan: _Plan, total: int) -> list[str]:
    rule = plan.rule
    docs = len(rule.docs)
    lines = [comment(f"Matched {docs} of {total} documents ({docs / total:.0%}).")]
    if len(rule.members) > 1:
        lines.append(comment(f"A block of {len(rule.members)} lines that stand together:"))
        lines += [comment(f"  {len(m.docs)} documents: {m.text}") for m in rule.members]
    for occurrence in rule.occurrences:
        context = " ⏎ ".join(x for x in (occurrence.before, occurrence.line, occurrence.after) if x)
        lines.append(comment(f"e.g. {occurrence.doc}: {context}"))
    lines += [
        "[[rules]]",
        f"id = {toml_string(plan.id)}",
        'category = "boilerplate"',
        'group = "learned"',
        'scope = "line"',
        'action = "drop"',
        f"pattern = {toml_pattern(rule.pattern())}",
        f"reason = {toml_string(f'site furniture: recurs in {docs} of {total} documents (learned)')}",
        "changes = [",
        *(f"  {{ input = {toml_string(ex.input)}, output = {toml_string(ex.output or '')} }}," for ex in plan.changes),
        "]",
        "keeps = [",
        *(f"  {toml_string(ex.input)}," for ex in plan.keeps),
        "]",
    ]
    return lines


def _slug(text: str, words: int = 4) -> str:
    return "-".join(regex.findall(r"[^\W\d_]+", text.lower())[:words])


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{name}-{n}"
    used.add(candidate)
    return candidate
