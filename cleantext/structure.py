"""Structure: the lines of a text that are code, list items or table rows.

Structure is content. A code sample's lone ``}``, the items of a ranked list and
the rows of a table read like furniture to a rule or a detector that judges a line
by its shape (symbols only, short, no sentence, repeated), so every stage that
removes lines asks this module first: such a line goes only by a rule that says
it acts on its kind (``structure = ["list"]`` in a pack), never by a detector.

Kinds, by the line's own shape and its neighbours':

- ``code``: the lines between Markdown fences (the fences too); lines of brackets
  alone (``}``, ``});``, ``[``); and runs of lines that read as code (operators such
  as ``==`` or ``=>``, a trailing ``{`` or ``;``, a leading keyword such as ``def`` or
  ``const``, an assignment, a call, indentation), where at least two such lines
  stand close together; a line between two code lines is code too (a Rust ``x``).
- ``list``: bulleted and numbered items (``- item``, ``• item``, ``3. item``,
  ``(b) item``, ``#4 item``).
- ``table``: rows between bars (``| a | b |``, as extractors write tables) and rows
  of cells separated by tabs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import regex

CODE: Final = "code"
LIST: Final = "list"
TABLE: Final = "table"
KINDS: Final = (CODE, LIST, TABLE)

_FENCE: Final = regex.compile(r"^\s*(?:`{3,}|~{3,})")
_BRACKETS: Final = regex.compile(r"^[\s{}()\[\];,.]*[{}()\[\];][\s{}()\[\];,.]*$")
#: A line of operators alone (``==``, ``->``, ``${``): a code sample a highlighter split one token a line.
_OPERATORS: Final = regex.compile(r"^(?:==|!=|===|->|=>|::|&&|\|\||\+=|-=|:=|\$\{|=|\.)$")
#: Code by what a line holds anywhere: operators, a block opened or a statement ended at its end.
_CODE_ANYWHERE: Final = regex.compile(
    r"""
    \w\s*[=!]==?\s*[\w"'(\[]|=>|\w->|\w::\w|&&|\w\s*(?:\+=|-=|:=)|\)\s*\{|\w\(\)|</\w|\w/>   # operators
    | [{;]\s*$                                                         # opens a block, ends a statement
    """,
    regex.VERBOSE,
)
#: What a line that ``_CODE_ANYWHERE`` matches must hold: a pattern search on a long line costs more than these.
_OPERATOR_HINTS: Final = ("=", ";", "{", "->", "::", "&&", "()", "</", "/>")
#: Code by how a line starts (matched at its start only).
_CODE_START: Final = regex.compile(
    r"""
    ^(?:def|function|func|fn|const|var|let|pub|elif|impl|struct|enum|namespace|class)\s+[\w$]+\s*[:=({<,;]
    | ^(?:import\s+[\w.]+|from\s+[\w.]+\s+import\s.*|return\s*;?|else\s*:?|try\s*:|except.*:|end)$
    | ^(?:if|for|while|switch|catch)\s*\(                               # a condition in brackets
    | ^\#(?:include|define|ifn?def|endif|!)                             # preprocessor, shebang
    | ^[A-Za-z_$][\w.$\[\]]*\s*=\s*\S                                # an assignment
    | ^[\w.$]+\(.*\)\s*;?$                                            # a call
    | ^(?://|/\*|\*/)                                                  # a comment
    | ^\$\s+\w                                                        # a shell prompt
    | ^<\w[^>]*>$                                                      # a tag alone
    """,
    regex.VERBOSE,
)
#: The first words with which a line of code can start without any of the characters of ``_CODE_CHARS``.
_BARE_KEYWORDS: Final = frozenset(("import", "from", "return", "else", "end", "try", "except"))
_INDENTED: Final = regex.compile(r"^(?: {4}|\t)\s*\S")
_LIST: Final = regex.compile(
    r"^(?=.*[\p{L}\p{N}])\s*(?:[-*•+–▪◦‣·]|\d{1,3}[.)]|[A-Za-z][.)]|\(\w{1,3}\)|#\d{1,3}[.:)]?|[ivxIVX]{1,4}[.)])\s+\S"
)
_TABLE: Final = regex.compile(r"^\s*\|.*\|\s*$|\S\t+\S")
#: Characters of which a code line holds one, or none of the code patterns can match.
_CODE_CHARS: Final = frozenset("=<>-:&|+{}();[]/$#_") | frozenset("\t")
#: A line counts as code only where another code-shaped line stands within this many non-blank lines.
CODE_REACH: Final = 2
#: A line that holds more words than this and ends a sentence is prose, whatever its neighbours.
PROSE_WORDS: Final = 12


def line_kinds(text: str) -> list[str]:
    """The structure kind of each line of `text` (``""`` for none), one entry per ``\\n``-separated line.

    Each distinct line is judged once: furniture and blank lines repeat.
    """
    lines = text.split("\n")
    distinct = set(lines)
    own = {line: _own_kind(line) for line in distinct}
    kinds = [own[line] for line in lines]
    if "```" in text or "~~~" in text:
        _mark_fences(lines, kinds)
    shaped = {line for line in distinct if _code_shaped(line)}
    if shaped or CODE in kinds:
        _mark_code(lines, kinds, [line in shaped for line in lines])
    return kinds


def _own_kind(line: str) -> str:
    """What a line is by its own shape alone: a table row or a list item (code needs its neighbours)."""
    stripped = line.strip()
    if not stripped:
        return ""
    if ("|" in line or "\t" in line) and _TABLE.search(line):
        return TABLE
    if _LIST.match(stripped):
        return LIST
    return ""


def _mark_code(lines: list[str], kinds: list[str], shaped: list[bool]) -> None:
    """Mark bracket lines and close runs of code-shaped lines as code, and lines between code lines that are not
    prose."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    for n, i in enumerate(nonblank):
        if kinds[i] == CODE or not shaped[i]:
            continue
        near = nonblank[max(0, n - CODE_REACH) : n] + nonblank[n + 1 : n + 1 + CODE_REACH]
        if _BRACKETS.match(lines[i]) or any(shaped[j] or kinds[j] == CODE for j in near):
            kinds[i] = CODE
    for before, i, after in zip(nonblank, nonblank[1:], nonblank[2:], strict=False):
        if not kinds[i] and kinds[before] == kinds[after] == CODE and not _prose_or_intro(lines[i]):
            kinds[i] = CODE


def _mark_fences(lines: list[str], kinds: list[str]) -> None:
    """Mark each pair of Markdown fences and the lines between them as code (an unclosed fence alone)."""
    fences = [i for i, line in enumerate(lines) if _FENCE.match(line)]
    for k, i in enumerate(fences):
        if k % 2:
            continue
        end = fences[k + 1] if k + 1 < len(fences) else i
        kinds[i : end + 1] = [CODE] * (end + 1 - i)


def _code_shaped(line: str) -> bool:
    """Whether a line reads as code by its own shape (not prose, and a code pattern matches)."""
    stripped = line.strip()
    if not stripped or _prose(stripped):
        return False
    if _INDENTED.match(line) or _BRACKETS.match(stripped) or _OPERATORS.match(stripped):
        return True
    if _CODE_CHARS.isdisjoint(stripped) and stripped.split(None, 1)[0] not in _BARE_KEYWORDS:
        return False
    if _CODE_START.match(stripped):
        return True
    return any(hint in stripped for hint in _OPERATOR_HINTS) and _CODE_ANYWHERE.search(stripped) is not None


def _prose_or_intro(line: str) -> bool:
    """A line between code lines that is prose: a sentence, or words that introduce code ("In Rust:")."""
    stripped = line.strip()
    return _prose(stripped) or (stripped.endswith(":") and " " in stripped)


def _prose(line: str) -> bool:
    """A line of more than :data:`PROSE_WORDS` words that ends a sentence: prose, not code."""
    stripped = line.rstrip()
    return stripped[-1:] in ".!?" and len(stripped.split(None, PROSE_WORDS)) > PROSE_WORDS


def protected(kinds: Sequence[str], i: int, allowed: Sequence[str] = ()) -> bool:
    """Whether line `i` is structure that a rule allowed only `allowed` kinds may not remove."""
    return bool(kinds[i]) and kinds[i] not in allowed
