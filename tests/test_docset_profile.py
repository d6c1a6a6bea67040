"""A docset's profile: what is Python's (area names, built-in types, kind weights) is data read with the docset,
and another Sphinx build gets the defaults, not Python's knowledge."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from parser.build import build
from parser.profile import DocsetProfile, ProfileError, profile_for, stored_profile
from tests.conftest import FLASK_MINI, SHIPPED_DB
from web.app import create_app
from web.search.query import parse_query
from web.search.questions import question_of
from web.settings import Settings


@pytest.fixture(scope="module")
def flask_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("flask") / "docs.db"
    build(FLASK_MINI, output, base_url="https://flask.palletsprojects.com/en/stable/")
    return output


def builtins(db: Path) -> set[str]:
    with sqlite3.connect(db) as connection:
        sql = "SELECT e.name FROM entries AS e JOIN entry_versions AS ev ON ev.entry_id = e.id WHERE ev.builtin"
        return {name for (name,) in connection.execute(sql)}


def test_python_docs_carry_pythons_profile(mini_db: Path) -> None:
    profile = stored_profile(mini_db)
    assert profile.builtins and profile.type_names["strings"] == "str"
    assert (profile.label("c-api"), profile.label("library")) == ("C API", "Library reference")
    assert profile.c_api_areas == ("c-api",) and profile.area_penalty["whatsnew"] == 700
    assert {"functools", "heapq"} <= builtins(mini_db)  # top-level names, as Python has them


def test_another_docset_gets_the_defaults_and_no_built_ins(flask_db: Path) -> None:
    profile = stored_profile(flask_db)
    assert not profile.builtins and not profile.type_names and not profile.c_api_areas
    assert profile.kind_bonus["class"] == 20  # Sphinx's Python-domain kinds are every library's
    assert profile.label("general") == "General"  # named after its folder: no profile knows it
    assert builtins(flask_db) == set()  # `SECRET_KEY` is a top-level name, not a built-in of Flask


def test_a_question_names_a_built_in_type_only_in_a_docset_that_has_it() -> None:
    query = parse_query("how do I reverse a list", max_length=200)
    python = question_of(query, type_names=profile_for("python", ()).type_names)
    flask = question_of(query, type_names=profile_for("flask", ()).type_names)
    assert python is not None and flask is not None
    assert python.owners == ("list",) and python.seeking == (0,)  # "list" names whose member answers
    assert flask.owners == () and flask.seeking == (0, 1)  # in Flask's docs "list" is only a word


def test_another_docset_is_served_with_its_own_area_names(flask_db: Path) -> None:
    settings = Settings(db_path=flask_db, profile="production", allowed_hosts=["testserver"])
    with TestClient(create_app(settings)) as client:
        page = client.get("/search", params={"q": "secret"}).text
        assert '<option value="general" >General</option>' in page
        assert "SECRET_KEY" in page


@pytest.mark.parametrize(
    ("stored", "message"),
    [
        ('{"kind_bonus": {"module": "high"}}', "a weight must be a number, not 'high'"),
        ('{"favourite_colour": "blue"}', "unknown profile fields: favourite_colour"),
        ("not json", "the stored docset profile cannot be read"),
    ],
)
def test_a_profile_that_cannot_be_read_is_refused_with_its_reason(stored: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        DocsetProfile.from_json(stored)


def test_pages_a_profile_skips_are_not_indexed(copy_of_mini: Path, tmp_path: Path) -> None:
    (copy_of_mini / "404.html").write_bytes((copy_of_mini / "glossary.html").read_bytes())
    (copy_of_mini / "includes").mkdir()
    (copy_of_mini / "includes" / "fragment.html").write_bytes((copy_of_mini / "glossary.html").read_bytes())
    build(copy_of_mini, tmp_path / "docs.db")
    with sqlite3.connect(tmp_path / "docs.db") as connection:
        paths = {path for (path,) in connection.execute("SELECT path FROM pages")}
    assert "glossary.html" in paths and "404.html" not in paths and "includes/fragment.html" not in paths


def test_the_shipped_index_holds_no_junk_pages() -> None:
    """3.13+ ship a 404 page and 3.14+ a no-JavaScript twin of 'Improve a documentation page'; 3.11 an include
    fragment titled '<no title>'. None is reading matter."""
    with sqlite3.connect(f"file:{SHIPPED_DB}?immutable=1", uri=True) as connection:
        junk = connection.execute(
            "SELECT path FROM pages WHERE path IN ('404.html', 'improve-page-nojs.html') OR path LIKE 'includes/%'"
        ).fetchall()
        titles = connection.execute("SELECT count(*) FROM documents WHERE title LIKE '<no title>%'").fetchone()[0]
    assert junk == [] and titles == 0
