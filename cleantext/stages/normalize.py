"""Unicode repair: mojibake and broken characters (ftfy), invisible characters, NFC.

ftfy is the most expensive step of the pipeline, so it only sees the lines that
could need it: a line of plain ASCII without ``&`` or control characters, or one
whose only non-ASCII characters lie outside the ranges mojibake is made of (for
example curly quotes and dashes typed correctly), has nothing for it to fix.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterator

import ftfy

from cleantext.document import Change
from cleantext.memo import MEMO_CHARS, remember
from cleantext.stages.whitespace import TRAILING_SPACE

#: ftfy settings in the spirit of datatrove and NeMo Curator: repair encodings and
#: broken characters, but leave typography (quotes, ligatures, widths, line
#: breaks) to the stages that own it.
FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    normalization="NFC",
    explain=False,
)

# Characters that mojibake, HTML escapes and control garbage are made of: C0/C1
# controls, the Latin-1 supplement (UTF-8 lead bytes read as Latin-1/cp1252), the
# cp1252 specials that are not everyday typography, Cyrillic (UTF-8 read as
# cp1251), surrogates, the replacement character and the ampersand.
# These are plain character classes: the standard library's engine scans for them
# several times faster than the regex module.
_FTFY_CHARS = (
    r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xff&\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    r"\u0192\u02c6\u02dc\u2020\u2021\u2030\u2039\u203a\u2122\u221a\u2248\u0400-\u04ff\ud800-\udfff\ufffd"
)
_NEEDS_FTFY = re.compile(f"[{_FTFY_CHARS}]")

# Zero-width and invisible formatting characters that split words for any reader
# of the text. ZWJ/ZWNJ are left alone: scripts such as Persian and emoji need them.
_INVISIBLE_CHARS = r"\u200b\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]+")

#: A character that one of the two repairs acts on: one class, so that a search skips the rest at C speed.
_SUSPECT = re.compile(f"[{_FTFY_CHARS}{_INVISIBLE_CHARS}]")

#: The codecs whose mojibake of UTF-8 is repaired beyond ftfy: cp1252 as browsers read it (its five undefined
#: bytes as C1 controls; ftfy registers it) and Mac Roman.
LEGACY_CODECS = ("sloppy-windows-1252", "mac_roman")


def _read_as(codec: str, first: int, last: int) -> str:
    """What `codec` makes of the bytes `first` to `last`, as the characters of a regex class."""
    return re.escape(bytes(range(first, last + 1)).decode(codec))


# An opening double quote (or its mojibake), a closing one (or its mojibake), and the mojibake of a closing one
# whose last byte was lost on the way: cp1252 leaves 0x9D undefined, and a decoder that drops it leaves "â€"
# followed by anything but the rest of a sequence (ftfy reads "â€ " as a dagger: the space a lost no-break space).
_QUOTE_MOJIBAKE = re.compile(
    "(?P<open>\u201c|\u00e2\u20ac\u0153)|(?P<close>\u201d|\u00e2\u20ac\x9d)"
    f"|(?P<lost>\u00e2\u20ac(?![{_read_as(LEGACY_CODECS[0], 0x80, 0xBF)}]))"
)
_SENTENCE_END = tuple(".!?,;:")
# Mojibake that ftfy leaves when nothing else on the line gives it away (LLC â„¢, San√¢tana), a sequence at a
# time: three bytes from 0xE2 (punctuation and symbols), or two from 0xC3-0xC5 (Latin letters) inside a word.
_LEFTOVER = tuple(
    re.compile(
        f"{_read_as(codec, 0xE2, 0xE2)}[{_read_as(codec, 0x80, 0xBF)}]{{2}}"
        f"|(?<=[^\\W\\d_])[{_read_as(codec, 0xC3, 0xC5)}][{_read_as(codec, 0x80, 0xBF)}]"
        f"|[{_read_as(codec, 0xC3, 0xC5)}][{_read_as(codec, 0x80, 0xBF)}](?=[^\\W\\d_])"
    )
    for codec in LEGACY_CODECS
)

#: Changed stretches up to this long get difflib's exact minimal changes (see :func:`_diff`).
EXACT_DIFF_CHARS = 200

#: Short lines that needed no repair, across texts (a line's repair does not depend on its text).
_CLEAN: dict[str, bool] = {}

FTFY_RULE = "normalize.ftfy"
INVISIBLE_RULE = "normalize.invisible"


def normalize(text: str, clean_lines: set[str] | None = None) -> list[Change]:
    """Changes that repair broken Unicode and remove invisible characters.

    `clean_lines` holds lines known to need nothing, and gains those found so:
    the pipeline passes one set for all passes over a text, so that its later
    passes do not run ftfy again on the lines an earlier one found clean. Short
    clean lines are also remembered across texts (a footer's "©" recurs on every
    page of a site; see :mod:`cleantext.memo`).
    """
    known = set() if clean_lines is None else clean_lines
    changes: list[Change] = []
    for start, line in _lines_to_check(text):
        if line in known or line in _CLEAN:
            continue
        fixes = _fix_line(line, start)
        if fixes:
            changes += fixes
        else:
            known.add(line)
            if len(line) <= MEMO_CHARS:
                remember(_CLEAN, line, True)
    return changes


def _lines_to_check(text: str) -> Iterator[tuple[int, str]]:
    """The lines (with their offsets) that may need repair: every line of a text
    that is not NFC, else those holding a character ftfy or the invisible-character
    removal acts on. A search through the whole text finds them, skipping the
    lines in between (most lines) at C speed.
    """
    if not unicodedata.is_normalized("NFC", text):  # a text is NFC exactly when each of its lines is
        pos = 0
        for line in text.split("\n"):
            yield pos, line
            pos += len(line) + 1
        return
    found = _SUSPECT.search(text)
    while found:
        start = text.rfind("\n", 0, found.start()) + 1
        end = text.find("\n", found.start())
        if end < 0:
            yield start, text[start:]
            return
        yield start, text[start:end]
        found = _SUSPECT.search(text, end)


def _fix_line(body: str, offset: int) -> list[Change]:
    fixed = body
    if _NEEDS_FTFY.search(body) or not unicodedata.is_normalized("NFC", body):
        content = body.rstrip(TRAILING_SPACE)
        # ftfy judges the line without the spaces the tidy removes later: its verdict can turn on a trailing
        # space ("Â†È " stays, "Â†È" is repaired), and cleaning the output again would then repair it.
        fixed = _ftfy_until_stable(_restore_closing_quotes(content)) + body[len(content) :]
    rule = FTFY_RULE if fixed != body else INVISIBLE_RULE
    fixed = _INVISIBLE.sub("", fixed)
    return _diff(body, fixed, offset, rule) if fixed != body else []


def _restore_closing_quotes(line: str) -> str:
    """The line with each closing quote that lost its last byte made ``”`` again, where a quotation opened by
    ``“`` (or its mojibake ``â€œ``) is open (``â€œno smoking,â€ and`` gives ``â€œno smoking,” and``), or at the
    end of a line after a sentence's punctuation (a quotation opened in an earlier paragraph: ``efforts.â€``)."""
    if "\u00e2\u20ac" not in line:
        return line
    parts: list[str] = []
    done = 0
    quoting = False
    for m in _QUOTE_MOJIBAKE.finditer(line):
        closes_line = m.end() == len(line) and line[m.start() - 1 : m.start()] in _SENTENCE_END
        if m.lastgroup == "lost" and (quoting or closes_line):
            parts += [line[done : m.start()], "\u201d"]
            done = m.end()
        quoting = m.lastgroup == "open"
    return "".join(parts) + line[done:]


