"""How well cleantext strips boilerplate, on real pages nobody here wrote.

Scores the default pipeline (or a ``--profile``) on the evaluation sets in
``../shared/bench/`` with the metric of that folder's README (see
``benchmarks/metric.py``):

- ``dev.jsonl.gz``: the whole visible text of each page, raw and cleaned, against
  the human gold text, per source;
- ``extracted-dev.jsonl.gz``: what trafilatura, readability-lxml and boilerpy3
  extracted from the same pages, raw and cleaned, per extractor and source;
- ``multilingual-dev.jsonl.gz``: the share of ``must_include`` snippets kept and of
  ``must_exclude`` snippets removed, per language;
- ``gold``: the gold text of ``dev.jsonl.gz`` itself, cleaned: it is article text
  only, so every token the cleaner removes from it is a false removal.

Then one line per rule: in how many documents it fired, how many lines it
removed, and how many of those were article text (by the line labels of the
whole-page set, by the gold text of the extracted set, by the snippets of the
multilingual set; every line removed from gold text counts). Last, a quick timing against ftfy alone on the same pages.

Run from the repository root::

    python -m benchmarks.quality [--data DIR] [--limit N] [--profile balanced]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ftfy

from benchmarks.metric import Score, Summary, score, snippet_key, snippets_present, summarize
from cleantext import Cleaner
from cleantext.document import FURNITURE, CleanResult, removed_lines
from cleantext.packs import RuleTimeoutError

REPO = Path(__file__).resolve().parent.parent
EXTRACTORS = ("trafilatura", "readability", "boilerpy3", "trafilatura_nc")
PROFILES = ("precision", "balanced", "recall")


def read_jsonl(path: Path, limit: int | None) -> list[dict]:
    """The records of a gzipped JSON Lines file; with `limit`, an even spread of that many.

    The files are grouped by source, so taking the first N would test one
    source only; every k-th record keeps each source's share.
    """
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    if limit is not None and limit < len(rows):
        rows = [rows[i * len(rows) // limit] for i in range(limit)]
    return rows


# --- cleaning, with failures counted instead of ending the run ------------------------------------------------------

FAILURES: Counter[str] = Counter()


def clean(cleaner: Cleaner, text: str) -> CleanResult:
    """The cleaner's result; a document it refuses (a rule timed out) counts as a failure and passes unchanged.

    A batch user gets an error for such a document and keeps the original, so
    that is what it is scored as.
    """
    try:
        return cleaner.clean(text)
    except RuleTimeoutError as exc:
        FAILURES[exc.rule_id] += 1
        return CleanResult(text=text, original=text, edits=[], language="und")


# --- which lines a cleaning removed, and by which rule ---------------------------------------------------------------


def furniture_lines(result: CleanResult) -> Iterator[tuple[int, str, str, str]]:
    """``(line number, line text, rule id, category)`` for every non-blank input line that a furniture edit
    (boilerplate or comments) removed whole."""
    lines = result.original.split("\n")
    for number, edit in removed_lines(result.original, result.edits).items():
        rule, category = next((r, c) for r, c in zip(edit.rules, edit.categories, strict=True) if c in FURNITURE)
        yield number, lines[number], rule, category


@dataclass
class RuleTally:
    """How often one rule fired in one set, and how often it removed article text."""

    docs: int = 0
    lines: int = 0
    harmful: int = 0  # lines that were article text (by whatever the set can tell)
    judged: int = 0  # lines for which the set could tell


@dataclass
class Tallies:
    """Per-rule tallies of each evaluation set."""

    sets: dict[str, dict[str, RuleTally]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(RuleTally)))
    #: Per set, the documents whose article text (by the set's gold) lost lines to the ``comments`` category: pages
    #: whose gold keeps the reader comments. Reader comments are furniture: an accepted loss, listed, never tuned for.
    accepted: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, name: str, result: CleanResult, harmful: Callable[[int, str], bool | None], doc: str = "") -> None:
        """Count one cleaned document; `harmful(line number, text)` says whether a removal hurt, or None."""
        seen: set[str] = set()
        for number, text, rule, category in furniture_lines(result):
            tally = self.sets[name][rule]
            if rule not in seen:
                tally.docs += 1
                seen.add(rule)
            tally.lines += 1
            verdict = harmful(number, text)
            if verdict is not None:
                tally.judged += 1
                tally.harmful += verdict
            if verdict and category == "comments":
                self.accepted[name].add(doc)


# --- the three evaluation sets ---------------------------------------------------------------------------------------


def whole_pages(rows: list[dict], cleaner: Cleaner, tallies: Tallies) -> tuple[dict, float]:
    """Raw and cleaned scores of each page's whole visible text, by source; and the seconds spent cleaning."""
    raw: dict[str, list[Score]] = defaultdict(list)
    cleaned: dict[str, list[Score]] = defaultdict(list)
    spent = 0.0
    for row in rows:
        t0 = time.perf_counter()
        result = clean(cleaner, row["noisy_text"])
        spent += time.perf_counter() - t0
        source = row["source_dataset"]
        raw[source].append(score(row["noisy_text"], row["gold_text"]))
        cleaned[source].append(score(result.text, row["gold_text"]))
        labels = row["noisy_line_labels"]
        tallies.add("whole", result, lambda n, _t, labels=labels: None if labels[n] < 0 else labels[n] == 1, row["id"])
    return {"raw": raw, "cleaned": cleaned}, spent


