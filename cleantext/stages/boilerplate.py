"""Boilerplate removal: whole lines and blocks of site furniture.

Three rule scopes act on lines, each matched against the whole stripped line
(``fullmatch``), so that a rule for "Source link" can never cut into a sentence
that merely mentions a source link:

- ``line``: the line goes wherever it stands;
- ``block``: the line is a header ("Related Articles"); it goes together with the
  short, unpunctuated list items that follow it;
- ``tail``: the line goes only when nothing but other boilerplate and blank lines
  follows it to the end of the text (promotional site taglines, for example,
  which would be too risky to match in the body).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from cleantext.document import Change
from cleantext.packs import Rule

#: Sentence-final punctuation in the scripts the packs cover; a trailing ellipsis
#: marks a teaser ("Like Loading...", "Read the full story…"), not a sentence.
_SENTENCE_END = regex.compile(r"(?<!\.\.|…)[.!?。！？؟।]['\"’”»)\]]*$")


@dataclass
class Line:
    """One line of the text: where it starts and ends (without its newline)."""

    start: int
    end: int  # end of the content, before the newline
    stop: int  # after the newline
    text: str  # stripped content

    @property
    def blank(self) -> bool:
        return not self.text


def split_lines(text: str) -> list[Line]:
    """The lines of a text, with offsets."""
    lines: list[Line] = []
    pos = 0
    for body in text.split("\n"):
        end = pos + len(body)
        lines.append(Line(pos, end, min(end + 1, len(text)), body.strip()))
        pos = end + 1
    return lines


def word_count(text: str) -> int:
    return len(text.split())


def ends_sentence(text: str) -> bool:
    """Whether a line ends like a sentence (not like a teaser ending in an ellipsis)."""
    return bool(_SENTENCE_END.search(text))


def is_list_item(text: str, max_words: int) -> bool:
    """A line that reads like a link in a list: short, not a sentence."""
    return word_count(text) <= max_words and not ends_sentence(text)


def strip_boilerplate(text: str, rules: Sequence[Rule]) -> tuple[list[Change], list[Change]]:
    """Removals (and flags) for the boilerplate lines of `text`.

    Returns ``(changes, flags)``; flags are changes that must not be applied,
    only reported.
    """
    if not rules:
        return [], []
    lines = split_lines(text)
    verdict: dict[int, Rule] = {}
    line_rules = [r for r in rules if r.scope == "line"]
    block_rules = [r for r in rules if r.scope == "block"]
    tail_rules = [r for r in rules if r.scope == "tail"]
    for i, line in enumerate(lines):
        if line.blank:
            continue
        rule = _first_match(line_rules, line.text)
        if rule is not None:
            verdict[i] = rule
    for i, line in enumerate(lines):
        if line.blank or i in verdict:
            continue
        rule = _first_match(block_rules, line.text)
        if rule is not None:
            verdict[i] = rule
            for j in _block_items(lines, i + 1, rule):
                verdict.setdefault(j, rule)
    _mark_tail(lines, verdict, tail_rules)
    changes: list[Change] = []
    flags: list[Change] = []
    for i in sorted(verdict):
        rule = verdict[i]
        line = lines[i]
        if rule.action == "flag":
            flags.append(Change(line.start, line.end, "", rule.id, rule.category))
        else:
            changes.append(Change(line.start, line.stop, "", rule.id, rule.category))
    return changes, flags


def _first_match(rules: Sequence[Rule], text: str) -> Rule | None:
    for rule in rules:
        if rule.max_words is not None and word_count(text) > rule.max_words:
            continue
        if rule.fullmatch(text):
            return rule
    return None


def _block_items(lines: list[Line], start: int, rule: Rule) -> Iterator[int]:
    """The list items after a block header: short lines, blank lines between them."""
    taken = 0
    for j in range(start, len(lines)):
        line = lines[j]
        if line.blank:
            continue
        if taken >= rule.max_items or not is_list_item(line.text, rule.item_max_words):
            return
        taken += 1
        yield j


def _mark_tail(lines: list[Line], verdict: dict[int, Rule], rules: Sequence[Rule]) -> None:
    """Walk up from the end through boilerplate, marking lines that tail rules match."""
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if line.blank or i in verdict:
            continue
        rule = _first_match(rules, line.text)
        if rule is None:
            return
        verdict[i] = rule
