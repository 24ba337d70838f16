"""Patterns that can backtrack catastrophically, found when a pack loads.

A backtracking engine (``regex``, like ``re``) tries every way a pattern can
match before it gives up on a position. Where a repeat's body can match the
same text in more than one way, the ways multiply with each repetition, and a
line of a few dozen characters that almost matches takes hours: ``(a+)+$``,
``(\\w|\\w)+$``, ``(a|aa)*$``. This module reads a pattern's parse tree (that of
Python's ``re``, whose syntax ``regex`` extends; ``\\p{..}`` classes are read as
the characters they hold) and names the two shapes that do it:

- a repeat whose body can end in more than one place before a character that
  also starts the body: a repeat inside it (``(a+)+``, ``(\\w+\\s*)+``), or an
  optional item at its end (``(aa?)+``): the character can go to this repetition
  or open the next one;
- a repeat of alternatives that can match the same text (``(\\w|\\d)+``), or where
  one is another followed by a character that starts the body (``(a|aa)*``).

Character sets are compared over a sample alphabet (ASCII, and some letters,
digits, spaces and marks of other scripts) and the pattern's own characters. Possessive
repeats and atomic groups never backtrack into what they matched: they are safe
by construction, and the way to write such a pattern. Repeats of at most
:data:`SMALL_REPEAT` copies are left alone (their cost is a small power of the
line's length), and so are patterns this module cannot read: the time limit of
:mod:`cleantext.packs` still stops them.
"""

from __future__ import annotations

import functools
import itertools
import re
import re._constants as sre
import re._parser as sre_parse
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import regex

from cleantext.prefilter import structure

#: Repeats of at most this many copies are not checked.
SMALL_REPEAT = 8
#: Characters of other scripts, spaces and marks that stand for the rest of Unicode.
_SAMPLES = "\u00a0\u2007\u2028éÉßñÑçøåıİſµαΩβжЖяЯ中文ひカ한ائשׁ٣१²½’‘“”«»„–—…•€£¥©®™°"
_ALPHABET = frozenset(map(chr, range(128))) | frozenset(_SAMPLES)
#: Private-use characters stand in the parsed pattern for the ``\\p{..}`` classes that ``re`` cannot read.
_PRIVATE = 0xF0000
_REGEX_ONLY = regex.compile(r"\\(?:([pP])(\{[^}]*\}|[A-Za-z])|K)|\\.", regex.DOTALL)
_FLAGS = re.IGNORECASE | re.DOTALL | re.VERBOSE | re.MULTILINE
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}

Node = tuple[Any, Any]
Chars = frozenset[str]


@functools.lru_cache(maxsize=4096)
def catastrophic(pattern: str, flags: int = 0) -> str | None:
    """Why `pattern` (``regex`` syntax, compiled with `flags`) can backtrack catastrophically; None if it cannot,
    or if it cannot be read here."""
    source, classes = _readable(pattern)
    try:
        tree = sre_parse.parse(_alternatives_kept(source), flags & _FLAGS)
    except (re.error, OverflowError, RecursionError):
        return None
    reader = _Reader(classes, bool(tree.state.flags & re.IGNORECASE), bool(tree.state.flags & re.DOTALL))
    return next(reader.faults(list(tree)), None)


def _readable(pattern: str) -> tuple[str, dict[int, str]]:
    """The pattern with ``\\p{..}`` classes as private-use characters (and ``\\K`` dropped), and those classes."""
    classes: dict[int, str] = {}

    def put(match: regex.Match) -> str:
        if match.group(1) is None:
            return "" if match.group() == "\\K" else match.group()
        code = _PRIVATE + len(classes)
        classes[code] = match.group()
        return f"\\U{code:08x}"

    return _REGEX_ONLY.sub(put, pattern), classes


def _alternatives_kept(source: str) -> str:
    """The source with a zero-width ``\\A`` opening every alternative after the first: ``re`` would fold
    ``(\\w|\\d)`` into one class, and ``(ab|ac)`` into ``a[bc]``, which ``regex`` does not."""
    cuts = [0, *(index + 1 for index, char, _ in structure(source) if char == "|"), len(source)]
    return "\\A".join(source[a:b] for a, b in itertools.pairwise(cuts))


