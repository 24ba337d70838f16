"""Quote style: straight ASCII quotes (the default, as ftfy does), typographic quotes,
or the author's own style with only broken quotes repaired.

- ``straight``: curly, low-9 and reversed-9 marks become ``"`` and ``'`` in any
  language (ftfy's ``uncurl_quotes``); primes stay primes. In English text the
  guillemets and German „…“ that a translation left around English words become
  ``"…"`` too.
- ``curly`` (English): “…” and ‘…’ by context, the apostrophe ’ (also in '90s,
  rock 'n' roll, ministers'), primes for feet and inches (6′2″), nested quotes.
  A quotation that runs over several paragraphs repeats its opening quote at each
  one and closes only at the end: quotes are never added or removed, only turned.
- ``keep``: the author's style; only broken quotes are repaired: ````TeX''`` pairs,
  and (English) a quotation that mixes styles (“stir pot").

Other languages keep their own conventions (« », „ “, ” ”): no English rule runs
on them. Lines that look like code are left alone in curly and keep modes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import regex

from cleantext.document import Change, EditLog
from cleantext.quotemarks import FOLDED, STRAIGHT

MODES = ("straight", "curly", "keep")
RULE = {mode: f"quotes.{mode}" for mode in MODES}
#: At most this many looks at the quotes of a text (see :func:`quote_changes`). Each look can reveal pairs
#: inside the pairs it restyled; 30,000 random runs of mixed quote marks settled in at most five.
ROUNDS = 10

OPEN2, CLOSE2, OPEN1, CLOSE1 = "\u201c", "\u201d", "\u2018", "\u2019"
PRIME, DOUBLE_PRIME = "\u2032", "\u2033"

# Where the marks are: the standard library's engine scans for a character class
# in C several times faster than the regex module, and far faster than a Python loop.
_STRAIGHT_MARKS = re.compile("[" + re.escape("".join(STRAIGHT)) + "]")
# In English, ftfy's uncurl_quotes set (the folded marks); elsewhere, less the modifier letter apostrophe (a letter).
_STRAIGHT_EN_MARKS = re.compile("[" + re.escape("".join(FOLDED)) + "]")

# ``TeX'' / PTB-style quote pairs left by tokenizers: broken in any mode and language.
_TEX_PAIR = regex.compile(r"``(?=\S)(?P<body>[^`'\n]{1,400}?)(?<=\S)''")
# Other languages' quotation marks around a span, each with its own closing mark.
# Reversed guillemets (»…«) and German marks hug their words; « » and ‹ › may hold (no-break) spaces inside.
_PAIRS = (
    ("«", "»", True),
    ("»", "«", False),
    ("„", "“”", False),
    ("‹", "›", True),
    ("›", "‹", False),
    ("‚", "‘’", False),
)
_FOREIGN_PAIR = regex.compile(
    "|".join(
        rf"(?P<o{i}>{o})(?P<b{i}>{pad}[^\s{o}{c}](?:[^{o}{c}\n]{{0,400}}?[^\s{o}{c}])?{pad})(?P<c{i}>[{c}])"
        for i, (o, c, spaced) in enumerate(_PAIRS)
        for pad in ["[ \u00a0\u202f]*" if spaced else ""]
    )
)


# A span in another language (keeps its own quotes inside English text): letters outside ASCII, or its
# function words.
_FOREIGN_SPAN = regex.compile(
    r"[^\x00-\x7f\u2018-\u201f\u2013\u2014\u2026\u00a0\u202f]|\b(?:le|la|les|des|du|une|et|est|der|das|und|ist|"
    r"nicht|ein|eine|el|los|las|que|por|il|di|che|och|het|een)\b",
    regex.IGNORECASE,
)
_CODE_LINE = regex.compile(r"[{}]|</|/>|==|=>|&&|\|\||^\s*(?:\$ |>>> |#include\b|import |def |class |function )")
# Letters of scripts whose ASCII stand-ins for geresh and gershayim are not quotes (צה"ל).
_NON_LATIN_LETTER = regex.compile(r"[\p{Hebrew}\p{Arabic}]")

# Curly English: primes, then apostrophes, then quotes by context; each on the line's neutral view (see _neutral).
_PRIMES = (
    (regex.compile(r"(?<=\b\d{1,2})'(?=\s?\d{1,2}(?:\.\d+)?(?:[\"″]|\b))"), PRIME),  # 6'2
    (regex.compile(r"(?<=\d°\s?\d{1,2}(?:\.\d+)?)'"), PRIME),  # 40°26'
    (regex.compile(r"(?<=\d[′']\s?\d{1,2}(?:\.\d+)?)\""), DOUBLE_PRIME),  # 6'2"
    (
        regex.compile(
            r"(?<=\b\d{1,3}(?:\.\d+)?)(?P<m>[\"'])(?=[\s-]?(?:tall|long|wide|high|deep|thick|screens?|displays?|"
            r"monitors?|TVs?|pizzas?|(?:x|×)\s?\d))"
        ),
        None,
    ),  # 12" pizza, 6' tall
)
_INNER_APOSTROPHE = regex.compile(r"(?<=[\p{Latin}\d])'(?=\p{Latin})")
_ELISION = regex.compile(
    r"(?<![\w'])'(?=(?:\d0s|\d\d\b|em\b|tis\b|twas\b|til\b|cause\b|round\b|bout\b)|n'\s)",
    regex.IGNORECASE,
)
# The closing mark of rock 'n' roll (not of "the letter 'n'").
_ELISION_N = regex.compile(
    r"(?<!\b(?:letters?|the|an?|is|was|of|with|by|and|or)\s'n)(?<=\p{L}\s'n)'(?=\s\p{L})", regex.IGNORECASE
)
# A quote mark or prime beside a mark counts both as opening before it (“‘Tis) and closing after it (’”).
_OPENING_BEFORE = " \t\u00a0([{<\u2014\u2013/-'\"" + PRIME + DOUBLE_PRIME
_CLOSING_AFTER = " \t\u00a0.,;:!?)]}>\u2014\u2013-\u2026'\"" + PRIME + DOUBLE_PRIME


def quote_changes(text: str, mode: str, language: str) -> list[Change]:
    """Changes that bring the quotes of `text` to the chosen style, all that restyling it again would make too.

    Restyled marks can pair up anew: a low-9 mark made ``'`` closes a TeX pair
    (````a‚'`` → ````a''`` → ``"a"``), a guillemet's inner space removed puts two
    marks side by side. So the stage restyles its own output until nothing moves
    (at most :data:`ROUNDS` times), and returns the changes from `text` to the end.
    """
    if mode not in MODES:
        raise ValueError(f"unknown quote mode {mode!r}; expected one of {', '.join(MODES)}")
    changes = _restyle(text, mode, language)
    if not changes:
        return changes
    again = _restyle(_spliced(text, changes), mode, language)
    if not again:  # most texts: one look settles every mark, and its changes are the stage's
        return _joined([c for c in changes if text[c.start : c.end] != c.replacement])
    log = EditLog(text)
    log.apply(changes)
    for _ in range(ROUNDS - 1):
        log.apply(again)
        again = _restyle(log.text, mode, language)
        if not again:
            break
    return _joined([Change(e.start, e.end, e.replacement, RULE[mode], "quotes") for e in log.edits()])


def _joined(changes: list[Change]) -> list[Change]:
    """The sorted `changes` with each run of marks side by side made one change (``"'`` → ``"'`` in one edit)."""
    out: list[Change] = []
    for change in changes:
        if out and out[-1].end == change.start:
            last = out.pop()
            change = last._replace(end=change.end, replacement=last.replacement + change.replacement)
        out.append(change)
    return out


def _spliced(text: str, changes: list[Change]) -> str:
    """`text` with its sorted, non-overlapping `changes` made."""
    parts: list[str] = []
    pos = 0
    for change in changes:
        parts += (text[pos : change.start], change.replacement)
        pos = change.end
    return "".join(parts) + text[pos:]


def _restyle(text: str, mode: str, language: str) -> list[Change]:
    """One look at the quotes of `text`: the changes that bring them to the style of `mode`."""
    english = language == "en"
    tex = _nested_pairs(_TEX_PAIR, text, 2)
    pairs = _nested_pairs(_FOREIGN_PAIR, text, 1) if english else []
    foreign = [m for m in pairs if not _FOREIGN_SPAN.search(_body(m))]
    # A quotation in another language keeps its marks, and no English rule turns them.
    kept = {i for m in pairs if m not in foreign for i in (m.start(), m.end() - 1)}
    if mode == "straight":
        table, marks = (FOLDED, _STRAIGHT_EN_MARKS) if english else (STRAIGHT, _STRAIGHT_MARKS)
        target = {m.start(): table[m.group()] for m in marks.finditer(text) if m.start() not in kept}
        return _changes(text, tex, foreign, target, ('"', '"'), RULE[mode])
    if mode == "keep":
        curly = sum(text.count(ch) for ch in OPEN2 + CLOSE2) > text.count('"')
        target = {i: want for i, want in _mixed_pairs(text) if i not in kept} if english else {}
        return _changes(text, tex, [], target, (OPEN2, CLOSE2) if curly else ('"', '"'), RULE[mode])
    tex_marks = {i for m in tex for i in (m.start(), m.start() + 1, m.end() - 2, m.end() - 1)}
    target = dict(_curl(text, tex_marks | kept)) if english else {}
    return _changes(text, tex, foreign, target, (OPEN2, CLOSE2), RULE[mode])


def _nested_pairs(pattern: regex.Pattern, text: str, width: int) -> list[regex.Match]:
    """Every pair of quote marks (each `width` characters) that `pattern` finds, pairs inside pairs too.

    A pair's body cannot hold its own marks, so the pattern finds the innermost
    pair first (``a ``b'' c''``). The marks of each pair found are then hidden as
    the plain quote they become, and the next round finds the pair around them:
    one pass does what cleaning the output again would. Each round hides marks,
    so the rounds end.
    """
    found = matches = list(pattern.finditer(text))
    while matches:
        chars = list(text)
        for m in matches:
            for i in (*range(m.start(), m.start() + width), *range(m.end() - width, m.end())):
                chars[i] = '"'
        text = "".join(chars)
        matches = list(pattern.finditer(text))
        found = found + matches
    return found


def _body(match: regex.Match) -> str:
    return next(v for k, v in match.groupdict().items() if k.startswith("b") and v is not None)


def _changes(
    text: str,
    tex: list[regex.Match],
    foreign: list[regex.Match],
    target: dict[int, str],
    pair: tuple[str, str],
    rule: str,
) -> list[Change]:
    """One change per quote to restyle, plus TeX and foreign pairs made the target pair."""
    changes: list[Change] = []
    taken: set[int] = set()
    for m in tex:
        changes += [Change(m.start(), m.start() + 2, pair[0], rule, "quotes")]
        changes += [Change(m.end() - 2, m.end(), pair[1], rule, "quotes")]
        taken.update((m.start(), m.start() + 1, m.end() - 2, m.end() - 1))
    for m in foreign:
        if taken.intersection((m.start(), m.end() - 1)):
            continue
        body = _body(m)
        single = m.group()[0] in "‹›‚"
        opening, closing = ("'", "'") if single and pair[0] == '"' else (OPEN1, CLOSE1) if single else pair
        inner = len(body) - len(body.lstrip(" \u00a0\u202f")), len(body) - len(body.rstrip(" \u00a0\u202f"))
        changes.append(Change(m.start(), m.start() + 1 + inner[0], opening, rule, "quotes"))
        changes.append(Change(m.end() - 1 - inner[1], m.end(), closing, rule, "quotes"))
        taken.update((m.start(), m.end() - 1))
    for i, want in target.items():
        if i not in taken and text[i] != want:
            changes.append(Change(i, i + 1, want, rule, "quotes"))
    return sorted(changes)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of every line that is not code."""
    pos = 0
    for line in text.split("\n"):
        if not _CODE_LINE.search(line):
            yield pos, line
        pos += len(line) + 1


def _curl(text: str, skip: set[int]) -> Iterator[tuple[int, str]]:
    """Typographic English quotes for every quote mark outside code lines (and `skip`)."""
    for offset, line in _lines(text):
        decided = {i - offset: "" for i in skip if offset <= i < offset + len(line)}
        for i, want in _curl_line(line, decided).items():
            if want:
                yield offset + i, want


def _curl_line(line: str, decided: dict[int, str]) -> dict[int, str]:
    """The typographic mark for each quote of an English line, by context (see :func:`_neutral`)."""
    line = _neutral(line)
    target = dict(decided)
    for pattern, mark in _PRIMES:
        for m in pattern.finditer(line):
            quote = m.group()
            target.setdefault(m.start(), mark or (DOUBLE_PRIME if quote == '"' else PRIME))
    for m in _INNER_APOSTROPHE.finditer(line):
        target.setdefault(m.start(), CLOSE1)
    for m in _ELISION_N.finditer(line):
        target.setdefault(m.start(), CLOSE1)
    elisions = [m.start() for m in _ELISION.finditer(line) if m.start() not in target]
    for i in elisions:
        if not _closes_later(line, i, target):
            target[i] = CLOSE1
    for i, kind in _classify(line, '"', target):
        target[i] = OPEN2 if kind == "open" else CLOSE2
    for i, kind in _classify(line, "'", target):
        target[i] = OPEN1 if kind == "open" else CLOSE1
    return target


def _neutral(line: str) -> str:
    """The line with its curly quotes made straight, one character for one.

    Quotes are told apart by their neighbours: judged on this view, a mark's
    verdict does not turn on how its neighbours are styled yet, so restyling the
    output again decides every mark as before.
    """
    for curly, straight in ((OPEN2, '"'), (CLOSE2, '"'), (OPEN1, "'"), (CLOSE1, "'")):
        if curly in line:
            line = line.replace(curly, straight)
    return line


def _closes_later(line: str, start: int, decided: dict[int, str]) -> bool:
    """Whether a leading apostrophe ('07) is rather an opening quote closed later in the line.

    ``'07 is your number'`` is a quotation, ``an '07 Camry`` an elision: the
    quote reading wins only when the single marks after it, apostrophes aside,
    hold more closing marks than opening ones.
    """
    opens = closes = 0
    for i in range(start + 1, len(line)):
        if line[i] != "'" or i in decided:
            continue
        before, after = line[i - 1], line[i + 1 : i + 2] or " "
        if before.isspace() or before in _OPENING_BEFORE:
            opens += 1
        elif not (before.lower() == "s" and after == " " and line[i + 2 : i + 3].islower()):  # ministers' meeting
            closes += 1
    return closes > opens


def _classify(line: str, marks: str, decided: dict[int, str]) -> Iterator[tuple[int, str]]:
    """Each quote mark of `marks` in the line as "open" or "close", by its neighbours.

    A mark with a space (or the line start) before it and a word after it opens;
    one with a word before it and a space or punctuation after it closes. A
    mark that its neighbours do not settle alternates with the one before. A mark
    between two letters of a script whose ASCII quotes are letters is skipped.
    """
    is_open = False
    for i, ch in enumerate(line):
        if ch not in marks or i in decided:
            continue
        before = line[i - 1] if i else " "
        after = line[i + 1] if i + 1 < len(line) else " "
        if _NON_LATIN_LETTER.match(before) or _NON_LATIN_LETTER.match(after):
            continue
        opening = before in _OPENING_BEFORE and after not in " \t\u00a0"
        closing = after in _CLOSING_AFTER and before not in " \t\u00a0"
        kind = "open" if opening and not closing else "close" if closing and not opening else None
        kind = kind or ("close" if is_open else "open")
        is_open = kind == "open"
        yield i, kind


def _mixed_pairs(text: str) -> Iterator[tuple[int, str]]:
    """Keep mode: in a quotation whose two marks differ in style, the straight one made curly.

    “stir pot" becomes “stir pot”: the author wrote curly quotes, and one was
    lost. A curly mark turned the wrong way round inside such a pair is turned too.
    """
    for offset, line in _lines(text):
        marks = list(_classify(_neutral(line), '"', {}))
        for (i, kind_i), (j, kind_j) in itertools.pairwise(marks):
            if kind_i != "open" or kind_j != "close":
                continue
            first, second = line[i], line[j]
            if (first == '"') == (second == '"'):
                continue
            yield offset + i, OPEN2
            yield offset + j, CLOSE2
