"""The text being cleaned, the edits made to it, and the result handed back.

Every stage works on the *current* text and returns its changes as :class:`Change`
objects in current coordinates. :class:`EditLog` keeps a piece table of the text
so that, however many stages touch the same characters, the final report is a
sorted list of non-overlapping :class:`Edit` objects in coordinates of the
*original* text, and applying them to the original rebuilds the output exactly.
"""

from __future__ import annotations

import bisect
import itertools
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

CATEGORIES = ("boilerplate", "comments", "repair", "quotes", "normalize", "whitespace")
#: The categories whose edits remove site furniture: what the alarm weighs (reader comments are furniture too).
FURNITURE: frozenset[str] = frozenset(("boilerplate", "comments"))

#: How many characters of the edit's own line the report shows on each side of it,
#: so that a reviewer can judge a repair without the input at hand.
CONTEXT_CHARS = 30


class Change(NamedTuple):
    """One stage's change, in coordinates of the text that stage was given."""

    start: int
    end: int
    replacement: str
    rule: str
    category: str
    score: float | None = None


@dataclass(frozen=True)
class Edit:
    """One change in the report, in code-point offsets of the original text.

    When several rules changed the same characters (a quote straightened, then
    its line removed), the edit names all of them in ``rules`` (in the order they
    acted) and ``rule`` joins them with ``+``; ``category`` is that of the first.
    """

    start: int
    end: int
    original: str
    replacement: str
    rules: tuple[str, ...]
    categories: tuple[str, ...]
    score: float | None = None

    @property
    def rule(self) -> str:
        return "+".join(self.rules)

    @property
    def category(self) -> str:
        return self.categories[0]

    def to_dict(self, original: str | None = None) -> dict[str, Any]:
        """The report's entry; given the original text, it carries the edit's context."""
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "original": self.original,
            "replacement": self.replacement,
            "rule": self.rule,
            "category": self.category,
        }
        if len(self.rules) > 1:
            out["rules"] = list(self.rules)
            out["categories"] = list(self.categories)
        if self.score is not None:
            out["score"] = round(self.score, 3)
        if original is not None and set(self.categories) != {"whitespace"}:
            # Whitespace edits are most of the edits and need no context to judge.
            before, after = edit_context(original, self.start, self.end)
            if before or after:
                out["context"] = [before, after]
        return out


def edit_context(original: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """Up to `width` characters before and after a span, never crossing a line break.

    Staying on the line keeps the context short and telling: a whole-line removal
    needs none (its own text says what it was), a repair inside a sentence shows
    the words around it.
    """
    before = original[max(0, start - width) : start]
    before = before[before.rfind("\n") + 1 :]
    after = original[end : end + width]
    return before, after.split("\n", 1)[0]


@dataclass(frozen=True)
class Flag:
    """A span a rule found suspicious but would not change (action ``flag``)."""

    start: int
    end: int
    text: str
    rule: str
    category: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "rule": self.rule,
            "category": self.category,
        }


#: A run of the current text: where it lies in the original (start, end), the text that edits made of it, the
#: rules and categories of those edits (none: unchanged original text, which holds no text of its own, so that
#: splitting it at every change does not copy the rest of the text each time), and an edit's score. A plain
#: tuple of strings and numbers: the garbage collector stops tracking it, and a text with a million edits holds
#: millions of pieces, which every full collection would otherwise walk.
_Piece = tuple[int, int, str, tuple[str, ...], tuple[str, ...], float | None]


def _unchanged(start: int, end: int) -> _Piece:
    """The piece of original text from `start` to `end`."""
    return start, end, "", (), (), None


def _length(piece: _Piece) -> int:
    """A piece's length in the current text."""
    return len(piece[2]) if piece[3] else piece[1] - piece[0]