def extracted(rows: list[dict], cleaner: Cleaner, tallies: Tallies) -> dict:
    """Raw and cleaned scores of each extractor's output, by extractor and source."""
    out: dict[str, dict[str, dict[str, list[Score]]]] = {
        name: {"raw": defaultdict(list), "cleaned": defaultdict(list)} for name in EXTRACTORS
    }
    for row in rows:
        gold = row["gold_text"]
        gold_key = snippet_key(gold)
        for name in EXTRACTORS:
            text = row[name]
            result = clean(cleaner, text)
            source = row["source_dataset"]
            out[name]["raw"][source].append(score(text, gold))
            out[name]["cleaned"][source].append(score(result.text, gold))
            tallies.add(
                "extracted", result, lambda _n, t, g=gold_key: snippet_key(t) in g if len(t) > 20 else None, row["id"]
            )
    return out


def multilingual(rows: list[dict], cleaner: Cleaner, tallies: Tallies) -> dict[str, Counter]:
    """Snippets kept and removed, raw and cleaned, by language."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        result = clean(cleaner, row["noisy_text"])
        c = counts[row["lang"]]
        c["docs"] += 1
        for label, text in (("raw", row["noisy_text"]), ("clean", result.text)):
            c[f"{label}_inc"] += sum(snippets_present(text, row["must_include"]))
            c[f"{label}_exc_gone"] += len(row["must_exclude"]) - sum(snippets_present(text, row["must_exclude"]))
        c["inc"] += len(row["must_include"])
        c["exc"] += len(row["must_exclude"])
        keys = [snippet_key(s) for s in row["must_include"]]
        tallies.add("multilingual", result, lambda _n, t, keys=keys: _holds_snippet(t, keys))
    return counts


def gold_texts(rows: list[dict], cleaner: Cleaner, tallies: Tallies) -> dict[str, list[Score]]:
    """Each page's gold text cleaned, scored against itself: what precision-first costs in article text."""
    scores: dict[str, list[Score]] = defaultdict(list)
    for row in rows:
        result = clean(cleaner, row["gold_text"])
        scores[row["source_dataset"]].append(score(result.text, row["gold_text"]))
        tallies.add("gold", result, lambda _n, _t: True, row["id"])
    return scores


def _holds_snippet(line: str, keys: list[str]) -> bool | None:
    line_key = snippet_key(line)
    return True if any(k and (k in line_key or line_key in k) for k in keys if len(line_key) > 15) else None


# --- printing --------------------------------------------------------------------------------------------------------


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join([_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows)])


