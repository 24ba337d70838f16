"""Language detection on a bounded, article-like sample of the text.

Three detectors are available, each a cascade that hands the texts it is unsure
of to the next, more careful one:

- ``cld2`` (the default): Google's Compact Language Detector 2 (compiled C++,
  `pycld2`; its tables ship inside the wheel), about 60 µs for a whole sample.
  Its answer stands when CLD2 calls it reliable, at least :data:`CLD2_PERCENT` %
  of the text is in that language, and langdetect knows the language; otherwise
  (mixed or short samples, text CLD2 refuses) the ``py3langid`` path decides.
  pycld2 is installed only where it has wheels (not on Linux for ARM, Intel
  Macs or Python 3.14 as of pycld2 0.42); without it, ``cld2`` is the
  ``py3langid`` path.
  It settles about 99 % of samples, and on the 16,796 texts of the benchmark sets
  it gives the same language as ``py3langid`` on all but 7
  (benchmarks/README.md).
- ``py3langid``: a naive Bayes classifier over byte n-grams whose model ships
  inside its wheel (pure Python, about 0.35 ms a sample). It is restricted to
  the languages langdetect knows, so all detectors report the same codes. It
  reads the first 600 characters of the sample, which settles about 97 % of
  texts; the rest it reads whole, and when it is still unsure langdetect decides.
- ``langdetect``: accurate but about 3 ms per 1,000 characters, and random unless
  seeded. It gets one seeded detector factory per process (its profiles load
  once).

All read a sample of at most :data:`SAMPLE_CHARS` characters taken from the
longest lines, which are article prose far more often than the short lines of
site furniture around them.
"""

from __future__ import annotations

import functools
import os
from typing import NamedTuple

import regex
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

try:
    import pycld2
except ImportError:  # no pycld2 wheel for this platform or Python (see pyproject.toml): py3langid decides alone
    pycld2 = None

from cleantext.quotemarks import fold

UNDETERMINED = "und"
DETECTORS = ("cld2", "py3langid", "langdetect")
DEFAULT_DETECTOR = "cld2"
SAMPLE_CHARS = 1500
#: Below this many letters a guess is worth less than saying "undetermined".
MIN_LETTERS = 20
_ENOUGH_LETTERS = regex.compile(rf"(?:\P{{L}}*\p{{L}}){{{MIN_LETTERS}}}")
#: py3langid reads the first QUICK_CHARS of the sample first: a near-certain answer
#: there stands (most texts); otherwise it reads the whole sample, and an answer at
#: or above CONFIDENT stands; below that, langdetect decides.
QUICK_CHARS = 600
QUICK_CONFIDENT = 0.9999
CONFIDENT = 0.9
#: CLD2's answer stands only if at least this percentage of the sample's text is in
#: its language. Samples that mix two languages (an English article quoting German,
#: a bilingual menu) come out at 65 % or less, and there CLD2 and py3langid part
#: ways; from 70 % to 95 % CLD2 agrees with py3langid equally often on the
#: benchmark texts, so 80 leaves a margin on both sides. Below it, py3langid decides.
CLD2_PERCENT = 80
# CLD2 names Hebrew by its old code and traditional Chinese apart; packs use the bare codes.
_CLD2_CODES = {"iw": "he", "zh-Hant": "zh"}
# langdetect reports some languages with a region; packs use the bare code.
_SHORT = {"zh-cn": "zh", "zh-tw": "zh"}
# What follows the language in a code with a region or script (en-US, pt_BR, zh-Hant).
_REGION = regex.compile(r"[-_]")


@functools.cache
def _factory() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


@functools.cache
def _langdetect_codes() -> frozenset[str]:
    """The languages langdetect knows: every detector is restricted to them, so all report the same codes."""
    codes: list[str] = os.listdir(PROFILES_DIRECTORY)
    return frozenset(_SHORT.get(code, code) for code in codes)


@functools.cache
def _identifier():  # -> py3langid.langid.LanguageIdentifier, imported late: it loads numpy
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(sorted(_langdetect_codes()))
    return identifier


def language_code(code: str) -> str:
    """The bare lower-case code packs and detectors use: ``en-US``, ``EN``, ``pt_BR`` give ``en``, ``en``, ``pt``."""
    return _REGION.split(code.strip(), maxsplit=1)[0].lower()


