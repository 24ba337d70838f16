"""Loading rule packs: good packs load, bad ones are refused with the file, the
rule and the fault named."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleantext import Cleaner, PackError
from cleantext.examples import check_packs
from cleantext.packs import load_pack, load_packs

GOOD_RULE = """
[[rules]]
id = "my.sponsor-line"
category = "boilerplate"
group = "promo"
scope = "line"
action = "drop"
pattern = 'this story is brought to you by [\\w ]+\\.?'
reason = "sponsor credit"
changes = [{ input = "Body.\\nThis story is brought to you by Acme.\\n", output = "Body.\\n" }]
keeps = ["Acme said this story is brought to you by its sponsors.\\n"]
"""
GOOD_DETECTOR = """
[[detectors]]
id = "my.repeats"
kind = "repeated"
category = "boilerplate"
group = "repeated"
reason = "teaser buttons"
changes = [{ input = "Buy now\\nText.\\nBuy now\\nMore text.\\nBuy now\\n", output = "Text.\\nMore text.\\n" }]
keeps = ["Buy now\\nText.\\nBuy now\\n"]
[detectors.params]
min_count = 3
min_count_inside = 3
max_words = 3
guard_words = 15
guard_stopwords = 0.2
max_share = 1
[detectors.profiles.precision]
min_count = 5
min_count_inside = 5
[detectors.languages.de]
min_count = 4
max_words = 5
"""
HEAD = '[pack]\nname = "my-pack"\nlanguage = "en"\n'
LEXICON_RULE = """
[[rules]]
id = "my.idiom"
category = "repair"
scope = "inline"
action = "replace"
lexicon = "idioms.tsv"
pattern = '(?<=\\s){lexicon}'
reason = "r"
changes = [{ input = "to stir pot now", output = "to stir the pot now" }]
keeps = ["to stir potatoes"]
"""
IDIOMS = "stir pot\tstir the pot\n"


def write_pack(folder: Path, body: str, name: str = "pack.toml", lexicon: str = IDIOMS) -> Path:
    """A pack file (and the idioms.tsv that lexicon rules name) in `folder`."""
    (folder / "idioms.tsv").write_text(lexicon, encoding="utf-8")
    path = folder / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def test_a_user_pack_loads_and_its_rule_runs(tmp_path: Path) -> None:
    write_pack(tmp_path, GOOD_RULE)
    cleaner = Cleaner(rules=[tmp_path], language="en")
    result = cleaner.clean("The article.\nThis story is brought to you by Acme.\n")
    assert result.text == "The article.\n"
    assert result.edits[0].rule == "my.sponsor-line"
    assert result.rules["my.sponsor-line"]["reason"] == "sponsor credit"
    assert not check_packs(load_packs([tmp_path]))


RULE_FAULTS = [
    (("pattern = 'this story", "pattern = '(broken this story"), "bad pattern"),
    (('reason = "sponsor credit"\n', ""), "missing field 'reason'"),
    (('scope = "line"', 'scope = "page"'), "'scope' is 'page'"),
    (('group = "promo"', 'grup = "promo"'), "unknown rule field(s): grup"),
    (("keeps = [", "keeps = [] #"), "needs at least one example"),
    (('action = "drop"', 'action = "replace"'), "needs a 'replacement'"),
    (('scope = "line"', 'scope = "rest"'), "scope 'rest' needs 'after_share'"),
    (('scope = "line"', 'scope = "rest"\nafter_share = 1.5'), "'after_share' must be a number from 0"),
    (('scope = "line"', 'scope = "line"\nafter_prose_words = 150'), "'after_prose_words' works only with scope 'rest'"),
    (('scope = "line"', 'scope = "rest"\nafter_share = 0.5\nafter_prose_words = 0'), "'after_prose_words' must be a"),
    (('scope = "line"', 'scope = "rest"\nafter_share = 0.5\nfollowed_by = "x"'), "'followed_by' works only with"),
    (
        ('scope = "line"', 'scope = "rest"\nafter_share = 0.5\nafter_prose_words = 150\nfollowed_by = "(x"'),
        "bad pattern",
    ),
    (('scope = "line"', 'scope = "run"'), "scope 'run' needs 'min_run'"),
    (('scope = "line"', 'scope = "run"\nmin_run = 1'), "'min_run' must be a whole number of at least 2"),
    (('scope = "line"', 'scope = "line"\nmin_run = 3'), "'min_run' works only with scope 'run'"),
    (('"sponsor credit"', '"sponsor credit"\ntriggers = ["Acme"]'), "'triggers' works only with scope 'inline'"),
]
LEXICON_FAULTS = [
    (('"idioms.tsv"', '"missing.tsv"'), IDIOMS, "cannot read lexicon 'missing.tsv'"),
    (("{lexicon}'", "stir'"), IDIOMS, "must contain {lexicon} exactly once"),
    (("'(?<=", "'{agency}(?<="), IDIOMS, "unknown list {agency}"),
    (('scope = "inline"', 'scope = "line"'), IDIOMS, "'lexicon' works only with scope 'inline'"),
    (('"r"', '"r"\nrequires_spin = 0'), IDIOMS, "'requires_spin' must be a positive whole number"),
    (('"r"', '"r"\nrequires_spin = 2\nspin_signal = true'), IDIOMS, "cannot itself be a spin signal"),
    (('"r"', '"r"\ninflect = "VBD"'), IDIOMS, "'inflect' needs a pattern with a group named 'verb'"),
    (('"r"', '"r"\ntriggers = ["pan"]'), IDIOMS, "the change example 'to stir pot now' holds none of the 'triggers'"),
    (('"r"', '"r"\ntriggers = "pot"'), IDIOMS, "'triggers' must be a list of non-empty strings"),
    (('"r"', '"r"\ntriggers = ["{agency}"]'), IDIOMS, "'triggers' names an unknown list {agency}"),
    (("", ""), "stir pot\n", "line 1: expected 2 or 3 tab-separated fields"),
    (("", ""), "# c\nstir  pot\tx\n", "line 2: phrase 'stir  pot' must be words separated by"),
    (("", ""), IDIOMS + "Stir pot\tx\n", "line 2: phrase 'Stir pot' is already listed on line 1"),
    (("", ""), "stir pot\tstir the pot\t(unclosed\n", "line 1: bad guard"),
    (("", ""), "stir pot\tstir pot\n", "is replaced by itself"),
    (("", ""), "# nothing\n", "the lexicon has no entries"),
]
DETECTOR_FAULTS = [
    (('kind = "repeated"', 'kind = "magic"'), "'kind' is 'magic'"),
    (("max_words = 3\n", ""), "needs parameter(s): max_words"),
    (("max_words = 3\n", "max_words = 3\nmin_lines = 4\n"), "unknown parameter(s) in [detectors.params]"),
    (("max_words = 3\n", 'max_words = "three"\n'), "'max_words' in [detectors.params] must be a number"),
    (("[detectors.profiles.precision]", "[detectors.profiles.fast]"), "profile 'fast' is not one of"),
    (("min_count = 5\n", "min_count = -5\n"), "[detectors.profiles.precision] must be a number of at least 0"),
    (('reason = "teaser buttons"\n', ""), "missing field 'reason'"),
    (('group = "repeated"', 'grop = "repeated"'), "unknown detector field(s): grop"),
    (("keeps = [", "keeps = [] #"), "needs at least one example"),
    (("guard_words = 15\n", "guard_words = 40\n"), "'guard_words' in [detectors.params] may not exceed 15"),
]


@pytest.mark.parametrize(
    ("body", "entry_id", "change", "lexicon", "message"),
    [(GOOD_RULE, "my.sponsor-line", change, IDIOMS, message) for change, message in RULE_FAULTS]
    + [(LEXICON_RULE, "my.idiom", *fault) for fault in LEXICON_FAULTS]
    + [(GOOD_DETECTOR, "my.repeats", change, IDIOMS, message) for change, message in DETECTOR_FAULTS],
)
def test_a_broken_pack_is_refused_naming_file_entry_and_fault(
    tmp_path: Path, body: str, entry_id: str, change: tuple[str, str], lexicon: str, message: str
) -> None:
    old, new = change
    assert old in body
    path = write_pack(tmp_path, body.replace(old, new) if old else body, lexicon=lexicon)
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)
    if "missing field 'reason'" not in message:
        assert entry_id in str(caught.value)


def test_a_pack_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[pack\nname=", encoding="utf-8")
    with pytest.raises(PackError, match="not valid TOML"):
        load_pack(path)


def test_duplicate_rule_ids_across_packs_are_refused(tmp_path: Path) -> None:
    write_pack(tmp_path, GOOD_RULE, "a.toml")
    write_pack(tmp_path, GOOD_RULE, "b.toml")
    with pytest.raises(PackError, match="already used"):
        load_packs([tmp_path])


def test_an_example_that_fails_is_reported(tmp_path: Path) -> None:
    write_pack(tmp_path, GOOD_RULE.replace('output = "Body.\\n"', 'output = "Wrong.\\n"'))
    failures = check_packs(load_packs([tmp_path]))
    assert len(failures) == 1
    assert failures[0].rule_id == "my.sponsor-line"
    assert failures[0].kind == "changes"


def test_rules_are_switched_off_and_on_by_id_group_and_category() -> None:
    text = "The article body is here.\nSource link\n"
    assert Cleaner(language="en").clean(text).text == "The article body is here.\n"
    for selector in ("en.source-link", "source", "boilerplate/source", "boilerplate", "en-boilerplate"):
        assert Cleaner(language="en", disable=[selector]).clean(text).text == text, selector
    back_on = Cleaner(language="en", disable=["boilerplate"], enable=["en.source-link"])
    assert back_on.clean(text).text == "The article body is here.\n"


def test_rules_of_other_languages_do_not_run() -> None:
    text = "Der Artikel ist hier zu Ende.\nSource link\n"
    assert Cleaner(language="de").clean(text).text == text
    assert Cleaner(language="en").clean(text).text == "Der Artikel ist hier zu Ende.\n"


def test_a_user_pack_can_wire_in_a_detector_with_its_own_thresholds(tmp_path: Path) -> None:
    write_pack(tmp_path, GOOD_DETECTOR)
    (detector,) = load_pack(tmp_path / "pack.toml").detectors
    assert detector.parameters("balanced")["min_count"] == 3
    assert detector.parameters("precision")["min_count"] == 5
    assert detector.parameters("recall") == detector.parameters("balanced")
    assert detector.parameters("balanced", "de")["max_words"] == 5  # the language's own threshold
    assert detector.parameters("precision", "de")["min_count"] == 5  # the profile wins over the language
    assert not check_packs(load_packs([tmp_path]))
    text = "Buy now\nText.\nBuy now\nMore text.\nBuy now\n"
    cleaner = Cleaner(rules=[tmp_path], shipped_rules=False, language="en")
    assert cleaner.clean(text).text == "Text.\nMore text.\n"
    assert Cleaner(rules=[tmp_path], shipped_rules=False, language="en", profile="precision").clean(text).text == text
    assert Cleaner(rules=[tmp_path], shipped_rules=False, language="en", disable=["repeated"]).clean(text).text == text
