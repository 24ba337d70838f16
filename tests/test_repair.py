"""Spun-text repair as a user sees it: the spin score, the rules gated by it, phrase
tables, re-inflection, and packs that misuse these features refused with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleantext import Cleaner, PackError
from cleantext.inflection import inflect
from cleantext.packs import load_pack

SPUN = (
    "War in Ukraine, Theo Reuters. The Ministry emphasize that talks failed on Tuesday.\n"
    "Russia may try to stir pot in the region, he said.\n"
)
TORTURED = "Firms now sell counterfeit consciousness tools.\n"


def test_tortured_phrases_are_repaired_only_in_a_spun_document(cleaner: Cleaner) -> None:
    alone = cleaner.clean(TORTURED)
    assert alone.text == TORTURED
    assert alone.spin_score == 0
    spun = cleaner.clean(SPUN + TORTURED)
    assert spun.spin_score == 3
    assert spun.spin_signals == ["en.bare-reporting-verb", "en.dropped-article", "en.untranslated-theo"]
    assert "sell artificial intelligence tools" in spun.text
    assert "en.tortured-phrase" in spun.stats["edits_by_rule"]
    assert spun.to_dict()["spin_score"] == spun.stats["spin_score"] == 3


def test_the_spin_threshold_is_the_users_to_set() -> None:
    eager = Cleaner(language="en", spin_threshold=0)
    assert eager.clean(TORTURED).text == "Firms now sell artificial intelligence tools.\n"
    strict = Cleaner(language="en", spin_threshold=5)
    assert "counterfeit consciousness" in strict.clean(SPUN + TORTURED).text
    with pytest.raises(ValueError, match="spin_threshold"):
        Cleaner(spin_threshold=-1)


def test_doubled_words_are_a_scar_of_spinning_not_a_typo_to_fix(cleaner: Cleaner) -> None:
    typo = "He went to the the shop.\n"
    assert cleaner.clean(typo).text == typo
    assert "went to the shop" in cleaner.clean(SPUN + typo).text


def test_a_verb_whose_tense_the_text_does_not_tell_is_flagged_not_guessed(cleaner: Cleaner) -> None:
    text = "Aside from this, the Ministry stress that more aid would help.\n"
    result = cleaner.clean(text)
    assert result.text == text
    assert [(f.rule, f.text) for f in result.flags] == [("en.bare-reporting-verb", "stress")]


def test_flag_rules_report_without_changing(cleaner: Cleaner) -> None:
    text = "Hours after Moscow speak it facilitated a ceasefire, fighting resumed.\n"
    result = cleaner.clean(text)
    assert result.text == text
    assert result.to_dict()["flags"] == [
        {"start": 12, "end": 24, "text": "Moscow speak", "rule": "en.capital-bare-speak", "category": "repair"}
    ]


def test_inflection_works_offline_from_the_packaged_tables() -> None:
    assert inflect("emphasize", "VBD") == "emphasized"
    assert inflect("emphasise", "VBZ") == "emphasises"
    assert inflect("attacked", "VBG") == "attacking"
    assert inflect("Speak", "VBD") == "Spoke"


PACK_HEAD = '[pack]\nname = "p"\nlanguage = "en"\n'
LEXICON_RULE = """
[[rules]]
id = "p.idiom"
category = "repair"
scope = "inline"
action = "replace"
lexicon = "idioms.tsv"
pattern = '(?<=\\s){lexicon}'
reason = "r"
changes = [{ input = "to stir pot now", output = "to stir the pot now" }]
keeps = ["to stir potatoes"]
"""


def _pack(tmp_path: Path, rule: str, lexicon: str | None = "stir pot\tstir the pot\n") -> Path:
    if lexicon is not None:
        (tmp_path / "idioms.tsv").write_text(lexicon, encoding="utf-8")
    path = tmp_path / "p.toml"
    path.write_text(PACK_HEAD + rule, encoding="utf-8")
    return path


def test_a_user_lexicon_rule_runs_with_its_context_and_guards(tmp_path: Path) -> None:
    _pack(tmp_path, LEXICON_RULE, "# my idioms\nstir pot\tstir the pot\ton other hand\ton the other hand\n")
    with pytest.raises(PackError, match="expected 2 or 3 tab-separated fields"):
        load_pack(tmp_path / "p.toml")
    _pack(tmp_path, LEXICON_RULE, "stir pot\tstir the pot\t\\s+roast\n")
    cleaner = Cleaner(rules=[tmp_path], shipped_rules=False, language="en")
    assert cleaner.clean("Stir pot first. We stir pot, then stir pot roast.").text == (
        "Stir pot first. We stir the pot, then stir pot roast."
    )


@pytest.mark.parametrize(
    ("lexicon", "message"),
    [
        ("stir pot\n", "line 1: expected 2 or 3 tab-separated fields"),
        ("# c\nstir  pot\tstir the pot\n", "line 2: phrase 'stir  pot' must be words separated by single spaces"),
        ("stir pot\tstir the pot\nStir pot\tx\n", "line 2: phrase 'Stir pot' is already listed on line 1"),
        ("stir pot\tstir the pot\t(unclosed\n", "line 1: bad guard"),
        ("stir pot\tstir pot\n", "is replaced by itself"),
        ("# nothing\n", "the lexicon has no entries"),
    ],
)
def test_a_broken_lexicon_is_refused_naming_the_line(tmp_path: Path, lexicon: str, message: str) -> None:
    path = _pack(tmp_path, LEXICON_RULE, lexicon)
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert "p.idiom" in str(caught.value)
    assert "idioms.tsv" in str(caught.value)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('lexicon = "idioms.tsv"', 'lexicon = "missing.tsv"'), "cannot read lexicon 'missing.tsv'"),
        (("pattern = '(?<=\\s){lexicon}'", "pattern = '(?<=\\s)stir'"), "must contain {lexicon} exactly once"),
        (("pattern = '(?<=\\s){lexicon}'", "pattern = '{agency} {lexicon}'"), "unknown list {agency}"),
        (('scope = "inline"', 'scope = "line"'), "'lexicon' works only with scope 'inline'"),
        (('reason = "r"', 'reason = "r"\nrequires_spin = 0'), "'requires_spin' must be a positive whole number"),
        (('reason = "r"', 'reason = "r"\nrequires_spin = 2\nspin_signal = true'), "cannot itself be a spin signal"),
        (('reason = "r"', 'reason = "r"\ninflect = "VBD"'), "'inflect' needs a pattern with a group named 'verb'"),
    ],
)
def test_misused_repair_fields_are_refused(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in LEXICON_RULE
    path = _pack(tmp_path, LEXICON_RULE.replace(old, new))
    with pytest.raises(PackError, match=message.replace("{", "\\{").replace("(", "\\(")):
        load_pack(path)


def test_pack_lists_are_shared_by_rules(tmp_path: Path) -> None:
    rule = """
[lists]
agency = ["Reuters", "Associated Press"]

[[rules]]
id = "p.theo"
category = "repair"
scope = "inline"
action = "replace"
pattern = 'Theo(?=\\s+{agency})'
replacement = "according to"
reason = "r"
changes = [{ input = "Theo Associated Press", output = "according to Associated Press" }]
keeps = ["Theo Walcott"]
"""
    path = _pack(tmp_path, rule, lexicon=None)
    assert load_pack(path).rules[0].pattern.search("Theo  Associated   Press")
    bad = tmp_path / "bad.toml"
    bad.write_text(PACK_HEAD + rule.replace("agency = [", "Agency = ["), encoding="utf-8")
    with pytest.raises(PackError, match="list name 'Agency'"):
        load_pack(bad)
