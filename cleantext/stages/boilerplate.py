"""Boilerplate removal: whole lines and blocks of site furniture.

Five rule scopes act on lines, each matched against the whole stripped line
(``fullmatch``), so that a rule for "Source link" can never cut into a sentence
that merely mentions a source link:

- ``line``: the line goes wherever it stands;
- ``block``: the line is a header ("Related Articles"); it goes together with the
  short, unpunctuated list items that follow it;
- ``run``: the line goes only where at least ``min_run`` lines in a row (blank
  lines aside) match run rules: an archive list of months, where one such line
  alone is an article's dateline;
- ``tail``: the line goes only when nothing but other boilerplate and blank lines
  follows it to the end of the text (promotional site taglines, for example,
  which would be too risky to match in the body);
- ``rest``: the line heads the rest of the page ("12 Comments", "Leave a Reply"):
  it goes with everything after it, but only where the article is behind it: at
  least ``after_share`` of the text's words, and half that share of its prose
  words, come before it; or, for a rule that sets ``after_prose_words``, at
  least that many prose words do (and, with ``followed_by``, a line that matches
  it follows the header closely).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from cleantext.document import Change
from cleantext.memo import MEMO_CHARS, MEMO_LINES, remember
from cleantext.packs import Rule
from cleantext.prefilter import Prefilter
from cleantext.quotemarks import fold

#: Longer lines rarely repeat across texts, but the pipeline matches a text again
#: after the detectors have removed lines from it: the verdicts on this many long
#: lines are remembered for that round.
RECENT_LINES: Final = 4096
#: A rest header needs its ``after_share`` of the prose words before it at this weight
#: (2: half the share): comments are prose too, and can outweigh the article.
PROSE_SHARE_WEIGHT: Final = 2
#: A rest rule's ``followed_by`` must match one of this many non-blank lines after its header.
FOLLOWING_LINES: Final = 3
#: Sentence-final punctuation in the scripts the packs cover; a trailing ellipsis
#: marks a teaser ("Like Loading...", "Read the full story…"), not a sentence.
_SENTENCE_MARKS: Final = frozenset(".!?。！？؟।")
#: What may follow the sentence mark: closing quotes (German closes »so« and „so“) and brackets.
_CLOSING_MARKS: Final = "'\"’”“»«›‹)]"


def stripped_lines(text: str) -> tuple[list[str], list[int]]:
    """The lines of `text` as the rules see them (quotes folded, stripped), and where each starts.

    ``starts`` has one more entry than there are lines: line ``i`` runs from
    ``starts[i]`` to its newline at ``starts[i + 1] - 1``. Offsets are all a stage
    needs of a line it removes; the lines themselves are plain strings.
    """
    bodies = fold(text).split("\n")  # rules see quotes folded (see cleantext.quotemarks)
    return [body.strip() for body in bodies], list(itertools.accumulate((len(b) + 1 for b in bodies), initial=0))


def line_removal(
    starts: list[int], i: int, length: int, rule: str, category: str, score: float | None = None
) -> Change:
    """The change that removes line `i` with its newline (the last line has none) from a text of `length`."""
    return Change(starts[i], min(starts[i + 1], length), "", rule, category, score)


def kept_before(text: str, removals: Sequence[Change]) -> list[int]:
    """For each of the sorted line `removals` from `text`, how many of its kept lines stood before it."""
    out: list[int] = []
    line = pos = 0
    for n, change in enumerate(removals):
        line += text.count("\n", pos, change.start)
        pos = change.start
        out.append(line - n)
    return out


def word_count(text: str, cap: int | None = None) -> int:
    """The number of words, or (when that is more) `cap` + 1: enough to compare it with
    a limit up to `cap`, without splitting a long paragraph into all its words."""
    return len(text.split(None, cap if cap is not None else -1))


def ends_sentence(text: str) -> bool:
    """Whether a line ends like a sentence (not like a teaser ending in an ellipsis).

    That is: a sentence mark, then only closing quotes or brackets; string
    methods look at the end alone, where a pattern search would scan the line.
    """
    body = (text[:-1] if text.endswith("\n") else text).rstrip(_CLOSING_MARKS)
    return body[-1:] in _SENTENCE_MARKS and not body[:-1].endswith(("..", "…"))


def is_list_item(text: str, max_words: int) -> bool:
    """A line that reads like a link in a list: short, not a sentence."""
    return word_count(text, max_words) <= max_words and not ends_sentence(text)


class RuleSet:
    """Rules tried in order on a line, in one or more groups, made cheap for the
    many lines that no rule matches.

    An RE2 prefilter (:mod:`cleantext.prefilter`) names, in one linear pass over
    a line, the rules that might match it; only those whose ``max_words`` admits
    the line are tried, in order, to find the first of each group. Rules with no
    RE2 translation are always tried. Groups let one pass over a line answer
    several questions (is it furniture? does it head the rest of the page?).

    Short lines repeat across the pages of a site (menus, share bars, footers):
    the verdicts on up to :data:`~cleantext.memo.MEMO_LINES` of them are
    remembered (:mod:`cleantext.memo`), and on the last :data:`RECENT_LINES` long ones.
    """

    def __init__(self, *groups: Iterable[Rule]) -> None:
        members = [tuple(group) for group in groups] or [()]
        self.rules = tuple(rule for group in members for rule in group)
        self._group_of = [n for n, group in enumerate(members) for _ in group]
        self._no_match: tuple[Rule | None, ...] = (None,) * len(members)
        self.prefilter = Prefilter([r.pattern for r in self.rules])
        self._memo: dict[str, tuple[Rule | None, ...]] = {}
        self._recent: dict[str, tuple[Rule | None, ...]] = {}
        self._most_words = max((r.max_words for r in self.rules if r.max_words is not None), default=0)

    def first_match(self, text: str) -> Rule | None:
        """The first rule (of the first group) whose pattern matches the whole of `text` (within its word limit)."""
        return self.first_matches(text)[0]

    def first_matches(self, text: str) -> tuple[Rule | None, ...]:
        """For each group, the first of its rules whose pattern matches the whole of `text`, or None."""
        if not self.rules:
            return self._no_match
        memo, size = (self._memo, MEMO_LINES) if len(text) <= MEMO_CHARS else (self._recent, RECENT_LINES)
        known = memo.get(text)
        if known is not None:
            return known
        return remember(memo, text, self._first_matches(text), size)

    def _first_matches(self, text: str) -> tuple[Rule | None, ...]:
        found = list(self._no_match)
        missing = len(found)
        words = None
        for i in self.prefilter.candidates(text):
            group = self._group_of[i]
            if found[group] is not None:
                continue
            rule = self.rules[i]
            if rule.max_words is not None:
                words = word_count(text, self._most_words) if words is None else words
                if words > rule.max_words:
                    continue
            if rule.fullmatch(text):
                found[group] = rule
                missing -= 1
                if not missing:
                    break
        return tuple(found) if missing < len(found) else self._no_match


@dataclass
class BoilerplateRules:
    """The boilerplate rules of a language, prepared once and reused.

    Line and block rules share one :class:`RuleSet`, line rules first, so that
    one match per line finds a line rule or, failing that, a block header; the
    same pass finds the rest headers, in a group of their own. The rest rules
    also make a set of one rule per group, tried on the header lines alone: a
    header goes with the first of them that matches it and finds the article
    behind it.
    """

    head: RuleSet
    tail: RuleSet
    rest: RuleSet

    @classmethod
    def of(cls, rules: Iterable[Rule]) -> BoilerplateRules:
        rules = list(rules)
        by_scope = {scope: [r for r in rules if r.scope == scope] for scope in ("line", "block", "run", "tail", "rest")}
        head = RuleSet(by_scope["line"] + by_scope["block"] + by_scope["run"], by_scope["rest"])
        return cls(head, RuleSet(by_scope["tail"]), RuleSet(*([rule] for rule in by_scope["rest"])))

    def __bool__(self) -> bool:
        return bool(self.head.rules or self.tail.rules or self.rest.rules)


def strip_boilerplate(text: str, rules: BoilerplateRules | Sequence[Rule]) -> tuple[list[Change], list[Change]]:
    """Removals (and flags) for the boilerplate lines of `text`.

    Returns ``(changes, flags)``; flags are changes that must not be applied,
    only reported. Pass :class:`BoilerplateRules` to reuse prepared rules.
    Line rules decide first, and run rules where their runs are long enough;
    then block headers that no line rule took (nor an earlier block) take the
    list items after them; then tail rules; then the first rest header takes the
    rest of the text.
    """
    if not isinstance(rules, BoilerplateRules):
        rules = BoilerplateRules.of(rules)
    if not rules:
        return [], []
    lines, starts = stripped_lines(text)
    first: dict[int, Rule] = {}
    headers: set[int] = set()  # the lines that a rest rule matches
    for i, line in enumerate(lines):
        if line:
            rule, header = rules.head.first_matches(line)
            if rule is not None:
                first[i] = rule
            if header is not None:
                headers.add(i)
    verdict = {i: rule for i, rule in first.items() if rule.scope == "line"}
    verdict.update(_long_runs(lines, first))
    for i, rule in first.items():
        if rule.scope == "block" and i not in verdict:
            verdict[i] = rule
            for j in _block_items(lines, i + 1, rule):
                verdict.setdefault(j, rule)
    _mark_tail(lines, verdict, rules.tail)
    _mark_rest(lines, verdict, rules.rest, headers)
    changes: list[Change] = []
    flags: list[Change] = []
    for i in sorted(verdict):
        rule = verdict[i]
        if rule.action == "flag":  # the line's text, not its newline
            flags.append(Change(starts[i], starts[i + 1] - 1, "", rule.id, rule.category))
        else:
            changes.append(line_removal(starts, i, len(text), rule.id, rule.category))
    return changes, flags


def _long_runs(lines: list[str], first: dict[int, Rule]) -> Iterator[tuple[int, Rule]]:
    """The lines of every run of lines in a row (blank lines aside) that ``run`` rules match, each with its rule,
    where the run is at least that rule's ``min_run`` long.

    One run may mix rules: a blog's archive lists years and months, and months
    with a post count read like any other category with its count.
    """
    if not any(rule.scope == "run" for rule in first.values()):  # most texts
        return
    runs: list[list[int]] = [[]]
    for i in _nonblank(lines, 0):
        rule = first.get(i)
        if rule is not None and rule.scope == "run":
            runs[-1].append(i)
        elif runs[-1]:
            runs.append([])
    for run in runs:
        yield from ((i, first[i]) for i in run if len(run) >= first[i].min_run)


def _block_items(lines: list[str], start: int, rule: Rule) -> Iterator[int]:
    """The list items after a block header: short lines, blank lines between them."""
    for taken, j in enumerate(_nonblank(lines, start)):
        if taken >= rule.max_items or not is_list_item(lines[j], rule.item_max_words):
            return
        yield j


def _mark_tail(lines: list[str], verdict: dict[int, Rule], rules: RuleSet) -> None:
    """Walk up from the end through boilerplate, marking lines that tail rules match."""
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if not line or i in verdict:
            continue
        rule = rules.first_match(line)
        if rule is None:
            return
        verdict[i] = rule


def _mark_rest(lines: list[str], verdict: dict[int, Rule], rules: RuleSet, headers: set[int]) -> None:
    """The first of the `headers` with the article behind it takes every line after it.

    A rest rule finds the article behind a header where its ``after_share`` of the
    words come before it. That share is the smaller of two: of all the words, and
    (counted double) of the prose words, those of lines that end a sentence. A
    page's menus and teaser lists can make up half of its words before the article
    has even begun; its prose cannot, so a header above the article ("Leave a
    comment" under a headline) stays. A rule that sets ``after_prose_words`` also
    finds it behind that many prose words, whatever their share: a short post can
    draw a comment thread ten times its length. With ``followed_by``, that holds
    only where a comment's byline ("Jane Doe July 16, 2012 at 7:03 pm", "Jane
    says:") follows the header: a bare "12 comments" also ends every post of a
    blog's front page, and heads teaser lists.
    """
    if not headers:  # most texts: no need to count their words
        return
    counts = [len(line.split()) for line in lines]
    prose = [n if n and ends_sentence(line) else 0 for n, line in zip(counts, lines, strict=True)]
    total, prose_total = sum(counts) or 1, (sum(prose) or 1) / PROSE_SHARE_WEIGHT
    before = prose_before = 0
    for i, line in enumerate(lines):
        if i in headers:
            share = min(before / total, prose_before / prose_total)
            matching = (r for r in rules.first_matches(line) if r is not None)
            rule = next((r for r in matching if _behind(r, share, prose_before, lines, i)), None)
            if rule is not None:
                for j in _nonblank(lines, i):
                    verdict.setdefault(j, rule)
                return
        before += counts[i]
        prose_before += prose[i]


def _nonblank(lines: list[str], start: int) -> Iterator[int]:
    """The numbers of the non-blank lines from `start` on."""
    return (j for j in range(start, len(lines)) if lines[j])


def _behind(rule: Rule, share: float, prose_words: int, lines: list[str], header: int) -> bool:
    """Whether a rest rule's header (line number `header`) has the article behind it, with `share` of the text
    and `prose_words` before it; a rule with ``followed_by`` is tried on the lines just after the header, and
    only when its share is not enough and its prose words are."""
    if share >= rule.after_share:
        return True
    if rule.after_prose_words is None or prose_words < rule.after_prose_words:
        return False
    return rule.leads(lines[j] for j in itertools.islice(_nonblank(lines, header + 1), FOLLOWING_LINES))
