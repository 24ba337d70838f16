"""Shared fixtures and the ``--update-golden`` switch for seed golden files."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from cleantext import Cleaner

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", deadline=None, max_examples=3000, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite the seeds' expected outputs and reports")


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    """One default Cleaner for the whole run: packs compile once, as in real use."""
    return Cleaner()
