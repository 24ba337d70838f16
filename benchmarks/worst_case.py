"""Seconds per MB on the input shapes that can make cleaning super-linear; never asserted in tests.

    python benchmarks/worst_case.py [--sizes 1,10] [--shapes NAME,...] [--stop-after 120] [--data DIR] [--limit N]

Each shape is generated deterministically at each size (MB of UTF-8) and cleaned
once by a default :class:`~cleantext.Cleaner`; the table gives seconds of
processor time per MB (other processes' load aside), and its ratio to the seconds
per MB of typical articles (the first ``--limit`` whole pages of
``dev.jsonl.gz``, or the seeds when the data folder does not hold it). In linear
time, a shape's seconds per MB stay the same from size to size. Once a shape
takes more than ``--stop-after`` seconds, its larger sizes are skipped.

Run it from outside the checkout to time an installed (compiled) build::

    cd /tmp && /path/to/venv/bin/python /path/to/cleantext/benchmarks/worst_case.py --sizes 0.5,2
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import time
from collections.abc import Callable
from pathlib import Path

import cleantext
from cleantext import Cleaner
from cleantext.lang import DETECTORS, detect_language

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
MB = 1_000_000


def seed_text() -> str:
    """The seed articles, one after another (a short stand-in if the seeds are not beside this script)."""
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        return "Ports reopened on Tuesday, the ministry said in a statement.\nShare this:\n"
    return "\n".join(path.read_text(encoding="utf-8") for path in seeds)


def repeated(unit: str, size: int) -> str:
    """`unit` repeated to about `size` bytes of UTF-8."""
    return unit * max(1, size // len(unit.encode("utf-8")))


def one_line(size: int) -> str:
    """The seed article's words on a single line."""
    return repeated(" ".join(seed_text().split()) + " ", size)


#: Each shape: a name, and a function of the size in bytes that makes its text.
SHAPES: dict[str, Callable[[int], str]] = {
    "one long line": one_line,
    "short lines (x)": lambda size: repeated("x\n", size),
    "short lines (words)": lambda size: repeated("ten words\n", size),
    "furniture (Share this:)": lambda size: repeated("Share this:\n", size),
    "furniture lines mixed": lambda size: repeated("Share this:\nSource link\nBack to top button\n\n", size),
    "punctuation run": lambda size: repeated("!", size),
    "punctuation mixed": lambda size: repeated(".,;:!?-", size),
    "dots and spaces": lambda size: repeated(". ", size),
    "quotes run": lambda size: repeated('"', size),
    "quotes mixed": lambda size: repeated("\"'“”‘’``''", size),
    "quoted words": lambda size: repeated("\"word\" 'word' “word” ", size),
    "braces run": lambda size: repeated("{", size),
    "braces mixed": lambda size: repeated("{[(<>)]} ", size),
    "doubled words": lambda size: repeated("the the ", size),
    "seed repeated": lambda size: repeated(seed_text() + "\n", size),
}


def typical_texts(data: Path, limit: int) -> list[str]:
    """The first `limit` whole pages of the dev set, or the seeds where the data folder does not hold it."""
    dev = data / "dev.jsonl.gz"
    if not dev.exists():
        return [seed_text()]
    with gzip.open(dev, "rt", encoding="utf-8") as handle:
        return [json.loads(line)["noisy_text"] for line in itertools.islice(handle, limit)]


def warm_up(cleaner: Cleaner) -> None:
    """Load what loads when first needed (every language detector's model, the verb tables), so no shape pays it."""
    for detector in DETECTORS:
        detect_language("Load every detector's model with one English sentence here.", detector=detector)
    cleaner.clean(seed_text())


def seconds_per_mb(cleaner: Cleaner, texts: list[str]) -> float:
    """The processor time to clean `texts`, one by one, per MB of their UTF-8 (other processes' load aside)."""
    size = sum(len(t.encode("utf-8")) for t in texts) / MB
    start = time.process_time()
    for text in texts:
        cleaner.clean(text)
    return (time.process_time() - start) / size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10", help="sizes in MB, comma-separated (default 1,10)")
    parser.add_argument("--shapes", help="only these shapes (comma-separated names or parts of names)")
    parser.add_argument("--stop-after", type=float, default=120.0, help="skip a shape's larger sizes past this (s)")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="benchmark folder")
    parser.add_argument("--limit", type=int, default=150, help="dev pages among the typical articles")
    args = parser.parse_args()
    sizes = sorted(float(s) for s in args.sizes.split(","))
    wanted = args.shapes.split(",") if args.shapes else [""]
    shapes = {name: make for name, make in SHAPES.items() if any(w in name for w in wanted)}
    cleaner = Cleaner()
    warm_up(cleaner)
    typical = seconds_per_mb(cleaner, typical_texts(args.data, args.limit))
    build = "compiled" if cleantext.COMPILED else "pure Python"
    print(f"## Worst-case shapes ({build}): seconds per MB, and the ratio to typical articles ({typical:.2f} s/MB)")
    print("| shape | " + " | ".join(f"{s:g} MB" for s in sizes) + " |")
    print("|---|" + "---|" * len(sizes), flush=True)
    for name, make in shapes.items():
        cells = [
            f"{per_mb:.2f} ({per_mb / typical:.1f}x)" for per_mb in shape_times(cleaner, make, sizes, args.stop_after)
        ]
        cells += ["skipped"] * (len(sizes) - len(cells))
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


def shape_times(cleaner: Cleaner, make: Callable[[int], str], sizes: list[float], stop_after: float) -> list[float]:
    """Seconds per MB of a shape at each size, up to the first size past which it took over `stop_after` seconds."""
    times: list[float] = []
    for size in sizes:
        times.append(seconds_per_mb(cleaner, [make(int(size * MB))]))
        if times[-1] * size > stop_after:
            break
    return times


if __name__ == "__main__":
    main()
