"""Inline rules: patterns replaced, dropped or flagged wherever they occur in the text.

Repairs of spun text use this scope. A rule's ``replacement`` is a regex template
(``\\1``, ``\\g<name>``); with ``case = "sentence"`` its first letter is made upper
case at the start of a sentence and lower case elsewhere, so "Theo Reuters" can
become "According to Reuters" or "…, according to Reuters" as the place demands.
A lexicon rule replaces the phrases of its table that meet the conditions its
pattern sets around them; an ``inflect`` rule re-inflects the group ``verb``.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from cleantext.document import Change
from cleantext.inflection import inflect, tense_at
from cleantext.packs import LineReach, Rule

_OPENERS = " \t\u00a0'\"‘“(["
_CLOSERS = "'\"’”)]"
_SENTENCE_ENDS = ".!?…"
_VERB = "\\g<verb>"


def apply_inline(text: str, rule: Rule) -> tuple[list[Change], list[Change]]:
    """The changes (and flags) one inline rule makes in `text`.

    A hit whose replacement is None is flagged instead of changed: a rule can
    find a spot it is not sure how to repair (a verb whose tense the sentence
    does not tell).
    """
    changes: list[Change] = []
    flags: list[Change] = []
    for start, end, replacement in _hits(text, rule):
        if rule.action == "flag" or replacement is None:
            flags.append(Change(start, end, "", rule.id, rule.category))
            continue
        if rule.case == "sentence":
            replacement = _sentence_case(replacement, at_sentence_start(text, start))
        if replacement != text[start:end]:
            changes.append(Change(start, end, replacement, rule.id, rule.category))
    return changes, flags


def _hits(text: str, rule: Rule) -> Iterator[tuple[int, int, str | None]]:
    """Spans the rule found, each with what it becomes."""
    if not rule.tried_on(text):
        return
    if rule.lexicon is not None:
        reach = LineReach()
        for hit in rule.lexicon.find(text):
            if rule.in_context(text, hit.start, hit.end, reach):
                yield hit.start, hit.end, "" if rule.action == "drop" else hit.replacement
        return
    for match in rule.finditer(text):
        if match.start() == match.end():
            continue
        if rule.action == "drop":
            yield match.start(), match.end(), ""
        elif rule.inflect is not None:
            yield match.start(), match.end(), _inflected(text, rule, match)
        else:
            yield match.start(), match.end(), match.expand(rule.replacement)


def _inflected(text: str, rule: Rule, match: regex.Match) -> str | None:
    """The replacement with the verb re-inflected; None when the tense or the verb is unknown."""
    tag = rule.inflect
    if tag == "tense":
        tag = tense_at(text, match.start("verb"), match.end("verb"))
    form = inflect(match.group("verb"), tag) if tag else None
    if form is None:
        return None
    template = rule.replacement or _VERB
    return match.expand(template.replace(_VERB, form.replace("\\", "\\\\")))


def at_sentence_start(text: str, pos: int) -> bool:
    """Whether position `pos` of `text` begins a sentence (or a line)."""
    i = pos
    while i > 0 and text[i - 1] in _OPENERS:
        i -= 1
    if i == 0 or text[i - 1] == "\n":
        return True
    if i == pos:  # no space before it: mid-word
        return False
    while i > 0 and text[i - 1] in _CLOSERS:
        i -= 1
    return i > 0 and text[i - 1] in _SENTENCE_ENDS


def _sentence_case(text: str, upper: bool) -> str:
    if not text:
        return text
    first = text[0].upper() if upper else text[0].lower()
    return first + text[1:]
