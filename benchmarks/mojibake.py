"""Mojibake restoration: ftfy alone against cleantext's Unicode stage, on clean texts broken the ways pipelines do.

    python benchmarks/mojibake.py [--data DIR] [--limit N] [--seed S] [--jobs J] [--show KIND:N]

Takes the gold texts of ``dev.jsonl.gz`` that hold characters outside ASCII
(only those can break) and breaks each the ways real pipelines do (see
:data:`BREAKAGES`): UTF-8 read as cp1252, Latin-1 or Mac Roman, encoded twice,
read as cp1252 by a decoder that drops the five bytes cp1252 leaves undefined
(0x81, 0x8D, 0x8F, 0x90, 0x9D: "lost in transit"), and cp1252 on a random half of
the lines only (seeded). A restoration counts when the repaired text equals the
original (both NFC). ftfy runs with cleantext's own settings (``FTFY_CONFIG``:
encodings and broken characters only, typography left alone), so that both are
asked the same question. A text either one already changes unbroken is left out
(its own mojibake or invisible characters would count against both).

Prints a Markdown table per kind of breakage: texts, exact restorations by each,
and the texts where cleantext does better or worse than ftfy (target: never worse).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from multiprocessing import Pool
from pathlib import Path

import ftfy

from cleantext.document import EditLog
from cleantext.stages.normalize import FTFY_CONFIG, normalize

REPO = Path(__file__).resolve().parent.parent
#: The bytes cp1252 leaves undefined: a decoder that drops them loses them for good.
UNDEFINED_IN_CP1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")


def as_cp1252(text: str) -> str:
    """UTF-8 bytes read as cp1252, its five undefined bytes kept as C1 controls (as web browsers read them)."""
    return "".join(chr(b) if b in UNDEFINED_IN_CP1252 else bytes([b]).decode("cp1252") for b in text.encode())


def as_cp1252_losing_bytes(text: str) -> str:
    """UTF-8 bytes read as cp1252 by a decoder that drops the bytes cp1252 leaves undefined."""
    return text.encode().decode("cp1252", errors="ignore")


def half_the_lines(text: str, rng: random.Random) -> str:
    """cp1252 mojibake on a random half of the lines: a text put together from a broken source and a sound one."""
    return "\n".join(as_cp1252(line) if rng.random() < 0.5 else line for line in text.split("\n"))


#: Each kind of breakage: the broken text, from the clean one and a seeded random source.
BREAKAGES: dict[str, Callable[[str, random.Random], str]] = {
    "UTF-8 read as cp1252": lambda text, _: as_cp1252(text),
    "UTF-8 read as Latin-1": lambda text, _: text.encode().decode("latin-1"),
    "UTF-8 read as Mac Roman": lambda text, _: text.encode().decode("mac_roman"),
    "encoded twice (cp1252)": lambda text, _: as_cp1252(as_cp1252(text)),
    "cp1252, undefined bytes lost": lambda text, _: as_cp1252_losing_bytes(text),
    "cp1252 on half the lines": half_the_lines,
}
RESTORERS: dict[str, Callable[[str], str]] = {
    "ftfy": lambda text: ftfy.fix_text(text, FTFY_CONFIG),
    "cleantext": lambda text: _apply(text, normalize),
}


def _apply(text: str, stage: Callable[[str], list]) -> str:
    log = EditLog(text)
    log.apply(stage(text))
    return log.text


def gold_texts(data: Path, limit: int | None) -> Iterator[tuple[str, str]]:
    """(id, gold text) of the dev texts that hold characters outside ASCII."""
    with gzip.open(data / "dev.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in itertools.islice(handle, limit):
            record = json.loads(line)
            if not record["gold_text"].isascii():
                yield record["id"], record["gold_text"]


def changes_unbroken(text: str) -> dict[str, bool]:
    """Whether each restorer changes the unbroken text (beyond NFC): its own mojibake, or a false repair."""
    return {name: not ok for name, ok in restored(text, text).items()}


def restored(original: str, broken: str) -> dict[str, bool]:
    """Whether each restorer gives back the original (NFC) from the broken text."""
    want = unicodedata.normalize("NFC", original)
    return {name: unicodedata.normalize("NFC", fix(broken)) == want for name, fix in RESTORERS.items()}


def measure(job: tuple[str, str, int]) -> tuple[str, dict[str, dict[str, bool]]]:
    """One text's results per kind of breakage, or (under ``unbroken``) which restorers change it unbroken."""
    doc_id, text, seed = job
    changed = changes_unbroken(text)
    if any(changed.values()):
        return doc_id, {"unbroken": changed}
    results = {}
    for kind, breakage in BREAKAGES.items():
        broken = breakage(text, random.Random(f"{seed}:{doc_id}:{kind}"))
        if broken != text:
            results[kind] = restored(text, broken)
    return doc_id, results


