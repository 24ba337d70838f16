"""`cleantext learn`: a pack learned from some articles of a site cleans its other articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.synthetic_site import SITE, Article, make_site
from cleantext import Cleaner
from cleantext.cli import main
from cleantext.corpus import Document
from cleantext.examples import check_packs
from cleantext.learn import Learned, LearnOptions, learn_rules, normalize_line
from cleantext.packs import load_pack
from cleantext.packwriter import NothingLearned, toml_string, write_pack

from .strategies import any_text, lines

SITE_ARTICLES = make_site(30, seed=7)
TRAIN, HELD_OUT = SITE_ARTICLES[:20], SITE_ARTICLES[20:]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _write(folder: Path, articles: list[Article]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for article in articles:
        (folder / f"{article.id}.txt").write_text(article.text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def learned_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    corpus = _write(root / "train", TRAIN)
    result = run("learn", str(corpus), "-o", str(root / "rules" / "herald.toml"))
    assert result.exit_code == 0, result.output
    return root / "rules" / "herald.toml"


def test_the_learned_pack_cleans_the_sites_other_articles(learned_pack: Path) -> None:
    cleaner = Cleaner(shipped_rules=False, rules=[learned_pack.parent])
    for article in HELD_OUT:
        out = cleaner.clean(article.text).text.splitlines()
        assert [line for line in article.body if line not in out] == [], article.id  # the body is intact
        for gone in ("Share this:", "Facebook", "Twitter", "Email", "Advertisement"):
            assert gone not in out
        leftovers = [line for line in out if line.startswith(("©", "Updated", "Comments", "Home |", f"The {SITE}"))]
        assert leftovers == [], article.id  # taglines, dated footers, counts: whatever their numbers


def test_the_learned_pack_passes_its_own_examples(learned_pack: Path) -> None:
    result = run("rules", "test", str(learned_pack.parent))
    assert result.exit_code == 0, result.output
    pack = load_pack(learned_pack)
    assert all(rule.changes and rule.keeps for rule in pack.rules)
    assert all(rule.scope == "line" and rule.action == "drop" for rule in pack.rules)


def test_each_rule_says_how_often_it_matched_with_two_contexts(learned_pack: Path) -> None:
    text = learned_pack.read_text(encoding="utf-8")
    for block in text.split("[[rules]]")[:-1]:
        lines = block.strip().splitlines()
        comments = lines[max(i for i, line in enumerate(lines) if not line.startswith("#")) + 1 :]
        assert comments[0].startswith("# Matched ") and " of 20 documents" in comments[0]
        assert len([line for line in comments if line.startswith("# e.g. ")]) == 2


def test_the_share_block_is_one_rule(learned_pack: Path) -> None:
    pack = load_pack(learned_pack)
    (share,) = [r for r in pack.rules if r.pattern.fullmatch("Share this:")]
    for line in ("Facebook", "Twitter", "Email"):
        assert share.pattern.fullmatch(line)


def test_bylines_and_long_sentences_are_not_proposed(learned_pack: Path) -> None:
    pack = load_pack(learned_pack)
    bylines = {line for a in SITE_ARTICLES for line in a.body if line.startswith("By ")}
    assert not [b for b in bylines for r in pack.rules if r.pattern.fullmatch(b)]
    assert "(one value of a per-article field)" in learned_pack.read_text(encoding="utf-8")
    disclaimer = (
        "The views expressed in this article are those of the author and do not reflect the views of the site or its "
        "owners."
    )
    docs = [Document(a.id, a.text + disclaimer + "\n") for a in TRAIN]
    learned = learn_rules(docs, LearnOptions())
    assert not any(rule.compiled().fullmatch(disclaimer) for rule in learned.rules)
    assert [s.reason for s in learned.skipped if s.text == normalize_line(disclaimer)] == [
        "reads as a long sentence (--max-words)"
    ]
    wider = learn_rules(docs, LearnOptions(max_words=30))
    assert any(rule.compiled().fullmatch(disclaimer) for rule in wider.rules)


def test_the_same_corpus_gives_a_byte_identical_pack(tmp_path: Path, learned_pack: Path) -> None:
    corpus = _write(tmp_path / "train", TRAIN)
    first, second = tmp_path / "a" / "herald.toml", tmp_path / "b" / "herald.toml"
    for out in (first, second):
        assert run("learn", str(corpus), "-o", str(out)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_allow_listed_lines_are_never_proposed(tmp_path: Path) -> None:
    corpus = _write(tmp_path / "train", TRAIN)
    allow = tmp_path / "allow.txt"
    allow.write_text("# lines we keep\nAdvertisement\n\nhome | news | harbour | opinion | weather\n", encoding="utf-8")
    out = tmp_path / "rules" / "herald.toml"
    assert run("learn", str(corpus), "-o", str(out), "--allow", str(allow)).exit_code == 0
    pack = load_pack(out)
    for line in ("Advertisement", "Home | News | Harbour | Opinion | Weather"):
        assert not any(r.pattern.fullmatch(line) for r in pack.rules)
    assert any(r.pattern.fullmatch("Share this:") for r in pack.rules)
    assert "advertisement (on the allow-list)" in out.read_text(encoding="utf-8")


def test_thresholds_of_documents_and_share(tmp_path: Path) -> None:
    docs = [Document(a.id, a.text) for a in TRAIN]
    ads = sum("Advertisement" in a.furniture for a in TRAIN)
    assert 3 <= ads < 20

    def proposes_ads(options: LearnOptions) -> bool:
        return any(r.compiled().fullmatch("Advertisement") for r in learn_rules(docs, options).rules)

    assert proposes_ads(LearnOptions(min_docs=ads, min_share=0))
    assert not proposes_ads(LearnOptions(min_docs=ads + 1, min_share=0))
    assert proposes_ads(LearnOptions(min_docs=1, min_share=ads / 20))
    assert not proposes_ads(LearnOptions(min_docs=1, min_share=(ads + 1) / 20))


def test_learning_from_json_lines(tmp_path: Path) -> None:
    corpus = tmp_path / "site.jsonl"
    corpus.write_text("".join(json.dumps({"url": a.id, "body": a.text}) + "\n" for a in TRAIN), encoding="utf-8")
    out = tmp_path / "rules" / "herald.toml"
    result = run("learn", str(corpus), "-o", str(out), "--text-field", "body", "--id-field", "url")
    assert result.exit_code == 0, result.output
    assert "# e.g. article-000:" in out.read_text(encoding="utf-8")
    assert run("learn", str(corpus), "-o", str(out)).exit_code == 1  # exists: refused without --force


def test_a_corpus_without_recurring_lines_writes_nothing(tmp_path: Path) -> None:
    corpus = _write(tmp_path / "train", TRAIN[:1])
    out = tmp_path / "rules" / "none.toml"
    result = run("learn", str(corpus), "-o", str(out))
    assert (
        result.exit_code == 1 and "no line recurs often enough" in result.output and "nothing written" in result.output
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("© 2019 Example Media.", "(c) 2023 example media"),
        ("Updated 3 hours ago", "UPDATED: 12 hours ago…"),
        ("1,204 shares", "87 shares"),
        ("Posted 12:30 on 2019-05-01", "posted 9:05 on 2021-11-30"),
    ],
)
def test_numbers_case_and_punctuation_do_not_hide_a_line(a: str, b: str) -> None:
    if "(c)" in b:  # "(c)" is a letter, not the © symbol: a different line
        assert normalize_line(a) != normalize_line(b)
    else:
        assert normalize_line(a) == normalize_line(b)


def test_hostile_furniture_is_written_as_safe_toml() -> None:
    tricky = "Follow us \"now\" \\ ''' @site\x07 #1"
    bodies = [a.body[-1] for a in TRAIN[:5]]
    docs = [Document(f"d{i}", f"{body}\n{tricky}\n") for i, body in enumerate(bodies)]
    learned = learn_rules(docs, LearnOptions())
    assert len(learned.rules) == 1
    text = write_pack(learned, 'evil "site"')
    folder_pack = _load_text(text)
    assert check_packs([folder_pack]) == []
    assert folder_pack.rules[0].pattern.fullmatch(tricky.replace("\x07", ""))
    assert toml_string('a\x00"\\\n') == '"a\\u0000\\"\\\\\\n"'


def _load_text(text: str):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.toml"
        path.write_text(text, encoding="utf-8")
        return load_pack(path)


@settings(max_examples=60)
@given(furniture=st.lists(lines, min_size=1, max_size=3), bodies=st.lists(any_text, min_size=5, max_size=5))
def test_any_learned_pack_loads_and_passes_its_examples(furniture: list[str], bodies: list[str]) -> None:
    """Whatever the text (control characters, quotes, odd line breaks), the pack is valid TOML and holds."""
    docs = [Document(f"d{i}", body + "\n" + "\n".join(furniture) + "\n") for i, body in enumerate(bodies)]
    try:
        text = write_pack(learn_rules(docs, LearnOptions()), "any")
    except NothingLearned:
        return
    pack = _load_text(text)
    assert check_packs([pack]) == []
    assert write_pack(learn_rules(docs, LearnOptions()), "any") == text


TOWNS = ["Springfield", "Riverton", "Lakeside"]
HEADLINES = [
    "Library extends weekend opening hours",
    "Bakery on Main Street wins regional prize",
    "Storm knocks out power to hundreds of homes",
    "High school band plays at state festival",
    "New cycle lane opens along the river",
    "Farmers market moves to the old station",
    "Volunteers clean up the lakeshore trail",
    "Museum shows photographs of the old mill",
    "Bus route changes start next month",
    "Hospital opens a new children's ward",
    "Local runner finishes city marathon in record time",
]
SUBJECTS = ["The mayor", "Residents", "The committee", "Shop owners", "Parents", "Officials", "The organisers"]
VERBS = ["welcomed", "questioned", "discussed", "praised", "criticised", "postponed"]
OBJECTS = ["the plan", "the decision", "the new schedule", "the cost", "the proposal", "the results"]


def _paragraph(n: int) -> str:
    """A sentence of article text, different for every n (up to a few hundred)."""
    return (
        f"{SUBJECTS[n % 7]} {VERBS[n // 7 % 6]} {OBJECTS[n // 42 % 6]} on day {n} of the week-long review, "
        "a spokesperson said."
    )


def _gazette(
    headlines: list[str], top: dict[int, str] | None = None, bottom: dict[int, str] | None = None
) -> list[Document]:
    """Articles of a small site: menu, headline, an optional line under it, three paragraphs, an optional line
    after the closing paragraph, and the footer on every page."""
    docs = []
    for i, headline in enumerate(headlines):
        lines = ["Home | Local | Sports | Weather", headline, *([top[i]] if top and i in top else [])]
        lines += [_paragraph(3 * i + k) for k in range(3)]
        lines += [*([bottom[i]] if bottom and i in bottom else []), "Share this article"]
        lines.append(f"© {2020 + i % 4} Valley Gazette. All rights reserved.")
        docs.append(Document(f"g{i:02d}", "\n".join(lines) + "\n"))
    return docs


def _removes(learned: Learned, line: str) -> bool:
    return any(rule.compiled().fullmatch(line) for rule in learned.rules)


def test_a_headline_shape_a_few_articles_share_is_not_learned() -> None:
    """Seen on a real site: three of fourteen headlines differ in the town alone; a rule with a slot for the town
    would remove the headline of the next article about a council budget."""
    shared = [f"{town} council approves new budget for road repairs" for town in TOWNS]
    learned = learn_rules(_gazette(shared + HEADLINES), LearnOptions())
    assert not _removes(learned, "Oakdale council approves new budget for road repairs")
    assert not _removes(learned, "Springfield council approves new budget for road repairs")
    for furniture in (
        "Home | Local | Sports | Weather",
        "Share this article",
        "© 2025 Valley Gazette. All rights reserved.",
    ):
        assert _removes(learned, furniture)  # the site's real furniture, in every document, still goes


def test_a_template_needs_more_documents_than_a_fixed_line_and_a_headline_the_same_line() -> None:
    shared = [f"{town} council approves new budget for road repairs" for town in TOWNS]
    docs = _gazette(shared + HEADLINES)
    slot_template = LearnOptions(min_docs=1, slot_min_share=0.2)  # 3 of 14 documents are enough for a slot...
    learned = learn_rules(docs, slot_template)
    assert not _removes(learned, "Oakdale council approves new budget for road repairs")  # ...but not at the top
    assert [s.reason for s in learned.skipped if "council" in s.text] == [
        "stands where an article begins or ends (headline, lede, closing): proposed there only as the same line on "
        "50% of the documents"
    ]
    anywhere = learn_rules(docs, LearnOptions(min_docs=1, slot_min_share=0.2, edge_lines=0))
    assert _removes(anywhere, "Oakdale council approves new budget for road repairs")


def test_a_template_that_recurs_on_most_pages_is_learned_with_its_slot() -> None:
    authors = ["Anna", "Boris", "Chen"]
    bottom = {i: f"Posted by {authors[i % 3]} on 2024-0{1 + i % 9}-1{i % 10}" for i in range(11)}
    learned = learn_rules(_gazette(HEADLINES, bottom=bottom), LearnOptions())
    assert _removes(learned, "Posted by Anna on 2024-05-17")
    assert _removes(learned, "Posted by Dmitri on 2023-12-01")  # any name: the slot saw three
    rare = {i: line for i, line in bottom.items() if i < 5}  # on 5 of 11 pages: enough for a line, not for a slot
    assert not _removes(learn_rules(_gazette(HEADLINES, bottom=rare), LearnOptions()), "Posted by Dmitri on 2023-12-01")


def test_a_line_under_the_headline_is_furniture_only_when_most_pages_have_it() -> None:
    most = {i: "Listen to this article" for i in range(8)}  # 8 of 11 pages
    assert _removes(learn_rules(_gazette(HEADLINES, top=most), LearnOptions()), "Listen to this article")
    some = {i: "Listen to this article" for i in range(4)}  # 4 of 11: a line elsewhere would be proposed
    learned = learn_rules(_gazette(HEADLINES, top=some), LearnOptions())
    assert not _removes(learned, "Listen to this article")
    assert [s.docs for s in learned.skipped if s.text == "listen to this article"] == [4]
    after_closing = learn_rules(_gazette(HEADLINES, bottom=some), LearnOptions())
    assert _removes(after_closing, "Listen to this article")


def test_the_evidence_thresholds_are_options_of_the_command(tmp_path: Path) -> None:
    shared = [f"{town} council approves new budget for road repairs" for town in TOWNS]
    corpus = tmp_path / "site.jsonl"
    docs = _gazette(shared + HEADLINES)
    corpus.write_text("".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in docs), encoding="utf-8")

    def removes_headline(*options: str) -> bool:
        out = tmp_path / f"pack{len(options)}.toml"
        result = CliRunner().invoke(main, ["learn", str(corpus), "-o", str(out), "--min-docs", "1", *options])
        assert result.exit_code == 0, result.output
        rules = load_pack(out).rules
        return any(r.fullmatch("Oakdale council approves new budget for road repairs") for r in rules)

    assert not removes_headline("--slot-min-share", "0.2")
    assert removes_headline("--slot-min-share", "0.2", "--edge-lines", "0")
