"""A fingerprint of what the cleaner makes of every benchmark text; never asserted in tests.

    python benchmarks/fingerprint.py OUT.tsv [--data DIR] [--limit N]

Writes one line per text (the texts of ``benchmarks/idempotence.py``): its name and
a hash of the whole result, output and report (``CleanResult.to_dict()``). Work
that must not change what the cleaner does (a faster stage, a prefilter) is
checked by fingerprinting before and after and comparing the two files:

    PYTHONPATH=/path/to/old/checkout python benchmarks/fingerprint.py /tmp/old.tsv
    python benchmarks/fingerprint.py /tmp/new.tsv
    diff /tmp/old.tsv /tmp/new.tsv && echo identical

(`PYTHONPATH` makes the old checkout's ``cleantext`` the one imported, rather
than the one installed.) When the two differ in their default language
detector, ``--detector py3langid`` compares the rest alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from idempotence import REPO, texts  # run as a script: its own folder comes first on the path

from cleantext import Cleaner


def fingerprint(result_dict: dict) -> str:
    """A hash of a result's output and report, stable across runs."""
    return hashlib.sha1(json.dumps(result_dict, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="where to write the fingerprints (one line per text)")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench", help="benchmark folder")
    parser.add_argument("--limit", type=int, help="at most N records of each set")
    parser.add_argument("--detector", help="language detector (default: the Cleaner's), one both checkouts have")
    args = parser.parse_args()
    cleaner = Cleaner(detector=args.detector) if args.detector else Cleaner()
    count = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for name, text in texts(args.data, args.limit):
            out.write(f"{name}\t{fingerprint(cleaner.clean(text).to_dict())}\n")
            count += 1
    print(f"{count} texts fingerprinted into {args.out}")


if __name__ == "__main__":
    main()
