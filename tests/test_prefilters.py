"""The cheap tests that spare a rule its pattern must never change what the rule finds.

Inline rules may name ``triggers`` (strings of which a text must hold one), lexicons read
only the lines that hold their key words, case-sensitive ``[lists]`` compile to a trie, and
line rules are tried only on the lines that their RE2 superset lets through.
Each is checked here against the slow, plain way of doing the same thing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import re2
import regex
from hypothesis import given
from hypothesis import strategies as st

from cleantext import Cleaner
from cleantext.lexicon import Entry, Lexicon, _tokens
from cleantext.packs import _alternation, load_packs, shipped_rules_dir
from cleantext.prefilter import FOLD_GAPS, Prefilter, rule_superset, superset

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


#: More key words than a lexicon searches for: such a lexicon reads every line.
FILLERS = [Entry(f"filler{n} word{n}", "x") for n in range(80)]


@given(texts)
def test_a_lexicon_too_large_for_key_words_reads_every_line(text: str) -> None:
    lexicon = Lexicon([Entry(p, r) for p, r in IDIOMS] + FILLERS)
    assert [(h.start, h.end, h.replacement) for h in lexicon.find(text)] == _every_line(lexicon, text)


@given(texts)
def test_a_lexicon_rule_is_a_candidate_wherever_its_lexicon_finds_a_phrase(text: str) -> None:
    lexicon = Lexicon([Entry(p, r) for p, r in IDIOMS])
    prefilter = Prefilter([lexicon.pattern], anywhere=True)
    if list(lexicon.find(text)):
        assert prefilter.candidates(text) == [0]


def test_a_text_without_any_phrase_of_a_lexicon_rules_its_rule_out() -> None:
    lexicon = Lexicon([Entry(p, r) for p, r in IDIOMS])
    prefilter = Prefilter([lexicon.pattern], anywhere=True)
    assert prefilter.candidates("They Stir\u00a0pot, on the other hand.") == [0]
    assert prefilter.candidates("They stir the pot, on the other hand.") == ()
    large = Lexicon(FILLERS)
    assert large.pattern is None  # read line by line instead
    assert Prefilter([large.pattern], anywhere=True).candidates("nothing here") == (0,)


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


# --- RE2 supersets of line rules --------------------------------------------------------------------------------------

LINE_RULES = [
    rule
    for pack in load_packs([shipped_rules_dir()])
    for rule in pack.rules
    if rule.scope in ("line", "block", "tail", "rest")
]
PREFILTER = Prefilter([rule.pattern for rule in LINE_RULES])
EXAMPLE_LINES = sorted(
    {line.strip() for rule in LINE_RULES for ex in (*rule.changes, *rule.keeps) for line in ex.input.split("\n")} - {""}
)
#: Characters that the translation treats specially: non-ASCII spaces, letters and digits,
#: Turkish i, a character newer than RE2's Unicode tables, curly quotes.
TRICKY = "\u00a0\u2009\u3000é\u0130\u0131ß\u1e9e\u212a\u0663\U0001df95\u2019\u201cx-.|"


def _mutated(line: str, edits: list[tuple[int, str]]) -> str:
    chars = list(line)
    for where, what in edits:
        position = where % (len(chars) + 1)
        if what == "case" and position < len(chars):
            chars[position] = chars[position].swapcase()
        elif what == "drop" and position < len(chars):
            del chars[position]
        else:
            chars.insert(position, what)
    return "".join(chars)


def test_nearly_every_shipped_line_rule_has_an_re2_superset() -> None:
    untranslated = [rule.id for rule in LINE_RULES if rule_superset(rule.pattern) is None]
    assert len(untranslated) <= len(LINE_RULES) // 10, untranslated


def test_every_rule_that_matches_an_example_line_is_a_candidate() -> None:
    for line in EXAMPLE_LINES:
        matching = [i for i, rule in enumerate(LINE_RULES) if rule.pattern.fullmatch(line)]
        assert set(matching) <= set(PREFILTER.candidates(line)), line


@given(
    st.sampled_from(EXAMPLE_LINES),
    st.lists(st.tuples(st.integers(0, 200), st.sampled_from([*TRICKY, "case", "drop", " "])), max_size=4),
)
def test_a_rule_matching_a_changed_example_line_is_still_a_candidate(line: str, edits: list) -> None:
    text = _mutated(line, edits)
    matching = {i for i, rule in enumerate(LINE_RULES) if rule.pattern.fullmatch(text)}
    assert matching <= set(PREFILTER.candidates(text))


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"\bShare\b(?=\s)\s++this", "Share\u00a0this"),  # look-around and possessive dropped, wide \s
        (r"(?>\w+) Beiträge", "Ähnliche Beiträge"),  # atomic group, non-ASCII word characters
        (r"\d{,2} comments", "\u0663 comments"),  # {,n} is {0,n}; an Arabic-Indic digit
        (r"[^\W\d_]+ [^\W\d_]+:", "Lire aussi:"),  # negated shorthands inside a negated class
        (r"(?i)\p{Lu}\w+", "share"),  # a cased property takes either case under ignore-case
        (r"(?i)partager ici", "PARTAGER \u0130CI"),  # Turkish dotted capital I folds to i in regex only
        (r"[\u2018\x27]Tis\N{RIGHT SINGLE QUOTATION MARK}", "'Tis\u2019"),
    ],
)
def test_a_superset_matches_what_the_pattern_matches(pattern: str, text: str) -> None:
    compiled = regex.compile(pattern)
    assert compiled.fullmatch(text)
    assert 0 in Prefilter([compiled]).candidates(text)


def test_a_leading_look_ahead_becomes_a_condition_of_its_own() -> None:
    notice = regex.compile(r"(?=.*\bcookies?\b)(?=.*\b(?:accept|agree)\b).{10,300}", regex.IGNORECASE)
    assert len(rule_superset(notice)) == 3
    prefilter = Prefilter([notice])
    assert prefilter.candidates("By using this site you agree to our use of COOKIES.") == [0]
    assert prefilter.candidates("The bakery sold cookies all day long.") == ()  # one condition of two
    assert Prefilter([notice], anywhere=True).candidates("Cookies? We accept them.") == [0]


def test_a_look_ahead_further_in_needs_the_pattern_before_it_and_what_it_looks_for() -> None:
    clitic = regex.compile(r"[ \t]+(?=['’](?:s|ll)\b)")
    assert len(rule_superset(clitic, anywhere=True)) == 2
    prefilter = Prefilter([clitic], anywhere=True)
    assert prefilter.candidates("Russia 's army") == [0]
    assert prefilter.candidates("Russia ’ll see") == [0]
    assert prefilter.candidates("a text with spaces and 'quotes'") == ()  # spaces, but never before 's or 'll
    page = regex.compile(r"(?i)[a-z]+ (?=\d)\w+")  # a whole line
    assert Prefilter([page]).candidates("Page 12") == [0]
    assert Prefilter([page]).candidates("Page two") == ()


def test_a_look_ahead_without_a_translation_adds_no_condition() -> None:
    later = regex.compile(r"(a)(?=\2)(b)?x")  # refers to a group the look-ahead comes before
    assert rule_superset(later, anywhere=True) == ["(?:" + superset(later.pattern) + ")"]
    assert Prefilter([later], anywhere=True).candidates("ax") == [0]


def test_a_look_ahead_that_an_alternative_does_without_is_no_condition() -> None:
    either = regex.compile(r"(?=.*cookies).{5,40}|Share this")
    assert len(rule_superset(either)) == 1
    assert Prefilter([either]).candidates("Share this") == [0]


def test_a_superset_still_rules_lines_out() -> None:
    prefilter = Prefilter([regex.compile(r"(?i)share (?:this|on \w+)[:!]?")])
    assert prefilter.candidates("Share on Facebook!") == [0]
    assert prefilter.candidates("The minister shared this view on Monday.") == ()


@pytest.mark.parametrize(
    "pattern",
    [r"\1(a)", r"(?:share){e<=1}", r"(?x) share \s this", r"a(?i)b", r"(?=(?i)s)Share", r"[[a-z]--[aeiou]]x", r"[\1a]"],
)
def test_constructs_without_a_superset_leave_the_rule_always_tried(pattern: str) -> None:
    compiled = regex.compile(pattern, regex.V1 if "--" in pattern else 0)
    assert rule_superset(compiled) is None
    assert Prefilter([compiled]).candidates("anything at all") == (0,)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?i)(?P<word>the|a) (?P=word)", "The the"),
        (r"(?=(c))(c)\2", "cc"),  # the group inside the dropped look-ahead still counts
        (r"said,? (?:he|she) \K(?P<verb>go|want)s?", "said she wants"),
    ],
)
def test_back_references_and_keep_marks_translate(pattern: str, text: str) -> None:
    compiled = regex.compile(pattern)
    assert compiled.search(text)
    assert rule_superset(compiled) is not None
    assert Prefilter([compiled], anywhere=True).candidates(text) == [0]
    assert Prefilter([compiled], anywhere=True).candidates("nothing of the sort") == ()


INLINE_RULES = [rule for pack in load_packs([shipped_rules_dir()]) for rule in pack.rules if rule.scope == "inline"]
INLINE_PREFILTER = Prefilter([rule.pattern for rule in INLINE_RULES], anywhere=True)
INLINE_EXAMPLES = sorted({ex.input for rule in INLINE_RULES for ex in (*rule.changes, *rule.keeps)})


def test_every_inline_rule_that_changes_an_example_is_a_candidate_for_it() -> None:
    for i, rule in enumerate(INLINE_RULES):
        for example in (*rule.changes, *rule.keeps):
            if rule.pattern is not None and rule.pattern.search(example.input):
                assert i in INLINE_PREFILTER.candidates(example.input), (rule.id, example.input)


@given(
    st.sampled_from(INLINE_EXAMPLES),
    st.lists(st.tuples(st.integers(0, 400), st.sampled_from([*TRICKY, "case", "drop", " ", "\n", "'"])), max_size=4),
)
def test_an_inline_rule_that_finds_something_in_a_changed_example_is_still_a_candidate(text: str, edits: list) -> None:
    text = _mutated(text, edits)
    finding = {i for i, rule in enumerate(INLINE_RULES) if rule.pattern is not None and rule.pattern.search(text)}
    assert finding <= set(INLINE_PREFILTER.candidates(text))


def test_fold_gaps_hold_every_letter_that_regex_and_re2_fold_differently() -> None:
    """Over the cased letters of the Basic Multilingual Plane (the full scan, all planes, found no more)."""
    plane = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)
    gaps = re2.compile(f"[{FOLD_GAPS}]")
    for letter in regex.findall(r"\p{Cased}", plane):
        in_regex = {m.start() for m in regex.finditer("(?i)" + regex.escape(letter), plane)}
        in_re2 = {m.start() for m in re2.finditer("(?i)" + re2.escape(letter), plane)}
        for missed in in_regex - in_re2:
            assert gaps.search(plane[missed]) or gaps.search(letter), (letter, plane[missed])


def test_superset_keeps_literal_text_and_alternation() -> None:
    assert superset("Share|Tweet") == "Share|Tweet"


def test_a_wide_counted_repeat_loses_its_bounds_and_a_narrow_one_keeps_them() -> None:
    assert superset(r"\d{1,3}") == superset(r"\d") + "{1,3}"
    assert superset(r"x.{1,160}") == "x.{1,}"  # 160 copies of "." would fill the automaton's memory
    assert superset(r"x{10,300}") == "x{8,}"
    compiled = regex.compile(r"\d+ thoughts on .{1,160}")
    assert Prefilter([compiled]).candidates("12 thoughts on " + "x" * 160) == [0]


def test_a_class_escape_takes_the_ascii_letters_of_the_case_flag_in_force() -> None:
    assert re2.fullmatch(superset(r"\p{Lu}", ignore_case=False), "a") is None  # upper case only
    assert re2.fullmatch(superset(r"\p{Lu}", ignore_case=True), "a")
    assert re2.fullmatch(superset(r"\p{Lu}"), "a")  # the flag not known: either
    assert re2.fullmatch(superset(r"(?i:\p{Lu})", ignore_case=False), "a")
    assert re2.fullmatch(superset(r"(?-i:\p{Lu})", ignore_case=True), "a") is None
    name = regex.compile(r"\p{Lu}\p{L}+ \p{Lu}\p{L}+\.")
    assert Prefilter([name], anywhere=True).candidates("met at Goldman Sachs.") == [0]
    assert Prefilter([name], anywhere=True).candidates("has its roots in numerology.") == ()
