"""Throughput and memory of cleantext, measured; never asserted in tests.

    python benchmarks/speed.py [--data DIR] [--limit N] [--rss-mb 1024] [--skip-throughput] [--skip-jobs]
                               [--skip-rss] [--rules]

1. One process, the ``noisy_text`` pages of ``dev.jsonl.gz``: the full default
   pipeline beside ``ftfy.fix_text`` alone over the same documents, in the same
   run (each timed several times, alternating, best kept), as docs/s, MB/s and
   a ratio, once with each language detector. It says which build it timed:
   the figures that count are those of a compiled install (``pip install .``).
   Where the time goes (on a pure-Python install only): each stage the pipeline
   calls, timed inside that run; with ``--rules``, each inline rule alone on the
   same pages.
2. Language detection: how often each detector (cld2, the default, and
   py3langid ask the next one when unsure) agrees with langdetect alone, and
   with the page's labelled language, on each page's language sample.
3. ``cleantext clean --jsonl`` on a JSON Lines file of those pages with
   ``--jobs 1`` and ``--jobs 2`` (wall time, process start included).
4. Peak memory of ``cleantext clean --jsonl`` on a generated file of about
   ``--rss-mb`` MB (the pages repeated, written to a temporary folder that is
   deleted afterwards): the peak resident set of the whole process tree.

The data folder defaults to ``<repo>/../shared/bench`` (evaluation data, not
shipped with the project).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import ftfy

import cleantext.pipeline
from cleantext import Cleaner
from cleantext.lang import DETECTORS, detect_language, sample
from cleantext.stages.inline import apply_inline

REPO = Path(__file__).resolve().parent.parent


def load(data: Path, name: str, limit: int | None) -> list[dict]:
    with gzip.open(data / name, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in itertools.islice(handle, limit)]


def best_time(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def load_models() -> None:
    """Load every detector's model now, so that no timing below pays for it (each loads once, when first needed)."""
    for detector in DETECTORS:
        detect_language("Load every detector's model with one English sentence here.", detector=detector)


def throughput(texts: list[str], repeat: int) -> None:
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    contenders: dict[str, Callable[[], object]] = {"ftfy.fix_text alone": lambda: [ftfy.fix_text(t) for t in texts]}
    for detector in DETECTORS:
        cleaner = Cleaner(detector=detector)
        cleaner.clean(texts[0])
        contenders[f"cleantext, detector={detector}"] = lambda c=cleaner: [c.clean(t) for t in texts]
    load_models()
    best = dict.fromkeys(contenders, float("inf"))
    for _ in range(repeat):  # alternate, so that both see the same machine load
        for name, run in contenders.items():
            best[name] = min(best[name], best_time(run))
    print(f"## Throughput, one process: {len(texts)} pages, {size:.1f} MB (best of {repeat})")
    print("| run | docs/s | MB/s | ms/doc | ratio to ftfy alone |\n|---|---|---|---|---|")
    reference = best["ftfy.fix_text alone"]
    for name, seconds in best.items():
        print(
            f"| {name} | {len(texts) / seconds:,.0f} | {size / seconds:.2f} | {seconds / len(texts) * 1e3:.2f} "
            f"| {reference / seconds:.2f} |"
        )


#: The functions the pipeline calls, one per stage (see Cleaner.clean).
STAGES = ("normalize", "identify", "strip_boilerplate", "detect", "apply_inline", "quote_changes", "tidy")


def stage_costs(texts: list[str]) -> None:
    """Time each stage of the default pipeline by wrapping the function pipeline.py calls for it."""
    spent = dict.fromkeys(STAGES, 0.0)
    originals = {name: getattr(cleantext.pipeline, name) for name in STAGES}

    def timed(name: str, function: Callable) -> Callable:
        def run(*args: object, **kwargs: object) -> object:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - start

        return run

    cleaner = Cleaner()
    cleaner.clean(texts[0])
    load_models()
    try:
        for name, function in originals.items():
            setattr(cleantext.pipeline, name, timed(name, function))
        total = best_time(lambda: [cleaner.clean(t) for t in texts])
    finally:
        for name, function in originals.items():
            setattr(cleantext.pipeline, name, function)
    print("\n## Where the time goes (one run of the default pipeline)")
    print("| stage | ms/page | share |\n|---|---|---|")
    rest = total - sum(spent.values())
    for name, seconds in [*spent.items(), ("everything else (edit log, report, samples)", rest)]:
        print(f"| {name} | {seconds / len(texts) * 1e3:.2f} | {seconds / total:.0%} |")


def rule_costs(texts: list[str]) -> None:
    """Each inline rule of the English packs alone on every page (spin-gated rules included)."""
    rules = [r for r in Cleaner().rules_for("en") if r.scope == "inline"]
    costs = sorted(((best_time(lambda r=r: [apply_inline(t, r) for t in texts]), r.id) for r in rules), reverse=True)
    print("\n## Inline rules, each alone on every page")
    print("| rule | ms/page |\n|---|---|")
    for seconds, rule_id in costs:
        print(f"| {rule_id} | {seconds / len(texts) * 1e3:.3f} |")


