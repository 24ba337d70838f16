"""Rule packs: TOML files of rules, loaded, validated and compiled.

A pack is data, not code. The loader's job is to turn a pack file into
:class:`Rule` objects or to refuse it with an error that names the file, the rule
and what is wrong, so that a bad pack never reaches a cleaning run.
"""

from __future__ import annotations

import functools
import time
import tomllib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, overload

import regex

from cleantext.backtracking import catastrophic
from cleantext.document import CATEGORIES
from cleantext.inflection import TAGS
from cleantext.lexicon import Lexicon, LexiconError, load_lexicon
from cleantext.prefilter import structure
from cleantext.quotemarks import fold
from cleantext.structure import KINDS as STRUCTURE_KINDS

SCOPES = ("line", "block", "run", "tail", "rest", "inline")
ACTIONS = ("drop", "replace", "flag")
CASES = ("keep", "sentence")
#: Presets of detector thresholds, from the most careful to the most thorough.
PROFILES = ("precision", "balanced", "recall")

#: Seconds of processor time that all the pattern calls on one document may take, in all, before the rule at work
#: is abandoned: this much on any document, and this much more per million characters of it (big honest documents
#: pass: the shipped rules take well under a second per million).
MATCH_TIMEOUT = 1.0
MATCH_SECONDS_PER_MILLION = 10.0

T = TypeVar("T")

_PACK_KEYS = {"name", "language", "description", "ignore_case"}
_RULE_KEYS = {
    "id",
    "category",
    "group",
    "scope",
    "pattern",
    "action",
    "replacement",
    "case",
    "reason",
    "ignore_case",
    "enabled",
    "max_words",
    "item_max_words",
    "max_items",
    "after_share",
    "after_prose_words",
    "followed_by",
    "min_run",
    "changes",
    "keeps",
    "lexicon",
    "requires_spin",
    "spin_signal",
    "inflect",
    "triggers",
    "structure",
}
_REQUIRED = ("id", "category", "scope", "action", "reason", "changes", "keeps")
#: ``{name}`` in a pattern: a list of the pack's ``[lists]`` table, or the rule's lexicon.
_PLACEHOLDER = regex.compile(r"(?<!\\)\{([a-z_]+)\}")
LEXICON_PLACEHOLDER = "{lexicon}"
_DETECTOR_KEYS = {
    "id",
    "kind",
    "category",
    "group",
    "reason",
    "enabled",
    "params",
    "profiles",
    "languages",
    "changes",
    "keeps",
}
_DETECTOR_REQUIRED = ("id", "kind", "category", "reason", "params", "changes", "keeps")

#: Parameters every heuristic detector takes: the guard that no detector may cross
#: (a block of at least ``guard_words`` words that ends a sentence and has a stopword
#: density of at least ``guard_stopwords`` is article prose and is never dropped),
#: and ``max_share``: a detector that would remove more of the text's words abstains.
_GUARD_PARAMS = ("guard_words", "guard_stopwords", "max_share")
#: The guard can be widened, never narrowed past this: a sentence of 15 words or
#: more, a fifth of them function words, is article text under any pack or profile.
GUARD_CEILING = {"guard_words": 15.0, "guard_stopwords": 0.2}

#: The kinds of heuristic detector, with the parameters each takes (all required;
#: profiles may override any of them). The detectors themselves are in
#: ``cleantext/stages/heuristics.py``; their meaning is documented in README.md.
DETECTOR_PARAMS: dict[str, tuple[str, ...]] = {
    "paragraphs": (
        "length_low",
        "length_high",
        "stopwords_low",
        "stopwords_high",
        "neargood_weight",
        "short_weight",
        "bad_weight",
        "bad_cap",
        "min_zone_words",
        "second_zone_share",
        "min_zone_share",
        "heading_chars",
        "heading_lines",
        "page_head_blocks",
        "page_head_min",
        "page_tail_blocks",
        "page_tail_min",
        "page_menu_run",
        "min_run",
        *_GUARD_PARAMS,
    ),
    "menu": ("min_lines", "min_lines_inside", "max_words", "min_title_share", *_GUARD_PARAMS),
    "repeated": ("min_count", "min_count_inside", "max_words", *_GUARD_PARAMS),
}


