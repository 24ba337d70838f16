"""Stopword lists per language, from the maintained ``stop-words`` package.

The paragraph classifier measures how much of a block is function words ("the",
"und", "de"): article prose is full of them, menus and link lists are not. The
lists come from a registry package rather than from this repository, so that
every language is covered by a list people maintain and review.
"""

from __future__ import annotations

import functools

from stop_words import StopWordError, get_stop_words

#: Scripts written without spaces between words: word-based densities mean nothing there.
UNSPACED_LANGUAGES = frozenset({"zh", "ja", "ko", "th", "lo", "km", "my"})
#: Codes langdetect reports that the package knows by another code.
_ALIASES = {"no": "nb"}


@functools.cache
def stopwords(language: str) -> frozenset[str] | None:
    """The lower-case stopwords of `language` (an ISO 639-1 code), or None if there is no usable list."""
    if language in UNSPACED_LANGUAGES:
        return None
    try:
        return frozenset(word.lower() for word in get_stop_words(_ALIASES.get(language, language)))
    except StopWordError:
        return None
