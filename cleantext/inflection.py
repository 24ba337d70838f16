"""Re-inflecting English verbs that machine translation left bare ("the Ministry emphasize").

lemminflect ships its tables inside the package, so this works offline. A rule
names the Penn tag it wants (``VBD`` past, ``VBZ`` third person present, ``VBG``
gerund) or ``tense``: past or present as the sentence around the verb says, and
no repair at all when it says neither (the rule then flags the spot instead,
because guessing the tense is the main way such a repair goes wrong).
"""

from __future__ import annotations

import functools

import regex

TAGS = ("VBD", "VBZ", "VBG", "VBN", "tense")

# Time words and verb forms that settle the tense of reported speech.
_PAST = regex.compile(
    r"\b(?:yesterday|ago|last\s+(?:week|month|year|night)|earlier|(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday)|said|told|added|was|were|had|did)\b",
)
_PRESENT = regex.compile(r"\b(?:says|tells|adds|is|are|has|does|now|currently|today)\b")
_SENTENCE_END = regex.compile(r"[.!?](?=[\s\"'”’)\]]|$)")


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
    """``VBD`` or ``VBZ`` from the cues of the sentence around text[start:end], then of its paragraph."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = [m.end() for m in _SENTENCE_END.finditer(text, line_start, start)]
    after = _SENTENCE_END.search(text, end, line_end)
    sentence = (before[-1] if before else line_start, after.end() if after else line_end)
    for lo, hi in (sentence, (line_start, line_end)):
        context = text[lo:start] + " " + text[end:hi]
        if _PAST.search(context):
            return "VBD"
        if _PRESENT.search(context):
            return "VBZ"
    return None
