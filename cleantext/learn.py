"""Learning a site's furniture from its articles: lines that recur across documents.

Each line is normalized as CCNet does for web text (lowercase; punctuation,
symbols and control characters stripped; whitespace folded) with one change:
a whole number — ``3``, ``2019``, ``1,204``, ``12:30``, ``2019-05-01`` — folds to
one ``0`` rather than one ``0`` per digit, so "3 hours ago" and "12 hours ago"
count as the same line. A normalized line found in at least ``min_docs``
documents and at least ``min_share`` of them is proposed as a ``line`` drop rule
whose pattern matches every line with that normalized form, whatever its case,
punctuation and numbers.

Lines that differ in one word only ("Updated 3 hours ago" / "Updated 2 days
ago") are merged into one rule with that word as a slot, when together they
recur often enough: a slot reaches further than a fixed line (it matches words
never seen), so a template needs more documents, in proportion to its slots
(``slot_min_share``). Rules whose lines stand next to each other in most
documents (a share block: "Share this", "Facebook", "Twitter") become one rule,
so the reviewer judges the block at once.

Where a line stands matters too. A line that stands where an article's own
text begins or ends (its headline, lede, closing: around the first or last
``edge_lines`` lines no other document has) is proposed only as the very same
line in at least ``edge_min_share`` of the documents: three headlines of one
shape ("<Town> council approves new budget") are articles, not furniture.

Never proposed: lines without a letter, lines of more than ``max_words`` words
that end like a sentence, and lines of the allow-list. Everything is ordered
by counts and then by text, so the same corpus gives the same pack.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

import regex

from cleantext.corpus import Document
from cleantext.stages.boilerplate import ends_sentence, word_count

#: A number, with the separators of thousands, decimals, times and dates inside it.
NUMBER = regex.compile(r"\d+(?:[.,:/-]\d+)*")
#: What a number becomes in a normalized line, and what matches it in a pattern.
NUMBER_TOKEN = "0"
NUMBER_PATTERN = r"\d[\d.,:/-]*"
#: A slot that took this many different words or more matches any one word.
ANY_WORD_FROM = 3
ANY_WORD = r"\p{L}+"
#: Lines of more words than this are never merged into templates.
TEMPLATE_MAX_WORDS = 12
#: A first word shared by this many different short lines (of at most
#: FIELD_MAX_WORDS words) marks a per-article field (see _field_variants).
FIELD_VARIANTS = 4
FIELD_MAX_WORDS = 5
#: Two recurring rules are one block when they stand next to each other in this
#: share of the documents where the rarer of the two occurs.
BLOCK_SHARE = 0.8


@dataclass(frozen=True)
class LearnOptions:
    """Thresholds for proposing a line (see :func:`learn_rules`).

    - `min_docs`, `min_share`: a fixed line must be found in at least this many
      documents, and this share of them.
    - `slot_min_share`: a template (a line with slots) must be found in at least
      this share of the documents per slot (all of them at most), and in
      `min_docs` × (1 + slots) documents.
    - `edge_lines`, `edge_min_share`: a line that stands where an article
      begins or ends (from its first own line, one no other document has, to
      its `edge_lines`-th; from its `edge_lines`-th last to its closing) in at
      least half of the documents it is found in is proposed only as the same
      line (no slot) in at least `edge_min_share` of the documents.
    - `max_words`: never propose a line of more words that ends like a sentence.
    - `allow`: lines never to propose.
    """

    min_docs: int = 3
    min_share: float = 0.2
    slot_min_share: float = 0.5
    edge_lines: int = 3
    edge_min_share: float = 0.5
    max_words: int = 20
    allow: tuple[str, ...] = ()

    def needed(self, documents: int, slots: int = 0) -> float:
        """How many of `documents` a line with `slots` slots must be found in."""
        if not slots:
            return max(self.min_docs, self.min_share * documents)
        return max(self.min_docs * (1 + slots), min(1.0, self.slot_min_share * slots) * documents)

    def edge_needed(self, documents: int) -> float:
        """How many documents a line must be found in to count as furniture where an article begins or ends."""
        return max(self.needed(documents), self.edge_min_share * documents)


@dataclass
class Occurrence:
    """Where a line was seen: the document, and the stripped lines around it."""

    doc: str
    before: str
    line: str
    after: str


@dataclass
class LearnedLine:
    """One normalized line (or one-slot template) and the documents it recurs in."""

    tokens: tuple[str, ...]
    slot: int | None = None  # the position that varies, for a template
    values: tuple[str, ...] = ()  # the words seen in the slot
    docs: set[int] = field(default_factory=set)
    variants: Counter[str] = field(default_factory=Counter)

    @property
    def slots(self) -> int:
        return int(self.slot is not None)

    @property
    def text(self) -> str:
        tokens = list(self.tokens)
        if self.slot is not None:
            tokens[self.slot] = "|".join(self.values)
        return " ".join(tokens)

    def forms(self) -> list[str]:
        """The normalized lines it stands for: itself, or one per word seen in its slot."""
        if self.slot is None:
            return [" ".join(self.tokens)]
        return [" ".join((*self.tokens[: self.slot], value, *self.tokens[self.slot + 1 :])) for value in self.values]

    def pattern(self) -> str:
        """A regex for the whole stripped line: this line's words, any punctuation and numbers around them."""
        parts = []
        for i, token in enumerate(self.tokens):
            if i == self.slot:
                plain = all(v.isalpha() for v in self.values)
                if plain and len(self.values) >= ANY_WORD_FROM:
                    parts.append(ANY_WORD)
                else:
                    parts.append("(?:" + "|".join(_token_pattern(v) for v in self.values) + ")")
            else:
                parts.append(_token_pattern(token))
        return r"\W*" + r"\W+".join(parts) + r"\W*"


