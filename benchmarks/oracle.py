"""How far line removal can raise an extractor's F1: a greedy oracle that holds the gold text.

For each text, it removes the line whose removal raises that text's token F1
(the metric of ``benchmarks/metric.py``) the most, and repeats until no removal
raises it. No cleaner can see the gold text, so the result bounds what any
line-removal cleaner could reach on the extractor output; the issue's target
for trafilatura (+0.02) is measured against it. Never asserted in tests.

    python -m benchmarks.oracle --data ../shared/bench          # about 5 minutes on one core
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from benchmarks.metric import score_counts, tokens
from benchmarks.quality import EXTRACTORS, read_jsonl


def f1(overlap: int, predicted: int, gold: int) -> float:
    """The metric's F1 from the overlap and the two token counts."""
    return score_counts(overlap, predicted, gold).f1


def best_removal(text: str, gold_text: str) -> tuple[float, float]:
    """The text's F1 as it is, and after the greedy oracle's removals."""
    gold = Counter(tokens(gold_text))
    lines = [counts for counts in (Counter(tokens(line)) for line in text.split("\n")) if counts]
    kept = Counter()
    for counts in lines:
        kept.update(counts)
    overlap = sum(min(n, gold[token]) for token, n in kept.items())
    size, gold_size = sum(kept.values()), sum(gold.values())
    start = f1(overlap, size, gold_size)
    left = set(range(len(lines)))
    while left:
        now, best = f1(overlap, size, gold_size), None
        for i in left:
            # The overlap lost with line i: only its own tokens can lose matches.
            lost = sum(min(kept[t], gold[t]) - min(kept[t] - n, gold[t]) for t, n in lines[i].items())
            gain = f1(overlap - lost, size - lines[i].total(), gold_size) - now
            if gain > 1e-12 and (best is None or gain > best[0]):
                best = (gain, i, lost)
        if best is None:
            break
        _, i, lost = best
        left.discard(i)
        kept.subtract(lines[i])
        overlap, size = overlap - lost, size - lines[i].total()
    return start, f1(overlap, size, gold_size)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/bench"), help="benchmark folder")
    parser.add_argument("--limit", type=int, default=None, help="an even spread of at most N documents")
    args = parser.parse_args(argv)
    rows = read_jsonl(args.data / "extracted-dev.jsonl.gz", args.limit)
    print("| extractor | F1 raw | line oracle | gain |\n| --- | --- | --- | --- |")
    for name in EXTRACTORS:
        pairs = [best_removal(row[name] or "", row["gold_text"]) for row in rows]
        raw, best = (sum(p[k] for p in pairs) / len(pairs) for k in (0, 1))
        print(f"| {name} | {raw:.4f} | {best:.4f} | {best - raw:+.4f} |")


if __name__ == "__main__":
    main()
