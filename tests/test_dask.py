"""The Dask engine, on a local multi-process cluster the tests start themselves:
results must be identical to a single-process run."""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleantext import Cleaner
from cleantext.batch import clean_records
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
    names = sorted(p.name for p in (tmp_path / "local").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "dask").iterdir())
    assert len(names) == 6
    for name in names:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
