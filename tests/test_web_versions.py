"""Choosing a version: parameter, typed filter, remembered choice, refused values, and the history a hit carries."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SHIPPED_DB, first_hit
from web.app import create_app
from web.settings import Settings


def first_api_hit(client: TestClient, **params: str) -> dict[str, object]:
    response = client.get("/api/search", params={"limit": "3", **params})
    assert response.status_code == 200, response.text
    hit: dict[str, object] = response.json()["results"][0]
    return hit


def test_versions_are_listed_newest_first_with_the_default() -> None:
    with TestClient(create_app(Settings(db_path=SHIPPED_DB, allowed_hosts=["testserver"]))) as client:
        body = client.get("/api/versions").json()
    assert body["default"] == "3.15"
    assert [version["version"] for version in body["versions"]] == ["3.15", "3.14", "3.13", "3.11"]
    assert body["versions"][-1]["url"] == "https://docs.python.org/3.11/"
    assert all(version["entries"] > 15_000 for version in body["versions"])


@pytest.mark.parametrize("how", [{"version": "3.11"}, {"q_prefix": "version:3.11 "}])
def test_a_version_is_chosen_by_parameter_or_typed_filter(client: TestClient, how: dict[str, str]) -> None:
    params = {"q": how.get("q_prefix", "") + "zip", **({"version": how["version"]} if "version" in how else {})}
    hit = first_api_hit(client, **params)
    assert hit["url"] == "https://docs.python.org/3.11/library/functions.html#zip"
    assert (hit["version"], hit["in_version"]) == ("3.11", True)


def test_a_typed_version_wins_over_the_parameter(client: TestClient) -> None:
    """What is typed is what was meant; a form sends its version with every search."""
    assert first_api_hit(client, q="version:3.11 zip", version="3.14")["version"] == "3.11"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "zip", "version": "3.12"}, "Unknown version “3.12”. Try one of: 3.11, 3.13, 3.14, 3.15."),
        ({"q": "version:2.7 zip"}, "Unknown version “2.7”."),
        ({"q": "version:3.1 zip"}, "Which version? “3.1” could be: 3.11, 3.13, 3.14, 3.15."),
    ],
)
def test_an_unknown_version_is_a_400_listing_the_known_ones(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    for path in ("/api/search", "/api/suggest", "/search", "/go"):
        response = client.get(path, params=params, follow_redirects=False)
        assert response.status_code == 400, path
        assert message in response.text, path


def test_a_name_this_version_lacks_is_shown_from_the_newest_that_has_it(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "imp.find_module", "version": "3.15"}).json()
    assert body["total"] == 0 and body["elsewhere"] == len(body["results"]) == 3  # the counts say what follows
    missing = body["results"][0]
    assert missing["url"] == "https://docs.python.org/3.11/library/imp.html#imp.find_module"
    assert (missing["in_version"], missing["version"], missing["versions"]) == (False, "3.11", ["3.11"])


def test_the_footer_follows_a_version_typed_in_the_box(client: TestClient) -> None:
    partial = client.get("/search", params={"q": "version:3.11 zip"}, headers={"HX-Request": "true"}).text
    footer = partial.split('<span id="searched" hx-swap-oob="true">', 1)[1].split("</span>", 1)[0]
    assert ">Python 3.11 documentation</a>" in footer and "also 3.15" in footer


def test_the_footer_names_the_docsets_chosen_in_the_order_the_menu_lists_them(client: TestClient) -> None:
    page = client.get("/search", params={"q": "request", "docset": "werkzeug,django,flask"}).text
    footer = page.split('<span id="searched">', 1)[1].split("</span>", 1)[0]
    names = [part.split(" ", 1)[0] for part in footer.split('">')[1:]]  # each link's "Name version"
    assert names == ["Flask", "Werkzeug", "Django"], footer
    assert "Python" not in footer


def test_a_question_asks_no_other_version_for_names(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a name can be what another version has: a question found no name, like `imp.find_module` in 3.15,
    but asking the other versions for it costs a statement and finds nothing."""
    dialect = client.app.state.search.database.dialect  # type: ignore[attr-defined]
    asked: list[str] = []
    elsewhere = dialect.elsewhere
    monkeypatch.setattr(dialect, "elsewhere", lambda query, **kw: asked.append(query.text) or elsewhere(query, **kw))
    client.get("/api/search", params={"q": "how do I find a module by name", "version": "3.15"})
    assert asked == []
    client.get("/api/search", params={"q": "imp.get_magic", "version": "3.15"})  # no other test's: not cached
    assert asked == ["imp.get_magic"]


def test_each_hit_links_to_its_entry_in_every_version_even_where_the_page_moved(client: TestClient) -> None:
    html = client.get("/search", params={"q": "zip", "version": "3.15"}).text
    first = first_hit(html)
    assert 'href="https://docs.python.org/3.11/library/functions.html#zip" aria-label="zip in 3.11">3.11</a>' in first
    assert 'href="https://docs.python.org/3.14/builtins/functions.html#zip" aria-label="zip in 3.14">3.14</a>' in first
    assert "<strong>3.15</strong>" in first


def test_history_comes_from_the_docs_and_typeshed_never_from_first_sight(client: TestClient) -> None:
    html = client.get("/search", params={"q": "annotationlib.Format.VALUE", "version": "3.15"}).text
    assert "New in" not in first_hit(html)  # no note of its own: that 3.13 lacks it dates nothing
    html = client.get("/search", params={"q": "annotationlib", "version": "3.15"}).text
    assert "New in 3.14" in first_hit(html)  # typeshed: `annotationlib: 3.14-`
    html = client.get("/search", params={"q": "asynchat.async_chat", "version": "3.11"}).text
    assert "Removed in 3.12" in first_hit(html) and "not after" not in first_hit(html)  # typeshed says why


def test_a_chosen_version_is_remembered_by_pages_not_by_the_api() -> None:
    with TestClient(create_app(Settings(db_path=SHIPPED_DB, allowed_hosts=["testserver"]))) as client:
        shared = client.get("/search", params={"q": "zip", "version": "3.14"})  # a link someone sent
        assert "pydocs_version" not in shared.cookies
        assert (
            "pydocs_version" not in client.get("/", params={"version": "3.14"}).cookies
            and 'Search the <span id="shown-version">Python 3.15</span> docs' in client.get("/").text
        )
        switched = client.get(
            "/search", params={"q": "zip", "version": "3.13", "switched": "1"}, follow_redirects=False
        )
        assert switched.status_code == 303 and switched.headers["location"] == "/search?q=zip&version=3.13"
        assert switched.cookies.get("pydocs_version") == "3.13"
        assert 'Search the <span id="shown-version">Python 3.13</span> docs' in client.get("/").text
        assert 'href="https://docs.python.org/3.13/builtins/functions.html#zip"' in client.get("/search?q=zip").text
        assert client.get("/api/search", params={"q": "zip"}).json()["version"] == "3.15"
        client.cookies.clear()
        client.cookies.set("pydocs_version", "2.7")  # a version this docs.db no longer has: ignored
        assert 'Search the <span id="shown-version">Python 3.15</span> docs' in client.get("/").text


def test_the_openapi_spec_lists_the_versions_of_the_loaded_file(client: TestClient) -> None:
    parameters = client.get("/openapi.json").json()["paths"]["/api/search"]["get"]["parameters"]
    version = next(parameter for parameter in parameters if parameter["name"] == "version")
    assert version["schema"]["enum"] == ["", "3.15", "3.14", "3.13", "3.11"]
