"""Mojibake that ftfy alone leaves or gets wrong: a closing quote that lost its last byte, sequences with nothing
else on the line to give them away, UTF-8 read as Mac Roman. Real text with the same characters stays as it is."""

from __future__ import annotations

import pytest

from cleantext import Cleaner


def _clean(text: str, quotes: str = "keep") -> str:
    return Cleaner(shipped_rules=False, language="en", quotes=quotes).clean(text).text


@pytest.mark.parametrize(
    ("broken", "quotes", "clean"),
    [
        # ” is E2 80 9D; a cp1252 decoder that drops the undefined 0x9D leaves "â€", which ftfy reads as a dagger.
        ("It was â€œencouragingâ€ despite the rain.", "keep", "It was “encouraging” despite the rain."),
        ("It was â€œencouragingâ€ despite the rain.", "straight", 'It was "encouraging" despite the rain.'),
        ("Signs say â€œno smoking,â€ â€œno dogsâ€.", "keep", "Signs say “no smoking,” “no dogs”."),
        ("The â€œLand of Gortchâ€) was first.", "curly", "The “Land of Gortch”) was first."),
        ("An â€œoddâ€", "keep", "An “odd”"),
        # A quotation over several paragraphs: its closing quote ends a paragraph after the sentence's end.
        ("â€œThe first.\n\nThe last of its efforts.â€\n", "keep", "“The first.\n\nThe last of its efforts.”\n"),
    ],
)
def test_a_closing_quote_that_lost_its_last_byte_is_restored(broken: str, quotes: str, clean: str) -> None:
    assert _clean(broken, quotes) == clean


def test_without_an_open_quotation_the_lost_byte_is_left_to_ftfy() -> None:
    """ftfy reads "â€ " as a dagger whose no-break space became a space (E2 80 A0)."""
    assert _clean("A note â€ here.") == "A note †here."


@pytest.mark.parametrize(
    ("broken", "clean"),
    [
        ("Baby Feathers, LLC â„¢. Our address", "Baby Feathers, LLC ™. Our address"),
        ("Gregoire from Sept-ÃŽles, Quebec", "Gregoire from Sept-Îles, Quebec"),
        ("the San√¢tana Dharma", "the Sanâtana Dharma"),
        ("a speech by Miche√°l Martin in T√∏nsberg", "a speech by Micheál Martin in Tønsberg"),
        ("Baby Feathers, LLC ‚Ñ¢. Our address", "Baby Feathers, LLC ™. Our address"),
    ],
)
def test_mojibake_ftfy_leaves_alone_on_its_line_is_repaired(broken: str, clean: str) -> None:
    assert _clean(broken) == clean


@pytest.mark.parametrize("text", ["Le mot «élan» et 2√π ≈ 3.5449.", "1.40 Ã…) stays: no word around it.", "Ä, Å, ƒ."])
def test_real_text_with_the_same_characters_is_left_alone(text: str) -> None:
    assert _clean(text) == text