class RuleTimeoutError(RuntimeError):
    """The document's time for pattern matching ran out while a rule's pattern ran."""

    def __init__(self, rule_id: str, seconds: float = MATCH_TIMEOUT) -> None:
        self.rule_id = rule_id
        super().__init__(
            f"rule {rule_id!r} timed out: the document's {seconds:.3g} s of pattern matching ran out (a pathological"
            " pattern?)"
        )


class MatchBudget:
    """The time left for pattern matching on one document, shared by all its rules' pattern calls."""

    def __init__(self, chars: int) -> None:
        self.seconds = MATCH_TIMEOUT + MATCH_SECONDS_PER_MILLION * chars / 1e6
        self.spent = 0.0

    def run(self, rule_id: str, call: Callable[[float], T]) -> T:
        """`call` with the seconds left as its timeout, counted against the budget; RuleTimeoutError when none are."""
        left = self.seconds - self.spent
        if left <= 0:
            raise RuleTimeoutError(rule_id, self.seconds)
        start = time.thread_time()  # processor time, as ``regex`` counts its timeout: a loaded machine does not count
        try:
            return call(left)
        except TimeoutError as exc:
            raise RuleTimeoutError(rule_id, self.seconds) from exc
        finally:
            self.spent += time.thread_time() - start


_BUDGET: ContextVar[MatchBudget | None] = ContextVar("match_budget", default=None)


@contextmanager
def match_budget(text: str) -> Iterator[MatchBudget]:
    """Share one :class:`MatchBudget` for `text` among every pattern call made inside the block (one document)."""
    budget = MatchBudget(len(text))
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def _budget(text: str) -> MatchBudget:
    """The document's budget; outside :func:`match_budget`, one for this call alone, sized for `text`."""
    return _BUDGET.get() or MatchBudget(len(text))


class PackError(ValueError):
    """A rule pack that cannot be used: names the file, the rule and the fault."""

    def __init__(self, path: Path | str, rule_id: str | None, message: str) -> None:
        self.path = str(path)
        self.rule_id = rule_id
        self.message = message
        where = f"{path}" + (f", rule {rule_id!r}" if rule_id else "")
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Example:
    """An input a rule must change into `output`, or (output None) must leave alone."""

    input: str
    output: str | None = None


class _Switchable:
    """What rules and detectors share: names to switch them by, and a line for the report."""

    id: str
    category: str
    pack: str
    group: str
    reason: str

    def selectors(self) -> set[str]:
        """The names that --enable/--disable can use to switch this rule."""
        names = {self.id, self.category, self.pack}
        if self.group:
            names.add(self.group)
            names.add(f"{self.category}/{self.group}")
        return names

    def describe(self) -> dict[str, str]:
        """What the report says about this rule."""
        out = {"category": self.category, "reason": self.reason, "pack": self.pack}
        if self.group:
            out["group"] = self.group
        return out


