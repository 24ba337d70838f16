"""Bytes to text: UTF-8 when it reads as UTF-8, even with a few bad bytes; otherwise the encoding a detector finds.

Scraped files arrive in every legacy encoding, and UTF-8 files arrive with a
byte or two broken in transit. A detector asked about such a file answers with
whatever single-byte encoding reads every byte (mac_cyrillic: "вАЬWe must
act,вАЭ"), which garbles all the text to save one byte. So UTF-8 is read first,
each byte it cannot read replaced by U+FFFD and reported (offset and value);
charset-normalizer's encoding is taken only when it reads the whole input
better by a measured margin (see :func:`_prefer_detected`). Bytes that nothing
reads are refused with what was tried and how to name the encoding instead.
"""

from __future__ import annotations

import codecs
import threading
import unicodedata
from typing import Any, NamedTuple

import charset_normalizer

#: Bytes that no Western legacy text holds: cp1252 leaves them undefined, and in ISO 8859 they are
#: C1 controls. A text whose only bytes UTF-8 rejects are these is UTF-8 that lost bytes on the way.
STRAY_BYTES = frozenset(b"\x81\x8d\x8f\x90\x9d")
#: Characters that a reading of real text does not produce: controls other than whitespace,
#: unassigned and private-use code points, and the replacement character.
_UNREADABLE = frozenset(("Cc", "Cn", "Co", "Cs"))
_WHITESPACE_CONTROLS = frozenset("\t\n\r\f\v")
_HOW_TO_NAME = "pass the encoding: --encoding NAME, or Cleaner(encoding=NAME)"


class DecodeError(ValueError):
    """Bytes that no encoding reads as text (binary data, most likely)."""


class Decoding(NamedTuple):
    """Text read from bytes: the encoding used, what chose it, and the bytes it could not read.

    ``decided_by`` is ``utf-8`` (read as UTF-8), ``charset-normalizer`` (the
    detector's encoding read the input better) or ``given`` (the caller named
    it). ``replaced`` holds (byte offset, byte value) of every byte the encoding
    could not read; each became one U+FFFD in the text.
    """

    text: str
    encoding: str
    decided_by: str
    replaced: tuple[tuple[int, int], ...] = ()

    def report(self) -> dict[str, Any]:
        """The report's ``decoding`` section."""
        return {
            "encoding": self.encoding,
            "decided_by": self.decided_by,
            "replaced": [{"offset": offset, "byte": f"0x{value:02x}"} for offset, value in self.replaced],
        }


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode `data` (see :func:`read`), returning the text and the name of the encoding used."""
    decoding = read(data, encoding)
    return decoding.text, decoding.encoding


def read(data: bytes, encoding: str | None = None) -> Decoding:
    """Decode `data` in the given encoding, or else in the one that reads it best (see the module's notes)."""
    if encoding is not None:
        return _decode_replacing(data, check_encoding(encoding), "given")
    if data.startswith(codecs.BOM_UTF8):
        return _decode_replacing(data, "utf-8-sig", "utf-8")
    utf8 = _decode_replacing(data, "utf-8", "utf-8")
    if not utf8.replaced or {value for _, value in utf8.replaced} <= STRAY_BYTES:
        return utf8
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DecodeError("the input looks binary (it contains NUL bytes), not text")
    detected = _detect(data)
    if detected is not None:
        return detected if _prefer_detected(utf8, detected) else utf8
    if _multibyte(utf8.text) >= len(utf8.replaced):
        return utf8
    raise DecodeError(
        f"cannot tell the encoding: it is not UTF-8 ({len(utf8.replaced)} bytes invalid, the first at offset "
        f"{utf8.replaced[0][0]}) and charset-normalizer found no encoding that reads it; {_HOW_TO_NAME}"
    )


def check_encoding(name: str) -> str:
    """The codec's canonical name for `name`; an encoding Python does not know is a ValueError."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"unknown encoding {name!r} (Python's codec names: utf-8, cp1252, latin-1, ...)") from None


def _prefer_detected(utf8: Decoding, detected: Decoding) -> bool:
    """Whether the detector's reading has fewer faults than the UTF-8 reading has replaced bytes.

    Each character UTF-8 reads from several bytes (é, “) is evidence of UTF-8:
    chance seldom lines up a legacy text's bytes into valid sequences, and the
    other reading turns each into mojibake, so each counts as one fault of the
    other reading; so does each character it reads that real text does not hold.
    """
    faults = _multibyte(utf8.text) + _unreadable(detected.text)
    return faults < len(utf8.replaced)


def _detect(data: bytes) -> Decoding | None:
    """charset-normalizer's best reading of `data`, or None if it finds none."""
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = min(matches, key=_rank)
    return Decoding(str(best), best.encoding, "charset-normalizer")


def _multibyte(text: str) -> int:
    """How many characters of a UTF-8 reading came from several bytes (all but ASCII and U+FFFD)."""
    return sum(1 for ch in text if ch > "\x7f") - text.count("\ufffd")


def _unreadable(text: str) -> int:
    """How many characters of a reading real text does not hold (see :data:`_UNREADABLE`)."""
    return sum(
        1
        for ch in text
        if ch > "\x7f" or ch < " "
        if ch not in _WHITESPACE_CONTROLS and (ch == "\ufffd" or unicodedata.category(ch) in _UNREADABLE)
    )


# The bytes the decoder in this thread could not read, gathered by the error handler below.
_gathered = threading.local()


def _replace_and_note(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each unreadable byte becomes U+FFFD, and its offset and value are noted."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    _gathered.bytes.extend((i, error.object[i]) for i in range(error.start, error.end))
    return "\ufffd" * (error.end - error.start), error.end


codecs.register_error("cleantext.replace-and-note", _replace_and_note)


def _decode_replacing(data: bytes, encoding: str, decided_by: str) -> Decoding:
    """`data` decoded in `encoding`, each byte it cannot read replaced by U+FFFD and noted."""
    _gathered.bytes = []
    text = data.decode(encoding, errors="cleantext.replace-and-note")
    skipped = len(codecs.BOM_UTF8) if encoding == "utf-8-sig" and data.startswith(codecs.BOM_UTF8) else 0
    replaced = tuple((offset + skipped, value) for offset, value in _gathered.bytes)
    return Decoding(text, encoding, decided_by, replaced)


#: When several encodings read the bytes equally well (short texts often), the
#: ones most common on the web win.
_PREFERRED = ("cp1252", "latin_1", "iso8859_15", "cp1251", "cp1250", "shift_jis", "gb18030", "euc_kr")


def _rank(match: charset_normalizer.CharsetMatch) -> tuple[float, float, int]:
    preferred = _PREFERRED.index(match.encoding) if match.encoding in _PREFERRED else len(_PREFERRED)
    return (round(match.chaos, 3), -round(match.coherence, 3), preferred)