class EditLog:
    """A piece table over the original text that records every change made to it."""

    def __init__(self, original: str) -> None:
        self.original = original
        self._pieces = [_unchanged(0, len(original))] if original else []
        self._text: str | None = original
        self._ends: list[int] | None = None  # where each piece ends in the current text, once asked

    @property
    def text(self) -> str:
        """The current text, after every change applied so far."""
        if self._text is None:
            original = self.original
            self._text = "".join(p[2] if p[3] else original[p[0] : p[1]] for p in self._pieces)
        return self._text

    def apply(self, changes: Iterable[Change]) -> None:
        """Apply one stage's changes, given in coordinates of the current text.

        The changes must be sorted and must not overlap (they may touch).
        """
        changes = [c for c in changes if c.start < c.end or c.replacement]
        if not changes:
            return
        _check_sorted(changes, len(self.text))
        self._pieces = _splice(self._pieces, changes)
        self._text = None
        self._ends = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the current text to the span of the original it came from.

        A span inside text that an edit produced maps to that edit's whole span.
        The pieces are looked up by bisection: a text with many flags does not
        cost a pass over all its pieces for each.
        """
        if self._ends is None:
            self._ends = list(itertools.accumulate(_length(piece) for piece in self._pieces))
        ends = self._ends
        first = bisect.bisect_right(ends, start)  # the first piece that ends after `start`
        if first == len(ends):
            return len(self.original), len(self.original)
        o_start = _original_at(self._pieces[first], ends[first], start, at_end=False)
        last = bisect.bisect_left(ends, end, first)  # from there, the first piece that ends at or after `end`
        o_end = len(self.original) if last == len(ends) else _original_at(self._pieces[last], ends[last], end, True)
        return o_start, max(o_start, o_end)

    def edits(self) -> list[Edit]:
        """The report: sorted, non-overlapping edits in original coordinates."""
        out: list[Edit] = []
        for start, end, made, rules, categories, score in self._pieces:
            if not rules:
                continue
            original = self.original[start:end]
            if original == made:
                continue  # later rules undid what earlier ones did
            out.append(Edit(start, end, original, made, rules, categories, score))
        return out


def _original_at(piece: _Piece, piece_end: int, at: int, at_end: bool) -> int:
    """Where offset `at` of the current text, inside `piece` (which ends at `piece_end` there), lies in the
    original; for a piece that edits made, its start or (`at_end`) its end."""
    start, end, _, rules, _, _ = piece
    if rules:
        return end if at_end else start
    return start + at - (piece_end - (end - start))


def _check_sorted(changes: list[Change], length: int) -> None:
    prev_end = 0
    for c in changes:
        if not prev_end <= c.start <= c.end <= length:
            raise ValueError(f"change {c} is out of order, overlaps, or falls outside the text")
        prev_end = c.end


def _splice(pieces: list[_Piece], changes: list[Change]) -> list[_Piece]:
    """Apply sorted changes to a piece list and return the new one.

    Unchanged pieces are split exactly at change boundaries. A piece that an
    earlier change produced has no inner mapping to the original, so a new change
    that reaches into it absorbs it whole: the result covers both original spans
    and names every rule involved.
    """
    out: list[_Piece] = []
    rest: deque[tuple[int, _Piece]] = deque()
    pos = 0
    for piece in pieces:
        rest.append((pos, piece))
        pos += _length(piece)

    named: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # one rules tuple per rule, not per piece
    for change in changes:
        cs, ce = change.start, change.end
        while rest and rest[0][0] + _length(rest[0][1]) <= cs:  # pieces wholly before the change pass through
            out.append(rest.popleft()[1])
        if rest and not rest[0][1][3] and ce <= rest[0][0] + _length(rest[0][1]):
            # Most changes (a line removed, a quote straightened) fall inside original text: the piece there
            # splits around the change; nothing is absorbed.
            ps, piece = rest.popleft()
            at, cut = piece[0] + (cs - ps), piece[0] + (ce - ps)
            if at > piece[0]:
                out.append(_unchanged(piece[0], at))
            rules, categories = _labels(named, change)
            out.append((at, cut, change.replacement, rules, categories, change.score))
            if cut < piece[1]:
                rest.appendleft((ce, _unchanged(cut, piece[1])))
            continue
        if rest and rest[0][0] < cs and not rest[0][1][3]:  # an unchanged piece straddles the start: split
            ps, piece = rest[0]
            left, right = _split(piece, cs - ps)
            out.append(left)
            rest[0] = (cs, right)

        parts, kept, prefix, suffix = _absorb(rest, cs, ce)
        if not parts:  # an insertion between two pieces
            at = rest[0][1][0] if rest else (out[-1][1] if out else 0)
            parts = [_unchanged(at, at)]
        parts = _made(parts, change, prefix, suffix)
        if suffix:
            # Later changes of this stage may still reach into the suffix; put the
            # last part back, positioned so that its suffix starts at `ce`.
            last = parts.pop()
            rest.appendleft((ce - len(last[2]) + len(suffix), last))
        out.extend(sorted(parts + kept, key=lambda p: (p[0], p[1])) if kept else parts)

    out.extend(piece for _, piece in rest)
    return out


def _labels(
    named: dict[str, tuple[tuple[str, ...], tuple[str, ...]]], change: Change
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The rules and categories of a piece that `change` alone made, shared by the pieces of its rule in `named`."""
    labels = named.get(change.rule)
    if labels is None or labels[1][0] != change.category:
        labels = named[change.rule] = (change.rule,), (change.category,)
    return labels


def _made(parts: list[_Piece], change: Change, prefix: str, suffix: str) -> list[_Piece]:
    """The `parts` that `change` replaces, as it leaves them: the first holds the text of earlier edits left
    before it (`prefix`) and its replacement, the last the text left after it (`suffix`); each names its rule."""
    out: list[_Piece] = []
    last = len(parts) - 1
    for n, (start, end, _, rules, categories, score) in enumerate(parts):
        made = (prefix + change.replacement if n == 0 else "") + (suffix if n == last else "")
        rules = rules if change.rule in rules else (*rules, change.rule)
        categories = categories if change.category in categories else (*categories, change.category)
        out.append((start, end, made, rules, categories, score if change.score is None else change.score))
    return out


