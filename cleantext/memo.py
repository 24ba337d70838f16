"""Bounded memos of what a stage worked out for one line, kept across texts.

Short lines repeat across the pages of a site (menus, share bars, footers): about
45 % of the non-blank lines of the benchmark pages repeat an earlier short line.
What a stage found for such a line (no rule matches it, its measures, it needs no
Unicode repair) holds for every later text, so it is remembered, up to a bound.
"""

from __future__ import annotations

from typing import Final, TypeVar

#: Lines up to this long are remembered, up to this many (then the memo starts afresh).
MEMO_CHARS: Final = 100
MEMO_LINES: Final = 32768
T = TypeVar("T")


def remember(memo: dict[str, T], key: str, value: T, size: int = MEMO_LINES) -> T:
    """Keep `value` in a memo of at most `size` entries (a full memo starts afresh); returns it."""
    if len(memo) >= size:
        memo.clear()
    memo[key] = value
    return value
