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


@pytest.mark.parametrize(
    ("rule", "change", "lexicon", "message"),
    [
        (GOOD_RULE, ("pattern = 'this story", "pattern = '(broken this story"), IDIOMS, "bad pattern"),
        (GOOD_RULE, ('reason = "sponsor credit"\n', ""), IDIOMS, "missing field 'reason'"),
        (GOOD_RULE, ('scope = "line"', 'scope = "page"'), IDIOMS, "'scope' is 'page'"),
        (GOOD_RULE, ('group = "promo"', 'grup = "promo"'), IDIOMS, "unknown rule field(s): grup"),
        (GOOD_RULE, ("keeps = [", "keeps = [] #"), IDIOMS, "needs at least one example"),
        (GOOD_RULE, ('action = "drop"', 'action = "replace"'), IDIOMS, "needs a 'replacement'"),
        (LEXICON_RULE, ('"idioms.tsv"', '"missing.tsv"'), IDIOMS, "cannot read lexicon 'missing.tsv'"),
        (LEXICON_RULE, ("{lexicon}'", "stir'"), IDIOMS, "must contain {lexicon} exactly once"),
        (LEXICON_RULE, ("'(?<=", "'{agency}(?<="), IDIOMS, "unknown list {agency}"),
        (LEXICON_RULE, ('scope = "inline"', 'scope = "line"'), IDIOMS, "'lexicon' works only with scope 'inline'"),
        (LEXICON_RULE, ('"r"', '"r"\nrequires_spin = 0'), IDIOMS, "'requires_spin' must be a positive whole number"),
        (LEXICON_RULE, ('"r"', '"r"\nrequires_spin = 2\nspin_signal = true'), IDIOMS, "cannot itself be a spin signal"),
        (LEXICON_RULE, ('"r"', '"r"\ninflect = "VBD"'), IDIOMS, "'inflect' needs a pattern with a group named 'verb'"),
        (LEXICON_RULE, ("", ""), "stir pot\n", "line 1: expected 2 or 3 tab-separated fields"),
        (LEXICON_RULE, ("", ""), "# c\nstir  pot\tx\n", "line 2: phrase 'stir  pot' must be words separated by"),
        (LEXICON_RULE, ("", ""), IDIOMS + "Stir pot\tx\n", "line 2: phrase 'Stir pot' is already listed on line 1"),
        (LEXICON_RULE, ("", ""), "stir pot\tstir the pot\t(unclosed\n", "line 1: bad guard"),
        (LEXICON_RULE, ("", ""), "stir pot\tstir pot\n", "is replaced by itself"),
        (LEXICON_RULE, ("", ""), "# nothing\n", "the lexicon has no entries"),
    ],
)
def test_a_broken_pack_is_refused_naming_file_rule_and_fault(
    tmp_path: Path, rule: str, change: tuple[str, str], lexicon: str, message: str
) -> None:
    old, new = change
    assert old in rule
    path = write_pack(tmp_path, rule.replace(old, new) if old else rule, lexicon=lexicon)
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)
    if "missing field 'reason'" not in message:
        assert ("my.sponsor-line" if rule is GOOD_RULE else "my.idiom") in str(caught.value)


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
