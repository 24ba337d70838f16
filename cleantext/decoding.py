"""Bytes to text: UTF-8 when it is UTF-8, otherwise the encoding a detector finds.

Scraped files arrive in every legacy encoding. Rather than crash or silently
replace characters, we try strict UTF-8 (with or without a byte-order mark), then
ask charset-normalizer, and report which encoding was used.
"""

from __future__ import annotations

import codecs

import charset_normalizer


class DecodeError(ValueError):
    """Bytes that no encoding reads as text (binary data, most likely)."""


def decode(data: bytes) -> tuple[str, str]:
    """Decode `data`, returning the text and the name of the encoding used."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DecodeError("the input looks binary (it contains NUL bytes), not text")
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise DecodeError("no text encoding reads these bytes")
    best = min(matches, key=_rank)
    return str(best), best.encoding


#: When several encodings read the bytes equally well (short texts often), the
#: ones most common on the web win.
_PREFERRED = ("cp1252", "latin_1", "iso8859_15", "cp1251", "cp1250", "shift_jis", "gb18030", "euc_kr")


def _rank(match: charset_normalizer.CharsetMatch) -> tuple[float, float, int]:
    preferred = _PREFERRED.index(match.encoding) if match.encoding in _PREFERRED else len(_PREFERRED)
    return (round(match.chaos, 3), -round(match.coherence, 3), preferred)
