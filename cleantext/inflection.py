"""Re-inflecting English verbs that machine translation left bare ("the Ministry emphasize").

lemminflect ships its tables inside the package, so this works offline. A rule
names the Penn tag it wants (``VBD`` past, ``VBZ`` third person present, ``VBG``
gerund) or ``tense``: past or present as the sentence around the verb says, and
no repair at all when it says neither (the rule then flags the spot instead,
because guessing the tense is the main way such a repair goes wrong).
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

import regex

TAGS = ("VBD", "VBZ", "VBG", "VBN", "tense")

# Time words and verb forms that settle the tense of reported speech.
_PAST = regex.compile(
    r"\b(?:yesterday|ago|last\s+(?:week|month|year|night)|earlier|(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday)|said|told|added|was|were|had|did)\b",
)
_PRESENT = regex.compile(r"\b(?:says|tells|adds|is|are|has|does|now|currently|today)\b")
_MARKS = ".!?"
_SENTENCE_END = regex.compile(rf"[{_MARKS}](?=[\s\"'”’)\]]|$)")
_BREAK = regex.compile("\n")


@functools.cache
def inflect(word: str, tag: str) -> str | None:
    """`word` (any form of an English verb) in the form `tag`, keeping its first letter's case.

    lemminflect is imported here, when a rule first needs it: it loads numpy (a tenth of a second and about
    20 MB at the start of every process), and most texts have no verb to re-inflect.
    """
    from lemminflect import getInflection, getLemma

    lemmas = getLemma(word.lower(), upos="VERB")
    if not lemmas:
        return None
    forms = getInflection(lemmas[0], tag=tag)
    if not forms:
        return None
    form = forms[0]
    return form[:1].upper() + form[1:] if word[:1].isupper() else form


def tense_at(text: str, start: int, end: int) -> str | None:
    """``VBD`` or ``VBZ`` from the cues of the sentence around text[start:end] (a word), then of its paragraph.

    Each line is read once per text, however many verbs it holds: a paragraph
    of a megabyte with a verb every sentence costs what it costs to read it.
    """
    line = _read(text).line_at(text, start, end)
    for lo, hi in (line.sentence(text, start, end), (line.start, line.end)):
        if _cue_in(line.past, lo, start) or _cue_in(line.past, end, hi):
            return "VBD"
        if _cue_in(line.present, lo, start) or _cue_in(line.present, end, hi):
            return "VBZ"
    return None


@dataclass(frozen=True)
class _Line:
    """One line of a text, read once: where its sentences end, and the spans of its tense cues."""

    start: int
    end: int
    ends: list[int]  # the offset just after each sentence mark
    past: list[tuple[int, int]]
    present: list[tuple[int, int]]

    def sentence(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The span of the sentence that holds text[start:end]; a mark right before `start` ends the one before."""
        if start > self.start and text[start - 1] in _MARKS:
            lo = start
        else:
            before = bisect.bisect_left(self.ends, start)
            lo = self.ends[before - 1] if before else self.start
        after = bisect.bisect_right(self.ends, end)
        return lo, self.ends[after] if after < len(self.ends) else self.end


class _Text:
    """The line breaks of one text, and the lines of it read so far."""

    def __init__(self, text: str) -> None:
        self.breaks = [m.start() for m in _BREAK.finditer(text)]
        self.lines: dict[int, _Line] = {}

    def line_at(self, text: str, start: int, end: int) -> _Line:
        """The line that holds text[start:end], read when first asked for."""
        below, above = bisect.bisect_left(self.breaks, start), bisect.bisect_left(self.breaks, end)
        if below not in self.lines:
            line_end = self.breaks[above] if above < len(self.breaks) else len(text)
            self.lines[below] = _line(text, self.breaks[below - 1] + 1 if below else 0, line_end)
        return self.lines[below]


@functools.lru_cache(maxsize=1)
def _read(text: str) -> _Text:
    """The text last asked about, kept while its verbs are looked at (one at a time: a text can be megabytes)."""
    return _Text(text)


def _line(text: str, start: int, end: int) -> _Line:
    """The sentence ends and tense cues of the line text[start:end]."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start, end)]
    past = [m.span() for m in _PAST.finditer(text, start, end)]
    return _Line(start, end, ends, past, [m.span() for m in _PRESENT.finditer(text, start, end)])


def _cue_in(cues: list[tuple[int, int]], lo: int, hi: int) -> bool:
    """Whether one of the sorted, non-overlapping `cues` lies wholly within [lo, hi)."""
    first = bisect.bisect_left(cues, (lo,))
    return first < len(cues) and cues[first][1] <= hi
