"""Libraries beside Python in one index: built from several Sphinx builds, scoped by `docset`, ranked so
that Python keeps its answers and a library's own names still come first when they are what was typed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
from fastapi.testclient import TestClient

from parser.build import VersionSource, build_versions
from parser.docset import cut_text
from parser.entries import PageEntries
from parser.inventory import InventoryObject
from parser.sources import LibraryDocs, SourceError, read_libraries
from parser.vectors import PACKED_BYTES, _current, dequantize, quantize
from tests.conftest import FLASK_MINI, PYTHON_MINI, first_hit
from web.app import create_app
from web.settings import Settings

FLASK_HOME = "https://flask.palletsprojects.com/en/stable/"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Python's mini build leading, Flask's beside it, as `make build-index` puts the libraries after Python."""
    output = tmp_path_factory.mktemp("mixed") / "docs.db"
    build_versions(
        [VersionSource(PYTHON_MINI), VersionSource(FLASK_MINI, docset="flask", version="3.1.3", base_url=FLASK_HOME)],
        output,
    )
    return output


@pytest.fixture(scope="module")
def mixed_client(mixed: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db_path=mixed, allowed_hosts=["testserver"]))) as client:
        yield client


def test_each_docset_has_its_versions_profile_and_own_keys(mixed: Path) -> None:
    with sqlite3.connect(f"file:{mixed}?mode=ro", uri=True) as connection:
        docsets = connection.execute("SELECT docset, name, rank FROM docsets ORDER BY rank").fetchall()
        versions = connection.execute("SELECT position, docset, version, base_url FROM versions").fetchall()
        keys = {row[0] for row in connection.execute("SELECT key FROM entries WHERE docset = 'flask'")}
    assert docsets == [("python", "Python", 0), ("flask", "Flask", 1)]
    assert versions == [(0, "python", "3.11", "https://docs.python.org/3.11/"), (1, "flask", "3.1.3", FLASK_HOME)]
    # A library's keys start with its identifier: its `index.html` or `py:module:json` is not Python's.
    assert keys and all(key.startswith("flask:") for key in keys)
    assert {"flask:appcontext.html", "flask:py:data:DEBUG"} <= keys


def test_the_api_lists_docsets_and_hits_say_where_they_are_from(mixed_client: TestClient) -> None:
    listed = mixed_client.get("/api/docsets").json()["docsets"]
    assert [(entry["docset"], entry["switchable"]) for entry in listed] == [("python", True), ("flask", False)]
    assert listed[1]["versions"] == [{"version": "3.1.3", "entries": listed[1]["entries"], "url": FLASK_HOME}]
    hits = mixed_client.get("/api/search", params={"q": "config", "limit": 50}).json()["results"]
    flask_hits = [hit for hit in hits if hit["docset"] == "flask"]
    assert flask_hits and all(hit["url"].startswith(FLASK_HOME) and hit["version"] == "3.1.3" for hit in flask_hits)
    assert all(hit["docset_name"] == "Flask" for hit in flask_hits)


def test_docset_narrows_typed_sent_or_listed(mixed_client: TestClient) -> None:
    every = {hit["docset"] for hit in mixed_client.get("/api/search", params={"q": "signal"}).json()["results"]}
    assert every == {"python", "flask"}  # by default every docset is searched
    for params in ({"q": "docset:fla signal"}, {"q": "signal", "docset": "Flask"}):
        found = mixed_client.get("/api/search", params=params).json()["results"]
        assert found and {hit["docset"] for hit in found} == {"flask"}, params
    both = mixed_client.get("/api/search", params={"q": "signal", "docset": "flask,python"}).json()["results"]
    assert {hit["docset"] for hit in both} == {"python", "flask"}
    refused = mixed_client.get("/api/search", params={"q": "signal", "docset": "django"})
    assert refused.status_code == 400 and "Unknown docset “django”. Try one of: flask, python." in refused.text
    # The address bar's suggestions narrow alike.
    suggested = mixed_client.get("/api/suggest", params={"q": "signal", "docset": "flask"}).json()[3]
    assert suggested and all(url.startswith(FLASK_HOME) for url in suggested)
    assert mixed_client.get("/api/suggest", params={"q": "signal", "docset": "django"}).status_code == 400


