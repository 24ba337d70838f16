"""Heuristic detectors: boilerplate that no fixed phrase names.

Rules catch known phrases; these detectors catch the shape of furniture. Packs
wire them in (``[[detectors]]``) with their thresholds, so that the numbers live
in TOML beside the rules and a profile can swap them. They run after the line
rules, on blocks: a block is one line, or several lines of one hard-wrapped
paragraph (a line that does not end a sentence, followed by one that starts in
lower case), so that a paragraph wrapped at 60 columns is judged as a paragraph.

Kinds:

- ``paragraphs``: a jusText-style classifier (length, stopword density of the
  text's language, sentence punctuation) whose verdicts are weighed into the
  article's zone, the stretch of the text with the most article evidence
  (Finn et al.'s body-text extraction over blocks). Outside it, runs of
  blocks that read like furniture go; the short lines just above the zone
  (headline, byline, dateline) stay. This is the position awareness: the same
  short line is furniture at the top of a page and a sub-heading inside the
  article. The document edges count as furniture context, as in jusText.
- ``menu``: runs of short title-case lines without sentence punctuation
  (navigation menus), anywhere.
- ``repeated``: short lines that occur several times in the text ("Read More"
  under every teaser).

Whatever a detector finds, the guard wins: a block of at least ``guard_words``
words that ends a sentence and is made of ordinary prose (stopword density at
least ``guard_stopwords``) is never dropped. Extractor markup (``- item``, ``+ item``,
``| a | b |``, ``# heading``) marks content, so such lines never count as furniture.
"""

from __future__ import annotations

import functools
import string
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

import regex

from cleantext.document import Change
from cleantext.memo import MEMO_CHARS, remember
from cleantext.packs import Detector
from cleantext.stages.boilerplate import ends_sentence, kept_before, line_removal, stripped_lines
from cleantext.stopwords import stopwords
from cleantext.structure import line_kinds

_WORD: Final = regex.compile(r"\w+")
_MARKUP: Final = regex.compile(r"^(?:[-*•+]\s|\d{1,3}[.)]\s|#{1,6}\s|\|.*\|$)")
_CELL_BARS: Final = regex.compile(r"\s*\|\s*")
_DIGIT: Final = regex.compile(r"\d")
_DATA_OR_CODE: Final = regex.compile(r"[\d{}()\[\];=<>]")
_CONTINUES: Final = regex.compile(r"^[\p{Ll}]")
_OPEN_END: Final = regex.compile(r"[,;(\-–—]$|\p{L}$")
#: The ASCII characters that can start a line that ``_MARKUP`` matches (any other
#: ASCII character cannot; a non-ASCII one, such as "•" or another script's digit, may).
_MARKUP_LEADS: Final = frozenset("-*+#|0123456789")
#: The ASCII characters that ``_OPEN_END`` accepts at the end of a line.
_OPEN_ENDS: Final = frozenset(",;(-" + string.ascii_letters)
#: Every ASCII byte that is not a word character (``\w``: letters, digits, "_") made a space: an ASCII text
#: translated with it splits on whitespace into the words ``_WORD`` finds.
_ASCII_WORD_SPLIT: Final = bytes.maketrans(
    bytes(range(128)), bytes(c if chr(c).isalnum() or c == ord("_") else ord(" ") for c in range(128))
)


@dataclass(slots=True)
class Block:
    """Consecutive lines judged as one paragraph."""

    lines: list[int]  # indices into the document's lines
    text: str  # the lines joined by spaces, markup cells opened up
    words: int
    stopwords: int
    markup: bool  # an extractor's list item, table row or heading
    sentence: bool  # ends with sentence punctuation
    title: float  # share of its content words (lettered, not stopwords) that start with a capital
    lower: float  # share of all its words that start in lower case

    @property
    def density(self) -> float:
        return self.stopwords / self.words if self.words else 0.0

    @property
    def chars(self) -> int:
        return len(self.text)


