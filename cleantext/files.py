"""Reading inputs and writing outputs safely.

An output is written to a temporary file in the same folder and renamed over
the target only once it is complete, so a crash or a full disk never leaves a
half-written file where a good one is expected (and ``--resume`` can trust that
an output which exists is complete). Paths ending in ``.gz`` are read and
written gzip-compressed, transparently.
"""

from __future__ import annotations

import gzip
import os
import secrets
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from cleantext.decoding import decode

#: gzip's own default: level 9 takes twice as long for a file a few percent smaller.
GZIP_LEVEL = 6


class OutputExistsError(FileExistsError):
    """An output would overwrite an existing file (or the input) without --force."""


def is_gzip(path: Path | str) -> bool:
    return str(path).lower().endswith(".gz")


def read_bytes(source: Path | str) -> bytes:
    """The bytes of a file (gunzipped if it ends in ``.gz``), or of standard input for ``-``."""
    if str(source) == "-":
        return sys.stdin.buffer.read()
    if is_gzip(source):
        with gzip.open(source, "rb") as handle:
            return handle.read()
    return Path(source).read_bytes()


def read_input(source: str) -> tuple[str, str]:
    """Read a path, or standard input for ``-``, as text; returns (text, encoding)."""
    return decode(read_bytes(source))


@contextmanager
def open_lines(source: Path | str) -> Iterator[BinaryIO]:
    """A binary stream to read lines from: a file (gunzipped if ``.gz``) or stdin for ``-``."""
    if str(source) == "-":
        yield sys.stdin.buffer
    elif is_gzip(source):
        with gzip.open(source, "rb") as handle:
            yield handle  # type: ignore[misc]
    else:
        with open(source, "rb") as handle:
            yield handle


def check_writable(target: Path, inputs: list[str], force: bool, existing_ok: bool = False) -> None:
    """Refuse to write over an input, or over any existing file, unless forced.

    `existing_ok`: an existing file may be replaced (``--resume`` redoing an input
    whose outputs were left incomplete), but an input still may not.
    """
    if force:
        return
    resolved = target.resolve()
    if any(src != "-" and Path(src).resolve() == resolved for src in inputs):
        raise OutputExistsError(f"{target} is also an input; use --force to clean it in place")
    if target.is_file() and not existing_ok:
        raise OutputExistsError(f"{target} exists; use --force to overwrite it (or --resume to skip its input)")


class AtomicFile:
    """A binary output that appears under its name only when closed successfully.

    Bytes go to a temporary file beside the target (gzip-compressed when the
    target ends in ``.gz``); :meth:`commit` renames it over the target and
    :meth:`discard` deletes it. Used as a context manager it commits on success
    and discards on an exception.

    A target that exists but is not a regular file (``/dev/null``, a named pipe)
    is written directly: renaming over it would replace the device with a file.
    The new file gets the permissions an ordinary ``open`` would give it (or the
    old file's, when it replaces one), not the private mode of a temporary file.
    """

    def __init__(self, target: Path | str, keep: Path | str | None = None) -> None:
        """`keep`: an existing file whose bytes the new one starts with (to extend a report)."""
        self.target = Path(target)
        self._tmp: Path | None = None
        if self.target.exists() and not self.target.is_file():
            self._raw: BinaryIO = open(self.target, "wb")  # noqa: SIM115 - closed by commit/discard
        else:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self._tmp = self.target.with_name(f".{self.target.name}.{secrets.token_hex(6)}.tmp")
            fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
            self._raw = os.fdopen(fd, "wb")
        self._out: BinaryIO = self._raw
        if is_gzip(self.target):
            self._out = gzip.GzipFile(fileobj=self._raw, mode="wb", compresslevel=GZIP_LEVEL, mtime=0)  # type: ignore[assignment]
        if keep is not None:
            with gzip.open(keep, "rb") if is_gzip(keep) else open(keep, "rb") as old:
                shutil.copyfileobj(old, self._out)

    def write(self, data: bytes) -> None:
        self._out.write(data)

    def _close(self) -> None:
        if self._out is not self._raw:
            self._out.close()
        self._raw.close()

    def commit(self) -> None:
        self._close()
        if self._tmp is not None:
            if self.target.exists():
                os.chmod(self._tmp, self.target.stat().st_mode & 0o7777)
            os.replace(self._tmp, self.target)

    def discard(self) -> None:
        self._close()
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


def write_atomic(target: Path | str, text: str) -> None:
    """Write `text` as UTF-8 to `target` through a temporary file and a rename (see :class:`AtomicFile`)."""
    with AtomicFile(target) as out:
        out.write(text.encode("utf-8"))
