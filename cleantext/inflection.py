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
    breaks = _breaks(text)
    below, above = bisect.bisect_left(breaks, start), bisect.bisect_left(breaks, end)
    line = _line(text, breaks[below - 1] + 1 if below else 0, breaks[above] if above < len(breaks) else len(text))
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


@functools.lru_cache(maxsize=1)
def _breaks(text: str) -> list[int]:
    """The offsets of the line breaks of `text`."""
    return [m.start() for m in _BREAK.finditer(text)]


@functools.lru_cache(maxsize=64)
def _line(text: str, start: int, end: int) -> _Line:
    """The sentence ends and tense cues of the line text[start:end]."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start, end)]
    past = [m.span() for m in _PAST.finditer(text, start, end)]
    return _Line(start, end, ends, past, [m.span() for m in _PRESENT.finditer(text, start, end)])


def _cue_in(cues: list[tuple[int, int]], lo: int, hi: int) -> bool:
    """Whether one of the sorted, non-overlapping `cues` lies wholly within [lo, hi)."""
    first = bisect.bisect_left(cues, (lo,))
    return first < len(cues) and cues[first][1] <= hi
