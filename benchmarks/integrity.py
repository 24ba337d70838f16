"""What cleaning damages: article text removed from gold text, and blocks removed by halves.

Two measures on the dev data in ``../shared/bench`` (see issue "Never damage what is
not furniture"):

- **gold text through the cleaner**: every dev document's gold text is clean article
  text, so each character the furniture categories remove from it is a false
  removal; so is every removed line that is, by its shape, a line of code, a list
  item or a table row. The shapes are counted here with their own patterns, not
  with :mod:`cleantext.structure`, so that the guard is measured from outside.
- **half removals**, on the whole pages and on each extractor's output: a header
  that a block or rest rule of the shipped packs recognizes ("Related Articles",
  "Kommentare") was removed while the line after it, an item of its list or thread,
  stayed in the text, where it reads as article text.

Run from the repository root::

    python -m benchmarks.integrity [--data DIR] [--limit N] [--sets gold,whole,extracted] [--examples N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import regex

from benchmarks.quality import EXTRACTORS, REPO, clean, read_jsonl
from cleantext import Cleaner
from cleantext.document import FURNITURE, CleanResult, removed_lines
from cleantext.packs import Rule
from cleantext.quotemarks import fold
from cleantext.stages.boilerplate import ends_sentence, word_count

#: Shapes of structure lines, counted on the raw line (indentation kept).
SHAPES: dict[str, regex.Pattern] = {
    "code": regex.compile(
        r"^\s*(?:`{3}|~{3})|^\s*[{}()\[\];,]*[{}\[\]][{}()\[\];,]*\s*$|[;{]\s*$|^\s*}"
        r"|==|!=|=>|->|::|&&|\|\||\+=|</?\w+[^>]*>|^\s*(?:def|class|function|return|import|const|let|var|fn|pub)\s"
    ),
    "list": regex.compile(r"^\s*(?:[-*•+–▪◦]|\d{1,3}[.)]|\(\d{1,3}\)|#\d{1,3})\s+\S"),
    "table": regex.compile(r"^\s*\|.*\|\s*$|\S\t+\S"),
}
#: A line after a removed header reads as an item of its list or thread when it is at most this many words
#: and does not end a sentence.
ITEM_WORDS = 15


def shape(line: str) -> str | None:
    """The structure a raw line has by its shape: code, list or table (None: none)."""
    return next((name for name, pattern in SHAPES.items() if pattern.search(line)), None)


def removed_by(result: CleanResult) -> dict[int, str]:
    """The furniture rule that removed each wholly removed non-blank input line, by line number."""
    return {
        number: next(r for r, c in zip(edit.rules, edit.categories, strict=True) if c in FURNITURE)
        for number, edit in removed_lines(result.original, result.edits).items()
    }


class Integrity:
    """Tallies of the damage one cleaner does."""

    def __init__(self, cleaner: Cleaner, examples: int) -> None:
        self.cleaner = cleaner
        self.examples = examples
        self.headers = [r for r in cleaner.rules if r.scope in ("block", "rest")]
        self.gold_chars: Counter[str] = Counter()
        self.gold_removed: Counter[str] = Counter()
        self.gold_comments: Counter[str] = Counter()  # of those, by the comments category: an accepted loss
        self.gold_shares: dict[str, list[float]] = defaultdict(list)  # each document's share removed
        self.gold_by_rule: Counter[str] = Counter()
        self.structure: Counter[tuple[str, str]] = Counter()  # (shape, rule) -> lines removed
        self.structure_docs: Counter[str] = Counter()
        self.halves: dict[str, Counter[str]] = defaultdict(Counter)
        self.half_docs: Counter[str] = Counter()
        self.texts: Counter[str] = Counter()
        self.seen: list[tuple[str, str, str, str]] = []

    def gold(self, row: dict) -> None:
        """Clean a gold text: every furniture removal from it is article text lost."""
        result = clean(self.cleaner, row["gold_text"])
        source = row["source_dataset"]
        self.gold_chars[source] += len(result.original)
        furniture = [e for e in result.edits if not FURNITURE.isdisjoint(e.categories)]
        lost = sum(len(e.original) for e in furniture)
        self.gold_removed[source] += lost
        self.gold_comments[source] += sum(len(e.original) for e in furniture if "comments" in e.categories)
        self.gold_shares[source].append(lost / len(result.original) if result.original else 0.0)
        for edit in furniture:
            self.gold_by_rule[edit.rules[0]] += len(edit.original)
        lines = result.original.split("\n")
        hit = False
        for number, rule in removed_by(result).items():
            kind = shape(lines[number])
            if kind is not None:
                self.structure[kind, rule] += 1
                hit = True
                self._example("structure", row["id"], rule, lines[number])
        self.structure_docs[source] += hit

    def half(self, name: str, row_id: str, text: str) -> None:
        """Clean a text and count the headers removed while the item after them stayed."""
        result = clean(self.cleaner, text)
        self.texts[name] += 1
        removed = removed_by(result)
        lines = [line.strip() for line in fold(result.original).split("\n")]
        found = False
        for number in removed:
            if not self._is_header(lines[number]):
                continue
            following = next((j for j in range(number + 1, len(lines)) if lines[j]), None)
            if following is None or following in removed or not _item_like(lines[following]):
                continue
            self.halves[name][removed[number]] += 1
            found = True
            self._example(f"half/{name}", row_id, removed[number], f"{lines[number]!r} then kept {lines[following]!r}")
        self.half_docs[name] += found

    def _is_header(self, line: str) -> bool:
        return any(_heads(rule, line) for rule in self.headers)

    def _example(self, kind: str, row_id: str, rule: str, what: str) -> None:
        if sum(1 for k, *_ in self.seen if k == kind) < self.examples:
            self.seen.append((kind, row_id, rule, what[:160]))


def _heads(rule: Rule, line: str) -> bool:
    """Whether a block or rest rule matches `line` as its header."""
    return rule.fullmatch(line) is not None


def _item_like(line: str) -> bool:
    """A line that reads as a list item or a thread's byline: short, not a sentence."""
    return word_count(line, ITEM_WORDS) <= ITEM_WORDS and not ends_sentence(line)