@dataclass(frozen=True)
class Rule(_Switchable):
    """One compiled rule. See README "Rule packs" for every field.

    A lexicon rule has no `pattern` of its own: its phrases come from `lexicon`,
    and `context` holds the conditions its pattern set before and after them.
    """

    id: str
    category: str
    scope: str
    pattern: regex.Pattern | None
    action: str
    reason: str
    pack: str
    language: str
    group: str = ""
    replacement: str = ""
    case: str = "keep"
    enabled: bool = True
    max_words: int | None = None
    item_max_words: int = 10
    max_items: int = 40
    after_share: float = 0.0
    after_prose_words: int | None = None
    followed_by: regex.Pattern | None = None
    min_run: int = 0
    changes: tuple[Example, ...] = ()
    keeps: tuple[Example, ...] = ()
    pattern_text: str = ""
    lexicon: Lexicon | None = None
    context: tuple[regex.Pattern | None, regex.Pattern | None] = (None, None)
    requires_spin: int | None = None
    spin_signal: bool = False
    inflect: str | None = None
    triggers: tuple[str, ...] = ()
    structure: tuple[str, ...] = ()

    @property
    def searched(self) -> regex.Pattern | None:
        """A pattern that every hit of the rule matches: its own, or its lexicon's (None if the lexicon has none)."""
        return self.pattern if self.lexicon is None else self.lexicon.pattern

    def tried_on(self, text: str) -> bool:
        """Whether `text` holds one of the rule's triggers (a string search, far cheaper than the pattern)."""
        if not self.triggers:
            return True
        if self.pattern is not None and self.pattern.flags & regex.IGNORECASE:
            text = text.lower()
        return any(t in text for t in self.triggers)

    def fullmatch(self, text: str) -> regex.Match | None:
        """Match the whole of `text`, under the time limit (a lexicon rule, without a pattern, matches nothing)."""
        return None if self.pattern is None else self._whole(self.pattern, text)

    def leads(self, lines: Iterable[str]) -> bool:
        """Whether one of `lines` (those just after a rest header) matches the rule's ``followed_by``, if it has one."""
        pattern = self.followed_by
        return pattern is None or any(self._whole(pattern, line) is not None for line in lines)

    def _whole(self, pattern: regex.Pattern, text: str) -> regex.Match | None:
        """`pattern` matched against the whole of `text`, under the time limit."""
        return _budget(text).run(self.id, lambda limit: pattern.fullmatch(text, timeout=limit))

    def finditer(self, text: str) -> list[regex.Match]:
        """Every match in `text`, under the time limit (a lexicon rule, without a pattern, matches nothing)."""
        pattern = self.pattern
        if pattern is None:
            return []
        return _budget(text).run(self.id, lambda limit: list(pattern.finditer(text, timeout=limit)))

    def in_context(self, text: str, start: int, end: int, reach: LineReach | None = None) -> bool:
        """Whether a lexicon phrase at text[start:end] meets the rule's before/after conditions.

        Give the phrases of one text in order with one `reach`: an after-condition that
        reads to the end of the line (``[^\\n]*…``) is then matched once per line.
        """
        before, after = self.context
        budget = _budget(text)
        if before is not None and budget.run(self.id, lambda limit: before.match(text, start, timeout=limit)) is None:
            return False
        if after is None:
            return True
        rest_of_line = _rest_of_line(after) if reach is not None else None
        if reach is None or rest_of_line is None:
            return budget.run(self.id, lambda limit: after.match(text, end, timeout=limit)) is not None
        return reach.holds(text, end, lambda at: budget.run(self.id, lambda s: rest_of_line.match(text, at, timeout=s)))


@dataclass
class LineReach:
    """How far along a line an after-condition ``(?=[^\\n]*TAIL)`` holds, found once per line.

    ``[^\\n]*(?=TAIL)`` run from a position on a line ends at the last place on it
    where TAIL matches: the condition holds at every position of the line up to
    there, and at none after it. The phrases of a text come in order, so a
    line is told from the next by the line breaks between them.
    """

    clear: int = -1  # no line break between where it last ran and here (-1: it never ran)
    last: int = -1  # the last position of that line where it holds (-1: none)

    def holds(self, text: str, at: int, run: Callable[[int], regex.Match | None]) -> bool:
        """Whether the condition holds at `at`; `run` runs the reach pattern from a position."""
        if self.clear < 0 or at < self.clear or text.find("\n", self.clear, at) >= 0:
            match = run(at)
            self.last = match.end() if match is not None else -1
        self.clear = at
        return at <= self.last


@functools.lru_cache(maxsize=64)
def _rest_of_line(after: regex.Pattern) -> regex.Pattern | None:
    """For an after-condition ``(?=[^\\n]*TAIL)`` (however many look-aheads wrap it), ``[^\\n]*(?=TAIL)``;
    None for any other condition."""
    inner = _lookahead_body(after.pattern)
    while inner is not None and _lookahead_body(inner) is not None:
        inner = _lookahead_body(inner)
    skip = "[^\\n]*"
    if inner is None or not inner.startswith(skip) or inner[len(skip) : len(skip) + 1] in ("?", "+"):
        return None
    return regex.compile(f"{skip}(?={inner[len(skip) :]})", after.flags)


def _lookahead_body(source: str) -> str | None:
    """X, for a pattern that is one look-ahead ``(?=X)``; None for any other."""
    if not source.startswith("(?="):
        return None
    closing = next((index for index, char, depth in structure(source) if char == ")" and depth == 1), -1)
    return source[3:-1] if closing == len(source) - 1 else None


