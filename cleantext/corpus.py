"""Finding and reading input documents: the one path every command reads through.

``cleantext clean`` streams its inputs as raw bytes (a whole text file, or one
line of a JSON Lines file) and decodes them in its workers; ``learn`` reads a
site's articles, and ``review --input`` the original texts of a batch, as
:class:`Document`\\ s. Both find files the same way (:func:`find_inputs`:
folders searched recursively, in sorted order, hidden names skipped), read them
the same way (``.gz`` gunzipped on the fly, ``-`` for standard input) and take
a record's text and id the same way (:func:`record_text`, :func:`record_id`).

A JSON Lines file (``.jsonl``, ``.ndjson``, optionally ``.gz``) holds one JSON
object per line, its text in one field and its id in another; a record without
an id is known as ``FILE:LINE``. Any other file is one document.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cleantext.decoding import DecodeError
from cleantext.files import TooLargeError, open_lines, read_input

TEXT_SUFFIXES = (".txt", ".txt.gz")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
#: Files a folder contributes to ``clean`` when no --glob is given; ``learn`` and ``review`` take every file.
TEXT_GLOBS = tuple(f"*{suffix}" for suffix in TEXT_SUFFIXES)
JSONL_GLOBS = tuple(f"*{suffix}" for suffix in JSONL_SUFFIXES)
ALL_FILES = ("*",)


class CorpusError(ValueError):
    """An input that cannot be read as documents; the message names where."""


@dataclass(frozen=True)
class Document:
    """One input text and the id it is known by (a path, or a JSON Lines id)."""

    id: str
    text: str


def is_jsonl(path: Path | str) -> bool:
    return str(path).lower().endswith(JSONL_SUFFIXES)


def find_inputs(sources: Iterable[str], globs: Iterable[str], exclude: Path | None = None) -> list[tuple[str, Path]]:
    """Expand files and folders into (input, path relative to its root) pairs.

    Folders are searched recursively, in sorted order, for files matching any
    of `globs`; hidden files and folders (names starting with a dot, such as our
    temporary files) and anything inside `exclude` (an output folder below the
    input folder) are skipped. A file named directly is taken whatever its name.
    """
    found: list[tuple[str, Path]] = []
    skip = exclude.resolve() if exclude is not None else None
    for source in sources:
        path = Path(source)
        if source == "-" or not path.is_dir():
            found.append((source, Path(path.name if source != "-" else "-")))
            continue
        matches: set[Path] = set()
        for pattern in globs:
            matches.update(p for p in path.rglob(pattern) if p.is_file())
        for match in sorted(matches):
            relative = match.relative_to(path)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if skip is not None and skip != path.resolve() and skip in match.resolve().parents:
                continue
            found.append((str(match), relative))
    return found


def numbered_lines(source: Path | str) -> Iterator[tuple[int, bytes]]:
    """(line number, raw bytes) for every non-blank line of a file (gunzipped if ``.gz``), or stdin for ``-``.

    Lines are read as they are needed, so memory does not grow with the file.
    """
    with open_lines(source) as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                yield number, line


def bounded_lines(source: Path | str, max_line: int, max_total: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, raw bytes) for every non-blank line, as :func:`numbered_lines`, within limits.

    A line longer than `max_line` bytes is yielded as None, and never held in
    memory whole; past `max_total` bytes read (gunzipped), :class:`TooLargeError`.
    """
    total = 0
    with open_lines(source) as handle:
        for number in itertools.count(1):
            line = handle.readline(max_line + 1)
            if not line:
                return
            size = len(line) if len(line) <= max_line else _skip_line(handle, line)
            total += size
            if total > max_total:
                raise TooLargeError(f"more than {max_total:,} bytes (--max-input-bytes)")
            if size > max_line:
                yield number, None
            elif line.strip():
                yield number, line


def _skip_line(handle: BinaryIO, start: bytes) -> int:
    """Read past the rest of a line that begins with `start`, a block at a time; returns its length."""
    size = len(start)
    block = start
    while block and not block.endswith(b"\n"):
        block = handle.readline(1 << 20)
        size += len(block)
    return size


def record_text(record: Any, field: str) -> str:
    """The text a JSON Lines record holds in `field`; ValueError says what is wrong with the record."""
    if not isinstance(record, dict):
        raise ValueError("the record is not a JSON object")
    text = record.get(field)
    if not isinstance(text, str):
        raise ValueError(f"the record has no string field {field!r}")
    return text


def record_id(record: Any, field: str, fallback: str) -> str:
    """The record's id field as a string, or `fallback` (file and line) when it has none."""
    value = record.get(field) if isinstance(record, dict) else None
    return fallback if value is None else str(value)


def iter_json_lines(path: Path | str) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) for every non-blank line of a UTF-8 JSON Lines file."""
    try:
        for number, line in numbered_lines(path):
            try:
                yield number, json.loads(line.decode("utf-8"))
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise CorpusError(f"cannot read {path}: {exc}") from None


def iter_documents(paths: Iterable[str | Path], text_field: str = "text", id_field: str = "id") -> Iterator[Document]:
    """Every document below `paths` (files and folders, every file of a folder), in a stable order."""
    sources = [str(path) for path in paths]
    for source in sources:
        if not Path(source).exists():
            raise CorpusError(f"no such file or folder: {source}")
    for source, _ in find_inputs(sources, ALL_FILES):
        yield from _file_documents(Path(source), text_field, id_field)


def _file_documents(path: Path, text_field: str, id_field: str) -> Iterator[Document]:
    if not is_jsonl(path):
        try:
            text, _ = read_input(str(path))
        except (OSError, EOFError, DecodeError) as exc:
            raise CorpusError(f"cannot read {path}: {exc}") from None
        yield Document(str(path), text)
        return
    for number, record in iter_json_lines(path):
        try:
            text = record_text(record, text_field)
        except ValueError as exc:
            raise CorpusError(f"{path}:{number}: {exc}") from None
        yield Document(record_id(record, id_field, f"{path}:{number}"), text)