@dataclass
class LearnedRule:
    """A proposed rule: one line, or a block of lines that stand together."""

    members: list[LearnedLine]
    docs: set[int]
    occurrences: list[Occurrence] = field(default_factory=list)

    def pattern(self) -> str:
        if len(self.members) == 1:
            return self.members[0].pattern()
        return "(?x)\n    " + "\n  | ".join(m.pattern() for m in self.members) + "\n"

    def compiled(self) -> regex.Pattern:
        return regex.compile(self.pattern(), regex.IGNORECASE)


@dataclass(frozen=True)
class Skipped:
    """A line that recurs often enough but is not proposed, and why."""

    text: str
    docs: int
    reason: str


@dataclass
class Learned:
    """What learning found: the rules, what it left out, and the corpus."""

    rules: list[LearnedRule]
    doc_ids: list[str]
    lines: list[list[str]]  # each document's stripped lines
    options: LearnOptions
    skipped: list[Skipped] = field(default_factory=list)


def read_allow_list(text: str) -> tuple[str, ...]:
    """The lines of an allow-list file: one line each; blank lines and ``#`` comments skipped."""
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


def normalize_line(line: str) -> str:
    """A line as compared across documents: CCNet's normalization, numbers folded whole."""
    text = NUMBER.sub(NUMBER_TOKEN, line.strip().lower())
    kept = [" " if unicodedata.category(ch)[0] in "PSCZ" else ch for ch in text]
    return " ".join("".join(kept).split())


@dataclass
class _Corpus:
    """The documents as learning reads them."""

    doc_ids: list[str] = field(default_factory=list)
    lines: list[list[str]] = field(default_factory=list)  # each document's stripped lines
    keyed: list[list[tuple[str, str]]] = field(default_factory=list)  # its lines with words, and their normal forms
    seen: dict[str, LearnedLine] = field(default_factory=dict)  # every normal form, and where it was found


def _read(documents: Iterable[Document]) -> _Corpus:
    corpus = _Corpus()
    for index, doc in enumerate(documents):
        corpus.doc_ids.append(doc.id)
        stripped = [line.strip() for line in doc.text.split("\n")]
        corpus.lines.append(stripped)
        corpus.keyed.append([])
        for line in stripped:
            key = normalize_line(line)
            if not any(ch.isalpha() for ch in key):
                continue  # no words: a number, a date, a separator
            corpus.keyed[-1].append((line, key))
            entry = corpus.seen.setdefault(key, LearnedLine(tuple(key.split())))
            entry.docs.add(index)
            entry.variants[line] += 1
    return corpus


def learn_rules(documents: Iterable[Document], options: LearnOptions) -> Learned:
    """Find the recurring lines of a corpus and group them into proposed rules."""
    corpus = _read(documents)
    seen, total = corpus.seen, len(corpus.doc_ids)
    sentences = {k for k, e in seen.items() if _long_sentence(e, options.max_words)}
    fields = _field_variants(seen)
    candidates = _with_templates(
        {k: e for k, e in seen.items() if k not in sentences | fields}, options.needed(total, 1)
    )
    entries, skipped = _choose(candidates, options, total, _edges(corpus, options.edge_lines))
    for key in sorted(sentences | fields):
        if len(seen[key].docs) >= options.needed(total):
            why = "reads as a long sentence (--max-words)" if key in sentences else "one value of a per-article field"
            skipped.append(Skipped(key, len(seen[key].docs), why))
    rules = _blocks(entries, corpus.lines)
    for rule in rules:
        rule.occurrences = _occurrences(rule, corpus.doc_ids, corpus.lines)
    rules.sort(key=lambda r: (-len(r.docs), r.members[0].text))
    skipped.sort(key=lambda s: (-s.docs, s.text))
    return Learned(rules, corpus.doc_ids, corpus.lines, options, skipped)