def build_blocks(
    lines: Sequence[str], stop: frozenset[str], measured: dict[str, tuple] | None = None, kinds: Sequence[str] = ()
) -> list[Block]:
    """The blocks of a document, given the stripped text of each of its lines: hard-wrapped lines joined,
    markup and structure lines alone.

    `kinds` gives each line's structure (:func:`cleantext.structure.line_kinds`): a
    line of code, a list item or a table row is markup, which no detector takes.
    `measured` keeps the measures of long blocks for a later look at the same text
    (short ones are remembered across texts anyway).
    """
    groups: list[list[int]] = []
    structure: set[int] = set()
    prev_markup = True  # nothing joins the first line
    for i, line in enumerate(lines):
        if not line:
            prev_markup = True  # nothing joins across a blank line
            continue
        markup = _is_markup(line)
        if kinds and kinds[i]:
            markup = True
            structure.add(len(groups))
        if not markup and not prev_markup and _continues(line) and _open_end(lines[i - 1]):
            groups[-1].append(i)
        else:
            groups.append([i])
        prev_markup = markup
    short = _memo(stop)
    blocks = [_block(lines, group, stop, short, measured) for group in groups]
    for n in structure:
        blocks[n].markup = True
    return blocks


def _is_markup(text: str) -> bool:
    """Whether a stripped, non-empty line is extractor markup; a look at its first character settles most lines."""
    return (text[0] in _MARKUP_LEADS or not text[0].isascii()) and _MARKUP.match(text) is not None


def _continues(text: str) -> bool:
    """Whether a stripped, non-empty line starts in lower case, as the rest of a hard-wrapped sentence does."""
    first = text[0]
    return "a" <= first <= "z" if first.isascii() else _CONTINUES.match(text) is not None


def _open_end(text: str) -> bool:
    """Whether a stripped, non-empty line ends where a sentence can go on: a letter, comma, semicolon, dash or "("."""
    last = text[-1]
    return last in _OPEN_ENDS if last.isascii() else _OPEN_END.search(text) is not None


def _block(
    lines: Sequence[str],
    group: list[int],
    stop: frozenset[str],
    short: dict[str, tuple],
    measured: dict[str, tuple] | None,
) -> Block:
    """The block of the lines in `group`, its measures taken from the memo of short blocks (`short`) or of the
    text's long ones (`measured`) where they are known."""
    raw = lines[group[0]] if len(group) == 1 else " ".join(lines[i] for i in group)
    memo = short if len(raw) <= MEMO_CHARS else measured
    if memo is None:
        return Block(group, *_measure(raw, stop))
    measures = memo.get(raw) or remember(memo, raw, _measure(raw, stop))
    return Block(group, *measures)


@functools.lru_cache(maxsize=16)
def _memo(stop: frozenset[str]) -> dict[str, tuple]:
    """Measures of short blocks, per stopword list: menus, share bars and footers recur on every page of a site."""
    return {}


def _measure(raw: str, stop: frozenset[str]) -> tuple[str, int, int, bool, bool, float, float]:
    """A block's text and measures, in the order of :class:`Block`'s fields after ``lines``."""
    markup = _is_markup(raw)
    text = _CELL_BARS.sub(" ", raw).strip() if markup else raw
    words = _words(text)
    n_stop = n_lower = n_content = n_title = 0
    for word in words:  # one pass: this runs on every line of every text
        first = word[0]
        if word.lower() in stop:
            n_stop += 1
        elif first.isalpha():
            n_content += 1
            n_title += first.isupper()
        n_lower += first.islower()
    if not n_content:  # only stopwords: judge the title case by the first lettered word
        first_word = next((w for w in words if w[0].isalpha()), "")
        n_content, n_title = (1, int(first_word[0].isupper())) if first_word else (0, 0)
    return (
        text,
        len(words),
        n_stop,
        markup,
        ends_sentence(text),
        n_title / n_content if n_content else 0.0,
        n_lower / len(words) if words else 0.0,
    )


def _words(text: str) -> list[str]:
    """The words of a text, as ``_WORD`` finds them.

    An ASCII text (most blocks) is split with ``bytes.translate`` (a table of 256
    bytes) and ``str.split``, which take a fifth of the time of the pattern's
    ``findall``, or of ``str.translate``.
    """
    if text.isascii():
        return text.encode().translate(_ASCII_WORD_SPLIT).decode().split()
    return _WORD.findall(text)


