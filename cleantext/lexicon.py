"""Phrase tables: TSV files of (phrase → replacement) entries that a rule looks up.

A lexicon is data a reviewer can read line by line: idioms that lost their
article ("stir pot" → "stir the pot"), tortured phrases ("counterfeit
consciousness" → "artificial intelligence"), untranslated labels. Thousands of
entries do not fit a regular expression that stays fast (an alternation of 7,000
phrases costs tens of microseconds per character), so a lexicon is matched word
by word through a dictionary keyed on each phrase's first word.

File format (UTF-8, tab-separated, ``#`` starts a comment line)::

    # phrase<TAB>replacement<TAB>guard (optional)
    stir pot	stir the pot
    for first time	for the first time	\\s+(?:buyers|home)

- ``phrase``: words separated by single spaces. Its first letter also matches
  in the other case (sentence starts); everything else matches exactly.
- ``replacement``: what the phrase becomes; its first letter follows the case
  the text had.
- ``guard``: a regular expression tried right after the phrase; when it
  matches, the entry does not apply ("for first time buyers" stays).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import regex

from cleantext.backtracking import catastrophic

#: A word of a phrase: letters and digits, with inner apostrophes or hyphens.
WORD = regex.compile(r"\w+(?:['’-]\w+)*")
#: What may separate two words of a phrase in the text (never a line break).
_GAP_PATTERN = r"[ \t\u00a0]+"
_GAP = regex.compile(_GAP_PATTERN)


class LexiconError(ValueError):
    """A lexicon line that cannot be used; names the line."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}")


@dataclass(frozen=True)
class Entry:
    """One phrase and what it becomes."""

    phrase: str
    replacement: str
    guard: regex.Pattern | None = None

    def __reduce__(self) -> tuple[type[Entry], tuple[str, str, regex.Pattern | None]]:
        """Pickle as the arguments to build it again (compiled by mypyc, a frozen class does not unpickle itself)."""
        return Entry, (self.phrase, self.replacement, self.guard)


@dataclass(frozen=True)
class Hit:
    """A phrase found in a text, with the replacement fitted to its case."""

    start: int
    end: int
    entry: Entry
    replacement: str


#: A lexicon with more key strings than this reads every line: searching for each key would cost more.
_MAX_KEYS = 64
#: The shortest key string a lexicon searches for, when its phrase has a longer word.
_MIN_KEY = 4