@dataclass(frozen=True)
class Detector(_Switchable):
    """A heuristic detector wired in by a pack: a kind of detector and its thresholds.

    ``params`` are the thresholds of the ``balanced`` profile; ``languages`` maps
    a language code to the thresholds it changes (stopword densities depend on
    the language's list); ``profiles`` maps ``precision`` and ``recall`` (or
    ``balanced``) to the thresholds they change, and they win over both.
    """

    id: str
    kind: str
    category: str
    reason: str
    pack: str
    language: str
    params: dict[str, float]
    profiles: dict[str, dict[str, float]] = field(default_factory=dict)
    languages: dict[str, dict[str, float]] = field(default_factory=dict)
    group: str = ""
    enabled: bool = True
    changes: tuple[Example, ...] = ()
    keeps: tuple[Example, ...] = ()

    def describe(self) -> dict[str, str]:
        """What the report says about this detector: what a rule says, and its kind."""
        return {**super().describe(), "detector": self.kind}

    def parameters(self, profile: str, language: str = "") -> dict[str, float]:
        """The thresholds to use under `profile` for a text in `language`."""
        return {**self.params, **self.languages.get(language, {}), **self.profiles.get(profile, {})}

    def __hash__(self) -> int:
        return hash(self.id)


@dataclass(frozen=True)
class Pack:
    """A loaded pack file: its language, rules and detectors."""

    name: str
    language: str
    path: str
    description: str = ""
    rules: tuple[Rule, ...] = field(default_factory=tuple)
    detectors: tuple[Detector, ...] = field(default_factory=tuple)

    def items(self) -> tuple[Rule | Detector, ...]:
        """Rules and detectors, in the order the pack lists them."""
        return (*self.rules, *self.detectors)


def shipped_rules_dir() -> Path:
    """The folder of rule packs shipped with cleantext.

    An installed package carries them as ``cleantext/rules``; a source checkout
    (or an editable install) has them in the top-level ``rules/`` folder.
    """
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    return installed if installed.is_dir() else here.parent / "rules"


def find_pack_files(folder: Path | str) -> list[Path]:
    """Every ``*.toml`` pack below a folder, in a stable order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PackError(folder, None, "no such rules folder")
    return sorted(folder.rglob("*.toml"))


def load_packs(folders: Iterable[Path | str]) -> list[Pack]:
    """Load every pack below the given folders; rule ids must be unique across all."""
    packs = [load_pack(path) for folder in folders for path in find_pack_files(folder)]
    seen: dict[str, str] = {}
    for pack in packs:
        for rule in pack.items():
            if rule.id in seen:
                raise PackError(pack.path, rule.id, f"rule id already used in {seen[rule.id]}")
            seen[rule.id] = pack.path
    return packs


def load_pack(path: Path | str) -> Pack:
    """Read, validate and compile one pack file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(path, None, f"cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PackError(path, None, f"not valid TOML: {exc}") from exc
    head = data.get("pack")
    if not isinstance(head, dict):
        raise PackError(path, None, "missing the [pack] table")
    _no_unknown(path, None, head, _PACK_KEYS, "[pack]")
    name = _text(path, None, head, "name")
    language = _text(path, None, head, "language")
    ignore_case = head.get("ignore_case", True)
    raw_rules = data.get("rules", [])
    raw_detectors = data.get("detectors", [])
    if not isinstance(raw_rules, list) or not isinstance(raw_detectors, list) or not (raw_rules or raw_detectors):
        raise PackError(path, None, "a pack needs at least one [[rules]] or [[detectors]] entry")
    extra = set(data) - {"pack", "rules", "detectors", "lists"}
    if extra:
        raise PackError(path, None, f"unknown top-level keys: {', '.join(sorted(extra))}")
    lists = _lists(path, data.get("lists", {}))
    rules = tuple(_compile_rule(path, name, language, ignore_case, lists, raw) for raw in raw_rules)
    detectors = tuple(_load_detector(path, name, language, raw) for raw in raw_detectors)
    return Pack(name, language, str(path), str(head.get("description", "")), rules, detectors)


def _lists(path: Path, table: Any) -> dict[str, tuple[str, ...]]:
    """The pack's named phrase lists, longest phrase first.

    A pattern names a list as ``{name}``: an allowlist of agencies or an
    abbreviation guard is written once and read by every rule that needs it.
    """
    if not isinstance(table, dict):
        raise PackError(path, None, "[lists] must be a table of name = [phrases]")
    out: dict[str, tuple[str, ...]] = {}
    for name, phrases in table.items():
        if not regex.fullmatch(r"[a-z_]+", name) or name == "lexicon":
            raise PackError(path, None, f"list name {name!r} must be lower-case letters and '_' (not 'lexicon')")
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p.strip() for p in phrases):
            raise PackError(path, None, f"list {name!r} must be a non-empty list of phrases")
        out[name] = tuple(sorted(set(phrases), key=lambda p: (-len(p), p)))
    return out


