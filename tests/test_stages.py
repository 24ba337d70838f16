"""Each stage's own promises, seen through the Cleaner a user calls."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleantext import Cleaner
from cleantext.lang import detect_language
from cleantext.stages.boilerplate import ends_sentence, kept_before, strip_boilerplate
from cleantext.stages.inline import at_sentence_start
from cleantext.stages.normalize import _SUSPECT, _lines_to_check


@pytest.fixture(scope="module")
def bare() -> Cleaner:
    """No rule packs: only the built-in stages run."""
    return Cleaner(shipped_rules=False, language="en")


def test_mojibake_is_repaired_and_reported(bare: Cleaner) -> None:
    result = Cleaner(shipped_rules=False, language="en", quotes="keep").clean("He said â€œhelloâ€\x9d to us.")
    assert result.text == "He said “hello” to us."
    assert {e.rule for e in result.edits} == {"normalize.ftfy"}


def test_invisible_characters_and_crlf_are_removed(bare: Cleaner) -> None:
    result = bare.clean("Zero\u200bwidth and soft\u00adhyphen.\r\nNext line.\r\n")
    assert result.text == "Zerowidth and softhyphen.\nNext line.\n"
    assert {"normalize.invisible", "whitespace.newlines"} <= {e.rule for e in result.edits}


@given(st.text(alphabet="ab &\n\r\t\x00\x85é\u00ad\u200b\u2019\u0301\ufffdЖ", max_size=60))
def test_the_unicode_repair_looks_at_exactly_the_lines_that_may_need_it(text: str) -> None:
    """The search through the whole text finds the lines a look at each line would."""
    nfc = unicodedata.is_normalized("NFC", text)
    lines, pos = [], 0
    for line in text.split("\n"):
        if not nfc or _SUSPECT.search(line):
            lines.append((pos, line))
        pos += len(line) + 1
    assert list(_lines_to_check(text)) == lines


def test_french_spacing_and_nbsp_are_left_alone(bare: Cleaner) -> None:
    text = "« Bonjour\u202f! » dit-elle, à 10\u00a0h.\n"
    assert Cleaner(shipped_rules=False, language="fr").clean(text).text == text


def test_quotes_straight_curly_keep() -> None:
    text = "“It’s fine,” he said of the ’90s. ``Really'' she asked.\n"
    straight = Cleaner(shipped_rules=False, language="en").clean(text).text
    assert straight == '"It\'s fine," he said of the \'90s. "Really" she asked.\n'
    curly = Cleaner(shipped_rules=False, language="en", quotes="curly").clean(straight).text
    assert curly == "“It’s fine,” he said of the ’90s. “Really” she asked.\n"
    kept = Cleaner(shipped_rules=False, language="en", quotes="keep").clean(text).text
    assert kept == "“It’s fine,” he said of the ’90s. “Really” she asked.\n"


def test_curly_quotes_handle_primes_elisions_and_possessives() -> None:
    curly = Cleaner(shipped_rules=False, language="en", quotes="curly")
    assert curly.clean("The 6'2\" guard and the ministers' meeting, rock 'n' roll.").text == (
        "The 6′2″ guard and the ministers’ meeting, rock ’n’ roll."
    )
    assert curly.clean("'Tis the season; don't 'em.").text == "’Tis the season; don’t ’em."


def test_other_languages_quotes_are_not_curled_the_english_way() -> None:
    text = "„Guten Tag“, sagte er.\n"
    assert Cleaner(shipped_rules=False, language="de", quotes="curly").clean(text).text == text


def test_whitespace_tidy() -> None:
    bare = Cleaner(shipped_rules=False, language="en")
    assert bare.clean("\n\nFirst  line.   \n\n\n\nSecond.\n\n\n").text == "First line.\n\nSecond.\n"
    assert bare.clean("No final newline").text == "No final newline"
    assert bare.clean("   \n \n").text == ""


def test_sentence_start_detection() -> None:
    text = 'War in Ukraine, Theo Reuters. "Theo AFP said'
    assert not at_sentence_start(text, text.index("Theo"))
    assert at_sentence_start(text, text.index("Theo AFP"))
    assert at_sentence_start("Theo", 0)


def test_language_detection_is_deterministic_and_bounded() -> None:
    english = "The council met on Tuesday to discuss the budget for the coming year. " * 200
    assert detect_language(english) == "en"
    assert detect_language("Der Rat hat am Dienstag über den Haushalt für das kommende Jahr beraten.") == "de"
    assert detect_language("12 34 !!") == "und"
    assert {detect_language("Le conseil s'est réuni mardi.") for _ in range(5)} == {"fr"}


def test_language_decides_which_packs_run(cleaner: Cleaner) -> None:
    german = "Der Rat hat am Dienstag über den Haushalt für das kommende Jahr beraten und abgestimmt.\nSource link\n"
    result = cleaner.clean(german)
    assert result.language == "de"
    assert "Source link" in result.text


def test_a_comment_header_takes_the_rest_only_once_the_article_is_behind_it() -> None:
    """Menus can outweigh the article in words; only prose before the header shows that the article is behind it."""
    menu = [f"Section {n} Archive Index Page" for n in range(40)]
    article = [
        "Schools across the north of the country were closed on Monday after a storm brought down power lines.",
        "The ministry said that most of the schools would open again on Wednesday, once the roads were clear.",
    ]
    comments = ["John says: great news for the town, finally!", "Mary says: it took them long enough, as usual."]
    cleaner = Cleaner(language="en", disable=["common-heuristics"])
    above = cleaner.clean("\n".join([*menu, "Storm closes schools", "Leave a Reply", *article]) + "\n")
    assert all(sentence in above.text for sentence in article)
    below = cleaner.clean("\n".join([*menu, "Storm closes schools", *article, "Leave a Reply", *comments]) + "\n")
    assert all(sentence in below.text for sentence in article)
    assert "John says" not in below.text and "Leave a Reply" not in below.text


def test_a_thread_opener_takes_a_thread_many_times_longer_than_the_post_once_enough_prose_is_behind_it() -> None:
    """``after_prose_words``: a short post under a long thread has far less than a third of the words before
    the thread's opener, but 150 words of prose behind it are an article told; a bare "12 comments" (no such
    field) still waits for half the text."""
    sentence = "The council approved the budget on Tuesday after a long debate about the cost of the bridge."
    post = [sentence] * 9  # 153 words
    thread = [
        f"Reader {n} says: I drive over that river every day, and a new bridge is long overdue here." for n in range(60)
    ]
    cleaner = Cleaner(language="en", disable=["common-heuristics"])
    result = cleaner.clean("\n".join([*post, '14 thoughts on "Council approves bridge"', *thread]) + "\n")
    assert result.text == "\n".join(post) + "\n"
    assert [e.rule for e in result.edits] == ["en.comment-thread"]  # the opener and its thread: one group
    short = cleaner.clean("\n".join([*post[:5], '14 thoughts on "Council approves bridge"', *thread]) + "\n")
    assert "Reader 0 says" in short.text
    bare = cleaner.clean("\n".join([*post, "14 comments", *thread]) + "\n")
    assert "Reader 0 says" in bare.text


def test_a_bare_comment_count_takes_a_long_thread_only_when_a_readers_byline_follows_it() -> None:
    """``followed_by``: "14 comments" after a short post takes the thread when a byline opens it, not otherwise."""
    sentence = "The council approved the budget on Tuesday after a long debate about the cost of the bridge."
    post = [sentence] * 9  # 153 words
    comment = "I drive over that river every day, and a new bridge is long overdue here, as everyone knows."
    thread = [line for n in range(30) for line in (f"Reader {n} July 16, 2012 at 7:03 pm", comment)]
    cleaner = Cleaner(language="en", disable=["common-heuristics"])
    result = cleaner.clean("\n".join([*post, "14 comments", *thread]) + "\n")
    assert result.text == "\n".join(post) + "\n"
    assert [e.rule for e in result.edits] == ["en.comment-section"]  # the count and its thread: one group
    unsigned = cleaner.clean("\n".join([*post, "14 comments", *[comment] * 60]) + "\n")
    assert comment in unsigned.text


def test_an_archive_list_goes_only_as_a_run_and_a_lone_dateline_stays() -> None:
    """A ``run`` rule: one "October 2012" under a headline is a dateline; three months in a row are an archive."""
    cleaner = Cleaner(language="en", disable=["common-heuristics"])
    article = "Storm closes schools\nOctober 2012\nSchools across the north were closed on Monday after a storm.\n"
    archive = "Past issues\nOctober 2012 (4)\n\nSeptember 2012 (7)\nAugust 2012\nJuly 2012\n"
    result = cleaner.clean(article + archive)
    assert result.text == article + "Past issues\n"
    assert {e.rule for e in result.edits} == {"en.archive-months", "whitespace.blank-lines"}
    two = cleaner.clean(article + "September 2012\nAugust 2012\n")
    assert two.text == article + "September 2012\nAugust 2012\n"
    blogger = "Past issues\n▼ 2012 (45)\n► December (3)\n► November (5)\n"  # one run, two rules
    mixed = cleaner.clean(article + blogger)
    assert mixed.text == article + "Past issues\n"
    assert {e.rule for e in mixed.edits} == {"en.archive-months", "common.category-counts"}


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        ("He said so.", True),
        ('He said "yes."', True),
        ("Why? (Nobody knows.)", True),
        ("Motto: »Haltet unsere Gewässer sauber!«", True),
        ("Er sagte: „Nein.“", True),
        ("終わり。", True),
        ("Like Loading...", False),
        ("Read the full story…", False),
        ("Hello world", False),
        ("", False),
        ("Home\n", False),
        ("Done.\n", True),
    ],
)
def test_a_line_ends_a_sentence_only_with_a_sentence_mark_and_closing_quotes(line: str, sentence: bool) -> None:
    assert ends_sentence(line) is sentence


def test_kept_before_tells_where_each_removed_line_stood_among_the_kept_ones() -> None:
    """The page memory counts the lines the rules removed above and below the article: it needs, for each, how many
    of the lines that stay came before it."""
    text = "Facebook\nTwitter\nThe story.\nMore of it.\nPrivacy Policy\n"
    removals, _ = strip_boilerplate(text, Cleaner(language="en").rules_for("en"))
    assert [text[c.start : c.end] for c in removals] == ["Facebook\nTwitter\n", "Privacy Policy\n"]
    assert kept_before(text, removals) == [0, 0, 2]
