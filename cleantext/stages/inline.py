"""Inline rules: patterns replaced, dropped or flagged wherever they occur in the text.

Repairs of spun text use this scope. A rule's ``replacement`` is a regex template
(``\\1``, ``\\g<name>``); with ``case = "sentence"`` its first letter is made upper
case at the start of a sentence and lower case elsewhere, so "Theo Reuters" can
become "According to Reuters" or "…, according to Reuters" as the place demands.
"""

from __future__ import annotations

from cleantext.document import Change
from cleantext.packs import Rule

_OPENERS = " \t\u00a0'\"‘“(["
_CLOSERS = "'\"’”)]"
_SENTENCE_ENDS = ".!?…"


def apply_inline(text: str, rule: Rule) -> tuple[list[Change], list[Change]]:
    """The changes (and flags) one inline rule makes in `text`."""
    changes: list[Change] = []
    flags: list[Change] = []
    for match in rule.finditer(text):
        if match.start() == match.end():
            continue
        if rule.action == "flag":
            flags.append(Change(match.start(), match.end(), "", rule.id, rule.category))
            continue
        replacement = "" if rule.action == "drop" else match.expand(rule.replacement)
        if rule.case == "sentence":
            replacement = _sentence_case(replacement, at_sentence_start(text, match.start()))
        if replacement != match.group():
            changes.append(Change(match.start(), match.end(), replacement, rule.id, rule.category))
    return changes, flags


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