def guarded(block: Block, params: dict[str, float]) -> bool:
    """Article prose that no heuristic may drop: a sentence of ``guard_words`` or more, of ordinary prose.

    The loader caps both thresholds (see ``packs.GUARD_CEILING``), so that a long,
    well-punctuated sentence is safe under any pack and profile.
    """
    return block.words >= params["guard_words"] and block.sentence and block.density >= params["guard_stopwords"]


# --- the article zone: where the article evidence is densest ----------------------------------------------------------


@dataclass
class Page:
    """A document as the detectors see it: its blocks, the article zone, what is already taken."""

    blocks: list[Block]
    inside: list[bool]  # block lies in the article zone (all True when no zone was found)
    classes: list[str]  # jusText class of each block ("" without a paragraph classifier)
    taken: set[int]
    whole: bool = False  # a whole page, with an article zone among its menus (not an extracted article)


def article_page(blocks: list[Block], params: dict[str, float], memory: PageMemory | None = None) -> Page:
    """jusText classes, and which blocks lie in the zone with the most article evidence.

    The zone counts only on a whole page: a text with at least ``page_head_blocks``
    link-like furniture blocks (menus, header) above the zone, or at least
    ``page_head_min`` above it and ``page_tail_blocks`` below the last zone (a short
    header over a long footer, sidebars and comment forms); the `memory` of earlier
    looks may widen that test (:meth:`PageMemory.reads_page`). Only runs of at least
    ``page_menu_run`` such blocks count, and figures, prices, dates and code lines
    count on neither side: an article's own tables and listings end many an
    extracted text, and the price tables and product lists of a landing page that an
    extractor returned whole open it, their labels between figures, where a page's
    menus stand in unbroken runs. Any other text reads as an article that an
    extractor already cut out, and without enough evidence (fewer than
    ``min_zone_words``) there is nothing to measure furniture against: in both
    cases every block counts as inside, and the detectors act as in an article body.
    """
    found = page_evidence(blocks, params)
    everywhere = Page(blocks, [True] * len(blocks), found.classes, set())
    if not found.zones or not (
        found.whole_page(params) if memory is None else memory.reads_page(blocks, params, found)
    ):
        return everywhere
    inside = [False] * len(blocks)
    for first, last in found.zones:
        inside[first : last + 1] = [True] * (last + 1 - first)
    words = sum(b.words for b in blocks)
    zone_words = sum(b.words for b, is_in in zip(blocks, inside, strict=True) if is_in)
    if zone_words < words * params["min_zone_share"]:
        return everywhere
    return Page(blocks, inside, found.classes, set(), whole=True)


@dataclass
class Evidence:
    """What the page test reads of a text: its blocks' classes, the article zones, and the menu blocks around them."""

    classes: list[str]
    zones: list[tuple[int, int]]  # none where the best zone holds fewer than ``min_zone_words`` of evidence
    head: int  # link-like furniture blocks (in menu runs) above the first zone
    tail: int  # and below the last

    def whole_page(self, params: dict[str, float]) -> bool:
        """Whether the menus around the zone make the text a whole page (see :func:`article_page`)."""
        return self.head >= params["page_head_blocks"] or (
            self.head >= params["page_head_min"] and self.tail >= params["page_tail_blocks"]
        )

    def framed(self, params: dict[str, float]) -> bool:
        """Whether the text is a whole page with menus on both sides of its article: at least
        ``page_head_min`` furniture blocks above the zone and ``page_tail_min`` below it."""
        return (
            bool(self.zones)
            and self.whole_page(params)
            and self.head >= params["page_head_min"]
            and self.tail >= params["page_tail_min"]
        )


def page_evidence(blocks: list[Block], params: dict[str, float]) -> Evidence:
    """What the page test reads of the blocks."""
    classes = [_classify(b, params) for b in blocks]
    weights = [_weight(b, c, params) for b, c in zip(blocks, classes, strict=True)]
    start, _, total = _zone(weights, 0, len(weights))
    if total < params["min_zone_words"]:
        return Evidence(classes, [], 0, 0)
    zones = _zones(weights, 0, len(weights), total * params["second_zone_share"])
    end = zones[-1][1]
    head = _menu_blocks([_page_furniture(blocks[i], classes[i]) for i in range(start)], params)
    tail = _menu_blocks([_page_furniture(blocks[i], classes[i]) for i in range(end + 1, len(blocks))], params)
    return Evidence(classes, zones, head, tail)


