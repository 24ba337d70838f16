"""Properties every run must keep, on any input: the report accounts for every
character, cleaning is deterministic and idempotent, and nothing crashes."""

from __future__ import annotations

import json
import pickle

import pytest
from hypothesis import example, given

from cleantext import Cleaner, apply_edits
from cleantext.stages.quotes import MODES

from .strategies import PROSE, any_text, quote_runs


@pytest.fixture(scope="module", params=MODES)
def styled(request: pytest.FixtureRequest) -> Cleaner:
    """A Cleaner of each quote mode, for English text."""
    return Cleaner(quotes=request.param, language="en")


@given(any_text)
def test_report_edits_rebuild_the_output_exactly(cleaner: Cleaner, text: str) -> None:
    result = cleaner.clean(text)
    report = json.loads(json.dumps(result.to_dict()))
    assert apply_edits(text, report["edits"]) == result.text
    prev_end = 0
    for edit in report["edits"]:
        assert prev_end <= edit["start"] <= edit["end"] <= len(text)
        assert text[edit["start"] : edit["end"]] == edit["original"]
        assert edit["original"] != edit["replacement"]
        assert edit["rule"] and edit["category"]
        prev_end = edit["end"]
    for flag in report["flags"]:
        assert text[flag["start"] : flag["end"]] == flag["text"]


@example("Facebook\nAdvertisement\nRead more »\në\n")  # furniture removal moved the language
@example("The council met.\n“We will respond,” he said. \x80Ø\n")  # straight quotes moved ftfy's verdict
@example("\x82\x8cÖ")  # ftfy's second look turned the line into symbols, which are furniture
@example("The council met on Tuesday to discuss the budget.\nʼ\n")  # the quote stage made the line a symbol
@example("The council met on Tuesday.\nÂ\x86È ")  # ftfy's verdict turned on the space that the tidy removes
# Repairs brought a line of prose ending in a footer within the footer rule's word limit:
@example(
    "Russia may try to “stir pot\" between them , said Blinken ; the the {big|large} crowd and Russia 's war. "
    "© 2024 Example Media. All rights reserved.\n"
)
@given(any_text)
def test_cleaning_clean_output_changes_nothing(cleaner: Cleaner, text: str) -> None:
    once = cleaner.clean(text)
    twice = cleaner.clean(once.text)
    assert twice.text == once.text
    assert twice.edits == []


@given(quote_runs)
def test_one_pass_restyles_every_quote_of_a_mixed_run(styled: Cleaner, text: str) -> None:
    once = styled.clean(text).text
    assert styled.clean(once).text == once


@given(any_text)
def test_same_input_same_output_and_report(cleaner: Cleaner, text: str) -> None:
    assert cleaner.clean(text).to_dict() == cleaner.clean(text).to_dict()


@given(any_text)
def test_bytes_in_any_encoding_do_not_crash(cleaner: Cleaner, text: str) -> None:
    for encoding in ("utf-8", "utf-16", "cp1252"):
        data = text.encode(encoding, errors="ignore")
        if b"\x00" in data and encoding != "utf-16":
            continue
        try:
            result = cleaner.clean(data)
        except ValueError as exc:  # DecodeError is the only refusal allowed
            assert type(exc).__name__ == "DecodeError"
            continue
        assert isinstance(result.text, str)


def test_a_pickled_cleaner_cleans_the_same(cleaner: Cleaner) -> None:
    """Even after it has cleaned (its prepared rules hold RE2 automata, which do not pickle)."""
    text = "\n\n".join(PROSE) + "\n\nSource link\n"
    first = cleaner.clean(text)
    copy = pickle.loads(pickle.dumps(cleaner))
    assert copy.clean(text).to_dict() == first.to_dict()


def test_a_pickled_cleaner_keeps_its_options() -> None:
    """Workers of --jobs and Dask get the Cleaner pickled: every option must arrive with it."""
    options = dict(disable=["en.source-link"], quotes="curly", profile="precision", language="en", spin_threshold=1)
    built = Cleaner(**options)
    copy = pickle.loads(pickle.dumps(built))
    text = "\n\n".join(PROSE) + "\n\nSource link\n"
    assert copy.clean(text).to_dict() == built.clean(text).to_dict()
    assert "Source link" in copy.clean(text).text
    assert (copy.quotes, copy.profile, copy.language, copy.spin_threshold) == ("curly", "precision", "en", 1)
    assert copy.disable == frozenset(["en.source-link"])


def test_clean_prose_passes_through_unchanged_apart_from_quotes(cleaner: Cleaner) -> None:
    prose = (
        "The council met on Tuesday to discuss the budget. Members said the plan, which had been "
        "delayed twice, would go ahead.\n\n"
        "“We will respond,” the mayor said. “It’s the right thing to do.”\n\n"
        "Theo Walcott, who scored twice, said the result was fair. The source link in the memo was broken.\n"
    )
    result = cleaner.clean(prose)
    assert {e.category for e in result.edits} == {"quotes"}
    straight = prose.replace("“", '"').replace("”", '"').replace("’", "'")
    assert result.text == straight
