"""Whitespace: line endings first, and at the end a tidy of what is left.

The tidy removes spaces at line ends, folds runs of spaces inside a line, and
leaves at most one blank line between paragraphs, none at the start or the end,
and a final newline only where the text had one after its last line. It is
computed line by line in one pass, so that tidying tidy text changes nothing.
"""

from __future__ import annotations

import regex

from cleantext.document import Change

_LINE_BREAK = regex.compile(r"\r\n?|[\u2028\u2029\x85]")
_SEPARATORS = ("\r", "\u2028", "\u2029", "\x85")
_SPACE_RUN = regex.compile(r"(?<=\S) {2,}(?=\S)")
#: What the tidy removes from the end of a line (the Unicode repair judges a line without it too).
TRAILING_SPACE = " \t"

NEWLINES_RULE = "whitespace.newlines"
TRAILING_RULE = "whitespace.trailing"
SPACES_RULE = "whitespace.spaces"
BLANK_LINES_RULE = "whitespace.blank-lines"


def newline_changes(text: str) -> list[Change]:
    """Windows, old Mac and Unicode line separators made ``\\n``."""
    if not any(separator in text for separator in _SEPARATORS):  # most texts: substring scans at C speed
        return []
    return [Change(m.start(), m.end(), "\n", NEWLINES_RULE, "whitespace") for m in _LINE_BREAK.finditer(text)]


def tidy(text: str) -> list[Change]:
    """Changes that tidy the whitespace of `text` (lines split on ``\\n``)."""
    changes: list[Change] = []
    lines = text.split("\n")
    content = [i for i, line in enumerate(lines) if line.strip()]
    if not content:
        return [Change(0, len(text), "", BLANK_LINES_RULE, "whitespace")] if text else []
    first, last = content[0], content[-1]
    pos = 0
    previous_blank = False
    for i, line in enumerate(lines):
        start, end = pos, pos + len(line)
        stop = min(end + 1, len(text))  # through the newline, if any
        pos = end + 1
        blank = not line.strip()
        if i == last + 1:  # only blank lines follow: drop them, keep the newline before
            changes.append(Change(start, len(text), "", BLANK_LINES_RULE, "whitespace"))
            break
        if i < first or (blank and previous_blank):
            changes.append(Change(start, stop, "", BLANK_LINES_RULE, "whitespace"))
            continue
        previous_blank = blank
        if blank:
            if line:
                changes.append(Change(start, end, "", TRAILING_RULE, "whitespace"))
            continue
        kept = line.rstrip(TRAILING_SPACE)
        if "  " in kept:  # the common case, no run of spaces, without a regex call
            changes.extend(
                Change(start + m.start(), start + m.end(), " ", SPACES_RULE, "whitespace")
                for m in _SPACE_RUN.finditer(kept)
            )
        if len(kept) < len(line):
            changes.append(Change(start + len(kept), end, "", TRAILING_RULE, "whitespace"))
    return changes
