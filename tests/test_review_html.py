"""`cleantext review --html`: the page is self-contained, escapes what it shows, and
works in a real browser (Debian's chromium and chromedriver, driven by selenium).

The browser tests skip, saying why, when chromium or chromedriver is missing;
`.ci/run` installs both so that CI always runs them.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleantext import Cleaner
from cleantext.cli import main

ARTICLE = (
    "The harbour reopened on Monday after the storm, the port authority said.\n\n"
    "War in Ukraine, Theo Reuters, officials said.\n\nSource link\n"
)
OTHER = "The council met on Tuesday to discuss the budget, the mayor said.\n\nBack to top button\n"
HOSTILE = (
    'Prices rose.\n</div><script>document.title="pwned"</script><img src=x onerror=alert(1)> "&amp;"\nSource link\n'
)
#: A mistranslation a rule flags for a person; the double space inside it is tidied by an edit.
FLAGGED = "Talks stalled.\n\nJust a few hours after Moscow  speak it facilitated a ceasefire, shelling resumed.\n"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A page for four documents, written by the command line from a batch report and its inputs."""
    folder = tmp_path_factory.mktemp("review")
    cleaner = Cleaner()
    docs = {"article": ARTICLE, "other": OTHER, "hostile": HOSTILE, "flagged": FLAGGED}
    batch = folder / "batch.jsonl"
    inputs = folder / "inputs.jsonl"
    batch.write_text(
        "".join(json.dumps({"id": k, "report": cleaner.clean(v).to_dict()}) + "\n" for k, v in docs.items()),
        encoding="utf-8",
    )
    inputs.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in docs.items()), encoding="utf-8")
    out = folder / "review.html"
    result = CliRunner().invoke(main, ["review", str(batch), "--input", str(inputs), "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert "4 of 4 documents" in result.output
    return out


def test_the_page_fetches_nothing_and_escapes_the_text(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert "default-src 'none'" in html  # the browser may load nothing from anywhere
    assert "<script>document.title" not in html and "<img" not in html
    assert "&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;" in html
    assert "&amp;amp;" in html  # an entity in the text is shown, not interpreted
    assert html.count("<script>") == 1  # only the page's own


def test_the_page_shows_flags_beside_the_edits(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert ", 1 flags, " in html  # the summary counts them
    assert "<th>edits</th><th>flags</th>" in html
    (row,) = [line for line in html.splitlines() if "<td>en.capital-bare-speak</td>" in line]
    assert '<td class="n">0</td><td class="n">1</td>' in row  # no edit, one flag
    flagged = html[html.index("Just a few hours after ") :]
    assert flagged.startswith('Just a few hours after <span class="flag" data-rules="')
    assert 'title="en.capital-bare-speak (repair): a capital city' in flagged
    inner = flagged[: flagged.index("</small></span>")]
    assert 'Moscow<span class="edit"' in inner and "<del>  </del><ins> </ins></span>speak" in inner
    assert inner.endswith('<small class="flag-rule">⚑ en.capital-bare-speak')


def test_malformed_reports_are_listed_on_the_page(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    report = Cleaner().clean(OTHER).to_dict()
    batch.write_text(f'{json.dumps(report)}\n{{"edits": [{{"start": 0}}]}}\n', encoding="utf-8")
    out = tmp_path / "review.html"
    result = CliRunner().invoke(main, ["review", str(batch), "--html", str(out)])
    assert "Traceback" not in result.output and "1 of 1 documents" in result.output
    html = out.read_text(encoding="utf-8")
    assert "1 documents, 1 malformed: " in html
    assert f"<li>{batch}:2: edit 1 has no &#x27;end&#x27;</li>" in html


def test_the_page_refuses_to_overwrite_without_force(page: Path, tmp_path: Path) -> None:
    batch = page.parent / "batch.jsonl"
    older = tmp_path / "review.html"  # not the shared page, which the browser tests read with its input texts
    older.write_text("an older page", encoding="utf-8")
    refused = CliRunner().invoke(main, ["review", str(batch), "--html", str(older)])
    assert refused.exit_code == 1 and "exists" in refused.output
    assert older.read_text(encoding="utf-8") == "an older page"
    assert CliRunner().invoke(main, ["review", str(batch), "--html", str(older), "--force"]).exit_code == 0
    assert "<title>cleantext review</title>" in older.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser():
    missing = "" if CHROMIUM and CHROMEDRIVER else "chromium and chromedriver are not installed"
    try:
        from selenium import webdriver
    except ImportError:
        missing = missing or "selenium is not installed (pip install -e '.[test]')"
    if missing:
        if os.environ.get("CLEANTEXT_REQUIRE_BROWSER"):
            pytest.fail(f"{missing}, and CLEANTEXT_REQUIRE_BROWSER is set")
        pytest.skip(f"{missing} (apt-get install chromium chromium-driver): the page is not tested in a browser")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    yield driver
    driver.quit()


def _edit(driver, doc_index: int, text: str):
    """The edit span of a document whose deletion or insertion reads `text`."""
    from selenium.webdriver.common.by import By

    doc = driver.find_element(By.ID, f"doc-{doc_index}")
    for span in doc.find_elements(By.CSS_SELECTOR, ".edit"):
        if text in span.get_attribute("textContent"):
            return span
    raise AssertionError(f"no edit reading {text!r} in document {doc_index}")


def test_the_page_works_in_a_browser(browser, page: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(page.as_uri())
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    assert browser.title == "cleantext review"  # the hostile text ran no script
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0

    # The known document: its removal struck through, its repair highlighted, rule and reason on hover.
    removed = _edit(browser, 0, "Source link")
    struck = removed.find_element(By.TAG_NAME, "del")
    assert "line-through" in struck.value_of_css_property("text-decoration")
    assert "en.source-link (boilerplate): autoblog credit line" in removed.get_attribute("title")
    repair = _edit(browser, 0, "according to")
    assert repair.find_element(By.TAG_NAME, "del").text == "Theo"
    inserted = repair.find_element(By.TAG_NAME, "ins")
    assert inserted.is_displayed() and inserted.text == "according to"
    assert inserted.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    assert "en.untranslated-theo" in repair.get_attribute("title")

    # Next/previous walk the edits in order.
    browser.find_element(By.ID, "next").click()
    first = browser.find_element(By.CSS_SELECTOR, ".edit.current")
    assert browser.find_element(By.ID, "position").text.startswith("edit 1 of ")
    browser.find_element(By.ID, "next").click()
    assert browser.find_element(By.CSS_SELECTOR, ".edit.current") != first
    browser.find_element(By.ID, "previous").click()
    assert browser.find_element(By.CSS_SELECTOR, ".edit.current") == first

    # A rule filter hides every other rule's edits, and the documents it never touched.
    rule = Select(browser.find_element(By.ID, "rule-filter"))
    rule.select_by_visible_text("en.untranslated-theo")
    assert repair.find_element(By.TAG_NAME, "ins").is_displayed()
    assert "filtered" in removed.get_attribute("class")
    assert "line-through" not in struck.value_of_css_property("text-decoration")
    assert not browser.find_element(By.ID, "doc-1").is_displayed()
    assert browser.find_element(By.ID, "position").text == "1 edits, 0 flags"

    # A category filter: only boilerplate removals are marked.
    rule.select_by_visible_text("all rules")
    Select(browser.find_element(By.ID, "category-filter")).select_by_visible_text("boilerplate")
    assert not repair.find_element(By.TAG_NAME, "ins").is_displayed()
    assert "line-through" in struck.value_of_css_property("text-decoration")
    assert browser.find_element(By.ID, "doc-1").is_displayed()
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_flags_in_a_browser(browser, page: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(page.as_uri())
    flag = browser.find_element(By.CSS_SELECTOR, "#doc-3 .flag")
    spaces = flag.find_element(By.CSS_SELECTOR, ".edit")
    label = flag.find_element(By.CLASS_NAME, "flag-rule")
    # Marked apart from edits: highlighted, not struck through, its rule named beside it and explained on hover.
    assert flag.text.startswith("Moscow") and label.is_displayed() and label.text == "⚑ en.capital-bare-speak"
    assert flag.value_of_css_property("background-color") not in (
        "rgba(0, 0, 0, 0)",
        spaces.find_element(By.TAG_NAME, "del").value_of_css_property("background-color"),
    )
    assert "line-through" not in flag.value_of_css_property("text-decoration")
    assert "flagged for review" in flag.get_attribute("title")

    # Only flags: the edits lose their marks, the documents without a flag hide, next walks the flags.
    Select(browser.find_element(By.ID, "kind-filter")).select_by_visible_text("flags")
    assert browser.find_element(By.ID, "position").text == "0 edits, 1 flags"
    assert "filtered" in spaces.get_attribute("class") and "filtered" not in flag.get_attribute("class")
    assert not browser.find_element(By.ID, "doc-0").is_displayed()
    browser.find_element(By.ID, "next").click()
    assert browser.find_element(By.ID, "position").text == "flag 1 of 1"
    assert "current" in flag.get_attribute("class")

    # A rule filter on the edit inside the flag: the flag's own mark and label go, the edit stays marked.
    Select(browser.find_element(By.ID, "kind-filter")).select_by_visible_text("edits and flags")
    Select(browser.find_element(By.ID, "rule-filter")).select_by_visible_text("whitespace.spaces")
    assert "filtered" in flag.get_attribute("class") and not label.is_displayed()
    assert flag.value_of_css_property("background-color") == "rgba(0, 0, 0, 0)"
    assert spaces.find_element(By.TAG_NAME, "ins").is_displayed()
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_without_the_input_a_document_shows_its_edits_in_context(page: Path) -> None:
    batch = page.parent / "batch.jsonl"
    out = page.parent / "no-input.html"
    assert CliRunner().invoke(main, ["review", str(batch), "--html", str(out), "--max-docs", "1"]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "The input text was not given" in html
    assert 'War in Ukraine, <span class="edit"' in html and "<ins>according to</ins>" in html
    assert html.count('<article class="doc') == 1 and "1 of 4 documents shown" in html