def _alternation(phrases: tuple[str, ...], ignore_case: bool) -> str:
    """One regex alternation of a list's phrases (longest first), any run of spaces between words.

    A case-sensitive list becomes a trie ("Abu(?:\\s+Dhabi)?"): the regex engine
    then drops a start position after one character instead of trying every
    phrase there, which makes a list of a hundred names several times faster.
    Two phrases that both match at a place are then always one a prefix of the
    other, and the longer is tried first, as in the plain alternation.
    """
    if ignore_case:
        return "(?:" + "|".join(r"\s+".join(regex.escape(w) for w in p.split()) for p in phrases) + ")"
    root: dict[str, dict] = {}
    for phrase in phrases:
        node = root
        for word_number, word in enumerate(phrase.split()):
            for unit in [r"\s+"] * (word_number > 0) + [regex.escape(c) for c in word]:
                node = node.setdefault(unit, {})
        node[""] = {}
    return f"(?:{_trie(root)})"


def _trie(node: dict[str, dict]) -> str:
    branches = [unit + _trie(child) for unit, child in node.items() if unit]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _entry(path: Path, raw: Any, table: str, required: tuple[str, ...], allowed: set[str], what: str) -> str | None:
    """Check one ``[[rules]]`` or ``[[detectors]]`` entry's fields; return its id (None if it has none)."""
    if not isinstance(raw, dict):
        raise PackError(path, None, f"each [[{table}]] entry must be a table")
    entry_id = raw.get("id") if isinstance(raw.get("id"), str) else None
    for key in required:
        if key not in raw:
            raise PackError(path, entry_id, f"missing field {key!r}")
    _no_unknown(path, entry_id, raw, allowed, what)
    return entry_id


def _both_examples(path: Path, entry_id: str | None, raw: dict) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    """The ``changes`` and ``keeps`` examples; an entry needs at least one of each."""
    changes = tuple(_examples(path, entry_id, raw, "changes", with_output=True))
    keeps = tuple(_examples(path, entry_id, raw, "keeps", with_output=False))
    if not changes or not keeps:
        raise PackError(path, entry_id, "needs at least one example in 'changes' and one in 'keeps'")
    return changes, keeps


def _min_run(path: Path, rule_id: str | None, raw: dict, scope: str) -> int:
    """How many lines in a row a ``run`` rule must match: at least 2, else the rule would be a line rule."""
    if scope != "run":
        if "min_run" in raw:
            raise PackError(path, rule_id, "'min_run' works only with scope 'run'")
        return 0
    if "min_run" not in raw:
        raise PackError(path, rule_id, "scope 'run' needs 'min_run' (how many lines in a row it must match)")
    min_run = _count(path, rule_id, raw, "min_run", 2)
    if min_run < 2:
        raise PackError(path, rule_id, "'min_run' must be a whole number of at least 2")
    return min_run