def _choose(
    candidates: list[LearnedLine], options: LearnOptions, total: int, edges: dict[str, set[int]]
) -> tuple[list[LearnedLine], list[Skipped]]:
    """The lines and templates found often enough to propose, and those held back (allow-list, article edges)."""
    allowed = {normalize_line(line) for line in options.allow}
    chosen: list[LearnedLine] = []
    skipped: list[Skipped] = []
    for entry in candidates:
        if len(entry.docs) < options.needed(total, entry.slots):
            continue
        if entry.text in allowed or _matches_any(entry, options.allow):
            skipped.append(Skipped(entry.text, len(entry.docs), "on the allow-list"))
        elif _held_at_edge(entry, edges, options.edge_needed(total)):
            skipped.append(Skipped(entry.text, len(entry.docs), _edge_reason(options)))
        else:
            chosen.append(entry)
    return chosen, skipped


def _edges(corpus: _Corpus, count: int) -> dict[str, set[int]]:
    """Where each normalized line stands where an article begins or ends: the documents.

    An article's own lines are those no other document has. It begins with the
    lines from its first own line to its `count`-th (headline, lede, and what
    stands between them), and ends with the lines from its `count`-th last own
    line to its closing: the last own line that ends like a sentence (what
    follows is a teaser, a list of links).
    """
    out: dict[str, set[int]] = defaultdict(set)
    for index, doc in enumerate(corpus.keyed):
        own = [i for i, (_, key) in enumerate(doc) if len(corpus.seen[key].docs) == 1]
        if not own or not count:
            continue
        closing = max((i for i in own if ends_sentence(doc[i][0])), default=own[-1])
        ending = [i for i in own if i <= closing][-count:]
        for i in [*range(own[0], own[:count][-1] + 1), *range(ending[0], closing + 1)]:
            out[doc[i][1]].add(index)
    return out


def _held_at_edge(entry: LearnedLine, edges: dict[str, set[int]], strong: float) -> bool:
    """Whether the line stands where an article begins or ends, in at least half of its documents, without
    the evidence that counts there: the same line (no slot) in `strong` documents."""
    if not entry.slots and len(entry.docs) >= strong:
        return False
    where = set().union(*(edges.get(key, set()) for key in entry.forms()))
    return 2 * len(where) >= len(entry.docs)


def _edge_reason(options: LearnOptions) -> str:
    return (
        f"stands where an article begins or ends (headline, lede, closing): proposed there only as the same line on "
        f"{options.edge_min_share:.0%} of the documents"
    )


def _long_sentence(entry: LearnedLine, max_words: int) -> bool:
    """A line of more than `max_words` words that ends like a sentence (in its most common form)."""
    line = min(entry.variants.items(), key=lambda item: (-item[1], item[0]))[0]
    return word_count(line) > max_words and ends_sentence(line)


def _field_variants(seen: dict[str, LearnedLine]) -> set[str]:
    """Short lines that are one value of a per-article field, like a byline or a section label.

    Such a line shares its first word with many other short lines ("By Maria
    Lopez", "By Tom Becker", …), and covers less than half of the documents that
    the family covers: it recurs because an author wrote several articles, not
    because the site prints it on every page. A family of constant furniture
    ("Share on Facebook", "Share on Twitter") has members on most of its pages.
    """
    families: dict[str, list[str]] = defaultdict(list)
    for key, entry in seen.items():
        if 2 <= len(entry.tokens) <= FIELD_MAX_WORDS:
            families[entry.tokens[0]].append(key)
    out: set[str] = set()
    for keys in families.values():
        if len(keys) < FIELD_VARIANTS:
            continue
        covered = len(set().union(*(seen[k].docs for k in keys)))
        out.update(k for k in keys if 2 * len(seen[k].docs) < covered)
    return out


def _token_pattern(token: str) -> str:
    """A normalized word as a pattern: numbers inside it match any number."""
    pieces = token.split(NUMBER_TOKEN)
    return NUMBER_PATTERN.join(regex.escape(p) for p in pieces)


