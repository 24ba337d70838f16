"""Never damage what is not furniture: code, lists and tables stay; blocks go whole or not at all.

Every document here is made up for the test; none comes from the benchmark data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleantext import Cleaner
from cleantext.packs import PackError, load_pack
from cleantext.structure import CODE, LIST, TABLE, line_kinds

PROSE = (
    "The council met on Tuesday evening and approved the new budget for the roads of the town after a long debate "
    "about the cost of the bridge, which the mayor said would be finished in the spring.\n"
)
LONG_PROSE = PROSE * 3
ENGLISH = Cleaner(language="en")


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return ENGLISH


def write_pack(folder: Path, rule: str) -> Path:
    """Write a pack of one rule, given its TOML fields, into `folder`."""
    pack = folder / "pack.toml"
    pack.write_text(f'[pack]\nname = "test"\nlanguage = "*"\n\n[[rules]]\n{rule}', encoding="utf-8")
    return pack


# --- the shapes -------------------------------------------------------------------------------------------------------


def kinds_of(text: str) -> dict[str, str]:
    return {line.strip(): kind for line, kind in zip(text.split("\n"), line_kinds(text), strict=True) if line.strip()}


def test_code_lists_and_tables_are_told_apart_from_prose() -> None:
    text = (
        "Here is the query:\n```\nquery {\n  user(id: 1) { name }\n}\n```\n"
        "In Rust:\nlet x = 5;\nx\nprintln!(\"{}\", x);\n}\n"
        "The result is below.\n- first item\n2. second item\n| a | b |\nName\tAge\nBob\t4\n"
        "Home :: News\nShare this:\n"
    )
    kinds = kinds_of(text)
    assert {kinds[line] for line in ("```", "query {", "}", "let x = 5;", "x", 'println!("{}", x);')} == {CODE}
    assert kinds["- first item"] == kinds["2. second item"] == LIST
    assert kinds["| a | b |"] == kinds["Name\tAge"] == TABLE
    for prose in ("Here is the query:", "In Rust:", "The result is below.", "Home :: News", "Share this:"):
        assert kinds[prose] == "", prose


def test_a_separator_of_bullets_is_no_list_item() -> None:
    assert line_kinds("* * *\n- -\n") == ["", "", ""]


def test_a_long_sentence_is_prose_even_between_code_lines() -> None:
    text = "x = 1;\nThis sentence explains at some length what the line above and the line below both do.\ny = 2;\n"
    assert line_kinds(text)[1] == ""


# --- structure is content --------------------------------------------------------------------------------------------

CODE_ARTICLE = (
    LONG_PROSE
    + "Here is the whole handler:\n\n```\n"
    + "app.get('/', (req, res) => {\n  res.send('ok');\n});\n{\n}\n```\n\n"
    + "And the same loop in Rust, where the binding is printed on its own:\n\n"
    + "let x = compute();\nx\nprintln!(\"{}\", x);\n}\n\n"
    + PROSE
)


@pytest.mark.parametrize("profile", ["precision", "balanced", "recall"])
def test_code_lines_survive_every_rule_and_detector(profile: str) -> None:
    out = Cleaner(language="en", profile=profile).clean(CODE_ARTICLE).text
    for line in ("```", "});", "{", "}", "x", "let x = compute();", "Here is the whole handler:"):
        assert f"\n{line}\n" in out, line


def test_code_lines_survive_with_symbols_disabled() -> None:
    """The repeated-line detector, not just the symbol rule, must leave code alone."""
    braces = "".join(f"value_{i} = read({i});\n}}\n" for i in range(8))
    text = LONG_PROSE + "The readers:\n" + braces + PROSE
    out = Cleaner(language="en", disable=["symbols"]).clean(text).text
    assert out.count("\n}\n") + out.startswith("}\n") == 8


RANKED = "".join(f"{rank}. The Book Number {rank}\n" for rank in range(90, 0, -1))


@pytest.mark.parametrize("profile", ["precision", "balanced", "recall"])
def test_a_ranked_list_of_titles_stays_whole(profile: str) -> None:
    text = "The Best Books of the Century\n" + PROSE + RANKED + PROSE
    result = Cleaner(language="en", profile=profile).clean(text)
    assert RANKED in result.text
    assert result.alarm is None


def test_table_rows_stay() -> None:
    table = "| Team | Won | Lost |\n| --- | --- | --- |\n| Hawks | 12 | 3 |\n| Owls | 9 | 6 |\n"
    tabs = "Team\tWon\tLost\nHawks\t12\t3\nOwls\t9\t6\n"
    out = Cleaner(language="en").clean(LONG_PROSE + table + "\n" + tabs + "\n" + PROSE).text
    assert table in out and tabs in out


def test_a_share_network_name_inside_code_stays(cleaner: Cleaner) -> None:
    text = LONG_PROSE + "let x = 5;\nx\nx.print();\n" + PROSE
    assert "\nx\n" in cleaner.clean(text).text


def test_a_rule_acts_on_list_items_only_where_it_says_so(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path,
        """id = "t.list-share"
