"""The full Python 3.11 build (Debian's python3.11-doc, installed by `make test`)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parser.build import BuildReport, build
from tests.conftest import REAL_DOCS, ROOT, SHIPPED_DB

pytestmark = [pytest.mark.realdocs, pytest.mark.slow]


@pytest.fixture(scope="module")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    assert (REAL_DOCS / "objects.inv").is_file(), "python3.11-doc is missing: run `make test` (it installs it)"
    output = tmp_path_factory.mktemp("real") / "docs.db"
    return output, build(REAL_DOCS, output)


def table(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return connection.execute(sql).fetchall()


def test_full_build_covers_the_python_docs(real_build: tuple[Path, BuildReport]) -> None:
    _, report = real_build
    assert report.pages >= 490 and report.warnings == ()
    assert report.objects > 11_000 and report.sections > 4_000 and report.keywords > 4_000
    assert report.size < 40_000_000


def test_shipped_docs_db_matches_a_fresh_build(real_build: tuple[Path, BuildReport]) -> None:
    """If this fails, the parser changed without `make build-index`: rebuild and commit data/docs.db."""
    output, _ = real_build
    assert table(output, "SELECT * FROM meta ORDER BY key") == table(SHIPPED_DB, "SELECT * FROM meta ORDER BY key")
    fresh = table(output, "SELECT * FROM entries ORDER BY id")
    shipped = table(SHIPPED_DB, "SELECT * FROM entries ORDER BY id")
    assert len(fresh) == len(shipped) and fresh == shipped


def test_killed_build_leaves_the_previous_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "docs.db"
    target.write_bytes(SHIPPED_DB.read_bytes())
    before = target.read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-m", "parser", str(REAL_DOCS), "--output", str(target)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(2.0)  # well into page parsing: the full build takes several seconds
    assert process.poll() is None, "the build finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert target.read_bytes() == before
