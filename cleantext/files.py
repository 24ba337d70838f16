"""Reading inputs and writing outputs safely.

An output is written to a temporary file in the same folder and renamed over
the target only once it is complete, so a crash or a full disk never leaves a
half-written file where a good one is expected.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from cleantext.decoding import decode


class OutputExistsError(FileExistsError):
    """An output would overwrite an existing file (or the input) without --force."""


def read_input(source: str) -> tuple[str, str]:
    """Read a path, or standard input for ``-``, as text; returns (text, encoding)."""
    data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    return decode(data)


def check_writable(target: Path, inputs: list[str], force: bool) -> None:
    """Refuse to overwrite an input, or any existing file, unless forced."""
    if force:
        return
    resolved = target.resolve()
    if any(src != "-" and Path(src).resolve() == resolved for src in inputs):
        raise OutputExistsError(f"{target} is also an input; use --force to clean it in place")
    if target.exists():
        raise OutputExistsError(f"{target} exists; use --force to overwrite it")


def write_atomic(target: Path, text: str) -> None:
    """Write `text` as UTF-8 to `target` through a temporary file and a rename."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
