"""The full docs builds: every Python version and library of debian-packages.toml, 3.11 among them (fetched
into .cache/docs by `make test`, as `make build-index` does)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parser.build import BuildReport, build, build_versions
from parser.cli import configured_sources
from parser.sources import CACHE, fetch_lexicon, read_lexicon, read_libraries
from tests.conftest import REAL_DOCS, ROOT, SHIPPED_DB

pytestmark = [pytest.mark.realdocs, pytest.mark.slow]


@pytest.fixture(scope="module")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    assert (REAL_DOCS / "objects.inv").is_file(), "python3.11-doc is missing: run `make test` (it fetches it)"
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


@pytest.fixture(scope="module")
def all_versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """What `make build-index` builds: Python's versions and the libraries (`make test` fetched them all
    already; this only checks they are there)."""
    output = tmp_path_factory.mktemp("versions") / "docs.db"
    return output, build_versions(configured_sources(), output, lexicon=fetch_lexicon(read_lexicon()))


def test_shipped_docs_db_matches_a_fresh_build(all_versions: tuple[Path, BuildReport]) -> None:
    """If this fails, the parser changed without `make build-index`: rebuild and commit data/docs.db."""
    output, _ = all_versions
    fetched, shipped_from = (
        table(output, "SELECT source FROM versions"),
        table(SHIPPED_DB, "SELECT source FROM versions"),
    )
    if fetched != shipped_from:
        pytest.skip(
            f"Debian's packages moved on since docs.db was built ({shipped_from} → {fetched}): "
            "run `make build-index` and commit data/docs.db"
        )
    assert table(output, "SELECT * FROM meta ORDER BY key") == table(SHIPPED_DB, "SELECT * FROM meta ORDER BY key")
    for name in ("docsets", "versions", "entries", "entry_versions", "documents", "synonyms"):
        assert table(output, f"SELECT * FROM {name}") == table(SHIPPED_DB, f"SELECT * FROM {name}"), name


def test_python_and_the_libraries_fit_in_one_committable_file(all_versions: tuple[Path, BuildReport]) -> None:
    output, report = all_versions
    assert report.versions[:4] == ("3.15", "3.14", "3.13", "3.11") and report.warnings == ()
    libraries = {version.split()[0] for version in report.versions[4:]}
    assert libraries == {library.docset for library in read_libraries()} and len(libraries) >= 10
    assert report.entries > 95_000
    # GitHub refuses files over 100 MB: the committed docs.db keeps under 95 (89.3 MB with the ten libraries).
    assert output.stat().st_size < 95_000_000
    assert CACHE.is_dir()
    # WordNet's synonyms, kept where they are API names: what "add an item to a list" needs.
    assert ("append",) in table(output, "SELECT name FROM synonyms WHERE term = 'add'")


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
