"""Heuristic detectors: what they remove from whole pages, what they must leave alone,
and the guard that keeps article sentences out of their reach."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleantext import Cleaner
from cleantext.packs import PROFILES, load_pack, shipped_rules_dir
from cleantext.stages.heuristics import (
    _CONTINUES,
    _MARKUP,
    _OPEN_END,
    _WORD,
    _continues,
    _is_markup,
    _open_end,
    _words,
    build_blocks,
)
from cleantext.stopwords import stopwords

HEURISTICS = load_pack(shipped_rules_dir() / "common" / "heuristics.toml")

NAV = ["Home", "News", "World", "Business", "Sport", "Culture", "Travel", "Weather", "Podcasts", "Video", "Opinion"]
SENTENCES = [
    "Schools across the north of the country were closed on Monday after a storm brought down power lines and "
    "trees, the education ministry said.",
    "The ministry said that most of the schools would open again on Wednesday, once the roads had been cleared and "
    "the power was back on.",
    "Parents who had to stay at home with their children were told that they would not lose any pay for the days "
    "the schools were shut.",
    "It was the third storm of the winter, and the weather service said that another one could reach the coast "
    "before the end of the week.",
]
LONG_MENU = [*NAV, "Science", "Health", "Money", "Cars", "Food", "Games", "Puzzles", "Events", "Jobs", "Shop"]
FOOTER = ["Privacy policy | Terms of use", "Registered in England, no. 908396", "Advertise with us", "Careers"]


def page(body: list[str], nav: list[str] = NAV) -> str:
    return "\n".join([*nav, "Monday 4 March 2024", "Storm closes schools", *body, *FOOTER]) + "\n"


def heuristic_edits(result):
    return [e for e in result.edits if any(r.startswith("heuristic.") for r in e.rules)]


@pytest.mark.parametrize("profile", PROFILES)
def test_a_long_punctuated_sentence_in_the_article_body_is_never_dropped(profile: str) -> None:
    """The guard: whatever surrounds it, article prose stays, in every profile."""
    article = [f"{SENTENCES[0]} {SENTENCES[1]}", f"{SENTENCES[1]} {SENTENCES[3]}", f"{SENTENCES[3]} {SENTENCES[0]}"]
    cut_off = [SENTENCES[2]]  # a sentence of the article stranded between teaser lists, outside the article zone
    teasers = ["Rail Strike Called Off", "Ferry Fares To Rise", "Council Backs The Budget", "New Bridge Opens"] * 2
    result = Cleaner(profile=profile, language="en").clean(page([*article, *teasers, *cut_off, *teasers], LONG_MENU))
    assert heuristic_edits(result)  # the page's furniture did go...
    for paragraph in [*article, *cut_off]:  # ...but no article prose, not even the sentences among teasers
        assert f"{paragraph}\n" in result.text


sentence_pool = st.sampled_from(SENTENCES)
furniture = st.sampled_from([*NAV, *FOOTER, "Read More", "Share", "Sign in", "12 comments", "Top stories"])


@given(st.lists(st.one_of(sentence_pool, furniture, furniture), min_size=1, max_size=40), st.sampled_from(PROFILES))
def test_no_heuristic_ever_drops_a_guarded_sentence(lines: list[str], profile: str) -> None:
    cleaner = Cleaner(shipped_rules=False, packs=[HEURISTICS], language="en", profile=profile)
    result = cleaner.clean(page(lines))
    for sentence in set(lines) & set(SENTENCES):
        assert sentence in result.text


def test_a_whole_page_loses_its_menu_and_footer_and_keeps_its_article() -> None:
    result = Cleaner(language="en").clean(page(SENTENCES))
    assert result.text.startswith("Monday 4 March 2024\nStorm closes schools\n")
    for sentence in SENTENCES:
        assert sentence in result.text
    for furniture_line in (*NAV, *FOOTER):
        assert f"\n{furniture_line}\n" not in f"\n{result.text}"


def test_every_heuristic_removal_names_its_detector_and_score() -> None:
    result = Cleaner(language="en").clean(page(SENTENCES))
    found = heuristic_edits(result)
    assert {e.rule for e in found} >= {"heuristic.menu", "heuristic.paragraphs"}
    for edit in found:
        assert edit.score is not None and 0.0 <= edit.score <= 1.0
        assert edit.to_dict()["score"] == round(edit.score, 3)
        assert result.rules[edit.rule]["category"] == "boilerplate"
        assert result.rules[edit.rule]["reason"]
    menu = next(e for e in found if e.rule == "heuristic.menu")
    assert menu.original == "News\n" and menu.score == 1.0  # "Home" went first, to the rule en.navigation


def test_an_extracted_article_keeps_its_markup_headings_bylines_and_short_lines() -> None:
    article = (
        "Storm closes schools across the north\n"
        "By Jane Doe\n"
        "Monday 4 March 2024\n"
        f"{SENTENCES[0]}\n"
        "Closed schools by region\n"
        "| Region | Schools |\n| North | 120 |\n| Coast | 45 |\n"
        "What parents need to know\n"
        "- Pay is not docked\n- Meals are delivered\n- Buses run from Wednesday\n"
        f"{SENTENCES[1]}\n"
        "Photo: Reuters\n"
    )
    for profile in PROFILES:
        result = Cleaner(language="en", profile=profile).clean(article)
        assert not heuristic_edits(result), profile


def test_recall_removes_at_least_what_balanced_does_and_balanced_what_precision_does() -> None:
    body = [SENTENCES[0], "Most Popular", "Rail strike called off", "Ferry fares to rise", SENTENCES[1]]
    text = page(body, LONG_MENU)
    removed = {
        profile: sum(len(e.original) for e in heuristic_edits(Cleaner(language="en", profile=profile).clean(text)))
        for profile in PROFILES
    }
    assert removed["recall"] >= removed["balanced"] >= removed["precision"] > 0


def test_an_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="profile"):
        Cleaner(profile="aggressive")


def test_the_paragraph_classifier_stays_out_of_languages_without_a_stopword_list() -> None:
    """Chinese has no spaces between words: word-based densities mean nothing there."""
    body = ["北方多所学校周一因暴风雨停课，教育部表示尚不清楚何时能够全部复课。"] * 3
    result = Cleaner(language="zh").clean(page(body))
    assert not any(e.rule == "heuristic.paragraphs" for e in result.edits)
    assert all(line in result.text for line in FOOTER[:1])


def test_a_hard_wrapped_paragraph_is_judged_as_one_block() -> None:
    text = "The history of performance\n  appraisal is quite brief, and its roots\n  lie in the early 20th century.\n"
    text += "Next\n"
    blocks = build_blocks([line.strip() for line in text.split("\n")], stopwords("en"))
    assert [b.lines for b in blocks] == [[0, 1, 2], [3]]
    assert blocks[0].sentence and blocks[0].words == 17


def test_a_detector_that_would_take_most_of_a_text_abstains(tmp_path) -> None:
    """A list of title-case names is most of this text: a menu detector that took it would gut the article."""
    names = ["Anna Berg", "Carl Dahl", "Eva Fors", "Gustav Holm", "Ida Jonsson", "Karl Lind", "Maja Nord", "Olle Ek"]
    text = "Our volunteers this year\n" + "\n".join(names) + "\nThanks to all of them.\n"
    shipped = Cleaner(language="en").clean(text)
    assert not heuristic_edits(shipped)
    pack = (shipped_rules_dir() / "common" / "heuristics.toml").read_text(encoding="utf-8")
    (tmp_path / "greedy.toml").write_text(pack.replace("max_share = 0.5", "max_share = 1"), encoding="utf-8")
    greedy = Cleaner(shipped_rules=False, rules=[tmp_path], language="en").clean(text)
    assert {e.rule for e in heuristic_edits(greedy)} == {"heuristic.menu"}


def test_a_page_whose_zone_would_lose_most_of_its_words_still_loses_its_menus() -> None:
    """The paragraph classifier would take the long results table below a short report, more than half the text:
    it abstains from that, but the link list above the report goes all the same."""
    links = ["Weather and radar", "Crosswords and puzzles", "Jobs near you", "Homes for sale", "Cars for sale"] * 2
    table = [f"Round {n}: {n + 10} - {n + 7}, {n + 12} - {n + 9}, {n + 5} - {n + 15}" for n in range(1, 40)]
    report = [f"{SENTENCES[0]} {SENTENCES[1]}", f"{SENTENCES[2]} {SENTENCES[3]}"]
    head = ["Monday 4 March 2024", "Storm closes schools"]
    skip = "Skip to main content"  # furniture a rule names: the text is a page, not a listing
    result = Cleaner(language="en").clean("\n".join([skip, *links, *head, *report, *table]) + "\n")
    assert {e.rule for e in heuristic_edits(result)} == {"heuristic.paragraphs"}
    assert result.text == "\n".join([*head, *report, *table]) + "\n"


def test_a_short_header_over_a_long_footer_makes_a_whole_page_but_a_closing_table_does_not() -> None:
    """Position: furniture below the article counts as page evidence only when it reads like links."""
    header = ["Home", "News", "Sport", "Culture", "Travel", "Weather"]
    footer = [f"{word} desk" for word in [*NAV, "Science", "Health", "Money", "Cars", "Food", "Games", "Puzzles"]]
    footer += ["Events calendar", "Jobs board", "Reader offers", "Contact the newsroom"]
    cleaner = Cleaner(language="en")
    page_text = "\n".join([*header, "Storm closes schools", *SENTENCES, *footer]) + "\n"
    result = cleaner.clean(page_text)
    assert all(sentence in result.text for sentence in SENTENCES)
    assert "Jobs board" not in result.text and "Reader offers" not in result.text
    table = [f"Region {n}: {10 * n} schools, {n}.5% closed" for n in range(1, 25)]
    article = "\n".join(["Storm closes schools", *SENTENCES, *table]) + "\n"
    assert cleaner.clean(article).text == article


def test_a_price_table_above_an_extracted_article_is_not_read_as_a_page_header() -> None:
    """Landing pages that an extractor returned whole open with their prices and figures, not with a menu."""
    prices = [
        "Online Design Course",
        "12 Months",
        "GBP 7,450",
        "USD 9,970",
        "EUR 8,510",
        "AUD 15,100",
        "Starts 4 March 2024",
        "60-day guarantee",
        "3 live projects",
        "200 hours of tuition",
        "Class of 2025",
        "Save 15%",
        "4.8 out of 5",
        "1,200+ students",
    ]
    text = "\n".join([*prices, *SENTENCES]) + "\n"
    result = Cleaner(language="en").clean(text)
    assert result.text == text


def test_the_labels_of_a_price_table_between_its_figures_are_not_a_menu() -> None:
    """A page's menu is an unbroken run of links; a price table's labels stand between its figures."""
    plans = []
    for users, (name, price) in enumerate([("Starter", "$9"), ("Team", "$29"), ("Business", "$79"), ("Scale", "$99")]):
        plans += [f"{name} Plan", price, "Select Plan", "Billed monthly", f"Up to {5 * (users + 1)} users"]
    text = "\n".join([*plans, *SENTENCES]) + "\n"
    result = Cleaner(language="en").clean(text)
    assert result.text == text


def test_furniture_that_shows_only_once_other_furniture_is_gone_goes_in_the_same_pass() -> None:
    """A comment header past its share of the text only once the footer under it is gone still takes its thread,
    so that cleaning the output again removes nothing more."""
    comments = ["Jane Doe says:", "March 4, 2024 at 9:12 am", "The roads were a mess all morning here.", "Reply"] * 3
    footer = [*LONG_MENU, "About Us", "Contact Us", "Careers", "Advertise", "Newsletters", "Podcasts Archive"]
    footer += ["Apps", "Events Calendar", "Local Guides", "Obituaries", "Classifieds", "Photo Galleries"]
    footer += ["Weather Radar", "Traffic Maps", "Site Map", "Help Centre"]
    text = "\n".join([*SENTENCES, "12 Responses to “Storm closes schools”", *comments, *footer]) + "\n"
    cleaner = Cleaner(language="en")
    once = cleaner.clean(text).text
    assert once == "\n".join(SENTENCES) + "\n"
    assert cleaner.clean(once).text == once


def test_a_page_stays_a_page_when_the_rules_take_the_menus_that_marked_it() -> None:
    """The share bar above the article and the footer links below it are what make this text a whole page; the
    rules remove both before the detectors look, yet the teasers left under the article go as a page's would.
    Without that frame, the same article and teasers read as an extractor's output, and stay."""
    share_bar = ["Facebook", "Twitter", "WhatsApp", "Email", "Print", "Pinterest", "Reddit", "Telegram"]
    teasers = ["Rail strike called off after talks", "Ferry fares to rise in May", "New bridge opens to traffic"]
    footer = ["Privacy Policy", "Terms of Use", "Cookie Settings"]
    cleaner = Cleaner(language="en")
    result = cleaner.clean("\n".join([*share_bar, "Storm closes schools", *SENTENCES, *teasers, *footer]) + "\n")
    assert result.text == "\n".join(["Storm closes schools", *SENTENCES]) + "\n"
    assert {e.rules[0] for e in heuristic_edits(result)} == {"heuristic.paragraphs"}
    extracted = "\n".join(["Storm closes schools", *SENTENCES, *teasers]) + "\n"
    assert cleaner.clean(extracted).text == extracted


