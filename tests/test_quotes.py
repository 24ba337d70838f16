"""Quote modes, one test per pitfall of quote normalization."""

from __future__ import annotations

import pytest

from cleantext import Cleaner


def _clean(text: str, mode: str, language: str = "en") -> str:
    return Cleaner(shipped_rules=False, language=language, quotes=mode).clean(text).text


@pytest.mark.parametrize(
    ("text", "curly"),
    [
        (
            "It's the '90s, rock 'n' roll and the ministers' meeting.",
            "It’s the ’90s, rock ’n’ roll and the ministers’ meeting.",
        ),
        ("'Tis the season; don't 'em.", "’Tis the season; don’t ’em."),
        ("The 6'2\" guard, a 12\" pizza and a 6' tall man.", "The 6′2″ guard, a 12″ pizza and a 6′ tall man."),
        ('He said "12" twice.', "He said “12” twice."),
        ("\"He said 'no' to me,\" she said.", "“He said ‘no’ to me,” she said."),
        ("the letter 's' is silent, and so is the letter 'n'.", "the letter ‘s’ is silent, and so is the letter ‘n’."),
        ("He drove an '07 Camry.", "He drove an ’07 Camry."),
        ("'07 is your number' she said.", "‘07 is your number’ she said."),
        ("``We will respond,'' he said.", "“We will respond,” he said."),
        ("He called it „unacceptable“ and «dangerous».", "He called it “unacceptable” and “dangerous”."),
        ('Russia may try to “stir pot" between them.', "Russia may try to “stir pot” between them."),
    ],
)
def test_curly_quotes_and_apostrophes(text: str, curly: str) -> None:
    assert _clean(text, "curly") == curly


def test_a_quotation_over_several_paragraphs_opens_each_and_closes_once() -> None:
    text = '"The first paragraph of the statement.\n\n"The second paragraph," it ended.\n'
    assert _clean(text, "curly") == "“The first paragraph of the statement.\n\n“The second paragraph,” it ended.\n"


def test_no_closing_quote_is_invented_for_a_truncated_quotation() -> None:
    text = 'He said: "We will not\n\nRelated text follows here.\n'
    out = _clean(text, "curly")
    assert out == "He said: “We will not\n\nRelated text follows here.\n"
    assert out.count("”") == 0


def test_hebrew_gershayim_and_code_are_not_quotes() -> None:
    assert _clean('The IDF (צה"ל) said.', "curly") == 'The IDF (צה"ל) said.'
    code = 'config = {"key": "a|b"}\n'
    assert _clean(code, "curly") == code
    assert _clean(code, "keep") == code


def test_quoted_foreign_words_keep_their_own_marks_in_english_text() -> None:
    text = "The crowd chanted « Liberté, égalité » and „Freiheit und Recht“ all night."
    assert _clean(text, "curly") == text
    assert "« Liberté, égalité »" in _clean(text, "straight")


def test_straight_is_ascii_and_leaves_primes_and_guillemets_of_other_languages() -> None:
    assert _clean("“It’s ‘fine’,” a 6′2″ man said.", "straight") == "\"It's 'fine',\" a 6′2″ man said."
    assert _clean("He said « bonjour » twice.", "straight") == 'He said "bonjour" twice.'
    french = "« Bonjour\u202f! » dit-elle, l’homme.\n"
    assert _clean(french, "straight", "fr") == "« Bonjour\u202f! » dit-elle, l'homme.\n"


@pytest.mark.parametrize("mode", ["curly", "keep"])
def test_other_languages_keep_their_conventions(mode: str) -> None:
    for language, text in [
        ("de", "„Guten Tag“, sagte er. 'Ja' – ‚gut‘.\n"),
        ("fr", "« Bonjour\u202f! » dit-elle.\n"),
        ("sv", "”Hej”, sa hon.\n"),
        ("pl", "„Dzień dobry”, powiedział.\n"),
    ]:
        assert _clean(text, mode, language) == text, language


def test_keep_repairs_only_broken_quotes() -> None:
    assert _clean("Russia may “stir pot\" again, it's said.", "keep") == "Russia may “stir pot” again, it's said."
    assert _clean('He said "fine" and left.', "keep") == 'He said "fine" and left.'
    assert _clean("“Yes,” he said. ``No'' she said.", "keep") == "“Yes,” he said. “No” she said."
    assert _clean("He said ``no'' and left.", "keep") == 'He said "no" and left.'


@pytest.mark.parametrize("mode", ["straight", "curly", "keep"])
def test_every_mode_is_idempotent(mode: str) -> None:
    text = (
        "“It's the '90s,” he said of the 6'2\" guard. ``Really'' she asked.\n\n"
        '"A long quote starts.\n\n"And goes on," it ends. „Gut“ and «bien».\n'
    )
    once = _clean(text, mode)
    assert _clean(once, mode) == once


@pytest.mark.parametrize("mode", ["straight", "curly", "keep"])
def test_pairs_inside_pairs_are_restyled_in_one_pass(mode: str) -> None:
    """A tokenizer's ``…'' around a quotation that holds one of its own: both pairs go at once."""
    text = "The memo demanded that the studio ``Delete all the ``breast shots'' in Reel 1'' (69).\n"
    once = _clean(text, mode)
    assert "``" not in once and "''" not in once
    assert _clean(once, mode) == once


@pytest.mark.parametrize(
    ("text", "straight"),
    [
        ('"``a‚\'"', '""a""'),  # the low-9 mark made "'" closes the TeX pair
        ("ntuseMicrosof„ʼx”tWindo", 'ntuseMicrosof"\'x"tWindo'),  # the apostrophe made "'" leaves an English pair
        ("x ‹ʼ› y", "x ''' y"),
        ("x «ʼ» y", 'x "\'" y'),
    ],
)
def test_one_pass_of_straight_quotes_reaches_the_fixed_point(text: str, straight: str) -> None:
    assert _clean(text, "straight") == straight
    assert _clean(straight, "straight") == straight


@pytest.mark.parametrize("mode", ["curly", "keep"])
@pytest.mark.parametrize("text", ['"``a‚\'"', "ntuseMicrosof„ʼx”tWindo", "x ‹ʼ› y «ʼ» z", "‘“`’”‘”’", "'“`„'`„`\""])
def test_one_pass_of_curly_and_keep_quotes_reaches_the_fixed_point(mode: str, text: str) -> None:
    once = _clean(text, mode)
    assert _clean(once, mode) == once