def _compile_rule(
    path: Path, pack: str, language: str, ignore_case: bool, lists: dict[str, tuple[str, ...]], raw: Any
) -> Rule:
    rule_id = _entry(path, raw, "rules", _REQUIRED, _RULE_KEYS, "rule")
    category = _choice(path, rule_id, raw, "category", CATEGORIES)
    scope = _choice(path, rule_id, raw, "scope", SCOPES)
    action = _choice(path, rule_id, raw, "action", ACTIONS)
    case = _choice(path, rule_id, raw, "case", CASES, default="keep")
    lexicon_file = raw.get("lexicon")
    inflect = raw.get("inflect")
    if action == "replace" and "replacement" not in raw and lexicon_file is None and inflect is None:
        raise PackError(path, rule_id, "action 'replace' needs a 'replacement'")
    if scope != "inline":
        for key in ("replacement", "lexicon", "requires_spin", "inflect", "triggers"):
            if key in raw and (key != "replacement" or action == "replace"):
                raise PackError(path, rule_id, f"{key!r} works only with scope 'inline'")
    if action == "replace" and scope != "inline":
        raise PackError(path, rule_id, "action 'replace' works only with scope 'inline'")
    after_share = raw.get("after_share", 0.0)
    if scope == "rest" and "after_share" not in raw:
        raise PackError(path, rule_id, "scope 'rest' needs 'after_share' (how much of the text must come before it)")
    if isinstance(after_share, bool) or not isinstance(after_share, int | float) or not 0 <= after_share < 1:
        raise PackError(path, rule_id, "'after_share' must be a number from 0 up to (not including) 1")
    if "after_prose_words" in raw and scope != "rest":
        raise PackError(path, rule_id, "'after_prose_words' works only with scope 'rest'")
    if "followed_by" in raw and "after_prose_words" not in raw:
        raise PackError(path, rule_id, "'followed_by' works only with 'after_prose_words' (it is a condition on that)")
    min_run = _min_run(path, rule_id, raw, scope)
    flags = regex.IGNORECASE if raw.get("ignore_case", ignore_case) else 0
    pattern_text = raw.get("pattern", LEXICON_PLACEHOLDER if lexicon_file is not None else None)
    if pattern_text is None:
        raise PackError(path, rule_id, "missing field 'pattern' (only a lexicon rule may leave it out)")
    pattern_text = _text(path, rule_id, {"pattern": pattern_text}, "pattern")
    expanded = _expand_lists(path, rule_id, pattern_text, lists, lexicon_file is not None, bool(flags))
    lexicon = None
    pattern = None
    context: tuple[regex.Pattern | None, regex.Pattern | None] = (None, None)
    if lexicon_file is not None:
        lexicon = _load_lexicon(path, rule_id, lexicon_file, flags)
        context = _context(path, rule_id, expanded, flags)
    else:
        # Line rules match lines whose quotes are folded (cleantext.quotemarks): so are their patterns.
        pattern = _compile(path, rule_id, expanded if scope == "inline" else fold(expanded), flags)
    if inflect is not None:
        if inflect not in TAGS:
            raise PackError(path, rule_id, f"'inflect' is {inflect!r}; expected one of {', '.join(TAGS)}")
        if pattern is None or "verb" not in pattern.groupindex:
            raise PackError(path, rule_id, "'inflect' needs a pattern with a group named 'verb'")
    changes, keeps = _both_examples(path, rule_id, raw)
    triggers = _triggers(path, rule_id, raw, lists, changes, folded=bool(flags))
    spin_signal = raw.get("spin_signal", category == "repair")
    if not isinstance(spin_signal, bool):
        raise PackError(path, rule_id, "'spin_signal' must be true or false")
    requires_spin = _count(path, rule_id, raw, "requires_spin", None)
    if requires_spin is not None and spin_signal and "spin_signal" in raw:
        raise PackError(path, rule_id, "a rule gated by 'requires_spin' cannot itself be a spin signal")
    return Rule(
        id=str(rule_id),
        category=category,
        scope=scope,
        pattern=pattern,
        action=action,
        reason=_text(path, rule_id, raw, "reason"),
        pack=pack,
        language=language,
        group=str(raw.get("group", "")),
        replacement=str(raw.get("replacement", "")),
        case=case,
        enabled=bool(raw.get("enabled", True)),
        max_words=_count(path, rule_id, raw, "max_words", None),
        item_max_words=_count(path, rule_id, raw, "item_max_words", 10),
        max_items=_count(path, rule_id, raw, "max_items", 40),
        after_share=float(after_share),
        after_prose_words=_count(path, rule_id, raw, "after_prose_words", None),
        followed_by=_followed_by(path, rule_id, raw, lists, flags),
        min_run=min_run,
        changes=changes,
        keeps=keeps,
        pattern_text=pattern_text,
        lexicon=lexicon,
        context=context,
        requires_spin=requires_spin,
        spin_signal=spin_signal and requires_spin is None,
        inflect=inflect,
        triggers=triggers,
        structure=_structure(path, rule_id, raw, scope),
    )


def _structure(path: Path, rule_id: str | None, raw: dict, scope: str) -> tuple[str, ...]:
    """The kinds of structure line (code, list, table) that a rule written for them may remove; none by default."""
    kinds = raw.get("structure", [])
    if not isinstance(kinds, list) or not all(kind in STRUCTURE_KINDS for kind in kinds):
        raise PackError(path, rule_id, f"'structure' must be a list of: {', '.join(STRUCTURE_KINDS)}")
    if kinds and scope in ("inline", "rest"):
        raise PackError(path, rule_id, f"'structure' does not apply to scope {scope!r}")
    return tuple(kinds)


