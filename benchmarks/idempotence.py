"""Idempotence and exact reports on real texts; never asserted in tests.

    python benchmarks/idempotence.py [--data DIR] [--limit N]

Cleans every text of the benchmark sets (the whole pages and gold texts of
``dev.jsonl.gz``, each extractor's output in ``extracted-dev.jsonl.gz``, the pages
of ``multilingual-dev.jsonl.gz``) and counts the texts where

- the report's edits, applied to the input, do not rebuild the output, or
- cleaning the output again changes it (the rules that act the second time are listed).

The property tests check both on generated texts; real pages reach corners that
generated ones do not.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from cleantext import Cleaner
from cleantext.document import apply_edits

REPO = Path(__file__).resolve().parent.parent
SETS = {
    "dev.jsonl.gz": ("noisy_text", "gold_text"),
    "extracted-dev.jsonl.gz": ("trafilatura", "readability", "boilerpy3"),
    "multilingual-dev.jsonl.gz": ("noisy_text",),
}


def texts(data: Path, limit: int | None) -> Iterator[tuple[str, str]]:
    """(name, text) of every text of the sets, at most `limit` records of each set."""
    for name, fields in SETS.items():
        with gzip.open(data / name, "rt", encoding="utf-8") as handle:
            for n, line in enumerate(itertools.islice(handle, limit)):
                record = json.loads(line)
                for field in fields:
                    if record.get(field):
                        yield f"{name}:{record.get('id', n)}:{field}", record[field]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="benchmark folder")
    parser.add_argument("--limit", type=int, help="at most N records of each set")
    args = parser.parse_args()
    cleaner = Cleaner()
    total = 0
    unrebuilt: list[str] = []
    moved: Counter[tuple[str, ...]] = Counter()
    for name, text in texts(args.data, args.limit):
        total += 1
        result = cleaner.clean(text)
        if apply_edits(result.original, result.edits) != result.text:
            unrebuilt.append(name)
        again = cleaner.clean(result.text)
        if again.text != result.text:
            moved[tuple(sorted({e.rule for e in again.edits}))] += 1
            print(f"changes again: {name} ({', '.join(sorted({e.rule for e in again.edits}))})")
    print(f"\n{total} texts; report does not rebuild the output: {len(unrebuilt)}; ", end="")
    print(f"cleaning the output changes it: {sum(moved.values())}")
    for rules, count in moved.most_common():
        print(f"  {count} by {' + '.join(rules)}")


if __name__ == "__main__":
    main()