def report(tally: Integrity) -> None:
    """Print the tables."""
    if tally.gold_chars:
        print("## Gold text through the cleaner: article text removed\n")
        print("| source | chars | removed | share | without comments | mean per document | docs losing structure |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        sources = sorted(tally.gold_chars)
        for source in [*sources, "all"]:
            names = sources if source == "all" else [source]
            chars = sum(tally.gold_chars[n] for n in names)
            lost = sum(tally.gold_removed[n] for n in names)
            comments = sum(tally.gold_comments[n] for n in names)
            shares = [x for n in names for x in tally.gold_shares[n]]
            docs = sum(tally.structure_docs[n] for n in names)
            print(
                f"| {source} | {chars} | {lost} | {lost / chars:.3%} | {(lost - comments) / chars:.3%} "
                f"| {sum(shares) / len(shares):.3%} | {docs} |"
            )
        print("\nStructure lines removed from gold text, by shape and rule:\n")
        for (kind, rule), n in tally.structure.most_common():
            print(f"- {kind}: {rule} {n}")
        print(f"- total: {sum(tally.structure.values())}")
        print("\nCharacters removed from gold text, by rule (top 15):\n")
        for rule, n in tally.gold_by_rule.most_common(15):
            print(f"- {rule}: {n}")
    if tally.halves or tally.texts:
        print("\n## Half removals: a header removed, the item after it kept\n")
        print("| text | texts | texts with one | headers | by rule |")
        print("| --- | --- | --- | --- | --- |")
        for name in tally.texts:
            rules = ", ".join(f"{r} {n}" for r, n in tally.halves[name].most_common())
            count = sum(tally.halves[name].values())
            print(f"| {name} | {tally.texts[name]} | {tally.half_docs[name]} | {count} | {rules} |")
    if tally.seen:
        print("\n## Examples\n")
        for kind, row_id, rule, what in tally.seen:
            print(f"- {kind} {row_id} {rule}: {what}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="benchmark folder")
    parser.add_argument("--limit", type=int, help="an even spread of at most N documents of each set")
    parser.add_argument("--sets", default="gold,whole,extracted", help="comma-separated: gold, whole, extracted")
    parser.add_argument("--examples", type=int, default=0, help="print up to N examples of each kind of damage")
    args = parser.parse_args(argv)
    chosen = set(args.sets.split(","))
    tally = Integrity(Cleaner(), args.examples)
    if chosen & {"gold", "whole"}:
        for row in read_jsonl(args.data / "dev.jsonl.gz", args.limit):
            if "gold" in chosen:
                tally.gold(row)
            if "whole" in chosen:
                tally.half("whole", row["id"], row["noisy_text"])
    if "extracted" in chosen:
        for row in read_jsonl(args.data / "extracted-dev.jsonl.gz", args.limit):
            for name in EXTRACTORS:
                tally.half(name, row["id"], row[name])
    print(f"# cleantext integrity{f', limit {args.limit}' if args.limit else ''}\n")
    report(tally)


if __name__ == "__main__":
    main()