def test_a_library_hit_shows_its_docset_and_the_menu_offers_the_docsets(mixed_client: TestClient) -> None:
    page = mixed_client.get("/search", params={"q": "signal"}).text
    assert '<span class="badge badge-docset" title="From the Flask 3.1.3 docs">Flask 3.1.3</span>' in page
    assert '<option value="flask" >Flask</option>' in page or '<option value="flask">Flask</option>' in page
    chosen = mixed_client.get("/search", params={"q": "signal", "docset": "flask"}).text
    assert '<option value="flask" selected>Flask</option>' in chosen and "· in Flask" in chosen
    home = mixed_client.get("/").text
    assert "Browse by docset" in home and 'href="/search?docset=flask"' in home


def test_the_menus_offer_the_kinds_and_areas_of_the_docsets_chosen(mixed_client: TestClient) -> None:
    def options(page: str, name: str) -> set[str]:
        menu = page.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
        return {part.split('"', 1)[0] for part in menu.split('<option value="')[2:]}  # after "any"/"anywhere"

    python = mixed_client.get("/search", params={"q": "signal"}).text
    flask = mixed_client.get("/search", params={"q": "signal", "docset": "flask"}).text
    assert "library" in options(python, "area") and "library" not in options(flask, "area")
    # Flask's `data` (its config keys) is a kind Python's mini build has none of.
    assert "data" in options(flask, "kind") and "data" not in options(python, "kind")
    assert "function" in options(python, "kind") and "function" not in options(flask, "kind")


def test_htmx_gets_the_menus_again_only_when_the_docsets_searched_change(mixed_client: TestClient) -> None:
    def partial(**params: str) -> str:
        return mixed_client.get("/search", params={"q": "signal", **params}, headers={"HX-Request": "true"}).text

    swapped = 'id="menus" class="menus" hx-swap-oob="true"'
    assert swapped not in partial(shown_menus="")  # every docset, as the menus were made for
    assert swapped not in partial(docset="flask", shown_menus="flask")
    changed = partial(docset="flask", shown_menus="")
    assert swapped in changed and 'name="shown_menus" value="flask"' in changed
    assert swapped in partial()  # a page that says nothing of its menus gets them
    # The footer says what is searched, and follows every search (the menus only a change of docsets).
    footer = changed.split('<span id="searched" hx-swap-oob="true">', 1)[1].split("</span>", 1)[0]
    assert ">Flask " in footer and "Python" not in footer
    assert ">Flask " in partial(docset="flask", shown_menus="flask").split('<span id="searched"', 1)[1]


def test_the_footer_says_which_docs_are_searched(mixed_client: TestClient) -> None:
    def footer(**params: str) -> str:
        page = mixed_client.get("/search", params={"q": "signal", **params}).text
        return page.split('<span id="searched">', 1)[1].split("</span>", 1)[0]

    every = footer()
    assert "Python" in every and "with 1 library&#39;s docs beside it" in every  # the fixture has Flask alone
    flask = footer(docset="flask")
    assert ">Flask " in flask and "Python" not in flask and "libraries" not in flask
    both = footer(docset="python,flask")
    assert ">Python " in both and " and <a" in both and ">Flask " in both


def test_the_shipped_index_keeps_python_first_and_a_librarys_names_where_they_are_meant(client: TestClient) -> None:
    def top(query: str, count: int = 3) -> list[tuple[str, str]]:
        hits = client.get("/api/search", params={"q": query, "limit": count}).json()["results"]
        return [(hit["docset"], hit["name"]) for hit in hits]

    # Python's own answers stay first for bare words and first keystrokes.
    assert top("open")[0] == ("python", "open")
    assert top("g")[0][0] == "python" and top("date")[0] == ("python", "datetime.date")
    # A name only a library has, or a dotted name, is that library's whatever else matches.
    assert top("HttpRequest")[0] == ("django", "django.http.HttpRequest")
    assert top("flask.Flask.route")[0] == ("flask", "flask.Flask.route")
    sessions = top("Session", 5)
    assert ("requests", "requests.Session") in sessions and ("sqlalchemy", "sqlalchemy.orm.Session") in sessions
    # Naming the library in a question lifts its answers over Python's.
    assert ("flask", "flask.Flask.route") in top("how do I define a route in flask")