class _Reader:
    """The character sets, optional ends and faults of one parsed pattern."""

    def __init__(self, classes: dict[int, str], ignore_case: bool, dot_all: bool) -> None:
        self.classes = classes
        self.flags = regex.IGNORECASE if ignore_case else 0
        self.dot_all = dot_all

    def faults(self, items: list[Node]) -> Iterator[str]:
        """Why each catastrophic repeat in `items` (and the groups inside them) is one."""
        for op, av in items:
            for inner in _children(op, av):
                yield from self.faults(inner)
            if op in _REPEATS and av[1] > SMALL_REPEAT:
                fault = self.repeat_fault(list(av[2]))
                if fault is not None:
                    yield fault

    def repeat_fault(self, body: list[Node]) -> str | None:
        """Why a repeat of `body` can match the same text in many ways; None if it cannot."""
        body = _unwrapped(body)
        opening = self.first(body)
        shared = (self.elastic_end(body) | self.swallowed(body)) & opening
        if shared and self.fits(body, shared):
            return (
                "it can backtrack catastrophically: a repeat inside a repeat can take the same characters, so a "
                "run of them splits into repetitions in many ways (like (a+)+ or (\\w+\\s*)+); make the inner "
                "repeat possessive (a++) or the parts distinct"
            )
        sequences = [self.sequence(branch) for branch in _alternatives(body)]
        if _overlapping([s for s in sequences if s]):
            return (
                "it can backtrack catastrophically: alternatives under a repeat can match the same text "
                "(like (a|a)+ or (a|aa)*); make them distinct or the group atomic (?>...)"
            )
        return None

    def chars(self, op: Any, av: Any) -> Chars:
        """The characters a one-character item matches."""
        if op is sre.LITERAL:
            return self.literal(av)
        if op is sre.NOT_LITERAL:
            return _ALPHABET - self.literal(av)
        if op is sre.ANY:
            return _ALPHABET if self.dot_all else _ALPHABET - {"\n"}
        members = frozenset().union(*(self.member(o, a) for o, a in av if o is not sre.NEGATE))
        return _ALPHABET - members if av and av[0][0] is sre.NEGATE else members

    def member(self, op: Any, av: Any) -> Chars:
        """The characters one member of a class takes."""
        if op is sre.LITERAL:
            return self.literal(av)
        if op is sre.RANGE:
            return _matching(f"[\\U{av[0]:08x}-\\U{av[1]:08x}]", self.flags)
        if op is sre.CATEGORY and av in _CATEGORIES:
            return _matching(_CATEGORIES[av], self.flags)
        return _ALPHABET  # a class member not known here: it may take anything

    def literal(self, code: int) -> Chars:
        """A character, or the ``\\p{..}`` class it stands for, under the case flag."""
        source = self.classes.get(code, regex.escape(chr(code)))
        return _matching(source, self.flags) | ({chr(code)} if code not in self.classes else set())

    def first(self, items: list[Node]) -> Chars:
        """The characters a match of `items` can start with."""
        return _until_solid(items, self.item_first)

    def item_first(self, op: Any, av: Any) -> Chars:
        """The characters a match of one item can start with."""
        if op in _ZERO_WIDTH:
            return frozenset()
        inner = _children(op, av)
        if inner:
            return frozenset().union(*(self.first(branch) for branch in inner))
        if op is sre.GROUPREF:
            return _ALPHABET
        return self.chars(op, av)

    def elastic_end(self, items: list[Node]) -> Chars:
        """The characters that a match of `items` may either end before or take in: those that start another
        turn of a repeat at its end (optional items after it aside)."""
        return _until_solid(reversed(items), self.item_elastic)

    def item_elastic(self, op: Any, av: Any) -> Chars:
        """The characters that one item may either end before or take in."""
        if op in _REPEATS:
            body = list(av[2])
            turns = self.first(body) if av[1] > max(av[0], 1) else frozenset()
            return turns | self.elastic_end(body)
        if op is sre.SUBPATTERN:
            return self.elastic_end(list(av[3]))
        if op is sre.BRANCH:
            return frozenset().union(*(self.elastic_end(list(b)) for b in av[1]))
        return frozenset()  # one character, a zero-width item, or an atomic or possessive one: it never gives back

    def swallowed(self, items: list[Node]) -> Chars:
        """The characters of a repeat of one character that can also take every item after it (``.*`` in
        ``.*a``): a match of `items` can end at each of them and go on."""
        for n, (op, av) in enumerate(items):
            if op in _REPEATS and av[1] > av[0] and len(av[2]) == 1:
                taken = self.one_char(*av[2][0])
                if taken and all(self.one_char(o, a) <= taken for o, a in items[n + 1 :] if o not in _ZERO_WIDTH):
                    return taken
        return frozenset()

    def one_char(self, op: Any, av: Any) -> Chars:
        """The characters of a one-character item, or of a repeat of one; empty for anything else."""
        if op in _REPEATS and len(av[2]) == 1:
            return self.one_char(*av[2][0])
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
            return self.chars(op, av)
        return frozenset()

    def fits(self, items: list[Node], allowed: Chars) -> bool:
        """Whether `items` can match a string of `allowed` characters only (the empty string, if they can)."""
        return all(self.item_fits(op, av, allowed) for op, av in items)

    def item_fits(self, op: Any, av: Any, allowed: Chars) -> bool:
        """Whether one item can match a string of `allowed` characters only."""
        if op in _ZERO_WIDTH or op is sre.GROUPREF or _nullable(op, av):
            return True
        if op in _REPEATS or op is sre.POSSESSIVE_REPEAT or op is sre.SUBPATTERN or op is sre.ATOMIC_GROUP:
            return self.fits(_children(op, av)[0], allowed)
        if op is sre.BRANCH or op is sre.GROUPREF_EXISTS:
            return any(self.fits(branch, allowed) for branch in _children(op, av))
        return bool(self.chars(op, av) & allowed)

    def sequence(self, items: list[Node]) -> list[Chars] | None:
        """The character set of each position of `items`, if they match a fixed run of characters."""
        out: list[Chars] = []
        for op, av in items:
            if op in _ZERO_WIDTH:
                continue
            if op in _REPEATS and av[0] == av[1] and av[1] <= SMALL_REPEAT:
                inner = self.sequence(list(av[2]))
                if inner is None:
                    return None
                out += inner * av[0]
            elif op is sre.SUBPATTERN:
                inner = self.sequence(list(av[3]))
                if inner is None:
                    return None
                out += inner
            elif op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
                out.append(self.chars(op, av))
            else:
                return None
        return out