def known_language(code: str) -> bool:
    """Whether `code` (bare, lower-case) names a language the detectors know, or is ``und``."""
    return code == UNDETERMINED or code in _langdetect_codes()


def sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """Up to `limit` characters of the text's longest lines, in document order.

    Quotes and runs of spaces are folded, so that cleaning which only restyles
    quotes or tidies spaces leaves the sample (and so the language) as it was.
    (Quotes fold one character to one, so they are folded in the sample alone.)
    """
    lines = [line for line in map(_fold_spaces, text.splitlines()) if line]
    lengths = list(map(len, lines))
    if sum(lengths) > limit:
        chosen: list[int] = []
        total = 0
        longest_first = [-n for n in lengths]  # a stable sort keeps document order among equals
        for i in sorted(range(len(lines)), key=longest_first.__getitem__):
            if total >= limit:
                break
            chosen.append(i)
            total += lengths[i]
        lines = [lines[i] for i in sorted(chosen)]
    return fold("\n".join(lines)[:limit])


def _fold_spaces(line: str) -> str:
    """The line stripped, with every run of whitespace made one space.

    A stripped line whose only whitespace is single ASCII spaces is already
    folded; string methods tell that much faster than splitting it does (every
    other whitespace character is unprintable).
    """
    stripped = line.strip()
    return stripped if stripped.isprintable() and "  " not in stripped else " ".join(stripped.split())


class Detection(NamedTuple):
    """A text's language and what decided it.

    ``decided_by`` is the step of the cascade that answered (``cld2``,
    ``py3langid`` or ``langdetect``), ``letters`` when the sample has too few
    letters to tell (the language is then ``und``), or ``given`` when the caller
    named the language. Which step answers can differ from the detector asked
    for: ``cld2`` hands the samples it is unsure of to ``py3langid``, and runs as
    ``py3langid`` where pycld2 is not installed.
    """

    language: str
    decided_by: str


def identify(text: str, sampled: bool = False, detector: str = DEFAULT_DETECTOR) -> Detection:
    """The ISO 639-1 code of the text's language (``"und"`` if it cannot tell), and what decided it.

    Pass ``sampled=True`` when `text` already is a :func:`sample`; `detector` is
    one of :data:`DETECTORS`.
    """
    if detector not in DETECTORS:
        raise ValueError(f"detector must be one of {', '.join(DETECTORS)}, not {detector!r}")
    probe = text if sampled else sample(text)
    if not _ENOUGH_LETTERS.match(probe):
        return Detection(UNDETERMINED, "letters")
    # DETECTORS lists the cascade in order: each detector starts it at its own step.
    for name, guess in (("cld2", _cld2), ("py3langid", _py3langid))[DETECTORS.index(detector) :]:
        if code := guess(probe):
            return Detection(code, name)
    return Detection(_langdetect(probe), "langdetect")


def detect_language(text: str, sampled: bool = False, detector: str = DEFAULT_DETECTOR) -> str:
    """The ISO 639-1 code of the text's language, or ``"und"`` if it cannot tell (see :func:`identify`)."""
    return identify(text, sampled, detector).language


def _cld2(probe: str) -> str | None:
    """CLD2's language if it is sure of one that langdetect knows (see :data:`CLD2_PERCENT`), else None."""
    if pycld2 is None:
        return None
    try:
        reliable, _, details = pycld2.detect(probe, isPlainText=True)
    except (pycld2.error, UnicodeEncodeError):  # CLD2 refuses C1 control characters and lone surrogates
        return None
    _, code, percent, _ = details[0]
    code = _CLD2_CODES.get(code, code)
    return code if reliable and percent >= CLD2_PERCENT and code in _langdetect_codes() else None


def _py3langid(probe: str) -> str | None:
    """py3langid's language if it is confident of it (see :data:`QUICK_CONFIDENT`, :data:`CONFIDENT`), else None."""
    code, probability = _identifier().classify(probe[:QUICK_CHARS])
    if probability >= QUICK_CONFIDENT:
        return code
    if len(probe) > QUICK_CHARS:
        code, probability = _identifier().classify(probe)
    return code if probability >= CONFIDENT else None


def _langdetect(probe: str) -> str:
    detector = _factory().create()
    detector.append(probe)
    try:
        code = detector.detect()
    except LangDetectException:
        return UNDETERMINED
    return _SHORT.get(code, code)
