"""The benchmark metric of ``../shared/bench/README.md``, exactly, so that figures compare.

- tokens: NFKC, curly quotes and dashes mapped to ASCII, lower-cased, tokens are
  Unicode ``\\w+`` runs;
- per document: precision = |pred ∩ gold| / |pred|, recall = |pred ∩ gold| / |gold|
  over token multisets, F1 their harmonic mean; an empty prediction scores 0
  unless the gold is empty too;
- macro averages per source and overall, and "gutted": the share of documents
  whose recall fell below 0.5;
- snippets (multilingual set): present or absent after the same normalization,
  whitespace collapsed.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import regex

_TOKEN = regex.compile(r"\w+")
_SPACES = regex.compile(r"\s+")
_TO_ASCII = str.maketrans(dict.fromkeys("‘’‚‛′`´", "'") | dict.fromkeys("“”„‟″«»", '"') | dict.fromkeys("‐‑‒–—―−", "-"))

#: Below this recall a document counts as gutted: most of the article was lost.
GUTTED_RECALL = 0.5


def normalize(text: str) -> str:
    """NFKC, curly quotes and dashes made ASCII, lower case."""
    return unicodedata.normalize("NFKC", text).translate(_TO_ASCII).lower()


def tokens(text: str) -> list[str]:
    """The metric's tokens: ``\\w+`` runs of the normalized text."""
    return _TOKEN.findall(normalize(text))


@dataclass(frozen=True)
class Score:
    """Token precision, recall and F1 of one document."""

    precision: float
    recall: float
    f1: float

    @property
    def gutted(self) -> bool:
        return self.recall < GUTTED_RECALL


def score(predicted: str, gold: str) -> Score:
    """Token-multiset precision, recall and F1 of `predicted` against `gold`."""
    pred, ref = Counter(tokens(predicted)), Counter(tokens(gold))
    return score_counts(sum((pred & ref).values()), sum(pred.values()), sum(ref.values()))


def score_counts(common: int, n_pred: int, n_ref: int) -> Score:
    """The score of a prediction of `n_pred` tokens, `common` of them matched in a gold text of `n_ref`."""
    if not n_pred or not n_ref:
        same = float(n_pred == n_ref)  # both empty: a perfect answer; one empty: nothing right
        return Score(same, same, same)
    precision, recall = common / n_pred, common / n_ref
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return Score(precision, recall, f1)


@dataclass(frozen=True)
class Summary:
    """Macro averages over a set of documents."""

    n: int
    f1: float
    precision: float
    recall: float
    gutted: float  # share of documents with recall below GUTTED_RECALL


def summarize(scores: Iterable[Score]) -> Summary:
    """Mean F1, precision, recall and the gutted share of some documents."""
    items = list(scores)
    n = len(items)
    if not n:
        return Summary(0, 0.0, 0.0, 0.0, 0.0)
    return Summary(
        n,
        sum(s.f1 for s in items) / n,
        sum(s.precision for s in items) / n,
        sum(s.recall for s in items) / n,
        sum(s.gutted for s in items) / n,
    )


def snippet_key(text: str) -> str:
    """Text as snippets are compared: normalized, whitespace collapsed to one space."""
    return _SPACES.sub(" ", normalize(text)).strip()


def snippets_present(text: str, snippets: Iterable[str]) -> list[bool]:
    """For each snippet, whether it is in `text` (after the same normalization)."""
    haystack = snippet_key(text)
    return [snippet_key(s) in haystack for s in snippets]
