"""The wheel ships every rule folder: a pack added under rules/ must not be left out of the install."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_every_rule_folder_is_listed_for_the_wheel() -> None:
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {f"cleantext.rules.{p.name}" for p in (REPO / "rules").iterdir() if p.is_dir()}
    assert folders <= set(setuptools["packages"])
    assert folders <= set(setuptools["package-data"])
    for folder in folders:
        kinds = {f"*{path.suffix}" for path in (REPO / "rules" / folder.rsplit(".", 1)[1]).iterdir()}
        assert kinds <= set(setuptools["package-data"][folder]), folder
