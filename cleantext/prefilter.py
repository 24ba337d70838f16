"""RE2 prefilters: rule out, in linear time, the lines that no rule can match.

Most lines of a page are matched by no boilerplate rule, and finding that out
with the ``regex`` module means backtracking through every rule's pattern in
turn. An ``RE2.Set`` (Google's automaton engine) answers "which of these
patterns can match?" in one pass over the line, whatever their number. RE2
cannot stand in for ``regex`` (it lacks look-arounds, possessive quantifiers
and Unicode word classes), so each pattern is translated into a *superset*: an
RE2 pattern that matches every string the original matches, and perhaps more.
A line that no superset matches needs no further look; the rules whose
supersets match are tried with ``regex`` as before, so what the rules decide
never changes. And RE2 runs in linear time: no pattern can hang the prefilter.

How the translation widens a pattern:

- look-arounds and zero-width escapes (``\\b``, ``\\B``, ``\\A``, ``\\Z``,
  ``\\G``, ``\\m``, ``\\M``, ``\\K``) are dropped: a condition less can only
  admit more. The look-aheads at the top level are not lost, though: each
  becomes a condition of its own that must match too, the pattern up to it
  followed by what it looks for (see :func:`translate`);
- atomic groups and possessive quantifiers become ordinary ones; a
  back-reference becomes its group's pattern (the text it repeats is one that
  pattern matched), in either case; a counted repeat wider than
  :data:`REPEAT_BOUND` loses its bounds (an automaton copies the item per count);
- a class escape (``\\w``, ``\\d``, ``\\s``, ``\\p{..}`` and their negations)
  keeps the ASCII characters that ``regex`` puts in it under the case flag in
  force and takes every non-ASCII character: exact on the ASCII that most
  furniture is written in, and small as an automaton (a Unicode class in UTF-8
  is thousands of states). Inside a
  negated class the escape keeps only its ASCII characters, so that the class,
  which excludes less, admits more;
- ``regex`` and RE2 fold case alike except for :data:`FOLD_GAPS`: a pattern
  holding one is not translated, a line holding one passes the prefilter.

A pattern with a construct that has no superset here (named lists, fuzzy
matching, conditionals, flags RE2 lacks, a reference to a group not yet closed)
is not translated, and its rule is tried on every line or text;
``cleantext rules show ID`` says which, and why.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence

import re2
import regex

#: Characters that ``regex`` folds under ignore-case where RE2 does not: Turkish
#: dotted and dotless i, and letters whose case Unicode defined after RE2's tables
#: (tests/test_prefilters.py checks them over the cased letters of the Basic Multilingual
#: Plane; a scan of all planes found no more).
FOLD_GAPS = (
    r"\x{130}-\x{131}\x{19b}\x{264}\x{277}\x{27c}\x{1c89}-\x{1c8a}\x{a7cb}-\x{a7cf}\x{a7d2}-\x{a7d5}"
    r"\x{a7da}-\x{a7dd}\x{a7e2}\x{ab4b}-\x{ab4c}\x{ab6c}-\x{ab6d}\x{10d50}-\x{10d65}\x{10d70}-\x{10d85}"
    r"\x{16ea0}-\x{16eb8}\x{16ebb}-\x{16ed3}\x{1df40}-\x{1df41}\x{1df48}-\x{1df4b}\x{1df4d}-\x{1df4e}"
    r"\x{1df51}-\x{1df52}\x{1df68}-\x{1df6f}\x{1df72}-\x{1df7f}\x{1df95}"
)
_NON_ASCII = r"\x{80}-\x{10ffff}"
_CLASS_ESCAPES = frozenset("wdsWDSpP")
_ZERO_WIDTH = frozenset("bBAZGmMK")
_RE2_FLAGS = frozenset("imsU-")
_BACK_REFERENCE = regex.compile(r"\\([1-9][0-9]?)|\\g<(\w+)>")
_ESCAPES_AND_CLASSES = regex.compile(r"\\.|\[\^?\]?(?:\\.|[^\]])*\]", regex.DOTALL)
_CAPTURING = regex.compile(r"\((?!\?)|\(\?P?<(?![=!])")
_GLOBAL_FLAGS = regex.compile(r"\(\?[a-zA-Z]+\)")
#: Counted repeats up to this many copies translate as they are; wider ones lose their bounds.
REPEAT_BOUND = 8
#: The memory budget of each RE2 automaton: its program and the states it caches, which
#: it discards and rebuilds when full. At 8 MB (RE2's default) the largest set thrashed
#: on the dev pages (4.7 us a line against 1.3 warm at 64 MB). Peak memory of the command
#: line on 100 MB of JSON Lines, one process: 266 MB at 8 MB, 275 MB at 16, 293 MB at 32
#: (231 MB without prefilters), for the same time within 3 %: 16 MB keeps the peak well
#: under the 300 MB a process may take.
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False
_OPTIONS.max_mem = 16 << 20
_HAS_FOLD_GAP = re2.compile(f"[{FOLD_GAPS}]".encode(), _OPTIONS)


class Untranslatable(ValueError):
    """The pattern uses a construct with no RE2 superset here."""


class Prefilter:
    """Which of some ``regex`` patterns might match a string, told by RE2.

    By default a pattern must match the whole string (line rules): one
    ``RE2.Set`` answers for all of them in one pass over a line. With `anywhere`,
    a pattern may match anywhere in it (inline rules, over a whole text): each
    pattern's conditions are searched on their own, since a set searched at every
    position of a page keeps too many automaton states (measured 0.3 ms a page
    against 0.14 ms for the searches one by one, which stop at the first match),
    and the first that fails rules the pattern out. A pattern is a candidate when
    each of its conditions (see :func:`translate`) matches; a pattern of None (a
    lexicon rule's) or without a translation always is.
    """

    def __init__(self, patterns: Sequence[regex.Pattern | None], anywhere: bool = False) -> None:
        conditions = [rule_superset(p, anywhere) if p is not None else None for p in patterns]
        self.everything = tuple(range(len(patterns)))
        self.untranslated = tuple(i for i, c in enumerate(conditions) if c is None)
        self._owner = [i for i, c in enumerate(conditions) for _ in c or ()]  # the pattern of each condition
        self._needed = {i: len(c) for i, c in enumerate(conditions) if c}
        entries = [condition for c in conditions for condition in c or ()]
        self._searches: dict[int, list] = {}  # each pattern's compiled conditions, for `anywhere`
        if anywhere:
            # A rule's look-ahead furthest in tells most (the pattern up to it and what it looks for):
            # searched first, so that one search rules most patterns out.
            self._searches = {i: [re2.compile(x, _OPTIONS) for x in reversed(c)] for i, c in enumerate(conditions) if c}
        self._set: re2.Set | None = None
        if entries and not anywhere:
            self._set = re2.Set.FullMatchSet(_OPTIONS)
            for entry in [*entries, f"(?s:.*[{FOLD_GAPS}].*)"]:  # the last: a line that holds a fold gap
                self._set.Add(entry)
            try:
                self._set.Compile()
            except re2.error:  # beyond RE2's memory budget: no prefilter
                self._set, self._owner, self.untranslated = None, [], self.everything

    def candidates(self, text: str) -> Sequence[int]:
        """The indices, in order, of the patterns that might match `text`."""
        if not self._owner:
            return self.untranslated
        encoded = text.encode()
        hits = self._searched(encoded) if self._set is None else self._in_set(self._set, encoded)
        if hits is None:  # the text holds a fold gap
            return self.everything
        return sorted([*self.untranslated, *hits]) if hits else self.untranslated

    def _in_set(self, line_set: re2.Set, encoded: bytes) -> list[int] | None:
        """The translated patterns whose every condition the set matched; None for a line with a fold gap."""
        matched = line_set.Match(encoded)
        if not matched:
            return []
        if len(self._owner) in matched:  # the fold-gap entry
            return None
        met = Counter(self._owner[n] for n in matched)
        return [i for i, count in met.items() if count == self._needed[i]]

    def _searched(self, encoded: bytes) -> list[int] | None:
        """The translated patterns whose every condition a search finds; None for a text with a fold gap."""
        if _HAS_FOLD_GAP.search(encoded):
            return None
        return [i for i, searches in self._searches.items() if all(s.search(encoded) for s in searches)]


def rule_superset(pattern: regex.Pattern, anywhere: bool = False) -> list[str] | None:
    """The RE2 conditions of a compiled pattern (see :func:`translate`); None if there are none."""
    try:
        return translate(pattern, anywhere)
    except Untranslatable:
        return None


def translate(pattern: regex.Pattern, anywhere: bool = False) -> list[str]:
    """RE2 patterns that all match every string the compiled `pattern` matches (in full,
    or with `anywhere` somewhere in it), its case flag kept.

    The first stands for the whole pattern. The translation of the whole has to
    drop look-aheads (RE2 has no look-arounds), but each one at the top level
    adds a condition of its own: the pattern up to it, then what it looks for
    (``\\w+(?=:)`` needs a word followed by a colon). The cookie notices and site
    taglines of the packs say most of what they require in the look-aheads that
    open them ("(?=.*cookies)(?=.*accept).{0,300}"), and many repairs in the one
    that ends them. Raises :class:`Untranslatable`, saying why, when the whole has
    no translation; a look-ahead without one only adds no condition.
    """
    source = pattern.pattern
    if _HAS_FOLD_GAP.search(source.encode()):
        raise Untranslatable("it holds a character whose case folding differs in RE2")
    case = "(?i:" if pattern.flags & regex.IGNORECASE else "(?:"
    rest = "(?s:.*)" if not anywhere else ""  # in a whole line, what the look-ahead needs is a prefix
    folds = bool(pattern.flags & regex.IGNORECASE)
    conditions = [_checked(case + superset(source, folds) + ")")]
    for prefix, ahead in _lookaheads(source):
        try:
            conditions.append(_checked(case + superset(prefix + "(?:" + ahead + ")", folds) + ")" + rest))
        except Untranslatable:
            continue
    return conditions


def _checked(condition: str) -> str:
    """The condition, if RE2 compiles it."""
    try:
        re2.compile(condition, _OPTIONS)
    except re2.error as exc:
        raise Untranslatable(f"RE2 rejects its translation: {exc}") from exc
    return condition


def _lookaheads(source: str) -> list[tuple[str, str]]:
    """Each positive look-ahead at the top level of a pattern: the pattern before it, and its inside.

    None when an alternative at the top level does without them, and none that
    a quantifier makes optional.
    """
    found = []
    for index, char, depth in structure(source):
        if depth:
            continue
        if char == "|":
            return []
        if source.startswith("(?=", index):
            end = _closing(source, index)
            if source[end + 1 : end + 2] not in ("?", "*", "{"):
                found.append((source[:index], source[index + 3 : end]))
    return found


def superset(pattern: str, ignore_case: bool | None = None) -> str:
    """An RE2 pattern matching every string that the ``regex`` pattern `pattern` matches,
    compiled with or without ``IGNORECASE`` (`ignore_case`; None: either).

    Raises :class:`Untranslatable` for constructs that have none here, and for
    what the translator cannot read (a character name that Python's Unicode
    tables, older than ``regex``'s, do not know): a pattern it cannot read is
    tried everywhere, never a reason for a Cleaner to fail.
    """
    try:
        return _Translator(pattern, ignore_case=ignore_case).run()
    except (KeyError, ValueError) as exc:
        if isinstance(exc, Untranslatable):
            raise
        raise Untranslatable(f"the translator cannot read it: {exc}") from exc


@functools.lru_cache(maxsize=512)
def ascii_members(escape: str, ignore_case: bool | None = None) -> tuple[str, str]:
    """The ASCII characters that ``regex`` puts in a class escape (``\\w``, ``\\p{Lu}``), as RE2 class members.

    Returns ``(narrow, wide)``: those it surely takes, and those it may take with
    every non-ASCII character. Under a known case flag both are the ASCII
    characters it takes; when the flag is not known (`ignore_case` None), those
    it takes under both flags, and under either.
    """
    exact = {c for c in map(chr, range(128)) if regex.fullmatch(escape, c)}
    folded = {c for c in map(chr, range(128)) if regex.fullmatch(escape, c, regex.IGNORECASE)}
    if ignore_case is None:
        return _members(exact & folded), _members(exact | folded) + _NON_ASCII
    taken = folded if ignore_case else exact
    return _members(taken), _members(taken) + _NON_ASCII


def _members(chars: set[str]) -> str:
    return "".join(f"\\x{{{ord(c):x}}}" for c in sorted(chars))


class _Translator:
    """One left-to-right pass over a ``regex`` pattern, writing its RE2 superset."""

    def __init__(self, pattern: str, groups: dict[str, str] | None = None, ignore_case: bool | None = None) -> None:
        self.src = pattern
        self.ignore_case = ignore_case  # the case flag in force (None: not known)
        self.top = groups is None  # the whole pattern, where global flags may stand at the start
        #: Each capturing group's translation, by number and by name, for back-references;
        #: shared with the translators of nested groups. "#" counts the groups opened.
        self.groups: dict[str, str] = {"#": "0"} if groups is None else groups
        self.pos = 0
        self.out: list[str] = []

    def nested(self, end: int, ignore_case: bool | None = None) -> str:
        """The translation of ``src[pos:end]`` (the inside of a group), sharing the groups; the case
        flag in force there is `ignore_case`, or if None the one in force here."""
        folds = self.ignore_case if ignore_case is None else ignore_case
        return _Translator(self.src[self.pos : end], self.groups, folds).run()

    def reference(self, key: str) -> str:
        """A back-reference: the text its group matched is one its pattern matches, in either case."""
        if key not in self.groups:
            raise Untranslatable(f"a reference to group {key}, not yet closed")
        return f"(?i:{self.groups[key]})"

    def run(self) -> str:
        while self.pos < len(self.src):
            self.step()
        return "".join(self.out)

    def step(self) -> None:
        char = self.src[self.pos]
        if char == "\\":
            self.out.append(self.lone_escape())
        elif char == "[":
            self.out.append(self.char_class())
        elif char == "(":
            self.group()
        elif char in "*+?":
            self.pos += 1
            self.out.append(char)
            self.quantifier_suffix()
        elif char == "{":
            self.out.append(self.repeat())
            self.quantifier_suffix()
        else:
            self.pos += 1
            self.out.append(char)

    def quantifier_suffix(self) -> None:
        """Keep a lazy ``?``; drop a possessive ``+`` (the ordinary quantifier admits more)."""
        if self.src.startswith("?", self.pos):
            self.pos += 1
            self.out.append("?")
        elif self.src.startswith("+", self.pos):
            self.pos += 1

    def repeat(self) -> str:
        """A counted repeat ``{m,n}``; ``regex`` reads ``{,n}`` as ``{0,n}``, RE2 as text.

        A wide one (``.{1,160}``) loses its bounds beyond :data:`REPEAT_BOUND`: an
        automaton counts a repeat by copying its item, and a few of them would
        fill its memory budget with states (a line then takes three times as long).
        """
        end = self.src.find("}", self.pos)
        low, comma, high = self.src[self.pos + 1 : end].partition(",")
        if end == -1 or not (low or high) or not all(part.isdigit() for part in (low, high) if part):
            raise Untranslatable(f"'{{' that is not a counted repeat at {self.pos}")  # a literal, or fuzzy matching
        self.pos = end + 1
        least = int(low or "0")
        if (comma and not high) or int(high or low) > REPEAT_BOUND:
            return "{" + str(min(least, REPEAT_BOUND)) + ",}"
        return "{" + str(least) + comma + high + "}"

    def lone_escape(self) -> str:
        """An escape outside a class: a back-reference, or a character or class escape."""
        reference = _BACK_REFERENCE.match(self.src, self.pos)
        if reference:
            self.pos = reference.end()
            return self.reference(reference.group(1) or reference.group(2))
        _, wide = self.escape()
        return f"[{wide}]" if wide else ""  # zero-width escapes are dropped

    def escape(self) -> tuple[str, str]:
        """The escape at ``pos`` as class members ``(narrow, wide)``.

        ``narrow`` is for a negated class (where less is more), ``wide`` for a
        positive class or a pattern. Both are empty for a zero-width escape.
        """
        letter = self.src[self.pos + 1 : self.pos + 2]
        start = self.pos
        self.pos += 2
        if letter in _CLASS_ESCAPES:
            if letter in "pP":
                self.property_name()
            return ascii_members(self.src[start : self.pos], self.ignore_case)
        if letter in _ZERO_WIDTH:
            return "", ""
        code = self.code_point(letter)
        if code is not None:
            return code, code
        if letter.isdigit() or letter in "gL":
            raise Untranslatable(f"an octal escape, a named list or a reference in a class: '\\{letter}'")
        return "\\" + letter, "\\" + letter

    def property_name(self) -> None:
        """Step over the name after ``\\p`` or ``\\P``: ``{Lu}`` or one letter."""
        self.pos = self.src.index("}", self.pos) + 1 if self.src.startswith("{", self.pos) else self.pos + 1

    def code_point(self, letter: str) -> str | None:
        """``\\xHH``, ``\\x{..}``, ``\\uXXXX``, ``\\UXXXXXXXX``, ``\\N{name}`` as RE2's ``\\x{..}``; None for others."""
        if letter in "xN" and self.src.startswith("{", self.pos):
            end = self.src.index("}", self.pos) + 1
            body = self.src[self.pos + 1 : end - 1]
            code = int(body, 16) if letter == "x" else ord(unicodedata.lookup(body))
        elif letter in "xuU":
            end = self.pos + {"x": 2, "u": 4, "U": 8}[letter]
            code = int(self.src[self.pos : end], 16)
        else:
            return None
        self.pos = end
        return f"\\x{{{code:x}}}"

    def char_class(self) -> str:
        """A character class, translated member by member: wide ones in a positive class, narrow in a negated one.

        A nested set (``regex`` V1) or a POSIX class (ASCII in RE2) does not translate.
        """
        start = self.pos
        self.pos += 1
        negated = self.src.startswith("^", self.pos)
        self.pos += negated
        members: list[str] = []
        if self.src.startswith("]", self.pos):  # a leading ']' is a member
            members.append("\\]")
            self.pos += 1
        while not self.src.startswith("]", self.pos):
            if self.pos >= len(self.src) or self.src[self.pos] == "[":
                raise Untranslatable(f"unclosed class, nested set or POSIX class in the class at {start}")
            if self.src.startswith("\\b", self.pos):  # in a class, a backspace
                members.append("\\x{8}")
                self.pos += 2
            elif self.src[self.pos] == "\\":
                narrow, wide = self.escape()
                members.append(narrow if negated else wide)
            else:
                members.append(self.src[self.pos])
                self.pos += 1
        self.pos += 1
        body = "".join(members)
        if not body:  # a negated class of escapes without ASCII members: any character
            return "[^\\n]"
        return ("[^" if negated else "[") + body + "]"

    def group(self) -> None:
        """Groups become non-capturing; look-arounds and comments vanish; flags pass if RE2 knows them."""
        rest = self.src[self.pos :]
        if rest.startswith(("(?=", "(?!", "(?<=", "(?<!", "(?#")):
            end = _closing(self.src, self.pos)
            dropped = _ESCAPES_AND_CLASSES.sub("", self.src[self.pos + 1 : end])
            if _GLOBAL_FLAGS.search(dropped):
                raise Untranslatable("global flags inside a look-around apply to the whole pattern in regex")
            # Its groups are gone, but still count: later references go by number.
            self.groups["#"] = str(int(self.groups["#"]) + len(_CAPTURING.findall(dropped)))
            self.pos = end + 1
            self.quantifier_after_dropped()
            return
        if rest.startswith("(?P="):
            end = self.src.index(")", self.pos)
            self.out.append(self.reference(self.src[self.pos + 4 : end]))
            self.pos = end + 1
            return
        opened = self.pos
        keys: list[str] = []
        if rest.startswith(("(?:", "(?>")):
            self.pos += 3
        elif rest.startswith(("(?P<", "(?<")):
            name_at = self.pos + (4 if rest.startswith("(?P<") else 3)
            self.pos = self.src.index(">", self.pos) + 1
            keys = [self.src[name_at : self.pos - 1]]
        elif rest.startswith("(?"):
            self.flags()
            return
        else:
            self.pos += 1
            keys = []
        if keys or not rest.startswith("(?"):
            self.groups["#"] = str(int(self.groups["#"]) + 1)
            keys.append(self.groups["#"])
        end = _closing(self.src, opened)
        inner = self.nested(end)
        self.groups.update(dict.fromkeys(keys, inner))
        self.out.append("(?:" + inner + ")")
        self.pos = end + 1

    def quantifier_after_dropped(self) -> None:
        """A quantifier on a dropped look-around quantifies nothing; skip it too."""
        if self.pos < len(self.src) and self.src[self.pos] in "*+?":
            self.pos += 1
            if self.pos < len(self.src) and self.src[self.pos] in "?+":
                self.pos += 1
        elif self.src.startswith("{", self.pos):
            self.repeat()
            self.quantifier_suffix()

    def flags(self) -> None:
        """``(?i)``, ``(?i:...)``, ``(?-i:...)``: RE2 knows i, m, s and U; anything else does not translate."""
        index = self.pos + 2
        while index < len(self.src) and self.src[index] not in ":)":
            index += 1
        letters = self.src[self.pos + 2 : index]
        if index >= len(self.src) or not letters or not set(letters) <= _RE2_FLAGS:
            raise Untranslatable(f"group or flags '(?{letters}' unknown to RE2")
        on, _, off = letters.partition("-")
        folds = True if "i" in on else False if "i" in off else None
        if self.src[index] == ")":
            if not (self.top and self.pos == 0):
                raise Untranslatable("global flags after the start apply to the whole pattern in regex")
            self.out.append(self.src[self.pos : index + 1])
            self.pos = index + 1
            self.ignore_case = self.ignore_case if folds is None else folds
            return
        end = _closing(self.src, self.pos)
        opening = self.src[self.pos : index + 1]
        self.pos = index + 1
        self.out.append(opening + self.nested(end, folds) + ")")
        self.pos = end + 1


def _closing(source: str, open_at: int) -> int:
    """The index of the ``)`` that closes the group opened at `open_at`, skipping escapes and classes."""
    for index, char, depth in structure(source, open_at):
        if char == ")" and depth == 1:
            return index
    raise Untranslatable(f"unbalanced group at {open_at}")


def structure(source: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """Each character of a pattern from `start` on that is neither escaped nor in a class, with its
    index and the number of groups open before it."""
    depth = 0
    index = start
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = _class_end(source, index)
            continue
        yield index, char, depth
        depth += (char == "(") - (char == ")")
        index += 1


def _class_end(source: str, open_at: int) -> int:
    """The index just after the ``]`` that closes the class opened at `open_at`."""
    index = open_at + 1
    index += source.startswith("^", index)
    index += source.startswith("]", index)  # a leading ']' is a member
    while index < len(source):
        if source[index] == "\\":
            index += 2
            continue
        if source[index] == "]":
            return index + 1
        index += 1
    raise Untranslatable(f"unclosed class at {open_at}")
