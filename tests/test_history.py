"""Version history a user can trust: "New in" and "Removed in" only from the docs' own notes and typeshed,
checked against facts from What's New (testbed/history_facts.py) and against typeshed itself."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest
from fastapi.testclient import TestClient

from parser.lifetimes import read_lifetimes
from parser.text import version_key
from testbed.history_facts import ADDED, NO_BADGE, REMOVED, AddedFact, RemovedFact
from tests.conftest import SHIPPED_DB, first_hit

VERSIONS = ("3.15", "3.14", "3.13", "3.11")


@pytest.fixture(params=["memory", "postgresql"])
def client(request: pytest.FixtureRequest, client: TestClient) -> TestClient:
    """The shared app over the in-memory copy, or the one over PostgreSQL: both say the same history."""
    return request.getfixturevalue("postgres_client") if request.param == "postgresql" else client


def hit_named(client: TestClient, name: str, version: str) -> dict[str, Any]:
    results = client.get("/api/search", params={"q": name, "version": version, "limit": 50}).json()["results"]
    found = [hit for hit in results if hit["name"] == name and hit["kind"] != "section"]
    assert found, f"{name} not found searching {version}"
    return found[0]


@pytest.mark.parametrize("fact", ADDED, ids=lambda fact: fact.name)
def test_an_entry_says_the_release_that_added_it_in_every_version(client: TestClient, fact: AddedFact) -> None:
    for version in VERSIONS:
        hit = hit_named(client, fact.name, version)
        assert hit.get("added_in") == fact.added, f"{fact.name} searched in {version}"
        later = version_key(version) < version_key(fact.added)
        assert hit["in_version"] is not later, f"{fact.name} searched in {version}"


@pytest.mark.parametrize("fact", REMOVED, ids=lambda fact: fact.name)
def test_a_removed_module_says_when_it_went_and_is_not_shown_as_present(client: TestClient, fact: RemovedFact) -> None:
    for version in VERSIONS:
        hit = hit_named(client, fact.name, version)
        assert hit.get("removed_in") == fact.removed, f"{fact.name} searched in {version}"
        assert {"kind": "removed", "version": fact.removed} in hit["version_notes"]
        gone = version_key(version) >= version_key(fact.removed)
        assert hit["removed_here"] is (gone and hit["in_version"]), f"{fact.name} searched in {version}"


@pytest.mark.parametrize("name", NO_BADGE)
def test_old_features_are_never_new(client: TestClient, name: str) -> None:
    for version in VERSIONS:
        assert hit_named(client, name, version).get("added_in") is None, f"{name} searched in {version}"


def test_no_module_is_dated_against_typeshed() -> None:
    """No module badged "New in" later than typeshed's start; none present past typeshed's end unmarked."""
    lifetimes = read_lifetimes()
    sql = """SELECT e.name, v.version, ev.removed, d.version_notes FROM entries AS e
             JOIN entry_versions AS ev ON ev.entry_id = e.id JOIN versions AS v ON v.position = ev.position
             JOIN documents AS d ON d.id = ev.document_id WHERE e.kind = 'module' AND e.domain = 'py'"""
    with sqlite3.connect(f"file:{SHIPPED_DB}?immutable=1", uri=True) as connection:
        rows = connection.execute(sql).fetchall()
    checked = 0
    for name, version, removed, notes in rows:
        lifetime = lifetimes.get(name)
        if lifetime is None:
            continue
        checked += 1
        added = [note["version"] for note in _notes(notes) if note["kind"] == "added"]
        if len(added) == 1:  # what the badge shows (hits.py: added_in)
            assert version_key(added[0]) <= version_key(lifetime.first) or lifetime.added is None, (name, version)
        if lifetime.removed is not None and version_key(version) >= version_key(lifetime.removed):
            assert removed == 1, f"{name} documented in {version}, removed in {lifetime.removed}, not marked"
    assert checked > 250  # most of the stdlib's modules, every version


def _notes(text: str) -> list[dict[str, str]]:
    notes: list[dict[str, str]] = json.loads(text)
    return notes


def test_read_file_does_not_offer_removed_modules_first(client: TestClient) -> None:
    results = client.get("/api/search", params={"q": "read file", "version": "3.15"}).json()["results"]
    assert not [hit["name"] for hit in results[:5] if hit["removed_here"]]


def names(client: TestClient, query: str, version: str) -> list[str]:
    found = client.get("/api/search", params={"q": query, "version": version, "limit": 50}).json()["results"]
    return [hit["name"] for hit in found]


def test_a_removed_module_ranks_below_live_entries_but_for_its_exact_name(client: TestClient) -> None:
    assert names(client, "imp", "3.15")[0] == "imp"  # typed whole, it is what was meant: the badge answers
    assert "imp" not in names(client, "im", "3.15")  # 108 live names start so; the stub comes after them
    html = client.get("/search", params={"q": "asynchat", "version": "3.15"}).text
    assert '<span class="badge badge-removed">Removed in 3.12</span>' in first_hit(html)


def test_an_entry_added_later_says_so_where_it_is_missing(client: TestClient) -> None:
    html = client.get("/search", params={"q": "annotationlib", "version": "3.13"}).text
    assert "not in 3.13 — added in 3.14" in html and "last documented in 3.15" not in html
    html = client.get("/search", params={"q": "imp.find_module", "version": "3.15"}).text
    assert "removed in 3.12 — last documented in 3.11" in html


def test_the_version_list_runs_newest_first_and_says_what_changed(client: TestClient) -> None:
    hit = first_hit(client.get("/search", params={"q": "zip", "version": "3.15"}).text)
    versions = hit[hit.index('class="hit-versions"') :]
    assert versions.index("3.15") < versions.index("3.14") < versions.index("3.13") < versions.index("3.11")
    assert "; changed in 3.10" in versions  # zip's strict= (3.10)


def test_pages_and_sections_are_never_new(client: TestClient) -> None:
    """Their notes date what they describe ("Dictionary displays": unpacking, 3.5), not the section."""
    for query in ("Comprehensions", "Dictionary displays", "I/O objects"):
        for version in VERSIONS:
            results = client.get("/api/search", params={"q": query, "version": version}).json()["results"]
            sections = [hit for hit in results if hit["kind"] in ("section", "page")]
            assert sections and all(hit.get("added_in") is None for hit in sections), (query, version)
