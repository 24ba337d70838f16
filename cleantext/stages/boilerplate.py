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

import bisect
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from cleantext.document import Change
from cleantext.memo import MEMO_CHARS, MEMO_LINES, remember
from cleantext.packs import Rule
from cleantext.prefilter import Prefilter
from cleantext.quotemarks import fold
from cleantext.structure import LIST, line_kinds, protected

#: Longer lines rarely repeat across texts, but the pipeline matches a text again
#: after the detectors have removed lines from it: the verdicts on this many long
#: lines are remembered for that round.
RECENT_LINES: Final = 4096
#: A rest header needs its ``after_share`` of the prose words before it at this weight
#: (2: half the share): comments are prose too, and can outweigh the article.
PROSE_SHARE_WEIGHT: Final = 2
#: A rest rule's ``followed_by`` must match one of this many non-blank lines after its header.
FOLLOWING_LINES: Final = 3
#: A line after a header reads as an item of its list or thread (a headline, a byline) up to this many words,
#: when it ends no sentence: a header goes with it or stays (see ``_item_kept``).
ITEM_WORDS: Final = 15
#: The scopes whose lines a rule removes as one change (one edit in the report) across blank lines: a block, the
#: rest of a text (lines that a rule of any scope removes in a row are one change too).
GROUPED: Final = ("block", "rest")
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
    return Change(starts[i], line_end(starts, i, length), "", rule, category, score)


def line_end(starts: list[int], i: int, length: int) -> int:
    """Where line `i` ends with its newline (the last line has none) in a text of `length`."""
    return min(starts[i + 1], length)


