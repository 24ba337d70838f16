"""`cleantext review`: what a reviewer reads from one report or a batch of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given

from cleantext import Cleaner
from cleantext.cli import main
from cleantext.reports import ReportError, ReportSource, read_reports, recover_original
from cleantext.review import summarize

from .strategies import any_text

KEPT = "The harbour reopened on Monday after the storm, the port authority said in a statement."
REPAIRED = "War in Ukraine, Theo Reuters, and the Republic. of Armenia said talks would go on."
DOCS = {
    "kept": f"{KEPT}\n\n{REPAIRED}\n\nSource link\n",
    "gutted": "Storm.\nShare this:\nFacebook\nTwitter\nSource link\nBack to top button\n",
    "hostile": f"{KEPT}\n<script>alert('x')</script> & \"quotes\"\nSource link\n",
}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def reports(cleaner: Cleaner) -> dict[str, dict]:
    return {doc_id: cleaner.clean(text).to_dict() for doc_id, text in DOCS.items()}


@pytest.fixture
def batch(tmp_path: Path, reports: dict[str, dict], cleaner: Cleaner) -> Path:
    """A JSON Lines batch in every shape review accepts, and a failure record."""
    lines = [
        {"id": "kept", "report": reports["kept"]},  # report in a field, no text
        {**reports["gutted"], "id": "gutted"},  # a report with an id key
        {"id": "hostile", "text": cleaner.clean(DOCS["hostile"]).text, "report": reports["hostile"]},  # + clean text
        {"id": "broken", "error": "rule 'x' timed out"},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def _edits_of(report: dict, rule: str) -> list[dict]:
    return [e for e in report["edits"] if rule in e.get("rules", [e["rule"]])]


def test_summary_counts_edits_documents_and_characters_per_rule(batch: Path, reports: dict) -> None:
    summary = summarize(ReportSource([batch]).documents())
    assert summary.documents == 3
    assert [f.id for f in summary.failed] == ["broken"]
    tally = summary.by_rule["en.source-link"]
    expected = [e for r in reports.values() for e in _edits_of(r, "en.source-link")]
    assert (tally.edits, tally.docs) == (len(expected), 3)
    assert tally.chars == sum(len(e["original"]) for e in expected)
    assert summary.by_category["repair"].docs == 1
    assert tally.reason.startswith("autoblog credit line")


def test_summary_lists_alarmed_documents_before_the_tallies(batch: Path) -> None:
    result = run("review", str(batch))
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("Alarms") < out.index("gutted") < out.index("category")
    assert "kept" not in out[: out.index("category")]
    assert "broken  rule 'x' timed out" in out
    assert "\x1b[" not in out  # no colour codes when not a terminal


def test_summary_examples_show_a_repair_in_its_context(batch: Path) -> None:
    out = run("review", str(batch), "--examples", "1").output
    (line,) = [x for x in out.splitlines() if "⟨en.untranslated-theo⟩" in x]
    assert "War in Ukraine, [-Theo-]{+according to+}⟨en.untranslated-theo⟩ Reuters" in line


def test_rule_lists_every_edit_of_one_rule(batch: Path, reports: dict) -> None:
    out = run("review", str(batch), "--rule", "en.source-link").output.splitlines()
    assert len(out) == sum(len(_edits_of(r, "en.source-link")) for r in reports.values())
    assert all("[-Source link⏎-]⟨en.source-link⟩" in line for line in out)
    missing = run("review", str(batch), "--rule", "no.such-rule")
    assert missing.exit_code == 1 and "no edit of rule 'no.such-rule'" in missing.output


def test_doc_without_input_shows_each_edit_in_its_line(batch: Path) -> None:
    out = run("review", str(batch), "--doc", "kept").output
    assert "pass --input" in out
    assert "[-Theo-]{+according to+}⟨en.untranslated-theo⟩" in out
    assert KEPT not in out  # only the lines' context, not the whole text


def test_doc_with_input_shows_the_whole_text_inline(tmp_path: Path, batch: Path) -> None:
    source = tmp_path / "originals.jsonl"
    source.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in DOCS.items()), encoding="utf-8")
    out = run("review", str(batch), "--doc", "kept", "--input", str(source)).output
    assert KEPT in out
    assert "War in Ukraine, [-Theo-]{+according to+}⟨en.untranslated-theo⟩ Reuters" in out
    assert "[-Source link⏎" in out


def test_doc_rebuilds_the_original_from_the_clean_text_in_the_record(batch: Path) -> None:
    out = run("review", str(batch), "--doc", "hostile").output
    assert KEPT in out and "pass --input" not in out
    assert "<script>alert('x')</script>" in out


def test_doc_diff_is_coloured_on_request(batch: Path) -> None:
    out = run("review", str(batch), "--doc", "gutted", "--color").output
    assert "\x1b[31m" in out  # deletions in red
    assert "ALARM" in out


def test_a_single_report_with_its_input_file(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(DOCS["kept"], encoding="utf-8")
    assert run("clean", str(article), "--report", str(tmp_path / "a.json")).exit_code == 0
    out = run("review", str(tmp_path / "a.json"), "--doc", str(tmp_path / "a.json"), "--input", str(article)).output
    assert KEPT in out


def test_an_input_that_is_not_the_reported_text_is_refused(tmp_path: Path, batch: Path) -> None:
    wrong = tmp_path / "kept.txt"
    wrong.write_text("Some other article.\n", encoding="utf-8")
    result = run("review", str(batch), "--doc", "kept", "--input", str(wrong))
    assert result.exit_code == 1
    assert "is not the text the report of kept was made from" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"edits": [{"start": 0}]}\n', "an edit lacks one of"),
        ('{"id": 1, "text": "x"}\n{"id": 2}\n', ":1: not a report"),
        ('{"edits": []}\n{oops\n', ":2: not valid JSON"),
    ],
)
def test_a_file_that_is_not_a_report_is_an_error_naming_where(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReportError, match=message):
        list(read_reports([path]))
    assert message in run("review", str(path)).output


def test_a_json_array_of_reports(tmp_path: Path, reports: dict) -> None:
    path = tmp_path / "reports.json"
    path.write_text(json.dumps([reports["kept"], {**reports["gutted"], "id": "gutted"}]), encoding="utf-8")
    assert [d.id for d in read_reports([path])] == [f"{path}:1", "gutted"]


@given(any_text)
def test_the_clean_text_and_the_report_rebuild_the_original(cleaner: Cleaner, text: str) -> None:
    result = cleaner.clean(text)
    assert recover_original(result.to_dict(), result.text) == text
    assert recover_original(result.to_dict(), text) == text


def test_a_cleaned_text_that_holds_each_edits_original_is_still_read_as_the_cleaned_text(cleaner: Cleaner) -> None:
    """ "emphasize" became "emphasized" and a blank line went: the cleaned text has the same length and
    still holds "emphasize" and a newline where the edits were, but not the words around them."""
    text = "In a series of tweets, the Ministry emphasize that the fault lies with Baku, it said on Tuesday.\n\n\nNext."
    result = cleaner.clean(text)
    assert result.stats["chars_in"] == result.stats["chars_out"]
    assert recover_original(result.to_dict(), result.text) == text
    assert recover_original(result.to_dict(), text) == text