category = "boilerplate"
scope = "line"
action = "drop"
pattern = '''- share on \\w+'''
reason = "share buttons written as a list"
changes = [{ input = "A.\\n- Share on Facebook\\n", output = "A.\\n" }]
keeps = ["A.\\n"]
""",
    )
    text = PROSE + "- Share on Facebook\n- Share on Mastodon\n"
    kept = Cleaner(rules=[tmp_path], shipped_rules=False).clean(text)
    assert kept.text == text
    pack.write_text(pack.read_text().replace('scope = "line"', 'scope = "line"\nstructure = ["list"]'))
    assert Cleaner(rules=[tmp_path], shipped_rules=False).clean(text).text == PROSE


def test_a_pack_naming_an_unknown_structure_is_refused(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path,
        """id = "t.bad"
category = "boilerplate"
scope = "line"
action = "drop"
structure = ["paragraph"]
pattern = "x"
reason = "r"
changes = [{ input = "x\\n", output = "" }]
keeps = ["y\\n"]
""",
    )
    with pytest.raises(PackError, match="'structure' must be a list of: code, list, table"):
        load_pack(pack)


@given(st.lists(st.sampled_from(["}", "});", "{", "]", "x", "end", "```", "};", ") {", "*/"]), min_size=1, max_size=12))
def test_a_fenced_block_survives_whatever_it_holds(body: list[str]) -> None:
    block = "```\n" + "\n".join(line for line in body if line != "```") + "\n```\n"
    out = ENGLISH.clean(LONG_PROSE + "The listing:\n" + block + PROSE).text
    assert block in out


# --- blocks are whole ------------------------------------------------------------------------------------------------


def test_a_block_does_not_swallow_the_next_blocks_header(cleaner: Cleaner) -> None:
    text = PROSE + "Like this:\nLike Loading...\nSource link\nRelated Posts\nStorm closes schools\nMayor resigns\n"
    result = cleaner.clean(text)
    assert result.text == PROSE
    by_rule = {e.rules[0]: e.original for e in result.edits}
    assert by_rule["en.related-block"] == "Related Posts\nStorm closes schools\nMayor resigns\n"


def test_a_block_is_one_group_in_the_report(cleaner: Cleaner) -> None:
    result = cleaner.clean(PROSE + "Related Articles\n\nStorm closes schools\n\nMayor resigns\n")
    assert [(e.rules, e.original) for e in result.edits] == [
        (("en.related-block",), "Related Articles\n\nStorm closes schools\n\nMayor resigns\n")
    ]


def test_a_list_longer_than_its_rule_may_take_stays_with_its_header(cleaner: Cleaner) -> None:
    headlines = "".join(f"Storm closes school number {n}\n" for n in range(60))
    text = PROSE + "Related Articles\n" + headlines
    out = cleaner.clean(text).text
    assert "Related Articles\n" in out and headlines in out


def test_a_header_whose_next_line_stays_stays_too(cleaner: Cleaner) -> None:
    """A header no rule can take with its items is not removed alone, leaving them to read as article text."""
    item = "Droid phones get the update to Android Jelly Bean in the coming weeks, carriers say"
    out = cleaner.clean(PROSE + "Related articles:\n" + item + "\n").text
    assert "Related articles:" in out and item in out


def test_a_comment_header_goes_with_its_thread_or_not_at_all() -> None:
    thread = (
        "Kommentare\nHans Müller 12. Mai 2020\nDas ist doch Unsinn, wer soll das bezahlen?\n"
        "Maria\nSehr gut gemacht, endlich passiert etwas in unserer Stadt.\n"
    )
    article = "Der Rat hat am Dienstag den Haushalt für die Straßen der Stadt nach langer Debatte beschlossen.\n"
    out = Cleaner(language="de").clean(article + thread).text
    assert out in (article, article + thread)


def test_reader_comments_are_furniture_that_can_be_switched_off() -> None:
    post = "".join(
        f"The council met on day {n} and talked about the budget for the roads, which the mayor had proposed.\n"
        for n in range(12)
    )
    thread = "12 Comments\nJane Doe July 16, 2012 at 7:03 pm\nI do not agree with the mayor at all.\n"
    result = Cleaner(language="en").clean(post + thread)
    assert result.text == post
    assert {e.category for e in result.edits} == {"comments"}
    assert Cleaner(language="en", disable=["comments"]).clean(post + thread).text == post + thread


# --- the alarm sees structure -----------------------------------------------------------------------------------------


def test_losing_most_list_items_raises_the_alarm_whatever_the_share(tmp_path: Path) -> None:
    write_pack(
        tmp_path,
        """id = "t.steps"