def kept_before(text: str, removals: Sequence[Change]) -> list[int]:
    """For each line that the sorted `removals` take from `text`, how many of its kept lines stood before it."""
    out: list[int] = []
    line = pos = gone = 0
    for change in removals:
        line += text.count("\n", pos, change.start)
        pos = change.start
        taken = text.count("\n", change.start, change.end - 1) + 1  # one removal can take several lines
        out += [line - gone] * taken
        gone += taken
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

    One :class:`RuleSet` answers, in one match per line, three questions: the first
    line or run rule that takes the line, the first block rule that reads it as a
    header, and whether a rest rule, or a `dormant` (switched-off) block or rest
    rule, reads it as a header. The rest rules also make a set of one rule per
    group, tried on the header lines alone: a header goes with the first of them
    that matches it and finds the article behind it.
    """

    lines: RuleSet
    tail: RuleSet
    rest: RuleSet

    @classmethod
    def of(cls, rules: Iterable[Rule], dormant: Iterable[Rule] = ()) -> BoilerplateRules:
        rules = list(rules)
        by_scope = {scope: [r for r in rules if r.scope == scope] for scope in ("line", "block", "run", "tail", "rest")}
        lines = RuleSet(by_scope["line"] + by_scope["run"], by_scope["block"], by_scope["rest"] + list(dormant))
        return cls(lines, RuleSet(by_scope["tail"]), RuleSet(*([rule] for rule in by_scope["rest"])))

    def __bool__(self) -> bool:
        return bool(self.lines.rules or self.tail.rules or self.rest.rules)


@dataclass
class _Matches:
    """What the rules make of each line of one text: the rule that takes it, and the headers among them."""

    lines: list[str]
    kinds: list[str]  # each line's structure (cleantext.structure)
    taken: dict[int, Rule]  # line and run rules
    blocks: dict[int, Rule]  # block rules, by their header line
    headers: set[int]  # lines that a rest rule, or a switched-off block or rest rule, matches


def strip_boilerplate(text: str, rules: BoilerplateRules | Sequence[Rule]) -> tuple[list[Change], list[Change]]:
    """Removals (and flags) for the boilerplate lines of `text`.

    Returns ``(changes, flags)``; flags are changes that must not be applied,
    only reported. Pass :class:`BoilerplateRules` to reuse prepared rules.
    No rule removes a line of code, a list item or a table row unless it says it
    acts on that kind of line (``structure``). Line rules decide first, and run
    rules where their runs are long enough; block headers take the list items after
    them, from the last block up, unless the list runs past the rule's limits;
    a header that would go while the item after it stays, stays (blocks are
    whole); then tail rules; then the first rest header takes the rest of the text.
    A block, and the rest of a text, is removed as one change.
    """
    if not isinstance(rules, BoilerplateRules):
        rules = BoilerplateRules.of(rules)
    if not rules:
        return [], []
    lines, starts = stripped_lines(text)
    found = _match(lines, line_kinds(text), rules)
    verdict = {i: rule for i, rule in found.taken.items() if rule.scope == "line"}
    verdict.update(_long_runs(lines, found.taken))
    _mark_blocks(found, verdict)
    _mark_tail(found, verdict, rules.tail)
    _mark_rest(lines, verdict, rules.rest, found.headers)
    return _changes(text, starts, verdict)


def _match(lines: list[str], kinds: list[str], rules: BoilerplateRules) -> _Matches:
    """Match every non-blank line once; a structure line only by rules that act on its kind."""
    found = _Matches(lines, kinds, {}, {}, set())
    for i, line in enumerate(lines):
        if not line:
            continue
        taker, block, rest = rules.lines.first_matches(line)
        if taker is not None and not protected(kinds, i, taker.structure):
            found.taken[i] = taker
        if block is not None and not protected(kinds, i, block.structure):
            found.blocks[i] = block
        if rest is not None and not kinds[i]:
            found.headers.add(i)
    return found


def _mark_blocks(found: _Matches, verdict: dict[int, Rule]) -> None:
    """From the last line up: block headers take their items, and headers stay where their items stay.

    A header with a block rule takes the items after it, unless they run past
    the rule's ``max_items``: then the whole list stays, header and all. A header
    that a line or run rule takes goes only when the line after it goes too, or
    reads as article text rather than as an item of its list or thread.
    """
    for i in range(len(found.lines) - 1, -1, -1):
        block = found.blocks.get(i)
        if block is not None:
            items = _block_items(found, i, block)
            if items is None:  # a list longer than the rule may take
                verdict.pop(i, None)
                continue
            if items:
                verdict.update((j, block) for j in (i, *items))
                continue
            verdict.setdefault(i, block)
        if i in verdict and (block is not None or i in found.headers) and _item_kept(found, i, verdict):
            del verdict[i]


def _block_items(found: _Matches, header: int, rule: Rule) -> list[int] | None:
    """The list items after a block header: short lines, blank lines and other rules' furniture between them, up
    to the next header.

    None when the list runs past the rule's ``max_items``: the block is larger
    than the rule may take.
    """
    items: list[int] = []
    for j in _nonblank(found.lines, header + 1):
        if j in found.blocks or j in found.headers or protected(found.kinds, j, (LIST, *rule.structure)):
            break
        if j in found.taken:  # furniture of its own ("Advertisement" inside the list): it goes under its rule
            continue
        if not is_list_item(found.lines[j], rule.item_max_words):
            break
        if len(items) == rule.max_items:
            return None
        items.append(j)
    return items


def _item_kept(found: _Matches, header: int, verdict: dict[int, Rule]) -> bool:
    """Whether the line after a header stays while reading as an item of its list or thread."""
    following = next(_nonblank(found.lines, header + 1), None)
    return following is not None and following not in verdict and is_list_item(found.lines[following], ITEM_WORDS)


def _changes(text: str, starts: list[int], verdict: dict[int, Rule]) -> tuple[list[Change], list[Change]]:
    """The removals and flags of the lines in `verdict`: the lines one rule removes in a row make one removal, as
    do the lines of a block (or the rest of a text) with the blank lines between them."""
    runs: list[tuple[int, int, Rule]] = []
    flags: list[Change] = []
    for i in sorted(verdict):
        rule = verdict[i]
        if rule.action == "flag":  # the line's text, not its newline
            flags.append(Change(starts[i], starts[i + 1] - 1, "", rule.id, rule.category))
            continue
        start, end = starts[i], line_end(starts, i, len(text))
        if runs and runs[-1][2] is rule and _continues(text, runs[-1][1], start, rule):
            start = runs.pop()[0]
        runs.append((start, end, rule))
    return [Change(start, end, "", rule.id, rule.category) for start, end, rule in runs], flags


def _continues(text: str, end: int, start: int, rule: Rule) -> bool:
    """Whether `rule`'s removal of a line at `start` continues its removal that ends at `end`: the line comes next,
    or (for a block or the rest of a text) only blank lines stand between."""
    return end == start or (rule.scope in GROUPED and not text[end:start].strip())


def keep_headers(text: str, removals: list[Change], rules: BoilerplateRules) -> list[Change]:
    """The line `removals` (a detector's) less those of headers whose next line stays and reads as their item.

    A detector judges a line by its shape: it can take "Most Read" and leave the
    bulleted headlines under it, which then read as article text. Blocks are
    whole: such a header stays with its items.
    """
    if not removals or not rules:
        return removals
    lines, starts = stripped_lines(text)
    gone = {bisect.bisect_right(starts, change.start) - 1 for change in removals}
    kept = set()
    for i in gone:
        following = next(_nonblank(lines, i + 1), None)
        if following is None or following in gone or not is_list_item(lines[following], ITEM_WORDS):
            continue
        _, block, rest = rules.lines.first_matches(lines[i])
        if block is not None or rest is not None:
            kept.add(i)
    return [c for c in removals if bisect.bisect_right(starts, c.start) - 1 not in kept] if kept else removals


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


def _mark_tail(found: _Matches, verdict: dict[int, Rule], rules: RuleSet) -> None:
    """Walk up from the end through boilerplate, marking lines that tail rules match (structure stops the walk)."""
    for i in range(len(found.lines) - 1, -1, -1):
        line = found.lines[i]
        if not line or i in verdict:
            continue
        rule = rules.first_match(line)
        if rule is None or protected(found.kinds, i, rule.structure):
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
    recurring = _recurring(lines, headers)
    counts = [len(line.split()) for line in lines]
    prose = [n if n and ends_sentence(line) else 0 for n, line in zip(counts, lines, strict=True)]
    total, prose_total = sum(counts) or 1, (sum(prose) or 1) / PROSE_SHARE_WEIGHT
    before = prose_before = 0
    for i, line in enumerate(lines):
        if i in headers and line not in recurring:
            share = min(before / total, prose_before / prose_total)
            matching = (r for r in rules.first_matches(line) if r is not None)
            rule = next((r for r in matching if _behind(r, share, prose_before, lines, i)), None)
            if rule is not None:
                verdict.update((j, rule) for j in _nonblank(lines, i))
                return
        before += counts[i]
        prose_before += prose[i]


def _recurring(lines: list[str], headers: set[int]) -> set[str]:
    """The header lines that stand more than once in the text: a blog's front page ends every post with
    "Comments" or "Post a comment", a link to each post's thread, where a thread's own header stands once."""
    seen: set[str] = set()
    again: set[str] = set()
    for i in headers:
        (again if lines[i] in seen else seen).add(lines[i])
    return again


def _nonblank(lines: list[str], start: int) -> Iterator[int]:
    """The numbers of the non-blank lines from `start` on, one at a time (a generator function: compiled, a
    generator expression returned from a function is built whole)."""
    for j in range(start, len(lines)):
        if lines[j]:
            yield j


def _behind(rule: Rule, share: float, prose_words: int, lines: list[str], header: int) -> bool:
    """Whether a rest rule's header (line number `header`) has the article behind it, with `share` of the text
    and `prose_words` before it; a rule with ``followed_by`` is tried on the lines just after the header, and
    only when its share is not enough and its prose words are."""
    if share >= rule.after_share:
        return True
    if rule.after_prose_words is None or prose_words < rule.after_prose_words:
        return False
    return rule.leads(lines[j] for j in itertools.islice(_nonblank(lines, header + 1), FOLLOWING_LINES))
