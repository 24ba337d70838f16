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
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A page for three documents, written by the command line from a batch report and its inputs."""
    folder = tmp_path_factory.mktemp("review")
    cleaner = Cleaner()
    docs = {"article": ARTICLE, "other": OTHER, "hostile": HOSTILE}
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
    assert "3 of 3 documents" in result.output
    return out


def test_the_page_fetches_nothing_and_escapes_the_text(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert "default-src 'none'" in html  # the browser may load nothing from anywhere
    assert "<script>document.title" not in html and "<img" not in html
    assert "&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;" in html
    assert "&amp;amp;" in html  # an entity in the text is shown, not interpreted
    assert html.count("<script>") == 1  # only the page's own


def test_the_page_refuses_to_overwrite_without_force(page: Path) -> None:
    batch = page.parent / "batch.jsonl"
    refused = CliRunner().invoke(main, ["review", str(batch), "--html", str(page)])
    assert refused.exit_code == 1 and "exists" in refused.output
    assert CliRunner().invoke(main, ["review", str(batch), "--html", str(page), "--force"]).exit_code == 0


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
    assert browser.find_element(By.ID, "position").text == "1 edits"

    # A category filter: only boilerplate removals are marked.
    rule.select_by_visible_text("all rules")
    Select(browser.find_element(By.ID, "category-filter")).select_by_visible_text("boilerplate")
    assert not repair.find_element(By.TAG_NAME, "ins").is_displayed()
    assert "line-through" in struck.value_of_css_property("text-decoration")
    assert browser.find_element(By.ID, "doc-1").is_displayed()
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_without_the_input_a_document_shows_its_edits_in_context(page: Path) -> None:
    batch = page.parent / "batch.jsonl"
    out = page.parent / "no-input.html"
    assert CliRunner().invoke(main, ["review", str(batch), "--html", str(out), "--max-docs", "1"]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "The input text was not given" in html
    assert 'War in Ukraine, <span class="edit"' in html and "<ins>according to</ins>" in html
    assert html.count('<article class="doc') == 1 and "1 of 3 documents shown" in html
