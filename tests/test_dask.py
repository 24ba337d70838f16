"""The Dask engine, on a local multi-process cluster the tests start themselves:
results must be identical to a single-process run."""

from __future__ import annotations

import gzip
import importlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleantext import Cleaner
from cleantext.batch import LEDGER, clean_records
from cleantext.cli import main


def _need(module: str):
    """The module, or a skip saying how to get it; with CLEANTEXT_REQUIRE_DASK set (CI) a missing one fails."""
    if os.environ.get("CLEANTEXT_REQUIRE_DASK"):
        return importlib.import_module(module)
    return pytest.importorskip(module, reason="the Dask engine needs: pip install 'cleantext-articles[dask]'")


dask_bag = _need("dask.bag")
dd = _need("dask.dataframe")
distributed = _need("distributed")

from cleantext.engines import clean_bag, clean_dataframe  # noqa: E402

from .test_packs import GOOD_RULE, HEAD  # noqa: E402

TEXTS = [
    "The mayor opened the new bridge on Monday, officials said.\n\nShare this:\nFacebook\nTwitter\n",
    "Dock workers ended their strike, Theo Reuters reported.\nSource link\n",
    "Der Rat hat am Dienstag über den Haushalt für das kommende Jahr beraten.\nTeilen\n",
    "Cafâ€™s reopened “today”.\n© 2024 Example News. All rights reserved.\n",
]
RECORDS = [{"id": f"r{i}", "text": TEXTS[i % len(TEXTS)], "n": i} for i in range(40)] + [{"id": "bad", "body": 1}]


@pytest.fixture(scope="module")
def cluster():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_bag_gives_what_one_process_gives(cluster) -> None:
    cleaner = Cleaner()
    bag = dask_bag.from_sequence(RECORDS, npartitions=4)
    outcomes = clean_bag(bag, cleaner, report_field="report").compute()
    expected = list(clean_records(RECORDS, cleaner, report_field="report"))
    assert [(o.record, o.error) for o in outcomes] == [(o.record, o.error) for o in expected]
    assert outcomes[-1].error == "the record has no string field 'text'"
    assert outcomes[1].record["text"] == "Dock workers ended their strike, according to Reuters reported.\n"


def test_dataframe_gives_what_one_process_gives(cluster) -> None:
    import pandas as pd

    cleaner = Cleaner()
    frame = pd.DataFrame({"id": [r["id"] for r in RECORDS[:-1]], "text": [r["text"] for r in RECORDS[:-1]]})
    cleaned = clean_dataframe(
        dd.from_pandas(frame, npartitions=3), cleaner, output_column="clean", report_column="report"
    ).compute()
    assert list(cleaned["text"]) == list(frame["text"])
    assert list(cleaned["clean"]) == [cleaner.clean(t).text for t in frame["text"]]
    assert json.loads(cleaned["report"].iloc[0]) == cleaner.clean(frame["text"].iloc[0]).to_dict()
    assert cleaned["cleantext_error"].isna().all()


