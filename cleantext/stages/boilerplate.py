"""Boilerplate removal: whole lines and blocks of site furniture.

Three rule scopes act on lines, each matched against the whole stripped line
(``fullmatch``), so that a rule for "Source link" can never cut into a sentence
that merely mentions a source link:

- ``line``: the line goes wherever it stands;
- ``block``: the line is a header ("Related Articles"); it goes together with the
  short, unpunctuated list items that follow it;
- ``tail``: the line goes only when nothing but other boilerplate and blank lines
  follows it to the end of the text (promotional site taglines, for example,
  which would be too risky to match in the body);
- ``rest``: the line heads the rest of the page ("12 Comments", "Leave a Reply"):
  it goes with everything after it, but only where at least ``after_share`` of
  the text's words come before it, so that the article is behind it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from cleantext.document import Change
from cleantext.packs import MATCH_TIMEOUT, Rule

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
    line_rules = matcher(tuple(r for r in rules if r.scope == "line"))
    block_rules = matcher(tuple(r for r in rules if r.scope == "block"))
    tail_rules = matcher(tuple(r for r in rules if r.scope == "tail"))
    rest_rules = tuple(r for r in rules if r.scope == "rest")
    for i, line in enumerate(lines):
        if line.blank:
            continue
        rule = line_rules.first(line.text)
        if rule is not None:
            verdict[i] = rule
    for i, line in enumerate(lines):
        if line.blank or i in verdict:
            continue
        rule = block_rules.first(line.text)
        if rule is not None:
            verdict[i] = rule
            for j in _block_items(lines, i + 1, rule):
                verdict.setdefault(j, rule)
    _mark_tail(lines, verdict, tail_rules)
    _mark_rest(lines, verdict, rest_rules)
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


class Matcher:
    """Line rules of one scope, in order, behind one combined pattern.

    Almost every line of a text matches no rule; one fullmatch of the rules'
    patterns joined by ``|`` settles that in a single call, and only the lines
    it lets through are tried rule by rule (so the report still names the first
    rule that matches, and a slow pattern still fails under its own id).
    """

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.any = _combined(rules)

    def first(self, text: str) -> Rule | None:
        """The first rule whose pattern matches the whole of `text` (within its word limit)."""
        if not self.rules:
            return None
        if self.any is not None:
            try:
                if not self.any.fullmatch(text, timeout=MATCH_TIMEOUT):
                    return None
            except TimeoutError:
                pass  # let the rules run one by one: the slow one is named
        words = None
        for rule in self.rules:
            if rule.max_words is not None:
                words = word_count(text) if words is None else words
                if words > rule.max_words:
                    continue
            if rule.fullmatch(text):
                return rule
        return None


@functools.lru_cache(maxsize=64)
def matcher(rules: tuple[Rule, ...]) -> Matcher:
    """The Matcher of a tuple of rules, built once per set of rules (per language)."""
    return Matcher(rules)


def _combined(rules: tuple[Rule, ...]) -> regex.Pattern | None:
    """The rules' patterns as one alternation, each under its own case flag; None if they do not combine."""
    parts = [f"(?{'i' if r.pattern.flags & regex.IGNORECASE else '-i'}:{r.pattern.pattern})" for r in rules]
    try:
        return regex.compile("|".join(parts))
    except regex.error:  # e.g. the same group name in two rules
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


def _mark_tail(lines: list[Line], verdict: dict[int, Rule], rules: Matcher) -> None:
    """Walk up from the end through boilerplate, marking lines that tail rules match."""
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if line.blank or i in verdict:
            continue
        rule = rules.first(line.text)
        if rule is None:
            return
        verdict[i] = rule


def _mark_rest(lines: list[Line], verdict: dict[int, Rule], rules: tuple[Rule, ...]) -> None:
    """The first header (past its rule's ``after_share`` of the words) takes every line after it."""
    if not rules:
        return
    counts = [word_count(line.text) for line in lines]
    total = sum(counts) or 1
    before = 0
    eligible = matcher(())
    for i, line in enumerate(lines):
        share = before / total
        before += counts[i]
        if line.blank:
            continue
        ready = tuple(r for r in rules if share >= r.after_share)
        if len(ready) != len(eligible.rules):
            eligible = matcher(ready)
        rule = eligible.first(line.text)
        if rule is not None:
            for j in range(i, len(lines)):
                if not lines[j].blank:
                    verdict.setdefault(j, rule)
            return