Outcomes = list[tuple[str, dict[str, dict[str, bool]]]]


def table(outcomes: Outcomes) -> list[str]:
    """The Markdown table: per kind, texts, exact restorations, and where cleantext is better or worse."""
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in BREAKAGES}
    for _, results in outcomes:
        for kind, ok in results.items() if "unbroken" not in results else ():
            counts[kind].update(
                texts=1,
                ftfy=ok["ftfy"],
                cleantext=ok["cleantext"],
                better=ok["cleantext"] and not ok["ftfy"],
                worse=ok["ftfy"] and not ok["cleantext"],
            )
    rows = [
        "| breakage | texts | ftfy exact | cleantext exact | cleantext better | cleantext worse |",
        "|---|---|---|---|---|---|",
    ]
    total: Counter[str] = Counter()
    for kind, c in counts.items():
        total.update(c)
        rows.append(_row(kind, c))
    rows.append(_row("**all**", total))
    return rows


def _row(name: str, c: Counter[str]) -> str:
    share = lambda key: f"{c[key]:,} ({c[key] / c['texts']:.1%})" if c["texts"] else "0"  # noqa: E731
    return f"| {name} | {c['texts']:,} | {share('ftfy')} | {share('cleantext')} | {c['better']:,} | {c['worse']:,} |"


def show(outcomes: Outcomes, texts: dict[str, str], kind: str, n: int) -> None:
    """Print the first lines where cleantext is worse than ftfy on `n` texts broken by `kind`."""
    worse = [doc_id for doc_id, results in outcomes if kind in results and not results[kind]["cleantext"]]
    for doc_id in worse[:n]:
        original = texts[doc_id]
        broken = BREAKAGES[kind](original, random.Random(f"{SEED}:{doc_id}:{kind}"))
        fixed = {name: fix(broken).split("\n") for name, fix in RESTORERS.items()}
        for i, line in enumerate(original.split("\n")):
            if unicodedata.normalize("NFC", fixed["cleantext"][i]) != unicodedata.normalize("NFC", line):
                print(f"{doc_id} line {i}:\n  original  {line[:160]!r}\n  cleantext {fixed['cleantext'][i][:160]!r}")
                print(f"  ftfy      {fixed['ftfy'][i][:160]!r}")
                break


SEED = 22


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="benchmark folder")
    parser.add_argument("--limit", type=int, help="read only the first N records of dev.jsonl.gz")
    parser.add_argument("--jobs", type=int, default=4, help="processes")
    parser.add_argument("--show", metavar="KIND:N", help="print N texts of a breakage kind that cleantext misses")
    args = parser.parse_args()
    texts = dict(gold_texts(args.data, args.limit))
    with Pool(args.jobs) as pool:
        outcomes = pool.map(measure, [(doc_id, text, SEED) for doc_id, text in texts.items()], chunksize=8)
    unbroken = Counter(name for _, results in outcomes for name, ok in results.get("unbroken", {}).items() if ok)
    left_out = sum("unbroken" in results for _, results in outcomes)
    print(
        f"{len(texts):,} gold texts with characters outside ASCII; {left_out} left out, changed unbroken by ftfy "
        f"({unbroken['ftfy']}) or cleantext ({unbroken['cleantext']}): their own mojibake, or a false repair\n"
    )
    print("\n".join(table(outcomes)))
    if args.show:
        kind, _, n = args.show.rpartition(":")
        show(outcomes, texts, kind, int(n))


if __name__ == "__main__":
    main()