def _ftfy_until_stable(text: str, rounds: int = 4) -> str:
    """ftfy, repeated while it still changes something.

    One pass can leave text that a second pass changes again (a C1 control made
    "€" can then read as mojibake); running to a fixed point keeps cleaning
    idempotent.
    """
    for _ in range(rounds):
        fixed = _repair_leftovers(ftfy.fix_text(text, FTFY_CONFIG))
        if fixed == text:
            break
        text = fixed
    return text


def _repair_leftovers(line: str) -> str:
    """The line with the mojibake ftfy left decoded, a sequence at a time (see :data:`_LEFTOVER`)."""
    for codec, pattern in zip(LEGACY_CODECS, _LEFTOVER, strict=True):
        if pattern.search(line):
            line = pattern.sub(functools.partial(_decoded, codec=codec), line)
    return line


def _decoded(found: re.Match[str], codec: str) -> str:
    """The character a mojibake sequence of `codec` stands for, if it is of the kind its length promises
    (punctuation or a symbol for three bytes, a Latin letter for two); otherwise the sequence as it is."""
    sequence = found.group()
    char = sequence.encode(codec).decode("utf-8")
    wanted = "\u2000" <= char <= "\u2bff" if len(sequence) == 3 else "\u00c0" <= char <= "\u017f" and char.isalpha()
    return char if wanted else sequence


def _diff(before: str, after: str, offset: int, rule: str) -> list[Change]:
    """Minimal changes turning `before` into `after` (both one line).

    difflib's exact matcher takes time that grows with the square of what it
    compares (seconds for a 25,000-character line), while a repair touches a few
    characters. So it only sees what lies between the common head and tail of
    the two, and a stretch longer than :data:`EXACT_DIFF_CHARS` gets its fast
    heuristic (frequent characters cannot start a match), which on the benchmark
    pages finds nearly the same changes 60 times faster.
    """
    head = _common_prefix(before, after)
    tail = _common_prefix(before[head:][::-1], after[head:][::-1])
    before, after, offset = before[head : len(before) - tail], after[head : len(after) - tail], offset + head
    fast = max(len(before), len(after)) > EXACT_DIFF_CHARS
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=fast)
    return [
        Change(offset + i1, offset + i2, after[j1:j2], rule, "normalize")
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _common_prefix(a: str, b: str) -> int:
    """How many characters `a` and `b` share at their start (bisection over C-speed slice comparisons)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low
