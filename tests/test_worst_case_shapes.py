"""Input shapes that once made cleaning super-linear, and patterns that backtrack catastrophically.

Outcomes only, never timings: what is refused at load, what a document's time
for pattern matching stops, and that the linear-time paths find what the
per-hit ones found.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from cleantext import Cleaner, PackError, RuleTimeoutError
from cleantext.backtracking import catastrophic
from cleantext.inflection import tense_at
from cleantext.packs import LineReach, MatchBudget, _rest_of_line, load_packs, match_budget, shipped_rules_dir

LINE_RULE = """[pack]
name = "mine"
language = "en"

[[rules]]
id = "mine.slow"
category = "boilerplate"
scope = "line"
action = "drop"
pattern = '{pattern}'
reason = "a user's rule"
changes = [{{ input = "x", output = "" }}]
keeps = ["y"]
"""
CATASTROPHIC = [r"(a+)+$", r"(\w|\w)+$", r"(a|aa)*$", r"(\w+\s*)+$", r"(?:\d+)*x", r"(.*,){12}$", r"(?:\p{L}|\w)+$"]
SAFE = [r"(a+b)+$", r"(?:\s+\w+)*", r"(a|ab)*c", r"(?:a++)+$", r"(?>a+)+$", r"(?:\p{Lu}\p{Ll}+\s+){0,3}", r".{0,300}"]


def write_rule(folder: Path, pattern: str) -> Path:
    path = folder / "mine.toml"
    path.write_text(LINE_RULE.format(pattern=pattern), encoding="utf-8")
    return folder


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_a_pattern_that_can_backtrack_catastrophically_is_refused_at_load(tmp_path: Path, pattern: str) -> None:
    with pytest.raises(PackError, match=r"rule 'mine\.slow': bad pattern: it can backtrack catastrophically"):
        Cleaner(rules=[write_rule(tmp_path, pattern)], shipped_rules=False)


def test_a_lexicon_guard_that_can_backtrack_catastrophically_is_refused(tmp_path: Path) -> None:
    (tmp_path / "idioms.tsv").write_text("stir pot\tstir the pot\t(\\w+\\s?)+roast\n", encoding="utf-8")
    pack = LINE_RULE.format(pattern="{lexicon}").replace('scope = "line"', 'scope = "inline"')
    (tmp_path / "mine.toml").write_text(pack.replace('action = "drop"', 'action = "drop"\nlexicon = "idioms.tsv"'))
    with pytest.raises(PackError, match=r"lexicon 'idioms.tsv', line 1: bad guard .*backtrack catastrophically"):
        Cleaner(rules=[tmp_path], shipped_rules=False)


@pytest.mark.parametrize("pattern", SAFE)
def test_repeats_that_match_text_one_way_load(tmp_path: Path, pattern: str) -> None:
    Cleaner(rules=[write_rule(tmp_path, pattern)], shipped_rules=False)


def test_no_shipped_pattern_is_refused() -> None:
    patterns = [
        p
        for pack in load_packs([shipped_rules_dir()])
        for rule in pack.rules
        for p in (rule.pattern, rule.followed_by, *rule.context)
        if p is not None
    ]
    assert patterns
    assert [p.pattern for p in patterns if catastrophic(p.pattern, p.flags)] == []


def test_a_slow_pattern_the_check_cannot_read_fails_the_document_on_its_budget(tmp_path: Path) -> None:
    # \m (a word start, `regex` only) hides the pattern from the check; each line (all differ: verdicts on
    # a line are remembered) alone takes a fraction of a second, 200 of them far more than the budget.
    cleaner = Cleaner(rules=[write_rule(tmp_path, r"(?:\w|\w)+\mb")], shipped_rules=False, language="en")
    text = "".join(f"{n:03}{'a' * 17}b\n\n" for n in range(200))
    with match_budget(text), pytest.raises(RuleTimeoutError, match=r"rule 'mine\.slow' timed out"):
        cleaner.clean(text)


def test_the_budget_grows_with_the_document() -> None:
    assert MatchBudget(10_000_000).seconds > 10 * MatchBudget(1_000).seconds


def test_the_after_condition_read_once_per_line_finds_what_each_phrase_finds() -> None:
    (rule,) = [r for pack in load_packs([shipped_rules_dir()]) for r in pack.rules if r.id == "en.dropped-article"]
    assert rule.context[1] is not None and _rest_of_line(rule.context[1]) is not None  # read once per line
    line = "We stir pot at noon and stir pot again"
    text = "\n".join([line + ".", line, line + "!", "x " + line + " to", line + "?"] * 3)
    hits = [(m.start(), m.end()) for m in regex.finditer("stir pot", text)]
    reach = LineReach()
    assert [rule.in_context(text, s, e, reach) for s, e in hits] == [rule.in_context(text, s, e) for s, e in hits]
    assert any(rule.in_context(text, s, e) for s, e in hits) and not all(rule.in_context(text, s, e) for s, e in hits)


@pytest.mark.parametrize(
    ("sentence", "tag"),
    [
        ("On Monday the Ministry emphasize that it is calm.", "VBD"),
        ("The Ministry emphasize that it is calm.", "VBZ"),
        ("The Ministry emphasize that. It was calm.", "VBD"),
        ("The Ministry emphasize that talks go on.", None),
    ],
)
def test_the_tense_comes_from_the_sentence_then_the_line_on_a_long_line(sentence: str, tag: str | None) -> None:
    filler = "Talks go on. " * 2000
    text = filler + sentence + " " + filler + "\nIt was calm.\n"
    start = text.index("emphasize")
    assert tense_at(text, start, start + len("emphasize")) == tag
