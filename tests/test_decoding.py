"""Bytes in: UTF-8 with a few bad bytes stays UTF-8 (each bad byte reported), legacy encodings are still found,
and what nothing reads is refused with a way out."""

from __future__ import annotations

import codecs
import json
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleantext import Cleaner, DecodeError
from cleantext.cli import main
from cleantext.decoding import read

QUOTED = "“We must act,” she said, and the council agreed on Tuesday to keep the library open."
GERMAN = "Der Bürgermeister sagte, die Stadt könne es sich nicht leisten, die Bücherei zu schließen."
RUSSIAN = "Совет собрался во вторник, чтобы обсудить бюджет на следующий год и судьбу библиотеки."
JAPANESE = "議会は火曜日に開会し、来年の予算について話し合いました。図書館は開いたままです。"
FRENCH = "Le conseil s’est réuni mardi : « Nous devons agir », a déclaré la maire, et la bibliothèque reste ouverte."


def test_utf8_with_one_stray_byte_stays_utf8_and_the_byte_is_reported() -> None:
    data = QUOTED.encode()
    broken = data[:20] + b"\x81" + data[20:]
    decoding = read(broken)
    assert decoding.encoding == "utf-8"
    assert decoding.text == data[:20].decode() + "\ufffd" + data[20:].decode()
    assert decoding.replaced == ((20, 0x81),)


def test_german_utf8_with_a_stray_byte_is_read_not_refused() -> None:
    decoding = read(GERMAN.encode() + b"\xff")
    assert (decoding.text, decoding.encoding) == (GERMAN + "\ufffd", "utf-8")


def test_ascii_with_a_byte_lost_in_transit_stays_utf8() -> None:
    assert read(b"The council met \x81on Tuesday.").text == "The council met \ufffdon Tuesday."


def test_offsets_count_the_byte_order_mark() -> None:
    decoding = read(codecs.BOM_UTF8 + b"ab\x9dc")
    assert (decoding.text, decoding.encoding, decoding.replaced) == ("ab\ufffdc", "utf-8-sig", ((5, 0x9D),))


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("He said “hello” to the café crowd — a naïve move, said the mayor of the town.", "cp1252"),
        (GERMAN, "latin-1"),
        (RUSSIAN, "cp1251"),
        (JAPANESE, "shift_jis"),
        (FRENCH, "cp1252"),
    ],
)
def test_a_legacy_document_is_still_detected(text: str, encoding: str) -> None:
    decoding = read(text.encode(encoding))
    assert decoding.text == text
    assert (decoding.decided_by, decoding.replaced) == ("charset-normalizer", ())


def test_bytes_nothing_reads_are_refused_with_what_was_tried_and_the_way_out() -> None:
    with pytest.raises(DecodeError, match=r"not UTF-8 \(384 bytes invalid.*charset-normalizer.*--encoding NAME"):
        read(bytes(range(128, 256)) * 3)


def test_a_given_encoding_is_used_and_its_unreadable_bytes_reported() -> None:
    result = Cleaner(encoding="CP1252").clean("café “x” ".encode("cp1252") + b"\x81")
    assert result.text == 'café "x" \ufffd'
    assert result.to_dict()["decoding"] == {
        "encoding": "cp1252",
        "decided_by": "given",
        "replaced": [{"offset": 9, "byte": "0x81"}],
    }


def test_the_report_keeps_the_encoding_and_gains_the_decoding_section() -> None:
    report = Cleaner().clean(GERMAN.encode() + b"\xff").to_dict()
    assert report["encoding"] == "utf-8"
    assert report["decoding"]["replaced"] == [{"offset": len(GERMAN.encode()), "byte": "0xff"}]
    assert "decoding" not in Cleaner().clean(GERMAN).to_dict()


def test_an_unknown_encoding_is_refused_when_the_cleaner_is_built() -> None:
    with pytest.raises(ValueError, match="unknown encoding 'klingon'"):
        Cleaner(encoding="klingon")


def test_a_pickled_cleaner_keeps_its_encoding() -> None:
    assert pickle.loads(pickle.dumps(Cleaner(encoding="cp1251"))).clean(RUSSIAN.encode("cp1251")).text == RUSSIAN


def test_the_command_line_takes_an_encoding_and_reports_the_decoding(tmp_path: Path) -> None:
    source, report = tmp_path / "a.txt", tmp_path / "a.json"
    source.write_bytes("café “hi”\n".encode("cp1252"))
    result = CliRunner().invoke(main, ["clean", str(source), "--encoding", "cp1252", "--report", str(report)])
    assert result.output == 'café "hi"\n'
    assert json.loads(report.read_text(encoding="utf-8"))["decoding"]["decided_by"] == "given"


def test_an_unknown_encoding_on_the_command_line_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["clean", "-", "--encoding", "klingon"], input="text\n")
    assert result.exit_code == 2
    assert "Invalid value for '--encoding': unknown encoding 'klingon'" in result.output


def test_the_config_file_can_name_the_encoding(tmp_path: Path) -> None:
    config = tmp_path / "cleantext.toml"
    config.write_text('encoding = "cp1251"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", "-", "--config", str(config)], input=RUSSIAN.encode("cp1251"))
    assert result.output == RUSSIAN
    config.write_text('encoding = "klingon"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", "-", "--config", str(config)], input="text\n")
    assert "'encoding' must be an encoding Python knows" in result.output
