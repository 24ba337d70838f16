"""The build: the modules setup.py names compiled by mypyc where it could, the same behaviour either way."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import cleantext
from cleantext.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_the_version_says_how_the_package_was_built() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    built = "compiled with mypyc" if cleantext.COMPILED else "pure Python"
    assert result.output == f"cleantext {cleantext.__version__} ({built})\n"


def test_a_build_that_must_compile_did() -> None:
    """CI installs cleantext without -e and runs the suite on that install: there the modules must be compiled."""
    if not os.environ.get("CLEANTEXT_REQUIRE_COMPILED"):
        pytest.skip("set CLEANTEXT_REQUIRE_COMPILED=1 to require the compiled build (CI does)")
    from cleantext.stages import heuristics

    assert cleantext.COMPILED, f"cleantext.pipeline comes from {cleantext.pipeline.__file__}"
    assert not heuristics.__file__.endswith(".py"), heuristics.__file__


def test_every_module_setup_compiles_exists() -> None:
    """A module renamed or moved without setup.py knowing would silently stay Python."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    (modules,) = [
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "COMPILED_MODULES"
    ]
    assert modules
    for module in modules:
        assert (ROOT / module).is_file(), module
