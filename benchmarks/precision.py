"""Precision of the repair rules on clean prose, and recall on the seed's artifacts.

Usage: python benchmarks/precision.py [--data DIR] [--limit N] [--jobs N] [--json FILE]

The gold texts of the dev benchmark are clean, human-edited article text: every
repair edit made on them (category ``repair``; quote and whitespace edits do not
count) is a false edit, a correct sentence "fixed". The script counts them per
100,000 words and lists each one with its rule and context; the target is at
most 1 per 100,000 words. Flags (report-only findings) are counted and listed
apart, and so is the spin score of every document that reached the threshold of
the spin-gated rules.

It then cleans seed 000 and checks each artifact listed in
``benchmarks/seed_artifacts.toml``: repaired as expected, or flagged.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tomllib
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import regex

from cleantext import Cleaner

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "seed_artifacts.toml"
CONTEXT = 50
TARGET_PER_100K = 1.0

_cleaner: Cleaner | None = None


def gold_texts(data: Path, limit: int | None) -> Iterator[tuple[str, str]]:
    """(id, gold_text) of the dev benchmark, in file order."""
    with gzip.open(data / "dev.jsonl.gz", "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if limit is not None and n >= limit:
                return
            doc = json.loads(line)
            yield doc["id"], doc["gold_text"]


def _snippet(text: str, start: int, end: int) -> str:
    return " ".join(
        (text[max(0, start - CONTEXT) : start] + "[" + text[start:end] + "]" + text[end : end + CONTEXT]).split()
    )


def examine(item: tuple[str, str]) -> dict[str, Any]:
    """Clean one gold text; its words, repair edits, flags and spin score."""
    global _cleaner
    if _cleaner is None:
        _cleaner = Cleaner()
    doc_id, text = item
    result = _cleaner.clean(text)
    edits = [
        {
            "doc": doc_id,
            "rule": e.rule,
            "original": e.original,
            "replacement": e.replacement,
            "context": _snippet(text, e.start, e.end),
        }
        for e in result.edits
        if "repair" in e.categories
    ]
    flags = [{"doc": doc_id, "rule": f.rule, "context": _snippet(text, f.start, f.end)} for f in result.flags]
    spacing = [r for e in result.edits if "whitespace" in e.categories for r in e.rules if r in _pack_whitespace()]
    return {
        "doc": doc_id,
        "words": len(text.split()),
        "language": result.language,
        "edits": edits,
        "flags": flags,
        "spacing": spacing,
        "spin_score": result.spin_score,
        "spin_signals": result.spin_signals,
    }


def _pack_whitespace() -> frozenset[str]:
    """Pack rules of category whitespace (space before punctuation, split clitics): counted apart."""
    assert _cleaner is not None
    return frozenset(r.id for r in _cleaner.rules if r.category == "whitespace")


def seed_artifacts() -> dict[str, Any]:
    """Which of the seed's listed artifacts the default cleaner repairs or flags."""
    spec = tomllib.loads(ARTIFACTS.read_text(encoding="utf-8"))
    original = (REPO / "seeds" / spec["seed"]).read_text(encoding="utf-8")
    result = Cleaner().clean(original)
    rows = []
    for artifact in spec["artifacts"]:
        start = original.find(artifact["find"])
        if artifact["action"] == "repair":
            left = regex.search(r"(?<!\w)" + regex.escape(artifact["find"]) + r"(?!\w)", result.text)
            done = artifact["expect"] in result.text and left is None
        else:
            end = start + len(artifact["find"])
            done = artifact["find"] in result.text and any(
                f.rule == artifact["rule"] and f.start < end and start < f.end for f in result.flags
            )
        rows.append({"artifact": artifact["find"], "action": artifact["action"], "done": done})
    return {"seed": spec["seed"], "spin_score": result.spin_score, "artifacts": rows}


def run(data: Path, limit: int | None, jobs: int) -> dict[str, Any]:
    items = gold_texts(data, limit)
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            docs = list(pool.map(examine, items, chunksize=8))
    else:
        docs = [examine(item) for item in items]
    words = sum(d["words"] for d in docs)
    edits = [e for d in docs for e in d["edits"]]
    flags = [f for d in docs for f in d["flags"]]
    gated = {r.id: r.requires_spin for r in Cleaner().rules if r.requires_spin is not None}
    return {
        "documents": len(docs),
        "words": words,
        "repair_edits": len(edits),
        "repair_edits_per_100k_words": round((edits and len(edits) * 100_000 / words) or 0.0, 3),
        "edits_by_rule": dict(Counter(e["rule"] for e in edits).most_common()),
        "flags": len(flags),
        "flags_by_rule": dict(Counter(f["rule"] for f in flags).most_common()),
        "spin_scores": dict(sorted(Counter(d["spin_score"] for d in docs).items())),
        "gated_rules": gated,
        "spacing_edits_by_rule": dict(Counter(r for d in docs for r in d["spacing"]).most_common()),
        "edit_list": edits,
        "flag_list": flags,
        "seed": seed_artifacts(),
    }


def report(summary: dict[str, Any]) -> str:
    lines = [
        f"gold texts: {summary['documents']} documents, {summary['words']:,} words",
        f"repair edits: {summary['repair_edits']} = {summary['repair_edits_per_100k_words']} per 100,000 words "
        f"(target <= {TARGET_PER_100K:g})",
    ]
    lines += [f"  {rule}: {n}" for rule, n in summary["edits_by_rule"].items()]
    for e in summary["edit_list"]:
        lines.append(f"  - {e['rule']} [{e['doc']}] {e['original']!r} -> {e['replacement']!r}: {e['context']}")
    lines.append(f"flags (no change): {summary['flags']}")
    lines += [f"  {rule}: {n}" for rule, n in summary["flags_by_rule"].items()]
    for f in summary["flag_list"]:
        lines.append(f"  - {f['rule']} [{f['doc']}]: {f['context']}")
    lines.append(f"spin scores (score: documents): {summary['spin_scores']}; gated rules: {summary['gated_rules']}")
    lines.append(f"not counted, pack whitespace rules (spacing fixes): {summary['spacing_edits_by_rule']}")
    seed = summary["seed"]
    done = sum(a["done"] for a in seed["artifacts"])
    lines.append(
        f"seed {seed['seed']}: {done}/{len(seed['artifacts'])} artifacts handled, spin score {seed['spin_score']}"
    )
    lines += [f"  {'ok ' if a['done'] else 'NO '} {a['action']:<6} {a['artifact']}" for a in seed["artifacts"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Repair edits per 100,000 words of clean gold text.")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="benchmark data folder")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--json", type=Path, help="also write the full results here as JSON")
    args = parser.parse_args(argv)
    if not (args.data / "dev.jsonl.gz").is_file():
        parser.error(f"no dev.jsonl.gz in {args.data} (use --data)")
    summary = run(args.data, args.limit, args.jobs)
    print(report(summary))
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