def _classify(block: Block, params: dict[str, float]) -> str:
    if block.chars < params["length_low"]:
        return "short"
    if block.density >= params["stopwords_high"] and block.chars >= params["length_high"]:
        return "good"
    if block.density >= params["stopwords_low"]:
        return "neargood"
    return "bad"


def _furniture(block: Block, cls: str) -> bool:
    """A block that reads like furniture: short or wordy without function words, not prose, not markup."""
    return not block.markup and cls in ("bad", "short") and not _prose_fragment(block)


def _menu_blocks(flags: list[bool], params: dict[str, float]) -> int:
    """How many of the flagged blocks stand in runs of at least ``page_menu_run``."""
    return sum(len(run) for run in _menu_runs(flags, params))


def _menu_runs(flags: list[bool], params: dict[str, float]) -> list[list[int]]:
    """The runs of at least ``page_menu_run`` flagged blocks: menus, where a price table's labels stand apart."""
    return [run for run in _runs(flags) if len(run) >= params["page_menu_run"]]


def _page_furniture(block: Block, cls: str) -> bool:
    """Furniture that only a whole page has around its article: menus, link lists, sidebars."""
    return _furniture(block, cls) and _link_like(block)


def _link_like(block: Block) -> bool:
    """A block that reads like a link label: no digits (figures, dates, prices) and no code punctuation."""
    return not _DATA_OR_CODE.search(block.text)


def _prose_fragment(block: Block) -> bool:
    """A short block that reads like part of a sentence (mostly lower case), not like a link."""
    return block.sentence or (block.words >= 4 and block.lower >= 0.5)


def _weight(block: Block, cls: str, params: dict[str, float]) -> float:
    """How much article evidence a block adds to a zone (negative: furniture)."""
    if block.markup:
        return 0.0
    if cls == "good":
        return block.words
    if cls == "neargood":
        return block.words * params["neargood_weight"]
    if cls == "short":
        return 0.0 if _prose_fragment(block) else -params["short_weight"]
    return -min(block.words, params["bad_cap"]) * params["bad_weight"]


def _zone(weights: list[float], lo: int, hi: int) -> tuple[int, int, float]:
    """The stretch of ``weights[lo:hi]`` with the greatest total (Kadane): ``(first, last, total)``."""
    best, best_start, best_end = 0.0, lo, lo - 1
    current, start = 0.0, lo
    for i in range(lo, hi):
        w = weights[i]
        if current <= 0:
            current, start = w, i
        else:
            current += w
        if current > best:
            best, best_start, best_end = current, start, i
    return best_start, best_end, best


def _zones(weights: list[float], lo: int, hi: int, floor: float) -> list[tuple[int, int]]:
    """The best zone of ``weights[lo:hi]``, and beside it every further zone whose total reaches `floor`.

    A page can hold its article in more than one stretch (a product page's
    description and its specification, a story split by a gallery); the second
    stretch often carries less evidence than the first, but not much less.
    """
    first, last, total = _zone(weights, lo, hi)
    if last < first or total < floor:
        return []
    return [*_zones(weights, lo, first, floor), (first, last), *_zones(weights, last + 1, hi, floor)]


def _runs(flags: list[bool]) -> list[list[int]]:
    """Indices of each run of consecutive True flags."""
    runs: list[list[int]] = []
    for i, flag in enumerate(flags):
        if not flag:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


# --- the detectors: each yields (block index, score) for the blocks it would drop ------------------------------------


Found = Iterable[tuple[int, float]]


