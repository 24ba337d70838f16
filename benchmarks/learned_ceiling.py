"""How far a learned line classifier gets on whole pages: a ceiling study for issue 4, not a feature.

The issue asks 0.85 of whole-page F1 from text alone. This script asks whether
learning, instead of hand-set thresholds, would get there. Gradient-boosted
trees (scikit-learn, which cleantext does not depend on) learn from the dev
set's line labels which lines of a page are content, from what a text-only
cleaner can see of a line: its length, stopword density, sentence end, title
case, digits and punctuation; the same of the two lines on either side; its
place in the page; its distance from the nearest line of article prose; how
often it repeats; and cleantext's own verdict. Each source is scored by a model
trained on the other five, so that no page or site of it was seen in training.

    pip install scikit-learn
    python -m benchmarks.learned_ceiling --data ../shared/bench     # about 4 minutes on two cores

Prints the mean F1 and gutted share of cleantext's line verdicts alone, of the
model alone, and of the model removing more lines after cleantext, at several
thresholds.
"""

from __future__ import annotations

import argparse
import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import regex

from benchmarks.metric import score
from benchmarks.quality import read_jsonl, removed_lines
from cleantext import Cleaner
from cleantext.stages.boilerplate import ends_sentence
from cleantext.stopwords import stopwords

_WORD = regex.compile(r"\w+")
#: Lines this far on either side of a line lend it their features.
NEIGHBOURS = 2
#: The cleaner's verdict on a line: kept, removed by a heuristic detector, removed by a rule.
VERDICTS = ("kept", "heuristic", "rule")
THRESHOLDS = (0.1, 0.2, 0.3, 0.5)


def shape(line: str, stop: frozenset[str]) -> list[float]:
    """What a line looks like: length, function words, sentence end, case, digits, punctuation, list and table marks."""
    words = _WORD.findall(line)
    n = len(words) or 1
    density = sum(w.lower() in stop for w in words) / n
    return [
        math.log1p(len(words)),
        math.log1p(len(line)),
        density,
        float(ends_sentence(line)),
        sum(w[:1].isupper() for w in words) / n,
        sum(ch.isdigit() for ch in line) / len(line),
        sum(not ch.isalnum() and not ch.isspace() for ch in line) / len(line),
        float("|" in line),
        float(line[:1] in "-•*"),
        float(line.endswith(":")),
        float(len(words) >= 15 and density >= 0.25),  # article prose
    ]


def page_features(lines: Sequence[str], verdicts: Sequence[str], stop: frozenset[str]) -> list[list[float]]:
    """One feature row per line of a page (non-blank lines, stripped), from the line and its neighbours."""
    shapes = [shape(line, stop) for line in lines]
    blank = [0.0] * len(shapes[0]) if shapes else []
    prose = [k for k, s in enumerate(shapes) if s[-1]]
    counts = Counter(lines)
    total = sum(len(line.split()) for line in lines) or 1
    rows, before = [], 0
    for k, line in enumerate(lines):
        around = [
            shapes[j] if 0 <= j < len(lines) else blank for j in range(k - NEIGHBOURS, k + NEIGHBOURS + 1) if j != k
        ]
        window = shapes[max(0, k - 5) : k + 6]
        place = [
            k / len(lines),
            before / total,
            min((abs(k - p) for p in prose), default=len(lines)) / len(lines),
            sum(s[-1] for s in window) / len(window),
            math.log1p(counts[line]),
            math.log1p(len(lines)),
            len(prose) / len(lines),
        ]
        verdict = [float(verdicts[k] == v) for v in VERDICTS]
        rows.append(shapes[k] + [x for s in around for x in s] + place + verdict)
        before += len(line.split())
    return rows


def page_lines(cleaner: Cleaner, text: str) -> list[tuple[int, str, str]]:
    """The non-blank lines of a page: each one's number, its stripped text and the cleaner's verdict on it."""
    result = cleaner.clean(text)
    removed = {n: "heuristic" if rule.startswith("heuristic.") else "rule" for n, _, rule in removed_lines(result)}
    return [(n, line.strip(), removed.get(n, "kept")) for n, line in enumerate(text.split("\n")) if line.strip()]


def mean_scores(pages: Sequence[tuple[str, list[str]]], keeps: Sequence[Sequence[bool]]) -> tuple[float, float]:
    """Mean F1 and gutted share (recall below 0.5) of `pages` (gold text, lines) with the lines `keeps` marks."""
    scores = [
        score("\n".join(line for line, keep in zip(lines, kept, strict=True) if keep), gold)
        for (gold, lines), kept in zip(pages, keeps, strict=True)
    ]
    return sum(s.f1 for s in scores) / len(scores), sum(s.recall < 0.5 for s in scores) / len(scores)


def leave_one_source_out(rows: list[list[float]], labels: list[int], sources: list[str]) -> list[float]:
    """Each line's probability of being content, from a model trained on the lines of the other sources."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    features, label, source = np.array(rows, dtype=np.float32), np.array(labels), np.array(sources)
    probability = np.zeros(len(rows))
    for held_out in sorted(set(sources)):
        train = (source != held_out) & (label != -1)  # ambiguous lines teach nothing
        model = HistGradientBoostingClassifier(max_iter=200, random_state=0)
        model.fit(features[train], label[train] == 1)
        probability[source == held_out] = model.predict_proba(features[source == held_out])[:, 1]
    return probability.tolist()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/bench"), help="benchmark folder")
    parser.add_argument("--limit", type=int, default=None, help="an even spread of at most N pages")
    args = parser.parse_args(argv)
    cleaner, stop = Cleaner(), stopwords("en") or frozenset()
    pages, rows, labels, sources, kept, spans = [], [], [], [], [], []
    for record in read_jsonl(args.data / "dev.jsonl.gz", args.limit):
        numbered = page_lines(cleaner, record["noisy_text"])
        lines, verdicts = [line for _, line, _ in numbered], [verdict for _, _, verdict in numbered]
        spans.append((len(rows), len(rows) + len(lines)))
        rows += page_features(lines, verdicts, stop)
        labels += [record["noisy_line_labels"][n] for n, _, _ in numbered]
        sources += [record["source_dataset"]] * len(lines)
        kept += [verdict == "kept" for verdict in verdicts]
        pages.append((record["gold_text"], lines))
    probability = leave_one_source_out(rows, labels, sources)

    def report(name: str, flags: list[bool]) -> None:
        f1, gutted = mean_scores(pages, [flags[a:b] for a, b in spans])
        print(f"| {name} | {f1:.4f} | {gutted:.1%} |")

    print("| lines kept | F1 | gutted |\n| --- | --- | --- |")
    report("cleantext", kept)
    for t in THRESHOLDS:
        report(f"model, p ≥ {t}", [p >= t for p in probability])
    for t in THRESHOLDS:
        report(f"cleantext, then model p ≥ {t}", [k and p >= t for k, p in zip(kept, probability, strict=True)])


if __name__ == "__main__":
    main()
