"""Language detection: the CLD2 first pass settles clear texts, and defers to py3langid and langdetect otherwise."""

from __future__ import annotations

import pytest

from cleantext import Cleaner, lang
from cleantext.lang import DEFAULT_DETECTOR, DETECTORS, detect_language

# pycld2 is installed only where it has wheels (see pyproject.toml); elsewhere the tests of CLD2 itself do not run.
pycld2 = lang.pycld2
needs_cld2 = pytest.mark.skipif(pycld2 is None, reason="pycld2 has no wheel for this platform or Python")

ENGLISH = (
    "The council met on Tuesday to discuss the budget for the coming year, and most members voted to keep the "
    "library open. The mayor said the town could not afford to close it, since so many children use it after school."
)
GERMAN = (
    "Der Rat hat am Dienstag über den Haushalt für das kommende Jahr beraten, und die meisten Mitglieder stimmten "
    "dafür, die Bibliothek offen zu halten. Der Bürgermeister sagte, die Stadt könne es sich nicht leisten."
)
FRENCH = (
    "Le conseil s'est réuni mardi pour discuter du budget de l'année prochaine, et la plupart des membres ont voté "
    "pour garder la bibliothèque ouverte. Le maire a dit que la ville ne pouvait pas se permettre de la fermer."
)
HEBREW = "המועצה התכנסה ביום שלישי כדי לדון בתקציב לשנה הבאה, ורוב החברים הצביעו בעד השארת הספרייה פתוחה."
TRADITIONAL_CHINESE = (
    "議會星期二開會討論明年的預算，大多數議員投票贊成讓圖書館繼續開放。這是一個非常重要的決定，市民都很關心。"
)
LATIN = (
    "Gallia est omnis divisa in partes tres, quarum unam incolunt Belgae, aliam Aquitani, tertiam qui ipsorum "
    "lingua Celtae, nostra Galli appellantur."
)


def cld2_language(text: str) -> tuple[bool, str, int]:
    """What CLD2 itself says of a text: (reliable, its top language code, that language's percentage)."""
    reliable, _, details = pycld2.detect(text, isPlainText=True)
    return reliable, details[0][1], details[0][2]


def test_cld2_is_the_default_detector() -> None:
    assert DEFAULT_DETECTOR == "cld2" == Cleaner().detector


@pytest.mark.parametrize("detector", DETECTORS)
@pytest.mark.parametrize(
    ("text", "language"), [(ENGLISH, "en"), (GERMAN, "de"), (FRENCH, "fr")], ids=["en", "de", "fr"]
)
def test_every_detector_names_the_language_of_a_clear_text(text: str, language: str, detector: str) -> None:
    assert detect_language(text, detector=detector) == language


@needs_cld2
@pytest.mark.parametrize("text", [ENGLISH, GERMAN, FRENCH], ids=["en", "de", "fr"])
def test_cld2_settles_a_clear_text_alone(text: str) -> None:
    assert lang._cld2(text) == detect_language(text, detector="langdetect")


@needs_cld2
@pytest.mark.parametrize(("text", "language"), [(HEBREW, "he"), (TRADITIONAL_CHINESE, "zh")], ids=["he", "zh-Hant"])
def test_cld2_codes_are_reported_as_langdetect_reports_them(text: str, language: str) -> None:
    """CLD2 says "iw" for Hebrew and "zh-Hant" for traditional Chinese; packs and py3langid say he and zh."""
    assert cld2_language(text)[1] != language
    assert lang._cld2(text) == language  # settled by the first pass, not left to the slower ones
    assert detect_language(text) == language == detect_language(text, detector="py3langid")


@needs_cld2
def test_a_text_mixing_two_languages_is_left_to_py3langid_and_langdetect() -> None:
    """Neither language holds 80 % of the text: CLD2's first choice does not stand, the existing path decides."""
    mixed = f"{ENGLISH}\n{GERMAN}"
    reliable, top, percent = cld2_language(mixed)
    assert reliable and percent < lang.CLD2_PERCENT
    assert lang._cld2(mixed) is None
    assert detect_language(mixed) == detect_language(mixed, detector="py3langid") != top


@needs_cld2
def test_a_language_langdetect_does_not_know_is_left_to_the_existing_path() -> None:
    assert cld2_language(LATIN) == (True, "la", 99)
    assert detect_language(LATIN) == detect_language(LATIN, detector="py3langid") != "la"


@needs_cld2
def test_an_unreliable_cld2_answer_defers(monkeypatch: pytest.MonkeyPatch) -> None:
    """However large its share, an answer CLD2 itself calls unreliable does not stand."""
    monkeypatch.setattr(pycld2, "detect", lambda text, **_: (False, len(text), (("GERMAN", "de", 99, 900.0),) * 3))
    assert detect_language(ENGLISH) == "en"


@needs_cld2
@pytest.mark.parametrize("odd", ["\x85", "\ud800"], ids=["C1 control", "lone surrogate"])
def test_text_that_cld2_refuses_is_still_detected(odd: str) -> None:
    text = f"{ENGLISH}{odd} {ENGLISH}"
    with pytest.raises((pycld2.error, UnicodeEncodeError)):
        pycld2.detect(text, isPlainText=True)
    assert detect_language(text) == "en"


def test_without_pycld2_the_default_detector_is_the_py3langid_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where pycld2 has no wheel it is not installed: cleaning still works, with py3langid's answers."""
    one_line_of_two_languages = "The council met on Tuesday to discuss the budget. Der Rat hat am Dienstag beraten."
    monkeypatch.setattr(lang, "pycld2", None)
    for text in (ENGLISH, GERMAN, LATIN, one_line_of_two_languages):
        assert detect_language(text) == detect_language(text, detector="py3langid")
    assert Cleaner().clean(GERMAN).language == "de"


@needs_cld2
def test_the_report_names_the_step_that_decided_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reviewer comparing reports across machines can see which detector answered, not only which was asked."""
    assert lang.identify(ENGLISH) == ("en", "cld2")
    # CLD2 is sure of Latin, a language langdetect lacks; py3langid is not sure of anything: langdetect answers
    assert lang.identify(LATIN) == (detect_language(LATIN), "langdetect")
    assert lang.identify(ENGLISH, detector="langdetect") == ("en", "langdetect")
    assert lang.identify("Menu · Home · 2024") == ("und", "letters")
    assert Cleaner().clean(ENGLISH).to_dict()["language_decided_by"] == "cld2"
    assert Cleaner(language="de").clean(ENGLISH).to_dict()["language_decided_by"] == "given"
    monkeypatch.setattr(lang, "pycld2", None)  # a platform without CLD2's wheel: the py3langid path answers
    assert Cleaner().clean(ENGLISH).to_dict()["language_decided_by"] == "py3langid"


@pytest.mark.parametrize(("given", "used"), [("en-US", "en"), ("EN", "en"), ("pt_BR", "pt"), ("zh-Hant", "zh")])
def test_a_given_language_code_is_normalized(given: str, used: str) -> None:
    result = Cleaner(language=given).clean(ENGLISH)
    assert (result.language, result.language_decided_by) == (used, "given")


def test_a_language_without_a_pack_that_the_detectors_know_is_accepted() -> None:
    assert Cleaner(language="ja").clean(TRADITIONAL_CHINESE).language == "ja"


@pytest.mark.parametrize("code", ["xx", "english", ""])
def test_an_unknown_language_is_refused_with_the_languages_that_have_packs(code: str) -> None:
    with pytest.raises(ValueError, match=rf"unknown language '{code}'; languages with rule packs: de, en, es, .*'\*'"):
        Cleaner(language=code)
