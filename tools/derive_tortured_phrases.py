"""Derive the shipped tortured-phrase table from the Problematic Paper Screener's list.

Usage: python tools/derive_tortured_phrases.py [--data DIR] [--out FILE]

The source (``tortured_phrases.tsv`` in the benchmark data folder, CC BY 4.0) has
8,000 pairs, many of which are ordinary English in another context or cannot be
applied by a phrase table. Only entries that a cleaner can apply on their own are
kept:

- no extra search condition (PPS entries like ``AND "cancer"`` need the rest of
  the paper, which a phrase table cannot express);
- a phrase of at least two words (a single word such as "bosom" is everyday English);
- an expected term that is plain words (no "?", brackets, slashes or lists), at
  most one word shorter than the phrase, and different from it in more than
  spelling, case or plural endings; no digits;
- each phrase once.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from cleantext.lexicon import WORD

REPO = Path(__file__).resolve().parent.parent
HEADER = """\
# Tortured phrases (a spinner's synonym swaps in fixed terms) and the established terms they replaced.
# Derived from the Problematic Paper Screener's public lists: G. Cabanac, C. Labbé, A. Magazinov (2021),
# "Tortured phrases: A dubious writing style emerging in science", arXiv:2107.06751; licence CC BY 4.0
# (https://creativecommons.org/licenses/by/4.0/). Changes: entries filtered by tools/derive_tortured_phrases.py
# (no search condition, two words or more, no digits, a plain expected term of about as many words that
# differs in more than spelling),
# columns reduced to phrase and replacement.
# phrase<TAB>replacement
"""


def _stem(word: str) -> str:
    word = word.lower().replace("-", "")
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


def keep(tortured: str, expected: str, condition: str) -> bool:
    """Whether one PPS pair can be applied as a plain phrase replacement."""
    if condition.strip():
        return False
    words = tortured.split()
    if len(words) < 2 or " ".join(WORD.findall(tortured)) != tortured or tortured != tortured.lower():
        return False
    if not expected.strip() or " ".join(WORD.findall(expected)) != expected:
        return False
    if any(ch.isdigit() for ch in tortured) or len(words) > len(expected.split()) + 1:
        return False  # "3rd birthday party", "tend to area unit" → "are": word-count mismatches are not swaps
    return [_stem(w) for w in words] != [_stem(w) for w in expected.split()]


def derive(source: Path) -> list[tuple[str, str]]:
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    with source.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            tortured, expected = row["tortured"].strip(), row["expected"].strip()
            if tortured in seen or not keep(tortured, expected, row["condition"] or ""):
                continue
            seen.add(tortured)
            out.append((tortured, expected))
    return sorted(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench")
    parser.add_argument("--out", type=Path, default=REPO / "rules" / "en" / "tortured_phrases.tsv")
    args = parser.parse_args()
    pairs = derive(args.data / "tortured_phrases.tsv")
    args.out.write_text(HEADER + "".join(f"{a}\t{b}\n" for a, b in pairs), encoding="utf-8")
    print(f"{len(pairs)} phrases written to {args.out}")


if __name__ == "__main__":
    main()
