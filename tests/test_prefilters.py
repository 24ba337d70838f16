"""The cheap tests that spare a rule its pattern must never change what the rule finds.

Inline rules may name ``triggers`` (strings of which a text must hold one), lexicons read
only the lines that hold their key words, and case-sensitive ``[lists]`` compile to a trie.
Each is checked here against the slow, plain way of doing the same thing.
"""

from __future__ import annotations

from pathlib import Path

import regex
from hypothesis import given
from hypothesis import strategies as st

from cleantext import Cleaner
from cleantext.lexicon import Entry, Lexicon, _tokens
from cleantext.packs import _alternation

from .test_packs import write_pack

AGENCY_RULE = """
[lists]
agency = ["Associated Press", "AP", "Reuters"]

[[rules]]
id = "my.credit"
category = "repair"
scope = "inline"
action = "replace"
ignore_case = false
pattern = '(?<=\\bby ){agency}(?=\\s+staff)'
replacement = "wire"
triggers = ["{agency}"]
reason = "r"
changes = [{ input = "written by Reuters staff", output = "written by wire staff" }]
keeps = ["written by our staff"]
"""


def test_a_rule_is_tried_only_on_texts_that_hold_a_trigger(tmp_path: Path) -> None:
    write_pack(tmp_path, AGENCY_RULE.replace('["{agency}"]', '["by Reuters"]'))
    cleaner = Cleaner(rules=[tmp_path], shipped_rules=False, language="en", normalize=False)
    assert cleaner.clean("written by Reuters staff\n").text == "written by wire staff\n"
    # The pattern would match, but the text holds no trigger: the rule is not tried.
    assert cleaner.clean("written by AP staff\n").text == "written by AP staff\n"


def test_a_list_trigger_stands_for_the_first_word_of_each_phrase(tmp_path: Path) -> None:
    write_pack(tmp_path, AGENCY_RULE)
    cleaner = Cleaner(rules=[tmp_path], shipped_rules=False, language="en", normalize=False)
    (rule,) = cleaner.rules
    assert set(rule.triggers) == {"Associated", "AP", "Reuters"}
    # The pattern allows a line break inside "Associated Press"; the trigger still lets the rule run.
    assert cleaner.clean("written by Associated\nPress staff\n").text == "written by wire staff\n"


def test_triggers_of_a_rule_that_ignores_case_ignore_case_too(tmp_path: Path) -> None:
    body = AGENCY_RULE.replace("ignore_case = false", "ignore_case = true").replace('["{agency}"]', '["reuters"]')
    write_pack(tmp_path, body)
    cleaner = Cleaner(rules=[tmp_path], shipped_rules=False, language="en", normalize=False)
    assert cleaner.clean("written by REUTERS staff\n").text == "written by wire staff\n"


IDIOMS = [
    ("stir pot", "stir the pot"),
    ("on other hand", "on the other hand"),
    ("for first time", "for the first time"),
    ("play key role", "play a key role"),
    ("Nguồn", "Source"),
    ("a b", "a the b"),
    ("plays key role", "plays a key role"),
    ("played vital role", "played a vital role"),
]
WORDS = ["stir", "Stir", "pot", "on", "On", "other", "hand", "for", "first", "time", "play", "key", "role"]
WORDS += ["Nguồn", "a", "A", "b", "pots", "xstir", "stir-pot", "other's", "ồn", "plays", "played", "vital", "roles"]
GAPS = [" ", "  ", "\t", "\u00a0", "\n", ", ", "-", "'", ""]
texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), max_size=30).map(
    lambda parts: "".join(w + g for w, g in parts)
)


def _every_line(lexicon: Lexicon, text: str) -> list[tuple[int, int, str]]:
    """The plain way: read every word of the text."""
    return [(h.start, h.end, h.replacement) for h in lexicon._find_in(text, _tokens(text, 0, len(text)))]


@given(texts)
def test_reading_only_the_lines_with_key_words_finds_every_phrase(text: str) -> None:
    lexicon = Lexicon([Entry(p, r) for p, r in IDIOMS])
    assert [(h.start, h.end, h.replacement) for h in lexicon.find(text)] == _every_line(lexicon, text)


@given(texts)
def test_a_lexicon_too_large_for_key_words_reads_every_line(text: str) -> None:
    fillers = [Entry(f"filler{n} word{n}", "x") for n in range(80)]
    lexicon = Lexicon([Entry(p, r) for p, r in IDIOMS] + fillers)
    assert [(h.start, h.end, h.replacement) for h in lexicon.find(text)] == _every_line(lexicon, text)


phrases = st.lists(
    st.lists(st.text(alphabet="abAB.é", min_size=1, max_size=3), min_size=1, max_size=3).map(" ".join),
    min_size=1,
    max_size=8,
    unique=True,
).map(lambda ps: tuple(sorted(ps, key=lambda p: (-len(p), p))))


@given(phrases, st.text(alphabet="abAB.é \n", max_size=40))
def test_a_case_sensitive_list_as_a_trie_matches_what_the_plain_alternation_matches(
    listed: tuple[str, ...], text: str
) -> None:
    trie = regex.compile(_alternation(listed, ignore_case=False) + "(?!b)")
    plain = regex.compile(_alternation(listed, ignore_case=True) + "(?!b)")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


table_words = st.text(alphabet="abcé", min_size=1, max_size=5)
tables = st.lists(st.lists(table_words, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=10, unique=True)


@given(tables, st.lists(st.tuples(table_words, st.sampled_from(GAPS)), max_size=25))
def test_phrases_that_share_a_key_word_are_all_found(phrases: list[str], parts: list[tuple[str, str]]) -> None:
    """Entries share the key string searched for; every phrase is still found wherever it is."""
    entries = {p[:1].lower() + p[1:]: Entry(p, "x" + p) for p in phrases}  # phrases differing only in case clash
    lexicon = Lexicon(list(entries.values()))
    text = "".join(w + g for w, g in parts)
    assert [(h.start, h.end, h.replacement) for h in lexicon.find(text)] == _every_line(lexicon, text)