def _triggers(
    path: Path,
    rule_id: str | None,
    raw: dict,
    lists: dict[str, tuple[str, ...]],
    changes: tuple[Example, ...],
    folded: bool,
) -> tuple[str, ...]:
    """The strings of which a text must hold one for the rule to be tried; empty: always tried.

    ``{name}`` stands for the first word of each phrase of a list (a phrase the
    pattern finds with any spaces between its words still holds its first word).
    A trigger list that misses one of the rule's own change examples is an error:
    the rule would never be tried on that text.
    """
    items = raw.get("triggers", [])
    if not isinstance(items, list) or not all(isinstance(t, str) and t for t in items):
        raise PackError(path, rule_id, "'triggers' must be a list of non-empty strings")
    out: list[str] = []
    for item in items:
        named = _PLACEHOLDER.fullmatch(item)
        if named is None:
            out.append(item)
        elif named.group(1) in lists:
            out.extend(phrase.split()[0] for phrase in lists[named.group(1)])
        else:
            raise PackError(path, rule_id, f"'triggers' names an unknown list {item}")
    triggers = tuple(dict.fromkeys(t.lower() if folded else t for t in out))
    for example in changes:
        if triggers and not any(t in (example.input.lower() if folded else example.input) for t in triggers):
            raise PackError(path, rule_id, f"the change example {example.input!r} holds none of the 'triggers'")
    return triggers


def _expand_lists(
    path: Path, rule_id: str | None, pattern: str, lists: dict[str, tuple[str, ...]], lexicon: bool, ignore_case: bool
) -> str:
    """Put the pack's lists in place of their ``{name}`` placeholders."""

    def put(match: regex.Match) -> str:
        name = match.group(1)
        if name == "lexicon":
            if not lexicon:
                raise PackError(path, rule_id, "the pattern names {lexicon} but the rule has no 'lexicon'")
            return match.group()
        if name not in lists:
            raise PackError(path, rule_id, f"the pattern names an unknown list {{{name}}}")
        return _alternation(lists[name], ignore_case)

    return _PLACEHOLDER.sub(put, pattern)


def _followed_by(
    path: Path, rule_id: str | None, raw: dict, lists: dict[str, tuple[str, ...]], flags: int
) -> regex.Pattern | None:
    """A rest rule's pattern for the lines after its header, made like a line rule's (lists put in, quotes folded)."""
    if "followed_by" not in raw:
        return None
    text = _expand_lists(path, rule_id, _text(path, rule_id, raw, "followed_by"), lists, False, bool(flags))
    return _compile(path, rule_id, fold(text), flags)


def _compile(path: Path, rule_id: str | None, pattern: str, flags: int) -> regex.Pattern:
    try:
        compiled = regex.compile(pattern, flags)
    except regex.error as exc:
        raise PackError(path, rule_id, f"bad pattern: {exc}") from exc
    fault = catastrophic(pattern, compiled.flags)
    if fault is not None:
        raise PackError(path, rule_id, f"bad pattern: {fault}")
    return compiled


def _context(
    path: Path, rule_id: str | None, pattern: str, flags: int
) -> tuple[regex.Pattern | None, regex.Pattern | None]:
    """A lexicon rule's pattern, ``BEFORE{lexicon}AFTER``: conditions on the text around each phrase."""
    if pattern.count(LEXICON_PLACEHOLDER) != 1:
        raise PackError(path, rule_id, "a lexicon rule's pattern must contain {lexicon} exactly once")
    before, after = pattern.split(LEXICON_PLACEHOLDER)
    return (
        _compile(path, rule_id, f"(?<={before})", flags) if before else None,
        _compile(path, rule_id, f"(?={after})", flags) if after else None,
    )


def _load_lexicon(path: Path, rule_id: str | None, name: Any, flags: int) -> Lexicon:
    """The rule's phrase table: a TSV file named relative to the pack file."""
    if not isinstance(name, str) or not name.strip():
        raise PackError(path, rule_id, "'lexicon' must be the name of a TSV file beside the pack")
    file = path.parent / name
    try:
        return load_lexicon(file, flags)
    except OSError as exc:
        raise PackError(path, rule_id, f"cannot read lexicon {name!r}: {exc}") from exc
    except LexiconError as exc:
        raise PackError(path, rule_id, f"lexicon {name!r}, {exc}") from exc