def test_cli_dask_engine_writes_the_shards_a_local_run_writes(cluster, tmp_path: Path) -> None:
    shards = tmp_path / "shards"
    shards.mkdir()
    for part in range(3):
        lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS[part::3]]
        (shards / f"part-{part}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    address = cluster.scheduler.address
    engine = ["--engine", "dask", "--scheduler", address]
    on_dask = CliRunner().invoke(
        main, ["clean", "--jsonl", str(shards), "--output-dir", str(tmp_path / "dask"), "--report-beside", *engine]
    )
    local = CliRunner().invoke(
        main, ["clean", "--jsonl", str(shards), "--output-dir", str(tmp_path / "local"), "--report-beside", "-j", "1"]
    )
    assert on_dask.exit_code == local.exit_code == 1  # the record without text fails in both
    assert "bad: the record has no string field 'text'" in on_dask.stderr
    assert len(_same_files(tmp_path / "dask", tmp_path / "local")) == 6


def _shards(folder: Path, records: list[dict], count: int = 3, suffix: str = ".jsonl") -> Path:
    folder.mkdir()
    for part in range(count):
        lines = [json.dumps(r, ensure_ascii=False) for r in records[part::count]]
        (folder / f"part-{part}{suffix}").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _clean(*args: str):
    return CliRunner().invoke(main, ["clean", *args])


def _same_files(one: Path, other: Path) -> list[str]:
    """The names of the files (hidden ones too) below two folders, which must hold the same bytes;
    the ledgers (which name each file's inode) must name the same entries."""
    names = sorted(str(p.relative_to(one)) for p in one.rglob("*") if p.is_file() and LEDGER not in p.parts)
    assert names == sorted(str(p.relative_to(other)) for p in other.rglob("*") if p.is_file() and LEDGER not in p.parts)
    for name in names:
        assert (one / name).read_bytes() == (other / name).read_bytes(), name
    assert sorted(p.name for p in (one / LEDGER).iterdir()) == sorted(p.name for p in (other / LEDGER).iterdir())
    return names


def test_cli_dask_report_jsonl_is_the_local_report_byte_for_byte(cluster, tmp_path: Path, monkeypatch) -> None:
    records = [{k: v for k, v in r.items() if k != "id" or r.get("n", 1) % 5} for r in RECORDS]  # some without an id
    _shards(tmp_path / "shards", records)
    monkeypatch.chdir(tmp_path)  # relative paths: the workers' current folder is not this one
    engine = ["--engine", "dask", "--scheduler", cluster.scheduler.address]
    on_dask = _clean("--jsonl", "shards", "--output-dir", "dask", "--report-jsonl", "dask.jsonl.gz", *engine)
    local = _clean("--jsonl", "shards", "--output-dir", "local", "--report-jsonl", "local.jsonl.gz", "-j", "1")
    assert on_dask.exit_code == local.exit_code == 1, on_dask.output  # the record without text fails in both
    assert (
        on_dask.stderr.splitlines()[0]
        == local.stderr.splitlines()[0]
        == ("cleantext: bad: the record has no string field 'text'")
    )
    assert _same_files(tmp_path / "dask", tmp_path / "local") == ["part-0.jsonl", "part-1.jsonl", "part-2.jsonl"]
    report = (tmp_path / "dask.jsonl.gz").read_bytes()
    assert report == (tmp_path / "local.jsonl.gz").read_bytes()
    lines = [json.loads(line) for line in gzip.decompress(report).splitlines()]
    in_order = [  # shard order, then record order; a record without an id is FILE:LINE, as the user named it
        record.get("id", f"shards/part-{part}.jsonl:{number}")
        for part in range(3)
        for number, record in enumerate(records[part::3], 1)
    ]
    assert [line["id"] for line in lines] == in_order
    failed = [line for line in lines if "error" in line]
    assert failed == [{"id": "bad", "error": "the record has no string field 'text'"}]
    assert all({"edits", "language"} <= line.keys() for line in lines if line not in failed)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dask", "dask.jsonl.gz", "local", "local.jsonl.gz", "shards"]
    assert not list(tmp_path.rglob("*.tmp"))


def test_cli_dask_honours_force_and_resume_as_a_local_run(cluster, tmp_path: Path) -> None:
    shards = _shards(tmp_path / "shards", RECORDS[:-1])
    engine = ["--engine", "dask", "--scheduler", cluster.scheduler.address]
    runs = {"dask": engine, "local": ["-j", "1"]}

    def clean_all(*extra: str) -> dict[str, int]:
        codes = {}
        for name, how in runs.items():
            out, report = tmp_path / name, tmp_path / f"{name}.jsonl"
            codes[name] = _clean(
                "--jsonl", str(shards), "--output-dir", str(out), "--report-jsonl", str(report), *how, *extra
            ).exit_code
        return codes

    assert clean_all() == {"dask": 0, "local": 0}
    assert clean_all() == {"dask": 1, "local": 1}  # outputs exist: refused without --force
    for name in runs:
        (tmp_path / name / "part-1.jsonl").unlink()
    assert clean_all("--resume") == {"dask": 0, "local": 0}  # redoes part-1 only, and rebuilds the report
    _same_files(tmp_path / "dask", tmp_path / "local")
    resumed = (tmp_path / "dask.jsonl").read_bytes()
    assert resumed == (tmp_path / "local.jsonl").read_bytes()
    assert len(resumed.splitlines()) == len(RECORDS[:-1])  # one line per record written
    assert clean_all("--force") == {"dask": 0, "local": 0}
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert len((tmp_path / "dask.jsonl").read_bytes().splitlines()) == len(RECORDS[:-1])


def test_every_option_dask_takes_gives_the_local_result(cluster, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "site.toml").write_text(HEAD + GOOD_RULE, encoding="utf-8")
    config = tmp_path / "cleantext.toml"
    config.write_text("jobs = 2\n", encoding="utf-8")  # a project's usual --jobs does not stop a Dask run
    sponsor = "This story is brought to you by Acme.\n"
    records = [{"url": f"u{r['n']}", "body": r["text"] + sponsor, "n": r["n"]} for r in RECORDS[:-1]]
    shards = _shards(tmp_path / "shards", records, suffix=".ndjson")
    (shards / "ignored.jsonl").write_text('{"body": "not taken: --glob says *.ndjson"}\n', encoding="utf-8")
    options = [
        *("--jsonl", str(shards), "--glob", "*.ndjson", "--config", str(config), "--quiet", "--report-beside"),
        *("--text-field", "body", "--id-field", "url", "--output-field", "clean", "--report-field", "rep"),
        *("--rules", str(rules), "--disable", "boilerplate/source", "--enable", "en.doubled-word"),
        *("--lang", "en", "--detector", "langdetect", "--quotes", "curly", "--profile", "recall"),
        *("--spin-threshold", "0", "--alarm-share", "0.2"),
    ]
    on_dask = _clean(
        *options,
        "--output-dir",
        str(tmp_path / "dask"),
        "--report-jsonl",
        str(tmp_path / "d.jsonl"),
        "--engine",
        "dask",
        "--scheduler",
        cluster.scheduler.address,
    )
    local = _clean(*options, "--output-dir", str(tmp_path / "local"), "--report-jsonl", str(tmp_path / "l.jsonl"))
    assert on_dask.exit_code == local.exit_code == 0, on_dask.output
    assert on_dask.stderr == local.stderr == ""  # --quiet
    assert len(_same_files(tmp_path / "dask", tmp_path / "local")) == 6  # outputs and reports beside them
    assert (tmp_path / "d.jsonl").read_bytes() == (tmp_path / "l.jsonl").read_bytes()
    dock = json.loads((tmp_path / "dask" / "part-1.ndjson").read_text(encoding="utf-8").splitlines()[0])
    assert dock["body"] == records[1]["body"] and dock["url"] == "u1"
    # the sponsor line goes (--rules), "Source link" stays (--disable boilerplate/source)
    assert dock["clean"] == "Dock workers ended their strike, according to Reuters reported.\nSource link\n"
    german = json.loads((tmp_path / "dask" / "part-2.ndjson").read_text(encoding="utf-8").splitlines()[0])
    assert german["rep"]["language"] == "en"  # --lang
    cafe = json.loads((tmp_path / "dask" / "part-0.ndjson").read_text(encoding="utf-8").splitlines()[1])
    assert "“today”" in cafe["clean"]  # --quotes curly


def test_cli_dask_keeps_what_a_cut_shard_held_as_a_local_run_does(cluster, tmp_path: Path) -> None:
    shards = _shards(tmp_path / "shards", RECORDS[:-1], count=2, suffix=".jsonl.gz")
    for shard in shards.iterdir():  # _shards wrote plain text: compress it, and cut the first shard short
        data = gzip.compress(shard.read_bytes())
        shard.write_bytes(data[: len(data) // 2] if shard.name == "part-0.jsonl.gz" else data)
    engine = ["--engine", "dask", "--scheduler", cluster.scheduler.address]
    runs = {
        name: ["--output-dir", str(tmp_path / name), "--report-jsonl", str(tmp_path / f"{name}.jsonl")]
        for name in ("dask", "local")
    }
    on_dask = _clean("--jsonl", str(shards), *runs["dask"], *engine)
    local = _clean("--jsonl", str(shards), *runs["local"], "-j", "1")
    assert on_dask.exit_code == local.exit_code == 1
    summary = [result.stderr.splitlines()[-1].split(" MB in ")[0] for result in (on_dask, local)]
    assert summary[0] == summary[1] and summary[0].endswith("0 failed, 0.0")
    assert "part-0.jsonl.gz: broken off" in on_dask.stderr and "1 input broken off" in on_dask.stderr
    _same_files(tmp_path / "dask", tmp_path / "local")
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
