"""`cleantext review`: what a reviewer reads from one report or a batch of them."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given

from cleantext import Cleaner
from cleantext.cli import main
from cleantext.reports import ReportSource, read_reports, recover_original
from cleantext.review import summarize

from .strategies import any_text

KEPT = "The harbour reopened on Monday after the storm, the port authority said in a statement."
REPAIRED = "War in Ukraine, Theo Reuters, and the Republic. of Armenia said talks would go on."
#: A mistranslation a rule flags for a person rather than repairs; the double space inside is tidied.
FLAGGED = "Just a few hours after Moscow  speak it facilitated a ceasefire, shelling resumed near the border."
DOCS = {
    "kept": f"{KEPT}\n\n{REPAIRED}\n\nSource link\n",
    "gutted": "Storm.\nShare this:\nFacebook\nTwitter\nSource link\nBack to top button\n",
    "hostile": f"{KEPT}\n<script>alert('x')</script> & \"quotes\"\nSource link\n",
    "flagged": f"{KEPT}\n\n{FLAGGED}\n",
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
        {"id": "flagged", "text": DOCS["flagged"], "report": reports["flagged"]},  # + original text
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def _edits_of(report: dict, rule: str) -> list[dict]:
    return [e for e in report["edits"] if rule in e.get("rules", [e["rule"]])]


def test_summary_counts_edits_documents_and_characters_per_rule(batch: Path, reports: dict) -> None:
    summary = summarize(ReportSource([batch]).documents())
    assert summary.documents == 4
    assert [f.id for f in summary.failed] == ["broken"]
    tally = summary.by_rule["en.source-link"]
    expected = [e for r in reports.values() for e in _edits_of(r, "en.source-link")]
    assert (tally.edits, tally.flags, tally.docs) == (len(expected), 0, 3)
    assert tally.chars == sum(len(e["original"]) for e in expected)
    repair = summary.by_category["repair"]
    assert (repair.flags, repair.docs) == (1, 2)  # the flagged document counts among the category's documents
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
    assert missing.exit_code == 1 and "no edit or flag of rule 'no.such-rule'" in missing.output


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


def test_flags_are_counted_apart_from_edits_and_shown_in_their_context(batch: Path) -> None:
    out = run("review", str(batch)).output.splitlines()
    assert out[0].startswith("4 documents, 1 failed: ") and ", 1 flags, " in out[0]
    (row,) = [line for line in out if line.startswith("en.capital-bare-speak ")]
    assert row.split()[1:4] == ["0", "1", "1"]  # no edit, one flag, in one document
    assert "flagged for review" in row  # the rule's reason
    (example,) = [line for line in out if "⟨en.capital-bare-speak⟩" in line and line.startswith("    ")]
    assert "flagged: …Just a few hours after [?Moscow  speak?]⟨en.capital-bare-speak⟩ it facilitated" in example
    assert "[-" not in example and "{+" not in example  # a flag changes nothing


def test_a_document_marks_its_flagged_span_around_the_edits_inside_it(batch: Path) -> None:
    out = run("review", str(batch), "--doc", "flagged").output
    assert out.startswith("flagged: 1 edits, 1 flags, ")
    assert "after [?Moscow[-  -]{+ +}⟨whitespace.spaces⟩speak?]⟨en.capital-bare-speak⟩ it facilitated" in out
    assert KEPT in out


def test_flags_without_the_input_text_and_per_rule(batch: Path, reports: dict) -> None:
    without_text = {"id": "flagged", "report": reports["flagged"]}
    batch.write_text(json.dumps(without_text) + "\n", encoding="utf-8")
    out = run("review", str(batch), "--doc", "flagged").output
    assert "[?Moscow  speak?]⟨en.capital-bare-speak⟩" in out and "pass --input" in out
    listed = run("review", str(batch), "--rule", "en.capital-bare-speak")
    assert listed.exit_code == 0
    start = reports["flagged"]["flags"][0]["start"]
    assert listed.output == f"flagged @{start}: [?Moscow  speak?]⟨en.capital-bare-speak⟩\n"


def test_overlapping_flags_and_an_edit_across_a_flags_end_still_nest(tmp_path: Path) -> None:
    text = "Moscow speak it, Beijing say that.\n"
    flags = [(0, 12, "x.a"), (7, 24, "x.b")]  # overlapping; an edit runs across the end of the first
    report = {
        "edits": [_edit(start=10, end=20, original=text[10:20], replacement="X", rule="x.e", category="repair")],
        "flags": [{"start": a, "end": b, "text": text[a:b], "rule": r, "category": "repair"} for a, b, r in flags],
    }
    (tmp_path / "a.json").write_text(json.dumps(report), encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    out = run("review", str(tmp_path / "a.json"), "--doc", str(tmp_path / "a.json"), "--input", str(tmp_path / "a.txt"))
    assert out.output.splitlines()[-1] == "[?Moscow spe[-ak it, Bei-]{+X+}⟨x.e⟩jing?]⟨x.a+x.b⟩ say that."


def _edit(**changes: object) -> dict:
    edit = {"start": 0, "end": 5, "original": "Share", "replacement": "", "rule": "x.share", "category": "boilerplate"}
    return {key: value for key, value in {**edit, **changes}.items() if value is not None}


MALFORMED = [
    ("{oops", ":2: not valid JSON"),
    ('"just a string"', ':2: not a report: "just a string" is not a JSON object'),
    ('{"id": "n1", "text": "x"}', ":2 (n1): not a report (no 'edits'"),
    (json.dumps({"edits": {"start": 0}}), ":2: the report: 'edits' must be a list, not {"),
    (json.dumps({"edits": [_edit(rule=None)]}), ":2: edit 1 has no 'rule'"),
    (json.dumps({"edits": [_edit(start="0")]}), ":2: edit 1: 'start' must be a whole number from 0, not \"0\""),
    (json.dumps({"edits": [_edit(end=9)]}), ":2: edit 1: from 0 to 9 is not the length of its 'original'"),
    (json.dumps({"edits": [_edit(), _edit()]}), ":2: edit 2 overlaps the edit before it"),
    (json.dumps({"edits": [_edit(context="Share")]}), ":2: edit 1: 'context' must be two strings"),
    (json.dumps({"edits": [], "stats": [1]}), ":2: the report: 'stats' must be an object, not [1]"),
    (json.dumps({"edits": [], "stats": {"removed_share": "high"}}), ":2: 'stats': 'removed_share' must be a number"),
    (json.dumps({"edits": [], "alarm": "high"}), ":2: the report: 'alarm' must be an object, not \"high\""),
    (json.dumps({"edits": [_edit()], "rules": {"x.share": {"reason": 3}}}), ":2: rules['x.share']: 'reason' must be"),
    (json.dumps({"edits": [], "flags": "Moscow"}), ":2: the report: 'flags' must be a list"),
    (json.dumps({"edits": [], "flags": [{"start": 0, "end": 6, "text": "Moscow"}]}), ":2: flag 1 has no 'rule'"),
    (
        json.dumps(
            {"edits": [], "flags": [{"start": 0, "end": 1, "text": "M", "rule": "r", "category": "c", "rules": "r"}]}
        ),
        ":2: flag 1: 'rules' must be a list of strings, not \"r\"",
    ),
    (
        json.dumps({"edits": [], "flags": [{"start": 0, "end": 2, "text": "Moscow", "rule": "r", "category": "c"}]}),
        ":2: flag 1: from 0 to 2 is not the length of its 'text'",
    ),
]


@pytest.mark.parametrize(("bad_line", "message"), MALFORMED)
def test_a_malformed_report_is_named_and_the_rest_still_reviewed(
    tmp_path: Path, reports: dict, bad_line: str, message: str
) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": "kept", "report": reports["kept"]}), bad_line, json.dumps(reports["gutted"])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("review", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith("2 documents, 1 malformed: ")
    assert "en.untranslated-theo" in result.stdout  # the good reports before and after were reviewed
    heading, named = result.stderr.splitlines()  # one line for the count, one for the report
    assert heading == "Error: 1 malformed reports, left out of the review:"
    assert named.startswith(f"  {path}{message}")


def test_every_mode_names_the_malformed_reports_after_its_output(tmp_path: Path, reports: dict) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(f"{{oops\n{json.dumps({'id': 'kept', 'report': reports['kept']})}\n[]\n", encoding="utf-8")
    listed = run("review", str(path), "--rule", "en.source-link")
    assert listed.exit_code == 1 and "Source link" in listed.stdout
    assert f"{path}:1: not valid JSON" in listed.stderr and f"{path}:3: not a report" in listed.stderr
    shown = run("review", str(path), "--doc", "kept")  # stops reading at the document
    assert shown.exit_code == 1 and "Source link" in shown.stdout
    assert f"{path}:1: not valid JSON" in shown.stderr
    missing = run("review", str(path), "--doc", "nobody")
    assert missing.exit_code == 1 and f"{path}:1: not valid JSON" in missing.stderr
    assert "no document with id 'nobody'" not in missing.stderr  # the reports it could not read may hold it


def test_unreadable_files_are_named_and_the_other_files_still_reviewed(tmp_path: Path, reports: dict) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(reports["kept"]), encoding="utf-8")
    truncated = tmp_path / "batch.jsonl.gz"
    lines = "".join(json.dumps({"id": f"d{i}", "report": reports["gutted"]}) + "\n" for i in range(200))
    packed = gzip.compress(lines.encode("utf-8"))
    truncated.write_bytes(packed[: len(packed) // 2])
    cut_json = tmp_path / "cut.json"
    cut_json.write_text(json.dumps(reports["kept"], indent=2)[:300], encoding="utf-8")
    not_text = tmp_path / "binary.json"
    not_text.write_bytes(b"\xff\xfe\x00garbage")
    result = run("review", str(truncated), str(cut_json), str(not_text), str(good))
    assert result.exit_code == 1
    assert f"{truncated}: cannot read the file (" in result.stderr
    assert f"{cut_json}:" in result.stderr and "not valid JSON" in result.stderr
    assert result.stderr.count(str(cut_json)) == 1  # one error for the file, not one per line
    assert f"{not_text}: not UTF-8 text" in result.stderr
    read = int(result.stdout.split()[0])
    assert 1 < read < 201  # the start of the truncated batch, and the good file after the bad ones


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


def test_the_html_page_is_written_and_the_malformed_reports_named(tmp_path: Path, reports: dict) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(f"{{oops\n{json.dumps({'id': 'kept', 'report': reports['kept']})}\n", encoding="utf-8")
    page = tmp_path / "review.html"
    result = run("review", str(path), "--html", str(page))
    assert result.exit_code == 1
    assert "en.source-link" in page.read_text(encoding="utf-8")
    assert f"{path}:1: not valid JSON" in result.stderr