def paragraphs(page: Page, params: dict[str, float]) -> Found:
    """On a whole page, runs of at least ``min_run`` blocks outside the article zones go.

    Outside the zones, a block goes unless it is a good paragraph (long, full
    of function words) or extractor markup (and unless the guard keeps it: with
    the shipped thresholds, every block that ends a sentence); the short
    blocks just above the first zone (headline, byline, dateline) are spared
    too. The score is how little the block looks like prose: 1 minus
    (stopword density relative to ``stopwords_high``) times (length relative
    to ``length_high``).
    """
    blocks = page.blocks
    furniture = [not page.inside[i] and not b.markup and page.classes[i] != "good" for i, b in enumerate(blocks)]
    first = page.inside.index(True) if True in page.inside else len(blocks)
    used = 0
    for n, i in enumerate(range(first - 1, -1, -1)):  # the headline, byline and date above the article
        used += blocks[i].chars
        if used > params["heading_chars"] or n >= params["heading_lines"]:
            break
        furniture[i] = False
    for run in _runs([f or i in page.taken for i, f in enumerate(furniture)]):
        if sum(furniture[i] for i in run) >= params["min_run"]:
            for i in run:
                b = blocks[i]
                evidence = min(1.0, b.density / params["stopwords_high"]) * min(1.0, b.chars / params["length_high"])
                yield i, 1.0 - evidence


def menu(page: Page, params: dict[str, float]) -> Found:
    """Runs of short, title-case lines without digits that end no sentence: navigation menus.

    A run needs ``min_lines`` lines outside the article zone, ``min_lines_inside``
    when any of it lies inside. In a text that is not a whole page (an article an
    extractor cut out), a run with article prose both above and below it is a
    list of the article's: it stays. Score: the run's mean title-case share.
    """
    blocks = page.blocks
    prose = [i for i, cls in enumerate(page.classes) if cls == "good"] if not page.whole else []
    items = [
        not b.markup
        and 0 < b.words <= params["max_words"]
        and b.title >= params["min_title_share"]
        and not _DIGIT.search(b.text)  # dates, prices, scores and table figures are content
        for b in blocks
    ]
    for run in _runs(items):
        need = params["min_lines_inside"] if any(page.inside[i] for i in run) else params["min_lines"]
        if len(run) >= need and not (prose and prose[0] < run[0] and run[-1] < prose[-1]):
            yield from ((i, blocks[i].title) for i in run)


def repeated(page: Page, params: dict[str, float]) -> Found:
    """Short lines, not sentences, that occur ``min_count`` times (``min_count_inside`` in the article zone).

    Score: how many times the line occurs.
    """
    blocks = page.blocks
    keys = [" ".join(b.text.lower().split()) if not b.markup and b.words <= params["max_words"] else "" for b in blocks]
    counts = Counter(k for k in keys if k)
    for i, key in enumerate(keys):
        need = params["min_count_inside"] if page.inside[i] else params["min_count"]
        if key and counts[key] >= need:
            yield i, float(counts[key])


KINDS: dict[str, Callable[[Page, dict[str, float]], Found]] = {
    "menu": menu,
    "repeated": repeated,
    "paragraphs": paragraphs,
}


def page_menus(page: Page, found: dict[int, float], params: dict[str, float]) -> dict[int, float]:
    """Of the paragraph classifier's finding, the runs of at least ``page_menu_run`` link-like furniture blocks.

    These runs (menus, link lists) are what marked the text as a whole page in
    the first place. When the whole finding would take more than ``max_share``
    of the text, the zone may be a misreading, but its menus are still menus.
    """
    flags = [i in found and _page_furniture(b, page.classes[i]) for i, b in enumerate(page.blocks)]
    return {i: found[i] for run in _menu_runs(flags, params) for i in run}


#: What a detector of each kind still removes when its whole finding would take more than ``max_share`` of the
#: text (a kind not named here abstains).
NARROWER: dict[str, Callable[[Page, dict[int, float], dict[str, float]], dict[int, float]]] = {
    "paragraphs": page_menus,
}


