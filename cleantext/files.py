"""Reading inputs and writing outputs safely.

An output is written to a temporary file in the same folder and renamed over
the target only once it is complete, so a crash or a full disk never leaves a
half-written file where a good one is expected (and ``--resume`` can trust that
an output which exists is complete). Paths ending in ``.gz`` are read and
written gzip-compressed, transparently.
"""

from __future__ import annotations

import errno
import gzip
import os
import re
import secrets
import stat
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from cleantext.decoding import decode

#: gzip's own default: level 9 takes twice as long for a file a few percent smaller.
GZIP_LEVEL = 6
#: Temporary files are named ``.cleantext-PID-RANDOM.tmp``: short whatever the target's name
#: (a name near the 255-byte limit still gets one), and recognisable as ours by ``--resume``.
TEMP_NAME = re.compile(r"\.cleantext-(\d+)-[0-9a-f]{12}\.tmp")
#: Errors of a full disk: they stop the whole run (another file would fail the same way).
DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
#: Unicode categories shown as escapes on a terminal: controls, format characters, separators, surrogates.
UNPRINTABLE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


class OutputExistsError(FileExistsError):
    """An output would overwrite an existing file (or the input) without --force."""


class TooLargeError(ValueError):
    """An input or record larger than the limit a run sets."""


def is_gzip(path: Path | str) -> bool:
    return str(path).lower().endswith(".gz")


def printable(text: str) -> str:
    """`text` with control characters (and other invisible ones) as escapes, safe to print on a terminal."""
    return "".join(ch.encode("unicode_escape").decode("ascii") if _unprintable(ch) else ch for ch in text)


def _unprintable(ch: str) -> bool:
    return unicodedata.category(ch) in UNPRINTABLE


def read_bytes(source: Path | str, limit: int | None = None) -> bytes:
    """The bytes of a file (gunzipped if it ends in ``.gz``), or of standard input for ``-``.

    With `limit`, a file larger than that (once gunzipped) raises :class:`TooLargeError`
    after reading one byte more than the limit, never the whole file.
    """
    with open_lines(source) as handle:
        data = handle.read() if limit is None else handle.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise TooLargeError(f"larger than the limit of {limit:,} bytes (--max-record-bytes)")
    return data


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
    """Refuse to write over an input, over any existing file, or through a link to a pipe or device, unless forced.

    `existing_ok`: an existing file may be replaced (``--resume`` redoing an input
    whose outputs it wrote itself), but an input still may not.
    """
    if force:
        return
    resolved = target.resolve()
    if any(src != "-" and Path(src).resolve() == resolved for src in inputs):
        raise OutputExistsError(f"{target} is also an input; use --force to clean it in place")
    if target.is_symlink() and target.exists() and not target.is_file():
        raise OutputExistsError(f"{target} is a link to {_kind(resolved)}; use --force to write through it")
    if target.is_file() and not existing_ok:
        raise OutputExistsError(f"{target} exists; use --force to overwrite it (or --resume to skip its input)")


def _kind(path: Path) -> str:
    """What a file that is not a regular file is, in words."""
    mode = path.stat().st_mode
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a folder" if stat.S_ISDIR(mode) else "a special file"


def identity(path: Path) -> list[int] | None:
    """What tells one file from another that replaced it: inode, size and modification time (None if missing)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_ino, info.st_size, info.st_mtime_ns]


def remove_stale_temps(folder: Path) -> int:
    """Delete the temporary files that runs no longer alive left below `folder`; returns how many.

    Only names of our own pattern (:data:`TEMP_NAME`) are touched, and only those
    whose process is gone: a run still writing into the folder keeps its files.
    """
    removed = 0
    for path in folder.rglob(".cleantext-*.tmp"):
        match = TEMP_NAME.fullmatch(path.name)
        if match and not _alive(int(match.group(1))):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


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

    def __init__(self, target: Path | str) -> None:
        self.target = Path(target)
        self._tmp: Path | None = None
        if self.target.exists() and not self.target.is_file():
            self._raw: BinaryIO = open(self.target, "wb")  # noqa: SIM115 - closed by commit/discard
        else:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self._tmp = self.target.with_name(f".cleantext-{os.getpid()}-{secrets.token_hex(6)}.tmp")
            fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
            self._raw = os.fdopen(fd, "wb")
        self._out: BinaryIO = self._raw
        if is_gzip(self.target):
            self._out = gzip.GzipFile(fileobj=self._raw, mode="wb", compresslevel=GZIP_LEVEL, mtime=0)  # type: ignore[assignment]

    def seal(self) -> list[int] | None:
        """Finish writing; returns the :func:`identity` the target will have once committed
        (None when it is written directly)."""
        self._close()
        return None if self._tmp is None else identity(self._tmp)

    def write(self, data: bytes) -> None:
        try:
            self._out.write(data)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(self.target)) from None

    def _close(self) -> None:
        try:
            if self._out is not self._raw:
                self._out.close()
        finally:
            self._raw.close()

    def commit(self) -> None:
        """Close the file and rename it to its target."""
        try:
            self._close()
            if self._tmp is not None:
                if self.target.exists():
                    os.chmod(self._tmp, self.target.stat().st_mode & 0o7777)
                os.replace(self._tmp, self.target)
        except OSError as exc:
            self.discard()
            raise OSError(exc.errno, exc.strerror, str(self.target)) from None

    def discard(self) -> None:
        """Throw the file away; it never fails (a full disk may refuse to flush what is lost anyway)."""
        with suppress(OSError, ValueError):
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
