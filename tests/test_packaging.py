"""The wheel ships every rule folder and declares every library the package imports: nothing is missing on install."""

from __future__ import annotations

import ast
import importlib.metadata
import sys
import tomllib
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parent.parent


def test_every_rule_folder_is_listed_for_the_wheel() -> None:
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {f"cleantext.rules.{p.name}" for p in (REPO / "rules").iterdir() if p.is_dir()}
    assert folders <= set(setuptools["packages"])
    assert folders <= set(setuptools["package-data"])
    for folder in folders:
        kinds = {f"*{path.suffix}" for path in (REPO / "rules" / folder.rsplit(".", 1)[1]).iterdir()}
        assert kinds <= set(setuptools["package-data"][folder]), folder


def test_every_library_the_package_imports_is_a_declared_dependency() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [
        *project["dependencies"],
        *(r for extra in project["optional-dependencies"].values() for r in extra),
    ]
    declared = {regex.match(r"[\w.-]+", requirement)[0].lower() for requirement in requirements}
    imported = set()
    for path in (REPO / "cleantext").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"cleantext", "__future__"}
    distributions = importlib.metadata.packages_distributions()
    # A module not installed here is one a platform marker leaves out (pycld2 where it has no wheel).
    missing = {m for m in third_party & distributions.keys() if not {d.lower() for d in distributions[m]} & declared}
    assert "pycld2" in third_party
    assert not missing
