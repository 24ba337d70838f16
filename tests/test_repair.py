"""Spun-text repair as a user sees it: the spin score, the rules gated by it, phrase
tables, re-inflection, and packs that misuse these features refused with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleantext import Cleaner, PackError
from cleantext.inflection import inflect
from cleantext.packs import load_pack

from .test_packs import LEXICON_RULE, write_pack

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


def test_a_user_lexicon_rule_runs_with_its_context_and_guards(tmp_path: Path) -> None:
    write_pack(tmp_path, LEXICON_RULE, lexicon="stir pot\tstir the pot\t\\s+roast\n")
    cleaner = Cleaner(rules=[tmp_path], shipped_rules=False, language="en")
    assert cleaner.clean("Stir pot first. We stir pot, then stir pot roast.").text == (
        "Stir pot first. We stir the pot, then stir pot roast."
    )


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
    path = write_pack(tmp_path, rule)
    assert load_pack(path).rules[0].pattern.search("Theo  Associated   Press")
    bad = write_pack(tmp_path, rule.replace("agency = [", "Agency = ["), "bad.toml")
    with pytest.raises(PackError, match="list name 'Agency'"):
        load_pack(bad)


def test_a_sentence_closed_by_any_quote_mark_is_repaired_in_one_pass() -> None:
    """The quote stage straightens a closing low-9 mark after the repairs ran: the repair must not wait for it."""
    cleaner = Cleaner(language="en")
    once = cleaner.clean("Russia may try to “stir pot\" between them, said Russia's war.‚\n").text
    assert "stir the pot" in once
    assert cleaner.clean(once).text == once
