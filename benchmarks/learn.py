"""How well do learned site packs remove furniture, and only furniture?

Two measurements, both on articles the pack was NOT learned from:

1. synthetic: for each seed, a 30-article synthetic site (benchmarks/synthetic_site.py);
   learn from 20 articles, clean the other 10 with the learned pack alone.
2. real sites: the pages of ``dev.jsonl.gz`` grouped by host; for every host with at least
   ``--min-pages`` pages, each page is cleaned by a pack learned from the host's other pages
   (leave one out), and its removed lines are scored against the benchmark's line labels
   (1 content, 0 boilerplate; -1 ambiguous lines are not scored).

A line counts as removed when a learned rule's edit covers it. Precision: removed lines
that are furniture; recall: furniture lines removed.

    python -m benchmarks.learn [--data ../shared/bench] [--seeds 5] [--min-pages 10]
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from benchmarks.synthetic_site import make_site
from cleantext import Cleaner
from cleantext.corpus import Document
from cleantext.learn import LearnOptions, learn_rules
from cleantext.packs import load_pack
from cleantext.packwriter import NothingLearned, write_pack

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Score:
    removed_furniture: int = 0
    removed_content: int = 0
    furniture: int = 0
    content: int = 0

    def add(self, removed: list[bool], labels: list[bool | None]) -> None:
        for gone, is_content in zip(removed, labels, strict=True):
            if is_content is None:
                continue
            if is_content:
                self.content += 1
                self.removed_content += gone
            else:
                self.furniture += 1
                self.removed_furniture += gone

    def row(self, name: str) -> str:
        removed = self.removed_furniture + self.removed_content
        precision = self.removed_furniture / removed if removed else 1.0
        recall = self.removed_furniture / self.furniture if self.furniture else 0.0
        return (
            f"| {name} | {precision:.3f} | {recall:.3f} | {self.removed_content} of {self.content} | "
            f"{self.removed_furniture} of {self.furniture} |"
        )


def learned_cleaner(train: list[Document], options: LearnOptions) -> Cleaner | None:
    """A Cleaner with only the pack learned from `train` (None when nothing was learned)."""
    try:
        text = write_pack(learn_rules(train, options), "site")
    except NothingLearned:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "site.toml"
        path.write_text(text, encoding="utf-8")
        pack = load_pack(path)
    return Cleaner(packs=[pack], language="en", quotes="keep", normalize=False)


def removed_lines(cleaner: Cleaner | None, text: str) -> list[bool]:
    """For each line of `text` (split on \\n), whether a learned rule removed it."""
    lines = text.split("\n")
    if cleaner is None:
        return [False] * len(lines)
    spans = [(e.start, e.end) for e in cleaner.clean(text).edits if "boilerplate" in e.categories]
    out, pos = [], 0
    for line in lines:
        start, end = pos, pos + len(line)
        out.append(bool(line.strip()) and any(s <= start and end <= e for s, e in spans))
        pos = end + 1
    return out


def synthetic(seeds: int, options: LearnOptions) -> Score:
    score = Score()
    for seed in range(1, seeds + 1):
        site = make_site(30, seed=seed)
        cleaner = learned_cleaner([Document(a.id, a.text) for a in site[:20]], options)
        for article in site[20:]:
            labels = [is_body if line.strip() else None for line, is_body in article.lines] + [None]
            score.add(removed_lines(cleaner, article.text), labels)
    return score


def real_sites(data: Path, min_pages: int, options: LearnOptions) -> dict[str, Score]:
    by_host: dict[str, list[dict]] = defaultdict(list)
    with gzip.open(data / "dev.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            host = urlparse(record.get("url") or "").netloc.removeprefix("www.")
            if host:
                by_host[host].append(record)
    scores: dict[str, Score] = {}
    for host, pages in sorted(by_host.items()):
        if len(pages) < min_pages:
            continue
        score = scores.setdefault(host, Score())
        docs = [Document(p["id"], p["noisy_text"]) for p in pages]
        for i, page in enumerate(pages):
            cleaner = learned_cleaner(docs[:i] + docs[i + 1 :], options)
            labels = [None if label == -1 else label == 1 for label in page["noisy_line_labels"]]
            removed = removed_lines(cleaner, page["noisy_text"])
            if len(removed) != len(labels):
                continue  # the labels do not line up with the lines: not scored
            score.add(removed, labels)
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--min-pages", type=int, default=10)
    args = parser.parse_args()
    options = LearnOptions()
    print("| corpus | precision | recall | content lines removed | furniture lines removed |")
    print("|---|---|---|---|---|")
    print(synthetic(args.seeds, options).row(f"synthetic site, {args.seeds} seeds, 10 held-out articles each"))
    if (args.data / "dev.jsonl.gz").exists():
        total = Score()
        for host, score in real_sites(args.data, args.min_pages, options).items():
            print(score.row(host))
            for name in vars(total):
                setattr(total, name, getattr(total, name) + getattr(score, name))
        print(total.row(f"all hosts with >= {args.min_pages} pages (leave one out)"))
    else:
        print(f"(no {args.data / 'dev.jsonl.gz'}: real sites skipped)")


if __name__ == "__main__":
    main()