class PageMemory:
    """What the looks at one text found: a text once read as a whole page framed by menus stays a page.

    The share bars, menus and footer links that the rules and detectors remove are
    the very evidence the page test counts; without them, a page's leftovers
    (teasers, a signup form) would be judged as if an extractor had cut the article
    out. So a text that a look reads as a whole page with menus on both sides of its
    article (:meth:`Evidence.framed`) is read as a page at that look and every later
    one. To tell whether the text arrived framed, the first look that finds an
    article zone also counts the lines that the rules removed just before it
    (`removed`: how many kept lines stood before each) as menu blocks above or below
    the zone. Menus on both sides are asked for because an extractor that lets a
    site's header through still ends its text with the article.

    With `corroborate` (the text's language has boilerplate rules), a text is read
    as a page only once a rule has found furniture in it: the shape of a page alone
    (short lines around a zone of prose) is also the shape of a listing, a table of
    contents or a landing page whose lines are all content, while a real page
    nearly always carries furniture that a rule names (a copyright line, a share
    bar, a cookie notice, a menu's "Home").
    """

    def __init__(self, corroborate: bool = False) -> None:
        self.framed = False
        self.looked = False  # a look has found an article zone
        self.removed: list[int] = []
        self.furniture = not corroborate  # a rule has removed furniture (or none is asked for)

    def rules_removed(self, text: str, removals: Sequence[Change]) -> None:
        """Note where the rules' line `removals` from `text` stood, until a look has found an article zone."""
        self.furniture = self.furniture or bool(removals)
        if not self.looked:
            self.removed = kept_before(text, removals)

    def reads_page(self, blocks: list[Block], params: dict[str, float], found: Evidence) -> bool:
        """The page test of a look that found `found` among `blocks`."""
        if not self.furniture:
            return False
        if not self.looked:
            self.looked = True
            first, last = blocks[found.zones[0][0]].lines[0], blocks[found.zones[-1][1]].lines[-1]
            above = sum(p <= first for p in self.removed)
            below = sum(p > last for p in self.removed)
            self.framed = Evidence(found.classes, found.zones, found.head + above, found.tail + below).framed(params)
        if found.whole_page(params):
            self.framed = self.framed or found.framed(params)
            return True
        return self.framed


def detect(
    text: str,
    detectors: Sequence[Detector],
    language: str,
    profile: str,
    measured: dict[str, tuple] | None = None,
    memory: PageMemory | None = None,
) -> list[Change]:
    """Removals of whole lines that the detectors find, each scored and named after its detector.

    The paragraph classifier (if a pack wires one in and the language has a
    stopword list) sets the article zone that the other detectors weigh their
    cues by; it runs last, so that the runs it removes can include what the
    others found. A detector that would remove more than ``max_share`` of the
    text's words abstains: taking most of a text by its shape alone is more
    likely a misreading of the text than furniture. The paragraph classifier
    then keeps only its surest part, the menu runs (see ``NARROWER``), if those
    stay within the share. Pass the same `measured`
    dict to the rounds of one text: its long blocks are measured once, and
    the `memory` of what the looks before found (a page framed by menus stays a page).
    """
    stop = stopwords(language)
    usable = sorted(
        (d for d in detectors if stop is not None or d.kind != "paragraphs"), key=lambda d: list(KINDS).index(d.kind)
    )
    if not usable:
        return []
    lines, starts = stripped_lines(text)  # as the rules see them
    blocks = build_blocks(lines, stop or frozenset(), measured, line_kinds(text))
    classifier = next((d for d in usable if d.kind == "paragraphs"), None)
    if classifier is not None:
        page = article_page(blocks, classifier.parameters(profile, language), memory)
    else:
        page = Page(blocks, [True] * len(blocks), [""] * len(blocks), set())
    found: dict[int, tuple[Detector, float]] = {}
    words = sum(b.words for b in blocks) or 1
    for detector in usable:
        params = detector.parameters(profile, language)
        mine = {i: s for i, s in KINDS[detector.kind](page, params) if i not in found}
        mine = {i: s for i, s in mine.items() if not guarded(blocks[i], params)}
        limit = params["max_share"] * words
        if sum(blocks[i].words for i in mine) > limit and detector.kind in NARROWER:
            mine = NARROWER[detector.kind](page, mine, params)
        if sum(blocks[i].words for i in mine) <= limit:  # else it misread the text: it abstains
            found.update((i, (detector, s)) for i, s in mine.items())
        page.taken = set(found)
    changes = []
    for i, (detector, score) in found.items():
        for n in blocks[i].lines:
            changes.append(line_removal(starts, n, len(text), detector.id, detector.category, round(score, 3)))
    return sorted(changes)