def test_a_name_the_anchor_does_not_spell_is_an_alias_of_the_one_it_does() -> None:
    def documented(name: str, anchor: str, role: str = "class") -> InventoryObject:
        return InventoryObject(name, "py", role, 1, "api.html", anchor, name)

    objects = [
        documented("requests.sessions.Session", "requests.Session"),
        documented("requests.Session", "requests.Session"),
        documented("requests.Session.get", "requests.Session.get", "method"),
        # An option's two spellings, neither the anchor: both are typed, neither is the other's alias.
        InventoryObject("timeit.--repeat", "std", "cmdoption", 1, "api.html", "cmdoption-timeit-r", "--repeat"),
        InventoryObject("timeit.-r", "std", "cmdoption", 1, "api.html", "cmdoption-timeit-r", "-r"),
    ]
    page = PageEntries("api.html", None, objects)
    aliases = {entry.name: entry.alias_of.name if entry.alias_of else None for entry in page.entries}
    assert aliases == {
        "requests.sessions.Session": "requests.Session",
        "requests.Session": None,
        "requests.Session.get": None,
        "timeit.--repeat": None,
        "timeit.-r": None,
    }
    # The name listed owns the anchor, though the inventory names the other first: links to it count for it.
    owner = page.entry_for_anchor("requests.Session")
    assert owner is not None and owner.name == "requests.Session"


def test_an_alias_is_listed_only_when_its_own_name_is_typed(client: TestClient) -> None:
    def names(query: str, count: int = 10) -> list[str]:
        hits = client.get("/api/search", params={"q": query, "limit": count}).json()["results"]
        return [hit["name"] for hit in hits]

    sessions = names("Session", 20)
    assert "requests.Session" in sessions and "sqlalchemy.orm.Session" in sessions and "pytest.Session" in sessions
    assert not {"requests.sessions.Session", "sqlalchemy.orm.session.Session", "_pytest.main.Session"} & set(sessions)
    assert "click.core.Option" not in names("click.Opt") and "click.Option" in names("click.Opt")
    # A dotted name both end is listed once; the other name's start finds the object by the name listed.
    foreign_keys = [name for name in names("schema.ForeignKey") if name.endswith("schema.ForeignKey")]
    assert foreign_keys == ["sqlalchemy.schema.ForeignKey"]
    assert names("session.Session")[0] == "sqlalchemy.orm.Session"
    assert "flask.Flask" in names("flask.app.Fla", 3)
    # Typed whole, the other name is what was meant.
    assert names("requests.sessions.Session")[0] == "requests.sessions.Session"


def test_libraries_are_configured_once_each_with_a_home(tmp_path: Path) -> None:
    configured = read_libraries()
    assert {library.docset for library in configured} >= {"flask", "django", "numpy", "sqlalchemy", "pytest"}
    assert all(library.url.startswith("https://") and library.url.endswith("/") for library in configured)
    twice = tmp_path / "packages.toml"
    twice.write_text(
        'docsets = [{ docset = "flask", package = "a", suite = "sid", url = "https://a/" },'
        ' { docset = "flask", package = "b", suite = "sid", url = "https://b/" }]\n'
    )
    with pytest.raises(SourceError, match="list each docset once"):
        read_libraries(twice)


def test_a_librarys_version_is_the_release_debian_packages(tmp_path: Path) -> None:
    library = LibraryDocs("django", "python-django-doc", "sid", "https://docs.djangoproject.com/en/5.2/")
    stamp = tmp_path / "python-django-doc" / "PACKAGE_VERSION"
    stamp.parent.mkdir()
    for packaged, release in (("3:5.2.18-2", "5.2.18"), ("1:2.4.6+ds-5", "2.4.6"), ("3.1.3-4", "3.1.3")):
        stamp.write_text(packaged + "\n")
        assert library.upstream_version(tmp_path) == release


def test_long_library_text_is_cut_at_a_word_with_a_mark() -> None:
    assert cut_text("short", 10) == "short"
    assert cut_text("one two three four", 12) == "one two…"


def test_vectors_are_4_bit_and_older_int8_ones_are_requantized() -> None:
    vector = np.random.default_rng(7).standard_normal(384).astype(np.float32)
    vector /= np.linalg.norm(vector)
    scale, packed = quantize(vector)
    assert len(packed) == PACKED_BYTES
    restored = dequantize(scale, packed)
    assert float(restored @ vector) / float(np.linalg.norm(restored)) > 0.97
    int8_scale = float(np.abs(vector).max() / 127)
    int8 = np.round(vector / int8_scale).astype(np.int8).tobytes()
    assert _current(int8_scale, int8) == quantize(np.frombuffer(int8, dtype=np.int8) * np.float32(int8_scale))
    assert _current(scale, packed) == (scale, packed) and _current(1.0, b"short") is None