def _unwrapped(body: list[Node]) -> list[Node]:
    """The items of a repeat's body, through the groups around them."""
    while len(body) == 1 and body[0][0] is sre.SUBPATTERN:
        body = list(body[0][1][3])
    return body


def _alternatives(body: list[Node]) -> list[list[Node]]:
    """The alternatives a repeat's body is made of; none if it is not a choice."""
    if len(body) == 1 and body[0][0] is sre.BRANCH:
        return [list(branch) for branch in body[0][1][1]]
    return []


def _overlapping(alternatives: list[list[Chars]]) -> bool:
    """Whether two `alternatives` (the character set of each position) match the same text, or one matches
    the other's start and alternatives can match the rest of that other (``a|aa``)."""
    for n, one in enumerate(alternatives):
        for other in alternatives[n + 1 :]:
            short, long = sorted((one, other), key=len)
            if _fits_start(short, long) and _covered(long[len(short) :], alternatives):
                return True
    return False


def _fits_start(short: list[Chars], long: list[Chars]) -> bool:
    """Whether some text matches both `short` and the start of `long`."""
    return all(a & b for a, b in zip(short, long, strict=False))


def _covered(rest: list[Chars], alternatives: list[list[Chars]]) -> bool:
    """Whether a run of `alternatives` can match some text that `rest` matches (the empty run, the empty rest)."""
    return not rest or any(
        len(alt) <= len(rest) and _fits_start(alt, rest) and _covered(rest[len(alt) :], alternatives)
        for alt in alternatives
    )


def _children(op: Any, av: Any) -> list[list[Node]]:
    """The item lists nested in an item: a group's, a repeat's body, each alternative, a look-around's."""
    if op in _REPEATS or op is sre.POSSESSIVE_REPEAT:
        return [list(av[2])]
    if op is sre.SUBPATTERN:
        return [list(av[3])]
    if op is sre.BRANCH:
        return [list(b) for b in av[1]]
    if op is sre.ATOMIC_GROUP:
        return [list(av)]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [list(av[1])]
    if op is sre.GROUPREF_EXISTS:
        return [list(b) for b in av[1:] if b is not None]
    return []


def _until_solid(items: Iterable[Node], each: Callable[[Any, Any], Chars]) -> Chars:
    """The union of `each` over `items`, up to the first that cannot match the empty string (that one included)."""
    out: set[str] = set()
    for op, av in items:
        out |= each(op, av)
        if not _nullable(op, av):
            break
    return frozenset(out)


def _nullable(op: Any, av: Any) -> bool:
    """Whether an item can match the empty string."""
    if op in _ZERO_WIDTH or op is sre.GROUPREF:
        return True
    if op in _REPEATS or op is sre.POSSESSIVE_REPEAT:
        return av[0] == 0 or all(_nullable(o, a) for o, a in av[2])
    inner = _children(op, av)
    if op is sre.BRANCH or op is sre.GROUPREF_EXISTS:
        return any(all(_nullable(o, a) for o, a in branch) for branch in inner)
    if inner:
        return all(_nullable(o, a) for o, a in inner[0])
    return False


@functools.lru_cache(maxsize=1024)
def _matching(source: str, flags: int) -> Chars:
    """The characters of the sample alphabet that the one-character pattern `source` matches."""
    pattern = regex.compile(source, flags)
    return frozenset(c for c in _ALPHABET if pattern.fullmatch(c))