def _absorb(rest: deque[tuple[int, _Piece]], cs: int, ce: int) -> tuple[list[_Piece], list[_Piece], str, str]:
    """Take from `rest` the pieces that the change [cs, ce) covers.

    Returns the parts the change replaces (runs of original text, each merged
    with the earlier edits it overlaps), the earlier pure deletions lying inside
    the change (kept as edits of their own, so the report still names them one
    by one), and the text of earlier edits that the change leaves standing
    before and after itself.
    """
    parts: list[_Piece] = []
    kept: list[_Piece] = []
    joined = False  # the last of `parts` runs on into the next piece
    prefix = suffix = ""
    while rest and rest[0][0] < ce:
        ps, piece = rest.popleft()
        start, end, made, rules, categories, score = piece
        pe = ps + _length(piece)
        if rules and not made:
            kept.append(piece)
            joined = False
            continue
        if not joined:
            parts.append(_unchanged(start, start))
            joined = True
        part_start, _, _, part_rules, part_categories, part_score = parts[-1]
        if rules:
            if ps < cs:
                prefix = made[: cs - ps]
            suffix = made[ce - ps :] if pe > ce else ""
            rules, categories = _union(part_rules, rules), _union(part_categories, categories)
            score = part_score if part_score is not None else score
        else:
            rules, categories, score = part_rules, part_categories, part_score
            if pe > ce:
                left, right = _split(piece, ce - ps)
                rest.appendleft((ce, right))
                end = left[1]
        parts[-1] = (part_start, end, "", rules, categories, score)
    return parts, kept, prefix, suffix


def _split(piece: _Piece, at: int) -> tuple[_Piece, _Piece]:
    """Split an unchanged piece at offset `at` of its text."""
    o = piece[0] + at
    return _unchanged(piece[0], o), _unchanged(o, piece[1])


def _union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return a + tuple(x for x in b if x not in a)


@dataclass
class CleanResult:
    """What :meth:`cleantext.Cleaner.clean` returns: the text and its report."""

    text: str
    original: str
    edits: list[Edit]
    language: str
    flags: list[Flag] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    encoding: str | None = None
    rules: dict[str, dict[str, str]] = field(default_factory=dict)
    #: How bytes were read (see :meth:`cleantext.decoding.Decoding.report`): the encoding, what chose it, and
    #: the bytes it could not read (offset and value), each made U+FFFD. None for a text given as a string.
    decoding: dict[str, Any] | None = None
    alarm: dict[str, Any] | None = None
    #: Ids of the spin-signal rules that fired: independent signs of a spun or
    #: machine-translated text. Their count is the spin score.
    spin_signals: list[str] = field(default_factory=list)
    #: What decided `language`: ``cld2``, ``py3langid`` or ``langdetect`` (the step of the
    #: detection cascade that answered), ``letters`` (too few to tell), or ``given``.
    language_decided_by: str = ""

    @property
    def spin_score(self) -> int:
        """How many independent signs of spinning the text showed."""
        return len(self.spin_signals)

    def to_dict(self) -> dict[str, Any]:
        """The report, as plain JSON-ready data."""
        out: dict[str, Any] = {"language": self.language, "language_decided_by": self.language_decided_by}
        if self.encoding is not None:
            out["encoding"] = self.encoding
        if self.decoding is not None:
            out["decoding"] = self.decoding
        out["spin_score"] = self.spin_score
        out["spin_signals"] = self.spin_signals
        out["stats"] = self.stats
        out["alarm"] = self.alarm
        out["edits"] = [e.to_dict(self.original) for e in self.edits]
        out["flags"] = [f.to_dict() for f in self.flags]
        out["rules"] = self.rules
        return out


def removed_lines(original: str, edits: Iterable[Edit]) -> dict[int, Edit]:
    """The non-blank lines of `original` that a furniture edit removed whole, by line number, with that edit."""
    removals = [e for e in edits if not e.replacement.strip() and not FURNITURE.isdisjoint(e.categories)]
    out: dict[int, Edit] = {}
    k = pos = 0
    for number, line in enumerate(original.split("\n")):
        start, end = pos, pos + len(line)
        pos = end + 1
        while k < len(removals) and removals[k].end < end:
            k += 1
        if line.strip() and k < len(removals) and removals[k].start <= start:
            out[number] = removals[k]
    return out


def apply_edits(original: str, edits: Iterable[Edit | dict[str, Any]]) -> str:
    """Rebuild the clean text from the original and a report's edits."""
    parts: list[str] = []
    pos = 0
    for e in edits:
        start, end, replacement = (
            (e["start"], e["end"], e["replacement"]) if isinstance(e, dict) else (e.start, e.end, e.replacement)
        )
        if start < pos:
            raise ValueError(f"edits overlap or are out of order at offset {start}")
        parts.append(original[pos:start])
        parts.append(replacement)
        pos = end
    parts.append(original[pos:])
    return "".join(parts)
