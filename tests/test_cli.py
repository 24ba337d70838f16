"""The command line, as a user drives it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from cleantext import apply_edits
from cleantext.cli import main

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_6f5ca463d0d70fa5.txt"
ARTICLE = "The mayor opened the new bridge on Monday, officials said.\n\nShare this:\nFacebook\nTwitter\n"


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_clean_prints_clean_text_to_stdout() -> None:
    result = run("clean", str(SEED))
    assert result.exit_code == 0
    assert "Back to top button" not in result.output
    assert result.output.startswith("Ceasefire is short-lived")


def test_clean_reads_stdin_and_writes_output_and_report(tmp_path: Path) -> None:
    out, report = tmp_path / "out.txt", tmp_path / "report.json"
    result = run("clean", "-", "-o", str(out), "--report", str(report), input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert out.read_text() == "The mayor opened the new bridge on Monday, officials said.\n"
    data = json.loads(report.read_text())
    assert data["language"] == "en"
    assert data["encoding"] == "utf-8"
    assert apply_edits(ARTICLE, data["edits"]) == out.read_text()
    assert data["stats"]["lines_removed"] == 3


def test_non_utf8_input_is_decoded_and_the_encoding_reported(tmp_path: Path) -> None:
    source = tmp_path / "latin1.txt"
    source.write_bytes("Le café de la gare a rouvert ses portes après des années de travaux.\n".encode("cp1252"))
    report = tmp_path / "r.json"
    result = run("clean", str(source), "--report", str(report))
    assert result.exit_code == 0
    assert "café" in result.output
    assert json.loads(report.read_text())["encoding"] in {"cp1252", "latin_1", "iso8859_15"}


def test_options_lang_disable_enable_quotes() -> None:
    text = "“Quoted,” she said.\nSource link\n"
    assert run("clean", "-", "--lang", "de", input=text).output == '"Quoted," she said.\nSource link\n'
    assert run("clean", "-", "--lang", "en", "--disable", "source", input=text).output.endswith("Source link\n")
    assert run("clean", "-", "--lang", "en", "--quotes", "keep", input=text).output == "“Quoted,” she said.\n"
    enabled = run("clean", "-", "--lang", "en", "--disable", "boilerplate", "--enable", "en.source-link", input=text)
    assert enabled.output == '"Quoted," she said.\n'


def test_spin_threshold_option_gates_the_tortured_phrases(tmp_path: Path) -> None:
    text = "Firms now sell counterfeit consciousness tools.\n"
    assert run("clean", "-", "--lang", "en", input=text).output == text
    eager = run("clean", "-", "--lang", "en", "--spin-threshold", "0", "--report", str(tmp_path / "r.json"), input=text)
    assert eager.output == "Firms now sell artificial intelligence tools.\n"
    assert json.loads((tmp_path / "r.json").read_text())["spin_score"] == 0
    refused = CliRunner().invoke(main, ["clean", "-", "--spin-threshold", "-1"], input=text)
    assert refused.exit_code != 0


def test_diff_shows_changes_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    result = run("clean", "-", "--diff", "-o", str(out), input=ARTICLE)
    assert result.exit_code == 0
    assert "-Share this:" in result.output
    assert not out.exists()


def test_user_rules_folder(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text(
        '[pack]\nname = "site"\nlanguage = "*"\n\n[[rules]]\nid = "site.motto"\ncategory = "boilerplate"\n'
        'scope = "line"\naction = "drop"\npattern = "the daily example: news you can use"\nreason = "site motto"\n'
        'changes = [{ input = "Body.\\nThe Daily Example: news you can use\\n", output = "Body.\\n" }]\n'
        'keeps = ["News you can use is rare.\\n"]\n',
        encoding="utf-8",
    )
    result = run(
        "clean", "-", "--rules", str(tmp_path), input="An article here.\nThe Daily Example: news you can use\n"
    )
    assert result.output == "An article here.\n"
    assert run("rules", "test", str(tmp_path)).exit_code == 0


def test_missing_file_is_a_clear_error() -> None:
    result = CliRunner().invoke(main, ["clean", "no/such/file.txt"])
    assert result.exit_code == 1
    assert "no such file: no/such/file.txt" in result.output


def test_binary_input_is_a_clear_error(tmp_path: Path) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"\x00\x01\x02\xff" * 50)
    result = CliRunner().invoke(main, ["clean", str(blob)])
    assert result.exit_code == 1
    assert "cannot read" in result.output and "binary" in result.output


def test_broken_pack_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(
        '[pack]\nname = "bad"\nlanguage = "en"\n[[rules]]\nid = "bad.one"\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["clean", "-", "--rules", str(tmp_path)], input="text")
    assert result.exit_code == 1
    assert "bad.toml" in result.output and "bad.one" in result.output and "missing field" in result.output


def test_failing_example_fails_rules_test(tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text(
        '[pack]\nname = "p"\nlanguage = "en"\n[[rules]]\nid = "p.x"\ncategory = "boilerplate"\nscope = "line"\n'
        'action = "drop"\npattern = "menu"\nreason = "r"\nchanges = [{ input = "a\\nmenu\\n", output = "b\\n" }]\n'
        'keeps = ["menu items\\n"]\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["rules", "test", str(tmp_path)])
    assert result.exit_code == 1
    assert "p.x" in result.output and "1 failed" in result.output


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE)
    in_place = CliRunner().invoke(main, ["clean", str(source), "-o", str(source)])
    assert in_place.exit_code == 1 and "--force" in in_place.output
    assert source.read_text() == ARTICLE
    existing = tmp_path / "b.txt"
    existing.write_text("keep me")
    refused = CliRunner().invoke(main, ["clean", str(source), "-o", str(existing)])
    assert refused.exit_code == 1 and existing.read_text() == "keep me"
    forced = run("clean", str(source), "-o", str(source), "--force")
    assert forced.exit_code == 0
    assert source.read_text() == "The mayor opened the new bridge on Monday, officials said.\n"
    assert not list(tmp_path.glob(".*.tmp"))


def test_rules_list_and_show() -> None:
    listing = run("rules", "list")
    assert "en.source-link" in listing.output and "common.share-networks" in listing.output
    shown = run("rules", "show", "en.untranslated-theo")
    assert "according to" in shown.output and "Theo Walcott" in shown.output
    assert CliRunner().invoke(main, ["rules", "show", "nope"]).exit_code == 1


def test_rules_show_says_what_a_run_or_rest_rule_needs_beyond_its_match() -> None:
    archive = run("rules", "show", "en.archive-months").output
    assert "scope:    run (only in a run of at least 3 lines in a row)" in archive
    section = "rest (only after 0.5 of the text's words, or 150 words of prose with a line that 'followed_by' matches"
    assert section in run("rules", "show", "en.comment-section").output
    thread = "scope:    rest (only after 0.3 of the text's words, or 150 words of prose)"
    assert thread in run("rules", "show", "en.comment-thread").output
    assert "scope:    line\n" in run("rules", "show", "en.source-link").output


def test_rules_show_tells_whether_re2_rules_out_texts_for_a_pattern(tmp_path: Path) -> None:
    assert "prefilter: RE2: tried only on a line" in run("rules", "show", "en.source-link").output
    assert "prefilter: RE2: tried only on a text" in run("rules", "show", "en.dropped-article").output  # a lexicon
    assert "prefilter: none: tried on every text" in run("rules", "show", "en.tortured-phrase").output
    (tmp_path / "site.toml").write_text(
        '[pack]\nname = "site"\nlanguage = "*"\n\n[[rules]]\nid = "site.twice"\ncategory = "boilerplate"\n'
        'scope = "line"\naction = "drop"\npattern = "(?:share){e<=1} this"\nreason = "fuzzy"\n'
        'changes = [{ input = "Body.\\nShore this\\n", output = "Body.\\n" }]\nkeeps = ["Body."]\n'
    )
    shown = run("rules", "show", "site.twice", "--rules", str(tmp_path)).output
    assert "prefilter: none: tried on every line" in shown and "counted repeat" in shown


def test_shipped_rules_pass_their_own_examples() -> None:
    result = run("rules", "test")
    assert result.exit_code == 0
    assert " 0 failed" in result.output


def test_detectors_are_listed_and_shown_with_the_thresholds_of_each_profile() -> None:
    listing = run("rules", "list")
    assert "heuristic.paragraphs" in listing.output and "detector paragraphs" in listing.output
    shown = run("rules", "show", "heuristic.menu").output
    assert "detector: menu" in shown
    assert "precision: min_lines=5" in shown and "balanced:  min_lines=3" in shown and "recall:    min_lines=2" in shown


def test_profile_option_chooses_the_detector_thresholds(tmp_path: Path) -> None:
    menu = "\n".join(["News", "World", "Business", "Sport", "Culture", "Travel", "Weather"])
    sentence = "The council met on Tuesday and agreed, after a long debate, that the new bridge would open in May."
    page = f"{menu}\n{sentence} {sentence}\n{menu}\n{sentence}\n"
    removed = {}
    for profile in ("precision", "balanced", "recall"):
        result = run(
            "clean",
            "-",
            "--lang",
            "en",
            "--profile",
            profile,
            "--report",
            str(tmp_path / f"{profile}.json"),
            input=page,
        )
        assert result.exit_code == 0, result.output
        report = json.loads((tmp_path / f"{profile}.json").read_text())
        removed[profile] = [e for e in report["edits"] if e["rule"].startswith("heuristic.")]
        assert sentence in result.output
    assert len(removed["recall"]) > len(removed["precision"])
    assert all(e["score"] is not None for e in removed["recall"])
    bad = CliRunner().invoke(main, ["clean", "-", "--profile", "wild"], input=page)
    assert bad.exit_code == 2 and "wild" in bad.output


def test_clean_alarm_share_sets_the_reports_alarm(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    assert run("clean", "-", "--report", str(report), "--alarm-share", "0.2", input=ARTICLE).exit_code == 0
    alarm = json.loads(report.read_text())["alarm"]
    assert alarm["threshold"] == 0.2 and alarm["removed_share"] >= 0.2
    assert run("clean", "-", "--report", str(tmp_path / "r2.json"), input=ARTICLE).exit_code == 0
    assert json.loads((tmp_path / "r2.json").read_text())["alarm"] is None
    assert run("clean", "-", "--alarm-share", "0", input=ARTICLE).exit_code == 2


def test_writing_to_a_device_keeps_the_device(tmp_path: Path) -> None:
    device = Path("/dev/null")
    result = run("clean", str(SEED), "-o", str(device), "--report", str(device))
    assert result.exit_code == 0
    assert device.is_char_device()


def test_outputs_get_ordinary_permissions(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    old = os.umask(0o022)
    try:
        assert run("clean", str(SEED), "-o", str(out)).exit_code == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