def _f(x: float) -> str:
    return f"{x:.3f}"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _share(part: int, whole: int) -> str:
    return _pct(part / whole) if whole else "-"


def print_whole(scores: dict) -> None:
    print("\n## Whole pages (dev.jsonl.gz, noisy_text)\n")
    header = ["source", "docs", "F1 raw", "F1", "P", "R", "gutted raw", "gutted"]
    rows = []
    sources = sorted(scores["raw"])
    for source in [*sources, "all"]:
        pick = sources if source == "all" else [source]
        raw = summarize(s for k in pick for s in scores["raw"][k])
        got = summarize(s for k in pick for s in scores["cleaned"][k])
        scores_ = [_f(raw.f1), _f(got.f1), _f(got.precision), _f(got.recall), _pct(raw.gutted), _pct(got.gutted)]
        rows.append([source, str(got.n), *scores_])
    print(_table(header, rows))


def print_extracted(scores: dict) -> None:
    print("\n## Extractor output (extracted-dev.jsonl.gz)\n")
    sources = sorted(next(iter(scores.values()))["raw"])
    header = ["extractor", "", "F1", "P", "R", "gutted", *sources]
    rows = []
    for name in EXTRACTORS:
        for label in ("raw", "cleaned"):
            per = scores[name][label]
            total = summarize(s for k in sources for s in per[k])
            rows.append(
                [name, label, _f(total.f1), _f(total.precision), _f(total.recall), _pct(total.gutted)]
                + [_f(summarize(per[k]).f1) for k in sources]
            )
        deltas = [summarize(scores[name]["cleaned"][k]).f1 - summarize(scores[name]["raw"][k]).f1 for k in sources]
        raw_all = summarize(s for k in sources for s in scores[name]["raw"][k])
        got_all = summarize(s for k in sources for s in scores[name]["cleaned"][k])
        rows.append(
            [name, "Δ", f"{got_all.f1 - raw_all.f1:+.5f}", "", "", _gutted_change(raw_all, got_all)]
            + [f"{d:+.3f}" for d in deltas]
        )
    print(_table(header, rows))
    print("\nΔ F1 has five places: whether cleaning raises an extractor's F1 can lie below the third.")


def _gutted_change(raw: Summary, got: Summary) -> str:
    """How many more texts cleaning left below half recall, with the counts before and after."""
    before, after = round(raw.gutted * raw.n), round(got.gutted * got.n)
    return f"{after - before:+d} texts ({before} → {after})"


def print_multilingual(counts: dict[str, Counter]) -> None:
    print("\n## Multilingual (multilingual-dev.jsonl.gz)\n")
    header = ["lang", "docs", "include kept raw", "include kept", "exclude removed raw", "exclude removed"]
    rows = []
    total: Counter = Counter()
    for lang in sorted(counts, key=lambda k: (-counts[k]["docs"], k)):
        total.update(counts[lang])
    for lang, c in [*sorted(counts.items(), key=lambda kv: (-kv[1]["docs"], kv[0])), ("all", total)]:
        kept = [_share(c["raw_inc"], c["inc"]), _share(c["clean_inc"], c["inc"])]
        removed = [_share(c["raw_exc_gone"], c["exc"]), _share(c["clean_exc_gone"], c["exc"])]
        rows.append([lang, str(c["docs"]), *kept, *removed])
    print(_table(header, rows))


def print_gold(scores: dict[str, list[Score]]) -> None:
    print("\n## Gold text as input (dev.jsonl.gz, gold_text): article text the cleaner removed\n")
    header = ["source", "docs", "tokens kept", "docs losing > 1%", "docs losing > 10%"]
    rows = []
    for source in [*sorted(scores), "all"]:
        items = [s for k in sorted(scores) for s in scores[k]] if source == "all" else scores[source]
        kept = summarize(items).recall
        rows.append(
            [source, str(len(items)), _pct(kept)] + [str(sum(s.recall < 1 - x for s in items)) for x in (0.01, 0.1)]
        )
    print(_table(header, rows))


