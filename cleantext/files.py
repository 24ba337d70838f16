"""Reading inputs and writing outputs safely.

An output is written to a temporary file in the same folder and renamed over
the target only once it is complete, so a crash or a full disk never leaves a
half-written file where a good one is expected.
"""

from __future__ import annotations

import os
import secrets
import sys
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
    if target.is_file():
        raise OutputExistsError(f"{target} exists; use --force to overwrite it")


def write_atomic(target: Path, text: str) -> None:
    """Write `text` as UTF-8 to `target` through a temporary file and a rename.

    A target that exists but is not a regular file (``/dev/null``, a named pipe)
    is written directly: renaming over it would replace the device with a file.
    The new file gets the permissions an ordinary ``open`` would give it (or the
    old file's, when it replaces one), not the private mode of a temporary file.
    """
    target = Path(target)
    if target.exists() and not target.is_file():
        with open(target, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
