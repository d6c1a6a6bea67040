"""Shared fixtures: real Sphinx fixture builds and the shipped docs.db."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parser.build import build

FIXTURES = Path(__file__).parent / "fixtures"
PYTHON_MINI = FIXTURES / "python-mini"
FLASK_MINI = FIXTURES / "flask-mini"
ROOT = Path(__file__).parent.parent
SHIPPED_DB = ROOT / "data" / "docs.db"
REAL_DOCS = Path("/usr/share/doc/python3.11/html")


@pytest.fixture(scope="session")
def mini_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docs.db built from the python-mini fixture, once per session."""
    output = tmp_path_factory.mktemp("mini") / "docs.db"
    build(PYTHON_MINI, output)
    return output


@pytest.fixture
def copy_of_mini(tmp_path: Path) -> Path:
    """A private, writable copy of the python-mini build, for tests that break it."""
    target = tmp_path / "docs"
    shutil.copytree(PYTHON_MINI, target)
    return target