def test_a_kind_or_area_the_docsets_chosen_lack_is_dropped_with_the_docs_menu(mixed_client: TestClient) -> None:
    """Python's `library` area and `function` kind, then Flask chosen in the Docs menu: kept, they would narrow
    Flask to nothing; the search goes on without them, with or without JavaScript. Typed, a filter stays."""
    chosen = {"q": "signal", "area": "library", "shown_area": "library", "kind": "function", "shown_kind": "function"}
    changed = {**chosen, "docset": "flask", "shown_docset": ""}
    for headers in ({"HX-Request": "true"}, {}):
        moved = mixed_client.get("/search", params=changed, headers=headers, follow_redirects=False)
        assert moved.status_code == 303, moved.text
        sent = parse_qs(urlsplit(moved.headers["location"]).query)
        assert not {"area", "kind", "shown_area", "shown_kind"} & set(sent) and sent["docset"] == ["flask"]
        found = mixed_client.get(moved.headers["location"], headers=headers).text
        assert "No results" not in found and first_hit(found).count('class="badge badge-docset"') == 1  # Flask's
    # Unchanged docsets keep the menus' choices; a choice the new docsets offer stays too.
    kept = mixed_client.get("/search", params={**chosen, "docset": "", "shown_docset": ""}, follow_redirects=False)
    sent = parse_qs(urlsplit(kept.headers["location"]).query)
    assert (sent["area"], sent["kind"]) == (["library"], ["function"])
    flask_kind = {"q": "signal", "kind": "data", "shown_kind": "data", "docset": "flask", "shown_docset": ""}
    htmx = {"HX-Request": "true"}
    assert mixed_client.get("/search", params=flask_kind, headers=htmx, follow_redirects=False).status_code == 200
    # Typed in the box, a filter is the user's own words: it stays, though the menu shows the same value.
    typed = {**changed, "q": "in:library signal"}
    moved = mixed_client.get("/search", params=typed, headers=htmx, follow_redirects=False)
    sent = parse_qs(urlsplit(moved.headers["location"]).query)
    assert sent["q"] == ["in:library signal"] and "kind" not in sent  # only the menu's kind left
    # A docset typed in the box gives way to the Docs menu changed by hand (the search that follows does too):
    # what Flask lacks is dropped, not what the typed docset has.
    typed_docset = {**chosen, "q": "docset:python signal", "docset": "flask", "shown_docset": "python"}
    moved = mixed_client.get("/search", params=typed_docset, follow_redirects=False)
    sent = parse_qs(urlsplit(moved.headers["location"]).query)
    assert not {"area", "kind"} & set(sent) and sent["docset"] == ["flask"] and sent["q"] == ["signal"]
    mixed_client.cookies.clear()


def test_the_docs_menu_chosen_by_hand_is_remembered_a_shared_link_is_not(mixed_client: TestClient) -> None:
    mixed_client.cookies.clear()
    htmx = {"HX-Request": "true"}
    shared = mixed_client.get("/search", params={"q": "signal", "docset": "flask"}, headers=htmx)
    assert "pydocs_docsets" not in shared.headers.get("set-cookie", "")
    chosen = mixed_client.get("/search", params={"q": "signal", "docset": "flask", "shown_docset": ""}, headers=htmx)
    assert "pydocs_docsets=flask" in chosen.headers["set-cookie"]
    # A later search that names no docset is in the one chosen, and the menu says so.
    later = mixed_client.get("/search", params={"q": "signal"})
    assert '<option value="flask" selected>Flask</option>' in later.text and "· in Flask" in later.text
    assert '<option value="flask" selected>Flask</option>' in mixed_client.get("/").text
    # "all docsets" chosen by hand forgets it; a docset this index lacks is ignored, not an error.
    every = mixed_client.get("/search", params={"q": "signal", "docset": "", "shown_docset": "flask"}, headers=htmx)
    assert 'pydocs_docsets=""' in every.headers["set-cookie"] or "Max-Age=0" in every.headers["set-cookie"]
    mixed_client.cookies.clear()
    mixed_client.cookies.set("pydocs_docsets", "nosuchdocs")
    assert mixed_client.get("/search", params={"q": "signal"}).status_code == 200
    mixed_client.cookies.clear()


def test_browsing_every_docset_at_once_is_answered(client: TestClient) -> None:
    """No words and every docset listed: the most linked entries of all of them, with their exact total (a window
    counting the sorted rows ran past the step budget: 503)."""
    docsets = ",".join(library.docset for library in read_libraries())
    found = client.get("/api/search", params={"q": "", "docset": f"python,{docsets}"})
    assert found.status_code == 200, found.text
    assert found.json()["total"] > 40_000 and len(found.json()["results"]) == 10
    assert client.get("/api/suggest", params={"q": "", "docset": f"python,{docsets}"}).status_code == 200