def test_a_page_framed_only_above_is_not_held_to_be_a_page() -> None:
    """An extractor that lets a site's header through still ends its text with the article: a menu above alone
    does not keep the text a page once the rules have taken it."""
    share_bar = ["Facebook", "Twitter", "WhatsApp", "Email", "Print", "Pinterest", "Reddit", "Telegram"]
    teasers = ["Rail strike called off after talks", "Ferry fares to rise in May", "New bridge opens to traffic"]
    result = Cleaner(language="en").clean("\n".join([*share_bar, "Storm closes schools", *SENTENCES, *teasers]) + "\n")
    assert result.text == "\n".join(["Storm closes schools", *SENTENCES, *teasers]) + "\n"


def test_a_changelog_of_plus_items_is_list_markup_not_a_menu() -> None:
    """Markdown's other bullet: "+ item" lines are the article's list, however many and however short."""
    items = [f"+ Added {thing}" for thing in ("Slime Block", "Iron Trapdoor", "Banners", "Armor Stands", "Rabbits")]
    items += [f"+ Added /{command} command" for command in ("clone", "fill", "execute", "particle", "blockdata")]
    items += [f"+ Added {thing} blocks" for thing in ("Granite", "Andesite", "Diorite", "Prismarine", "Sea Lantern")]
    text = "\n".join([*items, *SENTENCES]) + "\n"
    assert Cleaner(language="en").clean(text).text == text


#: Characters that the quick line tests treat apart: markup leads, other scripts' digits and letters, dashes, spaces.
_TRICKY = st.sampled_from(list("-*+#|•1٣7 \taZzéÉß_,;(–—.)!ǅ "))
_CHARS = st.one_of(_TRICKY, st.characters())
_LINES = st.tuples(_CHARS, st.text(_CHARS), _CHARS).map(lambda parts: "".join(parts).strip()).filter(bool)


@given(_LINES)
def test_the_quick_line_tests_decide_as_the_patterns_do(line: str) -> None:
    """Blocks are built on str tests of a line's first or last character; they must agree with the patterns."""
    assert _is_markup(line) == bool(_MARKUP.match(line))
    assert _continues(line) == bool(_CONTINUES.match(line))
    assert _open_end(line) == bool(_OPEN_END.search(line))


@given(st.text(_CHARS))
def test_words_are_the_words_the_pattern_finds(text: str) -> None:
    assert _words(text) == _WORD.findall(text)
    ascii_text = text.encode("ascii", "replace").decode("ascii")
    assert _words(ascii_text) == _WORD.findall(ascii_text)
