"""Quote style: straight ASCII quotes (the default, as ftfy does), typographic quotes,
or the author's own style with only broken quotes repaired.

Every quote is decided on its own character, so a change here is always one
character (or a TeX pair ``\\`\\``/``''``) replaced by one character.
"""

from __future__ import annotations

import regex

from cleantext.document import Change

MODES = ("straight", "curly", "keep")
RULE = {mode: f"quotes.{mode}" for mode in MODES}

# ftfy's uncurl_quotes set: curly, low-9 and reversed-9 marks and the modifier-letter
# apostrophe. Guillemets, CJK brackets and primes are left alone.
_TO_STRAIGHT = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u02bc", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f", '"'),
}
_STRAIGHTEN = regex.compile("[" + "".join(_TO_STRAIGHT) + "]")
# ``TeX'' / PTB-style quote pairs left by tokenizers: broken in any mode.
_TEX_PAIR = regex.compile(r"``(?=\S)(?P<body>[^`'\n]{1,400}?)(?<=\S)''")

# Curly mode, English: the apostrophe rules run before the quote rules.
_PRIME = regex.compile(r"(?<=\b\d{1,2})'(?=\d{1,2}\b)|(?<=\d['′]\d{1,2})\"")
_ELISION = regex.compile(
    r"(?<![\w'])'(?=(?:\d0s|\d\d\b|em\b|tis\b|twas\b|til\b|cause\b|n'|round\b|bout\b))|(?<=\s'n)'(?=\s)",
    regex.IGNORECASE,
)
_INNER_APOSTROPHE = regex.compile(r"(?<=\w)'(?=\w)")
_OPENING_CONTEXT = " \t\n\u00a0([{<\u2014\u2013/-\u201c\u2018"


def quote_changes(text: str, mode: str, language: str) -> list[Change]:
    """Changes that bring the quotes of `text` to the chosen style."""
    if mode not in MODES:
        raise ValueError(f"unknown quote mode {mode!r}; expected one of {', '.join(MODES)}")
    rule = RULE[mode]
    tex = list(_TEX_PAIR.finditer(text))
    if mode == "straight":
        changes = _tex_changes(tex, '"', '"', rule)
        changes += [
            Change(m.start(), m.end(), _TO_STRAIGHT[m.group()], rule, "quotes") for m in _STRAIGHTEN.finditer(text)
        ]
        return sorted(changes)
    if mode == "keep" or language != "en":
        # No English rule runs on other languages' quotes; only TeX pairs are broken everywhere.
        return _tex_changes(tex, "\u201c", "\u201d", rule)
    return sorted(_tex_changes(tex, "\u201c", "\u201d", rule) + _curl(text, tex, rule))


def _tex_changes(pairs: list[regex.Match], open_: str, close: str, rule: str) -> list[Change]:
    changes: list[Change] = []
    for m in pairs:
        changes.append(Change(m.start(), m.start() + 2, open_, rule, "quotes"))
        changes.append(Change(m.end() - 2, m.end(), close, rule, "quotes"))
    return changes


def _curl(text: str, tex: list[regex.Match], rule: str) -> list[Change]:
    """English typographic quotes for every straight or curly quote outside TeX pairs."""
    skip = {i for m in tex for i in (m.start(), m.start() + 1, m.end() - 2, m.end() - 1)}
    target: dict[int, str] = {}
    for m in _PRIME.finditer(text):
        target[m.start()] = "\u2032" if m.group() == "'" else "\u2033"
    for pattern in (_ELISION, _INNER_APOSTROPHE):
        for m in pattern.finditer(text):
            target.setdefault(m.start(), "\u2019")
    changes: list[Change] = []
    for i, char in enumerate(text):
        if i in skip or (char not in _TO_STRAIGHT and char not in "'\""):
            continue
        plain = _TO_STRAIGHT.get(char, char)
        want = target.get(i) or _directional(text, i, plain)
        if want != char:
            changes.append(Change(i, i + 1, want, rule, "quotes"))
    return changes


def _directional(text: str, i: int, plain: str) -> str:
    """Opening after a space, bracket, dash or another opening quote; closing otherwise."""
    opening = i == 0 or text[i - 1] in _OPENING_CONTEXT
    if plain == '"':
        return "\u201c" if opening else "\u201d"
    return "\u2018" if opening else "\u2019"
