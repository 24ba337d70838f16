"""The benchmark metric itself, on tiny cases worked out by hand (see ../shared/bench/README.md)."""

from __future__ import annotations

import pytest

from benchmarks.learned_ceiling import VERDICTS, mean_scores, page_features, shape
from benchmarks.metric import Score, score, snippets_present, summarize, tokens
from benchmarks.oracle import best_removal


def test_tokens_are_nfkc_lowercased_word_runs_with_ascii_quotes_and_dashes() -> None:
    assert tokens("The ﬁrst “Co-op” — it’s ＡＢＣ!") == ["the", "first", "co", "op", "it", "s", "abc"]


def test_precision_and_recall_count_token_multisets() -> None:
    # pred: a a b c (4 tokens); gold: a b b d (4 tokens); common multiset: a, b -> 2
    got = score("a a b c", "a b b d")
    assert got.precision == pytest.approx(2 / 4)
    assert got.recall == pytest.approx(2 / 4)
    assert got.f1 == pytest.approx(0.5)


def test_f1_is_the_harmonic_mean() -> None:
    got = score("a b", "a b c d")  # precision 1, recall 1/2
    assert (got.precision, got.recall) == (1.0, 0.5)
    assert got.f1 == pytest.approx(2 * 1 * 0.5 / 1.5)


def test_empty_prediction_scores_zero_unless_gold_is_empty_too() -> None:
    assert score("", "some gold") == Score(0.0, 0.0, 0.0)
    assert score("  ...  ", "") == Score(1.0, 1.0, 1.0)
    assert score("", "").f1 == 1.0


def test_no_common_token_is_f1_zero() -> None:
    assert score("x y", "a b").f1 == 0.0


def test_gutted_means_recall_below_one_half() -> None:
    assert score("a", "a b c").gutted  # recall 1/3
    assert not score("a b", "a b c d").gutted  # recall exactly 1/2


def test_summary_is_a_macro_average() -> None:
    summary = summarize([score("a b", "a b"), score("a", "a b c d")])
    assert summary.n == 2
    assert summary.precision == pytest.approx(1.0)
    assert summary.recall == pytest.approx((1 + 0.25) / 2)
    assert summary.f1 == pytest.approx((1 + 0.4) / 2)
    assert summary.gutted == pytest.approx(0.5)
    assert summarize([]).n == 0


def test_snippets_compare_after_the_same_normalization_with_whitespace_collapsed() -> None:
    text = "Der  Bürgermeister sagte:\n„Wir  bauen“ — heute."
    assert snippets_present(text, ['der bürgermeister SAGTE: "wir bauen" - heute', "morgen"]) == [True, False]


def test_the_line_oracle_removes_the_lines_that_lower_f1_and_keeps_the_others() -> None:
    """benchmarks/oracle.py: it holds the gold text, so it drops exactly the furniture of this text."""
    text = "Share this\nThe council met on Tuesday.\nRead more\nThe budget passed.\n"
    raw, best = best_removal(text, "The council met on Tuesday.\nThe budget passed.\n")
    assert raw == pytest.approx(score(text, "The council met on Tuesday. The budget passed.").f1)
    assert best == 1.0
    assert best_removal("The budget passed.\n", "The budget passed and the bridge will be built.\n")[1] < 1.0


def test_the_learned_ceiling_sees_each_line_with_its_neighbours_and_the_cleaners_verdict() -> None:
    """benchmarks/learned_ceiling.py: one row per line, the same length for every line, the verdict one-hot."""
    stop = frozenset({"the", "of", "on", "a", "after"})
    lines = ["Home", "The council approved the budget of the town on Monday after a long debate.", "Share"]
    rows = page_features(lines, ["rule", "kept", "heuristic"], stop)
    assert len(rows) == 3 and len({len(row) for row in rows}) == 1
    assert [row[-len(VERDICTS) :] for row in rows] == [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    width = len(shape("Home", stop))
    assert rows[0][width : 2 * width] == [0.0] * width  # no line two above the first
    assert shape(lines[1], stop)[3] == 1.0 and shape("Home", stop)[3] == 0.0  # the sentence end


def test_the_learned_ceiling_scores_the_lines_it_is_told_to_keep() -> None:
    pages = [("The council approved the budget.", ["Home", "The council approved the budget."])]
    assert mean_scores(pages, [[False, True]]) == (1.0, 0.0)
    assert mean_scores(pages, [[False, False]]) == (0.0, 1.0)