def agreement(data: Path, limit: int | None) -> None:
    print("\n## Language detection: each detector (cld2 and py3langid ask the next when unsure) vs langdetect alone")
    print("Agreement with langdetect alone, and with the language each page is labelled with in the data.")
    print("| data | detector | pages | = langdetect alone | share | = label | µs/page |")
    print("|---|---|---|---|---|---|---|")
    load_models()
    for name in ("dev.jsonl.gz", "multilingual-dev.jsonl.gz"):
        if not (data / name).exists():
            continue
        docs = load(data, name, limit)
        probes = [sample(d["noisy_text"]) for d in docs]
        labels = [d.get("lang") for d in docs]
        answers = {}
        for detector in reversed(DETECTORS):  # langdetect first: the others are compared with it
            start = time.perf_counter()
            answers[detector] = [detect_language(p, sampled=True, detector=detector) for p in probes]
            micros = (time.perf_counter() - start) / len(probes) * 1e6
            agree = sum(a == b for a, b in zip(answers[detector], answers["langdetect"], strict=True))
            right = sum(a == b for a, b in zip(answers[detector], labels, strict=True))
            share = agree / len(probes)
            print(f"| {name} | {detector} | {len(probes)} | {agree} | {share:.2%} | {right} | {micros:.0f} |")


def write_jsonl(path: Path, docs: list[dict], target_bytes: int) -> int:
    """Repeat the pages (with fresh ids) until the file holds `target_bytes`; returns the record count."""
    written = count = 0
    with open(path, "w", encoding="utf-8") as out:
        for round_ in itertools.count():
            for doc in docs:
                line = json.dumps({"id": f"{doc['id']}#{round_}", "text": doc["noisy_text"], "url": doc.get("url")})
                out.write(line + "\n")
                written += len(line.encode("utf-8")) + 1
                count += 1
                if written >= target_bytes:
                    return count
    return count


def run_cli(args: list[str]) -> tuple[float, int]:
    """Run the command line; returns (seconds, peak RSS in MB of its whole process tree)."""
    start = time.perf_counter()
    # -P: not the current folder first on the path, where a checkout's cleantext/ would shadow the installed build
    process = subprocess.Popen([sys.executable, "-P", "-m", "cleantext.cli", *args])
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.05)  # also how late the end is seen: the wall time is this precise
    if process.returncode not in (0, 1):
        raise SystemExit(f"cleantext exited with {process.returncode}")
    return time.perf_counter() - start, peak // 1024


def _tree_rss(root: int) -> int:
    """Peak resident memory (kB, VmHWM) of a process and its live descendants, summed, from /proc.

    Each process's own peak is counted even if the peaks did not coincide, so the
    sum errs on the high side."""
    total, frontier = 0, [root]
    while frontier:
        pid = frontier.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        total += int(next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), "0"))
        frontier.extend(int(child) for child in children)
    return total


def jobs(docs: list[dict], folder: Path) -> None:
    source = folder / "pages.jsonl"
    count = write_jsonl(source, docs, sum(len(d["noisy_text"]) for d in docs))
    size = source.stat().st_size / 1e6
    print(f"\n## --jobs: cleantext clean --jsonl, {count} pages, {size:.1f} MB (wall time, process start included)")
    print("| jobs | seconds | docs/s | MB/s | speed-up |\n|---|---|---|---|---|")
    base = None
    for n in (1, 2):
        seconds, _ = run_cli(["clean", "--jsonl", str(source), "-o", str(folder / f"out{n}.jsonl"), "-j", str(n), "-q"])
        base = base or seconds
        print(f"| {n} | {seconds:.1f} | {count / seconds:,.0f} | {size / seconds:.2f} | {base / seconds:.2f} |")


def peak_memory(docs: list[dict], folder: Path, megabytes: int) -> None:
    source = folder / "big.jsonl"
    count = write_jsonl(source, docs, megabytes * 1_000_000)
    size = source.stat().st_size / 1e6
    print(f"\n## Peak memory: cleantext clean --jsonl on {size:,.0f} MB ({count:,} records), output gzipped")
    print("| jobs | seconds | docs/s | MB/s | peak RSS, all processes |\n|---|---|---|---|---|")
    for n in (1, 2):
        out = folder / f"big-out{n}.jsonl.gz"
        seconds, peak = run_cli(["clean", "--jsonl", str(source), "-o", str(out), "-j", str(n), "-q"])
        print(f"| {n} | {seconds:.0f} | {count / seconds:,.0f} | {size / seconds:.2f} | {peak} MB |")
        out.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="benchmark data folder")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N pages")
    parser.add_argument("--repeat", type=int, default=3, help="timing rounds (the best counts)")
    parser.add_argument("--rss-mb", type=int, default=1024, help="size of the generated file for the memory test")
    parser.add_argument("--skip-throughput", action="store_true", help="skip the one-process and detector tables")
    parser.add_argument("--skip-jobs", action="store_true", help="skip the --jobs comparison")
    parser.add_argument("--skip-rss", action="store_true", help="skip the memory test")
    parser.add_argument("--rules", action="store_true", help="also time each inline rule alone")
    args = parser.parse_args()
    docs = load(args.data, "dev.jsonl.gz", args.limit)
    texts = [d["noisy_text"] for d in docs]
    print(f"cleantext {cleantext.__version__}, {cleantext.BUILD}\n")
    if not args.skip_throughput:
        throughput(texts, args.repeat)
        if cleantext.COMPILED:  # compiled modules call each other directly: wrapping a stage would time nothing
            print("\n(Where the time goes: time each stage on a pure-Python install, such as the editable one.)")
        else:
            stage_costs(texts)
        if args.rules:
            rule_costs(texts)
        agreement(args.data, args.limit)
    with tempfile.TemporaryDirectory(prefix="cleantext-speed-") as tmp:
        if not args.skip_jobs:
            jobs(docs, Path(tmp))
        if not args.skip_rss:
            peak_memory(docs, Path(tmp), args.rss_mb)


if __name__ == "__main__":
    main()