class Lexicon:
    """Entries indexed by their first word (first letter folded to lower case)."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = tuple(entries)
        #: By first word (first letter folded): the rest of that word, the phrase's other words, the entry.
        self._index: dict[str, list[tuple[str, tuple[str, ...], Entry]]] = {}
        for entry in entries:
            words = tuple(entry.phrase.split(" "))
            key = _fold_first(words[0])
            self._index.setdefault(key, []).append((words[0][1:], words[1:], entry))
        for candidates in self._index.values():
            candidates.sort(key=lambda c: -len(c[1]))  # longest phrase first
        #: The first words as a text may write them with an ASCII first letter (a set lookup, no folding).
        forms = ((key, form) for key in self._index for form in (key, key[:1].upper() + key[1:]))
        self._heads = frozenset(form for key, form in forms if form[:1].isascii() and _fold_first(form) == key)
        self._keys = _keys(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __reduce__(self) -> tuple[type[Lexicon], tuple[list[Entry]]]:
        """Pickle as the entries to index again (a class compiled by mypyc does not unpickle itself)."""
        return Lexicon, (list(self.entries),)

    @functools.cached_property
    def pattern(self) -> regex.Pattern | None:
        """A pattern that matches every phrase of the lexicon, for a prefilter to rule out in one
        pass the texts that hold none; None for a lexicon too large to search key by key."""
        if self._keys is None:
            return None
        return regex.compile("|".join(_GAP_PATTERN.join(_word_patterns(e.phrase.split(" "))) for e in self.entries))

    def find(self, text: str) -> Iterator[Hit]:
        """Every entry found in `text`, left to right, longest first, not overlapping.

        A phrase never spans lines, so only the lines that hold one of the
        entries' key strings are read (most lines of most texts hold none).
        In those, only the words that begin some phrase are looked at (one set
        lookup per word).
        """
        for start, end in self._lines(text):
            yield from self._find_in(text, _tokens(text, start, end))

    def _lines(self, text: str) -> list[tuple[int, int]]:
        """The spans of the lines that may hold a phrase: all of the text, for a large lexicon."""
        if self._keys is None:
            return [(0, len(text))]
        spans = set()
        for key, phrases in self._keys.items():
            at = text.find(key)
            while at >= 0:
                if phrases.match(text, at):
                    end = text.find("\n", at)
                    end = len(text) if end < 0 else end
                    spans.add((text.rfind("\n", 0, at) + 1, end))
                    at = end  # the line is taken: its other hits need not be looked for (nor its ends again)
                at = text.find(key, at + 1)
        return sorted(spans)

    def _find_in(self, text: str, tokens: Words) -> Iterator[Hit]:
        """The entries found among the words of a line (`tokens`: the words, and where each stands in `text`)."""
        index, heads = self._index, self._heads
        free = 0  # the first word not inside a phrase already found
        for i in [i for i, w in enumerate(tokens[0]) if w in heads or (w[0] > "\x7f" and _fold_first(w) in index)]:
            if i < free:
                continue
            hit, used = self._hit_at(text, tokens, i)
            if hit is not None:
                yield hit
                free = i + used

    def _hit_at(self, text: str, tokens: Words, i: int) -> tuple[Hit | None, int]:
        """The longest entry whose phrase starts at word `i`, and how many words it takes."""
        first = tokens[0][i]
        for tail, rest, entry in self._index.get(_fold_first(first), ()):
            if first[1:] != tail:
                continue
            end = _follow(text, tokens, i, rest)
            if end is None or (entry.guard is not None and entry.guard.match(text, end)):
                continue
            return Hit(tokens[1][i][0], end, entry, _match_case(entry.replacement, first)), len(rest) + 1
        return None, 0


#: The words of a line, and the span of each in the text.
Words = tuple[list[str], list[tuple[int, int]]]


def _tokens(text: str, start: int, end: int) -> Words:
    """The words of text[start:end], and their spans (two passes of the pattern, without a tuple per word)."""
    return WORD.findall(text, start, end), [m.span() for m in WORD.finditer(text, start, end)]


def _keys(entries: list[Entry]) -> dict[str, regex.Pattern] | None:
    """Each entry's key string, with a pattern for its phrases around that key (None: too many keys).

    The key is one word of the phrase (the first without its first letter, which
    may be in either case), chosen so that entries share keys (see `_key_words`).
    The pattern is looser than the word-by-word match (no word boundaries), so
    a line where it fails holds none of the phrases.
    """
    around: dict[str, list[str]] = {}
    for entry, k in zip(entries, _key_words(entries), strict=True):
        words = entry.phrase.split(" ")
        parts = _word_patterns(words)
        first = _first_letter(words[0])
        key = _key_strings(words)[k]
        before = _GAP_PATTERN.join(parts[:k]) + _GAP_PATTERN if k else first
        after = "".join(_GAP_PATTERN + part for part in parts[k + 1 :])
        around.setdefault(key, []).append(f"(?<={before}){regex.escape(key)}{after}")
    if len(around) > _MAX_KEYS or "" in around:
        return None
    return {key: regex.compile("|".join(patterns)) for key, patterns in around.items()}


def _first_letter(word: str) -> str:
    """A pattern for the first letter of a phrase, which matches in either case."""
    return f"(?i:{regex.escape(word[:1])})"


def _word_patterns(words: list[str]) -> list[str]:
    """A pattern for each word of a phrase: its first letter in either case, the rest as written."""
    return [_first_letter(words[0]) + regex.escape(words[0][1:]), *(regex.escape(w) for w in words[1:])]


def _key_strings(words: list[str]) -> list[str]:
    """What each word of a phrase gives as a key: the first word without its first letter (either case)."""
    return [words[0][1:], *words[1:]]


def _key_words(entries: list[Entry]) -> list[int]:
    """For each entry, which of its words is its key: few distinct keys, each as long as can be.

    Every key costs one search through the text, so entries share keys where they can
    ("role" for all of "play important role", "plays key role"…): each entry takes the
    key that the most entries could take, the longer on a tie. A key shorter than 4
    characters (or than the entry's longest) is never taken: a short key ("for") is
    found everywhere.
    """
    keys = [_key_strings(entry.phrase.split(" ")) for entry in entries]
    eligible = [{key for key in ks if len(key) >= min(_MIN_KEY, max(map(len, ks)))} for ks in keys]
    counts = Counter(key for candidates in eligible for key in candidates)
    return [
        ks.index(max(sorted(candidates), key=lambda key: (counts[key], len(key))))
        for ks, candidates in zip(keys, eligible, strict=True)
    ]


def _follow(text: str, tokens: Words, i: int, rest: tuple[str, ...]) -> int | None:
    """The end of the phrase whose first word is word `i`, or None if the rest differs."""
    words, spans = tokens
    end = spans[i][1]
    for k, word in enumerate(rest, start=i + 1):
        if k >= len(words) or words[k] != word or not _GAP.fullmatch(text, end, spans[k][0]):
            return None
        end = spans[k][1]
    return end


def _fold_first(word: str) -> str:
    return word[:1].lower() + word[1:]


def _match_case(replacement: str, matched: str) -> str:
    if matched[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def load_lexicon(path: Path, flags: int = 0) -> Lexicon:
    """Read and validate a lexicon file; :class:`LexiconError` names the bad line."""
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) not in (2, 3):
            raise LexiconError(number, f"expected 2 or 3 tab-separated fields, found {len(fields)}")
        phrase, replacement = fields[0], fields[1]
        if " ".join(WORD.findall(phrase)) != phrase:
            raise LexiconError(number, f"phrase {phrase!r} must be words separated by single spaces")
        if not replacement.strip():
            raise LexiconError(number, f"phrase {phrase!r} has an empty replacement")
        if replacement == phrase:
            raise LexiconError(number, f"phrase {phrase!r} is replaced by itself")
        key = _fold_first(phrase)
        if key in seen:
            raise LexiconError(number, f"phrase {phrase!r} is already listed on line {seen[key]}")
        seen[key] = number
        entries.append(Entry(phrase, replacement, _guard(number, fields[2], flags) if len(fields) == 3 else None))
    if not entries:
        raise LexiconError(0, "the lexicon has no entries")
    return Lexicon(entries)


def _guard(number: int, pattern: str, flags: int) -> regex.Pattern | None:
    if not pattern.strip():
        return None
    try:
        compiled = regex.compile(pattern, flags)
    except regex.error as exc:
        raise LexiconError(number, f"bad guard {pattern!r}: {exc}") from exc
    fault = catastrophic(pattern, compiled.flags)
    if fault is not None:
        raise LexiconError(number, f"bad guard {pattern!r}: {fault}")
    return compiled