def print_rules(tallies: Tallies) -> None:
    print("\n## Rules: documents fired in / lines removed / of those, article text / lines the set could judge\n")
    names = [name for name in ("whole", "extracted", "multilingual", "gold") if name in tallies.sets]
    rules = sorted({r for s in tallies.sets.values() for r in s})
    header = ["rule"] + [f"{n} docs/lines/article/judged" for n in names]
    rows = []
    for rule in rules:
        cells = [rule]
        for name in names:
            t = tallies.sets[name].get(rule)
            if t is None or not t.lines:
                cells.append("-")
                continue
            share = f"{t.harmful}/{t.judged}" if t.judged else "n/a"
            cells.append(f"{t.docs}/{t.lines}/{share}")
        rows.append(cells)
    print(_table(header, rows))


def print_accepted(tallies: Tallies) -> None:
    """The pages whose gold keeps reader comments that the ``comments`` category removes, by id."""
    if not any(tallies.accepted.values()):
        return
    print("\n## Accepted losses: pages whose gold keeps the reader comments\n")
    print("Reader comments are furniture (category `comments`); these pages lose gold lines to it:\n")
    for name, docs in tallies.accepted.items():
        print(f"- {name} ({len(docs)}): {', '.join(sorted(docs))}")


def print_timing(rows: list[dict], spent: float) -> None:
    t0 = time.perf_counter()
    for row in rows:
        ftfy.fix_text(row["noisy_text"])
    ftfy_spent = time.perf_counter() - t0
    chars = sum(len(r["noisy_text"]) for r in rows)
    print(f"\n## Speed (whole pages: {len(rows)} docs, {chars / 1e6:.1f} M chars, one process)\n")
    timings = [("cleantext (everything)", spent), ("ftfy.fix_text alone", ftfy_spent)]
    rows_out = [[name, f"{t:.1f}", f"{len(rows) / t:.0f}", f"{chars / 1e6 / t:.2f}"] for name, t in timings]
    print(_table(["pipeline", "seconds", "docs/s", "MB/s"], rows_out))
    print(f"\ncleantext takes {spent / ftfy_spent:.2f}x the time of ftfy alone")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="benchmark folder")
    parser.add_argument("--limit", type=int, help="score an even spread of at most N documents of each set")
    parser.add_argument("--profile", choices=PROFILES, default="balanced", help="cleaning profile")
    parser.add_argument(
        "--sets",
        default="whole,extracted,multilingual,gold",
        help="comma-separated: whole, extracted, multilingual, gold",
    )
    parser.add_argument("--disable", action="append", default=[], help="switch off a rule, group or detector")
    args = parser.parse_args(argv)
    chosen = set(args.sets.split(","))
    cleaner = Cleaner(profile=args.profile, disable=args.disable)
    tallies = Tallies()
    print(f"# cleantext quality, profile {args.profile}" + (f", limit {args.limit}" if args.limit else ""))
    if "whole" in chosen:
        rows = read_jsonl(args.data / "dev.jsonl.gz", args.limit)
        scores, spent = whole_pages(rows, cleaner, tallies)
        print_whole(scores)
    if "extracted" in chosen:
        print_extracted(extracted(read_jsonl(args.data / "extracted-dev.jsonl.gz", args.limit), cleaner, tallies))
    if "multilingual" in chosen:
        rows_ml = read_jsonl(args.data / "multilingual-dev.jsonl.gz", args.limit)
        print_multilingual(multilingual(rows_ml, cleaner, tallies))
    if "gold" in chosen:
        print_gold(gold_texts(read_jsonl(args.data / "dev.jsonl.gz", args.limit), cleaner, tallies))
    print_rules(tallies)
    print_accepted(tallies)
    if FAILURES:
        failed = ", ".join(f"{rule} {n}" for rule, n in FAILURES.most_common())
        print(f"\nDocuments refused (rule timed out; scored unchanged): {sum(FAILURES.values())} ({failed})")
    if "whole" in chosen:
        print_timing(rows, spent)


if __name__ == "__main__":
    main()
