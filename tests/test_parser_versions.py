"""Several docs versions in one docs.db: one identity per entry, moved pages followed, text stored once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from parser.build import BuildError, VersionSource, build_versions
from parser.sources import DocsVersion, SourceError, fetch, read_versions
from tests.conftest import FIXTURES, PYTHON_MINI

V311 = FIXTURES / "versions" / "3.11"
V315 = FIXTURES / "versions" / "3.15"


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("versions") / "docs.db"
    build_versions([VersionSource(V315, version="3.15"), VersionSource(V311, version="3.11")], output)
    return output


def places(db: Path, key: str) -> dict[str, str]:
    """version → page#anchor of the entry with `key`."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        found = connection.execute(
            "SELECT v.version, p.path || '#' || ev.anchor FROM entries AS e "
            "JOIN entry_versions AS ev ON ev.entry_id = e.id JOIN versions AS v ON v.position = ev.position "
            "JOIN pages AS p ON p.id = ev.page_id WHERE e.key = ?",
            (key,),
        ).fetchall()
    return dict(found)


def test_versions_are_listed_newest_first_with_their_homes(two_versions: Path) -> None:
    with sqlite3.connect(two_versions) as connection:
        listed = connection.execute("SELECT position, version, base_url FROM versions ORDER BY position").fetchall()
    assert listed == [(0, "3.15", "https://docs.python.org/3.15/"), (1, "3.11", "https://docs.python.org/3.11/")]


def test_an_object_keeps_its_identity_when_its_page_moves(two_versions: Path) -> None:
    assert places(two_versions, "py:function:zip") == {
        "3.15": "builtins/functions.html#zip",
        "3.11": "library/functions.html#zip",
    }


def test_a_moved_page_is_one_entry_though_its_heading_changed_case(two_versions: Path) -> None:
    # 3.15 moved library/functions.html to builtins/ and wrote "Built-in functions".
    assert places(two_versions, "builtins/functions.html") == {
        "3.15": "builtins/functions.html#",
        "3.11": "library/functions.html#",
    }
    assert places(two_versions, "library/functions.html") == {}


def test_new_and_removed_entries_are_in_their_versions_only(two_versions: Path) -> None:
    assert set(places(two_versions, "py:module:annotationlib")) == {"3.15"}
    assert set(places(two_versions, "py:function:imp.find_module")) == {"3.11"}
    # 3.15 keeps a page saying imp was removed: the module entry is documented in both.
    assert set(places(two_versions, "py:module:imp")) == {"3.15", "3.11"}


def test_the_same_text_in_two_versions_is_stored_once(tmp_path: Path) -> None:
    output = tmp_path / "docs.db"
    report = build_versions(
        [VersionSource(PYTHON_MINI, version="3.12"), VersionSource(PYTHON_MINI, version="3.11")], output
    )
    with sqlite3.connect(output) as connection:
        (documents,) = connection.execute("SELECT count(*) FROM documents").fetchone()
        (rows,) = connection.execute("SELECT count(*) FROM entry_versions").fetchone()
    assert report.documents == documents and rows == 2 * documents


def test_two_builds_of_several_versions_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    for output in (first, second):
        build_versions([VersionSource(V315, version="3.15"), VersionSource(V311, version="3.11")], output)
    assert first.read_bytes() == second.read_bytes()


def test_a_version_given_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="once"):
        build_versions([VersionSource(V311, version="3.11"), VersionSource(V315, version="3.11")], tmp_path / "x.db")


def test_the_configured_versions_are_newest_first_without_3_12() -> None:
    versions = read_versions()
    assert [entry.version for entry in versions] == ["3.15", "3.14", "3.13", "3.11"]
    assert all(entry.package == f"python{entry.version}-doc" for entry in versions)


def test_a_broken_versions_file_is_one_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "versions.toml"
    broken.write_text("docs = [ { version = '3.15' } ]")
    with pytest.raises(SourceError, match="cannot read the versions list"):
        read_versions(broken)


def test_an_unreachable_archive_fails_with_one_line_naming_what(tmp_path: Path) -> None:
    """Offline: nothing listens on port 9 of loopback, as nothing answers a machine without network."""
    wanted = [DocsVersion("3.15", "python3.15-doc", "sid")]
    with pytest.raises(SourceError, match=r"cannot fetch .*sid") as raised:
        fetch(wanted, tmp_path / "cache", archive="http://127.0.0.1:9/debian")
    assert "\n" not in str(raised.value)