def _load_detector(path: Path, pack: str, language: str, raw: Any) -> Detector:
    det_id = _entry(path, raw, "detectors", _DETECTOR_REQUIRED, _DETECTOR_KEYS, "detector")
    kind = _choice(path, det_id, raw, "kind", tuple(DETECTOR_PARAMS))
    allowed = DETECTOR_PARAMS[kind]
    params = _params(path, det_id, raw["params"], allowed, "[detectors.params]")
    missing = [name for name in allowed if name not in params]
    if missing:
        raise PackError(path, det_id, f"kind {kind!r} needs parameter(s): {', '.join(missing)}")
    profiles = {}
    for profile, table in _table(path, det_id, raw, "profiles").items():
        if profile not in PROFILES:
            raise PackError(path, det_id, f"profile {profile!r} is not one of {', '.join(PROFILES)}")
        profiles[profile] = _params(path, det_id, table, allowed, f"[detectors.profiles.{profile}]")
    languages = {
        code: _params(path, det_id, table, allowed, f"[detectors.languages.{code}]")
        for code, table in _table(path, det_id, raw, "languages").items()
    }
    changes, keeps = _both_examples(path, det_id, raw)
    return Detector(
        id=str(det_id),
        kind=kind,
        category=_choice(path, det_id, raw, "category", CATEGORIES),
        reason=_text(path, det_id, raw, "reason"),
        pack=pack,
        language=language,
        params=params,
        profiles=profiles,
        languages=languages,
        group=str(raw.get("group", "")),
        enabled=bool(raw.get("enabled", True)),
        changes=changes,
        keeps=keeps,
    )


def _table(path: Path, det_id: str | None, raw: dict, key: str) -> dict:
    """An optional table of tables (``profiles``, ``languages``)."""
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise PackError(path, det_id, f"{key!r} must be a table of tables")
    return value


def _params(path: Path, det_id: str | None, table: Any, allowed: tuple[str, ...], what: str) -> dict[str, float]:
    """A table of numeric thresholds, every name one the detector's kind knows."""
    if not isinstance(table, dict):
        raise PackError(path, det_id, f"{what} must be a table")
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise PackError(path, det_id, f"unknown parameter(s) in {what}: {', '.join(unknown)}")
    for name, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise PackError(path, det_id, f"parameter {name!r} in {what} must be a number of at least 0")
        if value > GUARD_CEILING.get(name, value):
            raise PackError(
                path, det_id, f"{name!r} in {what} may not exceed {GUARD_CEILING[name]:g}: long sentences stay safe"
            )
    return {name: float(value) for name, value in table.items()}


def _examples(path: Path, rule_id: str | None, raw: dict, key: str, with_output: bool) -> Iterable[Example]:
    items = raw[key]
    if not isinstance(items, list):
        raise PackError(path, rule_id, f"{key!r} must be a list")
    for item in items:
        if with_output:
            if not (
                isinstance(item, dict) and isinstance(item.get("input"), str) and isinstance(item.get("output"), str)
            ):
                raise PackError(path, rule_id, f"each {key!r} example needs 'input' and 'output' strings")
            yield Example(item["input"], item["output"])
        else:
            if not isinstance(item, str):
                raise PackError(path, rule_id, f"each {key!r} example must be a string")
            yield Example(item)


def _no_unknown(path: Path, rule_id: str | None, table: dict, allowed: set[str], what: str) -> None:
    unknown = set(table) - allowed
    if unknown:
        raise PackError(path, rule_id, f"unknown {what} field(s): {', '.join(sorted(unknown))}")


def _text(path: Path, rule_id: str | None, table: dict, key: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PackError(path, rule_id, f"{key!r} must be a non-empty string")
    return value


def _choice(
    path: Path, rule_id: str | None, table: dict, key: str, allowed: tuple[str, ...], default: str | None = None
) -> str:
    value = table.get(key, default)
    if value not in allowed:
        raise PackError(path, rule_id, f"{key!r} is {value!r}; expected one of {', '.join(allowed)}")
    return value


@overload
def _count(path: Path, rule_id: str | None, table: dict, key: str, default: int) -> int: ...
@overload
def _count(path: Path, rule_id: str | None, table: dict, key: str, default: None) -> int | None: ...
def _count(path: Path, rule_id: str | None, table: dict, key: str, default: int | None) -> int | None:
    """The positive whole number under `key`, or `default` where the table has none."""
    value = table.get(key, default)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise PackError(path, rule_id, f"{key!r} must be a positive whole number")
    return value
