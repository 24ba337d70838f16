"""Golden files: every seed article's clean text and report are pinned.

``pytest --update-golden`` rewrites them after a deliberate change; review the
diff of ``seeds/expected/`` before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleantext import Cleaner, apply_edits

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
EXPECTED = SEEDS / "expected"


def _golden(seed: Path) -> tuple[Path, Path]:
    return EXPECTED / seed.name, EXPECTED / f"{seed.stem}.report.json"


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
def test_seed_matches_its_golden_files(cleaner: Cleaner, seed: Path, request: pytest.FixtureRequest) -> None:
    original = seed.read_text(encoding="utf-8")
    result = cleaner.clean(original)
    report = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    text_file, report_file = _golden(seed)
    if request.config.getoption("--update-golden"):
        EXPECTED.mkdir(exist_ok=True)
        text_file.write_text(result.text, encoding="utf-8")
        report_file.write_text(report, encoding="utf-8")
    assert result.text == text_file.read_text(encoding="utf-8")
    assert report == report_file.read_text(encoding="utf-8")
    assert apply_edits(original, result.to_dict()["edits"]) == result.text


def test_seeds_exist() -> None:
    assert SEED_FILES, "no seed articles found"


def test_first_seed_is_cleaned_as_promised(cleaner: Cleaner) -> None:
    """The foundation issue's contract for seed 000, stated line by line."""
    original = (SEEDS / "000_6f5ca463d0d70fa5.txt").read_text(encoding="utf-8")
    result = cleaner.clean(original)
    out = result.text
    for furniture in ("Source link", "News of max:", "Related Articles", "Back to top button"):
        assert furniture not in out
    removed = [e for e in result.edits if e.category == "boilerplate"]
    assert sorted(e.rule for e in removed) == sorted(
        ["en.source-link", "en.site-tagline", "en.related-block", "en.back-to-top"]
    )
    # Every paragraph of the article survives, headline and closing credit included.
    straight = original.replace("“", '"').replace("”", '"').replace("’", "'")
    paragraphs = [p.strip() for p in straight.split("\n") if p.strip()][:-4]
    assert out.startswith("Ceasefire is short-lived as Azerbaijan and Armenia continue to clash\n")
    assert out.rstrip().endswith("contributed reporting, as did journalist Aren Melikyan.")
    repairs = {
        "Theo Reuters": "according to Reuters",
        "Republic. of": "Republic of",
        '"stir pot"': '"stir the pot"',
        "the Ministry emphasize that": "the Ministry emphasized that",
        "Blinken voice concerns": "Blinken voiced concerns",
        "accused Azerbaijan attacked again": "accused Azerbaijan of attacking again",
    }
    for paragraph in paragraphs:
        for before, after in repairs.items():
            paragraph = paragraph.replace(before, after)
        assert paragraph in out
    for before, after in repairs.items():
        assert after in out and before not in out
    assert not set("“”‘’") & set(out)
    assert {e.category for e in result.edits} <= {"boilerplate", "repair", "quotes", "whitespace"}
    assert result.language == "en"


def test_first_seed_flags_what_it_cannot_repair(cleaner: Cleaner) -> None:
    """A mistranslation and a phrase-salad fragment are reported, and the text keeps them."""
    original = (SEEDS / "000_6f5ca463d0d70fa5.txt").read_text(encoding="utf-8")
    result = cleaner.clean(original)
    flagged = {f.rule: f.text for f in result.flags}
    assert flagged["en.capital-bare-speak"] == "Moscow speak"
    assert flagged["en.duplicated-fragment"].startswith("United Nations Security Council. United Nations on")
    assert "Moscow speak it facilitated" in result.text
    assert "Security Council. United Nations on the aggression" in result.text
    assert result.to_dict()["flags"][0]["rule"] in flagged
    # Six repair rules and two flag rules fired: the text is plainly spun.
    assert result.spin_score == 8
    assert result.to_dict()["spin_score"] == 8
