"""The report's review aids: each edit's context, and the per-document alarm."""

from __future__ import annotations

import pytest

from cleantext import Cleaner, apply_edits

FURNITURE = "Share this:\nFacebook\nTwitter\nSource link\nBack to top button\n"


def test_an_edit_carries_the_words_around_it_on_its_line(cleaner: Cleaner) -> None:
    text = "Officials met on Monday.\nThe talks, Theo Reuters, ended well.\n"
    report = cleaner.clean(text).to_dict()
    (repair,) = [e for e in report["edits"] if e["rule"] == "en.untranslated-theo"]
    before, after = repair["context"]
    assert before == "The talks, "
    assert after.startswith(" Reuters, ended well.")
    assert "\n" not in before + after
    assert apply_edits(text, report["edits"]) == cleaner.clean(text).text


def test_whitespace_edits_carry_no_context(cleaner: Cleaner) -> None:
    report = cleaner.clean("The talks ended.   \n\n\n\nThey will resume on Monday.\n").to_dict()
    spaces = [e for e in report["edits"] if e["category"] == "whitespace"]
    assert spaces and not any("context" in e for e in spaces)


def test_a_typical_article_raises_no_alarm(cleaner: Cleaner) -> None:
    text = "A long paragraph of the article that goes on for a while about the harbour.\n" * 5 + "Source link\n"
    report = cleaner.clean(text).to_dict()
    assert report["alarm"] is None


def test_an_article_mostly_removed_raises_the_alarm(cleaner: Cleaner) -> None:
    text = "The harbour reopened.\n" + FURNITURE
    report = cleaner.clean(text).to_dict()
    assert report["alarm"]["removed_share"] == report["stats"]["removed_share"] > 0.5
    assert report["alarm"]["threshold"] == 0.5
    assert "removed as boilerplate" in report["alarm"]["reason"]


def test_the_alarm_threshold_is_configurable() -> None:
    text = "The harbour reopened after the storm, officials said on Monday.\nSource link\n"
    share = Cleaner().clean(text).stats["removed_share"]
    assert Cleaner(alarm_share=share - 0.001).clean(text).alarm is not None
    assert Cleaner(alarm_share=min(1.0, share + 0.01)).clean(text).alarm is None


@pytest.mark.parametrize("share", [0, -0.1, 1.5])
def test_an_impossible_alarm_threshold_is_refused(share: float) -> None:
    with pytest.raises(ValueError, match="alarm_share"):
        Cleaner(alarm_share=share)