category = "boilerplate"
scope = "line"
action = "drop"
structure = ["list"]
pattern = '''- step \\d+'''
reason = "a rule that takes list items (wrongly, here)"
changes = [{ input = "A.\\n- step 1\\n", output = "A.\\n" }]
keeps = ["A.\\n"]
""",
    )
    steps = "".join(f"- step {n}\n" for n in range(4))
    result = Cleaner(rules=[tmp_path], shipped_rules=False).clean(LONG_PROSE + steps)
    assert result.alarm is not None
    assert result.alarm["structure_lost"] == {"list": {"removed": 4, "lines": 4}}
    assert "4 of 4 list items were removed" in result.alarm["reason"]


# --- a page's shape alone is not enough ----------------------------------------------------------------------------

MENU = "".join(f"{name}\n" for name in ("Home", "News", "World", "Business", "Sport", "Culture", "Travel", "Weather"))
COUNTRIES = ("Albania", "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czechia", "Denmark", "Estonia", "Spain")


def test_a_listing_without_any_furniture_a_rule_names_keeps_its_lists(cleaner: Cleaner) -> None:
    """Short lines around prose are the shape of a page, and of a listing whose lines are all content."""
    offices = "".join(f"{country} office\n" for country in COUNTRIES)
    text = offices + LONG_PROSE + offices
    assert cleaner.clean(text).text == text


def test_a_page_with_furniture_a_rule_names_loses_its_menus(cleaner: Cleaner) -> None:
    offices = "".join(f"{country} office\n" for country in COUNTRIES)
    text = offices + LONG_PROSE + offices + "© 2024 The Daily Example. All rights reserved.\n"
    out = cleaner.clean(text).text
    assert out.endswith(LONG_PROSE)  # the lines below the article, and the copyright line, went
    assert "Albania office" not in out  # and so did those above it, but for two that may be its headline


def test_code_a_highlighter_split_one_token_a_line_stays(cleaner: Cleaner) -> None:
    tokens = "client\n.\nmessages\n.\ncreate\n(\nbody\n=\n'Hello'\n);\nconsole\n.\nlog\n(\nmessage\n);\n"
    out = cleaner.clean(LONG_PROSE + "Send it like this:\n" + tokens + PROSE).text
    assert tokens in out