def _with_templates(seen: dict[str, LearnedLine], needed: float) -> list[LearnedLine]:
    """The lines, with those that differ in one word merged where together they recur enough.

    A template keeps at least two fixed words besides numbers, so "By Smith" /
    "By Jones" (one fixed word: a byline) never becomes "By <any word>"; and only
    short lines are tried (furniture is short, and the work grows with the square
    of a line's length).
    """
    groups: dict[tuple[int, tuple[str, ...]], list[str]] = defaultdict(list)
    for key, entry in seen.items():
        if len(entry.tokens) > TEMPLATE_MAX_WORDS:
            continue
        for i in range(len(entry.tokens)):
            fixed = entry.tokens[:i] + entry.tokens[i + 1 :]
            if sum(1 for t in fixed if t != NUMBER_TOKEN) >= 2:
                groups[(i, fixed)].append(key)
    candidates = []
    for (slot, _), keys in groups.items():
        docs = set().union(*(seen[k].docs for k in keys))
        if len(keys) >= 2 and len(docs) >= needed:
            candidates.append((-len(docs), slot, sorted(keys), docs))
    used: set[str] = set()
    merged: list[LearnedLine] = []
    for _, slot, keys, docs in sorted(candidates):
        if used.intersection(keys):
            continue
        used.update(keys)
        first = seen[keys[0]]
        values = tuple(sorted({seen[k].tokens[slot] for k in keys}))
        variants = sum((seen[k].variants for k in keys), Counter())
        merged.append(LearnedLine(first.tokens, slot, values, docs, variants))
    return merged + [entry for key, entry in seen.items() if key not in used]


def _matches_any(entry: LearnedLine, lines: Iterable[str]) -> bool:
    pattern = regex.compile(entry.pattern(), regex.IGNORECASE)
    return any(pattern.fullmatch(line.strip()) for line in lines)


def _blocks(entries: list[LearnedLine], lines: list[list[str]]) -> list[LearnedRule]:
    """Group lines that stand next to each other (blank lines between allowed) in most documents."""
    order = sorted(entries, key=lambda e: (-len(e.docs), e.text))
    patterns = [regex.compile(e.pattern(), regex.IGNORECASE) for e in order]
    together: Counter[tuple[int, int]] = Counter()
    for doc_lines in lines:
        found = [_which(patterns, line) for line in doc_lines if line]
        together.update({(a, b) for a, b in pairwise(found) if a is not None and b is not None})
    parent = list(range(len(order)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for (a, b), count in sorted(together.items()):
        if a != b and count >= BLOCK_SHARE * min(len(order[a].docs), len(order[b].docs)):
            parent[max(root(a), root(b))] = min(root(a), root(b))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(order)):
        groups[root(i)].append(i)
    rules = []
    for members in groups.values():
        chosen = [order[i] for i in members]
        rules.append(LearnedRule(chosen, set().union(*(m.docs for m in chosen))))
    return rules


def _which(patterns: list[regex.Pattern], line: str) -> int | None:
    return next((i for i, p in enumerate(patterns) if p.fullmatch(line)), None)


def _occurrences(rule: LearnedRule, doc_ids: list[str], lines: list[list[str]]) -> list[Occurrence]:
    """The rule's first two runs of matched lines, each in a different document, with the lines around them."""
    pattern = rule.compiled()
    out: list[Occurrence] = []
    for index in sorted(rule.docs):
        content = [line for line in lines[index] if line]
        hits = [i for i, line in enumerate(content) if pattern.fullmatch(line)]
        if not hits:
            continue
        first = last = hits[0]
        while last + 1 < len(content) and pattern.fullmatch(content[last + 1]):
            last += 1
        before = content[first - 1] if first > 0 else ""
        after = content[last + 1] if last + 1 < len(content) else ""
        out.append(Occurrence(doc_ids[index], before, "\n".join(content[first : last + 1]), after))
        if len(out) == 2:
            break
    return out


def coverage(learned: Learned) -> tuple[int, int, int]:
    """(lines the rules match, documents with such a line, non-blank lines in all) over the corpus."""
    patterns = [rule.compiled() for rule in learned.rules]
    matched = docs = total = 0
    for doc_lines in learned.lines:
        content = [line for line in doc_lines if line]
        hits = sum(1 for line in content if any(p.fullmatch(line) for p in patterns))
        matched += hits
        docs += bool(hits)
        total += len(content)
    return matched, docs, total
