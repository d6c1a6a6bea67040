"""The search page over HTTP on the shipped docs.db: refusals, typed filters, spelling, the empty query,
ranking spots users met, area names, wrapping, titles, snippets, no-JS hints (the browser: test_browser.py)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ROOT, first_hit

HTMX_REQUEST = {"HX-Request": "true"}


def names(client: TestClient, query: str, **params: str) -> list[str]:
    return [hit["name"] for hit in client.get("/api/search", params={"q": query, **params}).json()["results"]]


# A refused query while typing: the message is swapped in where the stale results were.
def test_a_refused_query_answers_htmx_with_its_reason_in_the_status(client: TestClient) -> None:
    response = client.get("/search", params={"q": "json in:nowhere"}, headers=HTMX_REQUEST)
    assert response.status_code == 400
    assert 'class="status status-error"' in response.text and "Unknown area “nowhere”" in response.text


def test_htmx_is_told_to_swap_a_400(client: TestClient) -> None:
    assert '{"code": "400", "swap": true, "error": false}' in client.get("/").text


# Typed filters stay in the box.
def test_the_box_keeps_typed_filters(client: TestClient) -> None:
    html = client.get("/search", params={"q": "type:method wait"}).text
    assert 'value="type:method wait"' in html


def test_typed_filters_win_over_the_forms_and_the_menus_show_them(client: TestClient) -> None:
    """Without JavaScript the form sends its menus and the version shown with every search."""
    html = client.get("/search", params={"q": "version:3.11 type:function zip", "kind": "", "version": "3.15"}).text
    assert "Python 3.11" in html and "https://docs.python.org/3.11/library/functions.html#zip" in html
    assert '<option value="function" selected>' in html
    refused = client.get("/search", params={"q": "version:3.12 zip", "version": "3.15"})
    assert refused.status_code == 400 and "Unknown version “3.12”" in refused.text


def test_a_version_typed_on_the_home_page_changes_its_heading(client: TestClient) -> None:
    """htmx asks for the results alone; the heading's version comes with them, out of band, as the footer does."""
    partial = client.get("/search", params={"q": "version:3.11 zip", "version": "3.15"}, headers={"HX-Request": "true"})
    assert '<span id="shown-version" hx-swap-oob="true">Python 3.11</span>' in partial.text
    home = client.get("/").text
    assert '<h1 class="tagline">Search the <span id="shown-version">Python 3.15</span> docs' in home
    # A version typed alone, or the box cleared after one: the home page's content comes back, and the heading
    # and the footer follow it too.
    for typed, shown in (("version:3.11", "3.11"), ("", "3.15")):
        cleared = client.get("/search", params={"q": typed, "version": "3.15"}, headers=HTMX_REQUEST).text
        assert f'<span id="shown-version" hx-swap-oob="true">Python {shown}</span>' in cleared
        assert f"Python {shown} documentation</a>" in cleared.split('<span id="searched" hx-swap-oob="true">', 1)[1]


def test_without_javascript_a_menu_changed_by_hand_wins_over_the_typed_filter(client: TestClient) -> None:
    """The form sends each menu with the value it was shown with: one sent otherwise was changed by hand."""
    changed = client.get(
        "/search",
        params={"q": "type:method wait", "kind": "function", "area": "", "version": "3.15", "shown_kind": "method"},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    assert changed.headers["location"] == "/search?q=wait&kind=function&version=3.15"
    kept = client.get(
        "/search",
        params={"q": "type:method wait", "kind": "method", "version": "3.15", "shown_kind": "method", "shown_area": ""},
        follow_redirects=False,
    )
    assert kept.headers["location"] == "/search?q=type%3Amethod+wait&kind=method&version=3.15"
    page = client.get(kept.headers["location"]).text
    assert '<input type="hidden" name="shown_kind" value="method">' in page


def test_the_switcher_wins_over_a_version_typed_earlier(client: TestClient) -> None:
    response = client.get(
        "/search", params={"q": "version:3.11 zip", "version": "3.13", "switched": "1"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/search?q=zip&version=3.13"
    assert "pydocs_version=3.13" in response.headers["set-cookie"]  # the version remembered is the one chosen


# Spelling.
def test_the_status_names_the_corrected_spelling(client: TestClient) -> None:
    html = client.get("/search", params={"q": "funtools"}).text
    status = re.search(r'<p id="status"[^>]*>(.*?)</p>', html, re.S)
    assert status is not None and "results for “functools”" in status.group(1), status
    assert "funtools" not in status.group(1)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("pathlib.Path.exsits", "pathlib.Path.exists"), ("asyncio.gahter", "asyncio.gather"), ("str.joni", "str.join")],
)
def test_dotted_names_are_corrected_segment_by_segment(client: TestClient, typed: str, meant: str) -> None:
    body = client.get("/api/search", params={"q": typed}).json()
    assert body["corrected_query"] == meant
    assert body["results"][0]["name"] == meant


# An empty query is the home page.
def test_an_empty_search_is_the_home_page(client: TestClient) -> None:
    assert (
        client.get("/search", params={"q": "", "kind": "", "area": ""}, follow_redirects=False).headers["location"]
        == "/"
    )
    partial = client.get("/search", params={"q": ""}, headers=HTMX_REQUEST)
    assert "Browse Python by area" in partial.text and partial.headers["HX-Replace-Url"] == "/"
    assert "Browse by docset" in partial.text and 'href="/search?docset=flask"' in partial.text


# A results page loaded directly has the box focused.
def test_a_results_page_focuses_the_box(client: TestClient) -> None:
    assert re.search(r'<input id="q"[^>]*autofocus', client.get("/search", params={"q": "zip"}).text)


# Ranking spots.
def test_the_with_statement_is_found_for_with_statement(client: TestClient) -> None:
    assert "The with statement" in names(client, "with statement")[:3]


def test_a_dotted_prefix_keeps_to_its_module(client: TestClient) -> None:
    # Flask's flask.json.loads holds all of it too; logging and locals do not.
    assert all("json.lo" in name for name in names(client, "json.lo")[:5])
    suggested = client.get("/api/suggest", params={"q": "str.j"}).json()[1]
    assert suggested[0] == "str.join" and "json" not in suggested


@pytest.mark.parametrize("version", ["3.11", "3.15"])
def test_open_file_does_not_offer_oct(client: TestClient, version: str) -> None:
    """3.11's index entry for open()'s file objects sat at the end of oct()'s description."""
    assert "oct" not in names(client, "open file", version=version)[:5]
    assert "oct" not in names(client, "open fil", version=version)[:5]


# No internal folder names.
def test_areas_have_readable_names_and_internal_folders_are_hidden(client: TestClient) -> None:
    menu = re.search(r'<select [^>]*name="area">(.*?)</select>', client.get("/").text, re.S)
    assert menu is not None
    options = re.findall(r">([^<]+)</option>", menu.group(1))
    assert "includes" not in menu.group(1) and "general" not in options and "install" not in options
    assert "Glossary and other pages" in options
    glossary = first_hit(client.get("/search", params={"q": "iterator", "kind": "term"}).text)
    assert 'class="crumbs">Glossary' in glossary


# Long names wrap after dots and underscores.
def test_names_may_wrap_after_dots_and_underscores(client: TestClient) -> None:
    html = first_hit(client.get("/search", params={"q": "asyncio.loop.create_datagram_endpoint"}).text)
    assert "asyncio.<wbr>loop.<wbr>create_<wbr>datagram_<wbr>endpoint" in html


# The tab title and the address follow live search; the status shows the filters in force.
def test_live_results_carry_their_title_and_a_clean_address(client: TestClient) -> None:
    response = client.get("/search", params={"q": "wait", "kind": "method", "area": ""}, headers=HTMX_REQUEST)
    assert "<title>wait – Python 3.15 docs search</title>" in response.text
    assert response.headers["HX-Replace-Url"] == "/search?q=wait&kind=method&version=3.15"
    assert "for “wait” · kind method · Python 3.15" in response.text


# Text.
def test_no_results_says_an_opcode(client: TestClient) -> None:
    assert "as an opcode" in client.get("/search", params={"q": "zzzqqq", "kind": "opcode"}).text


def test_snippets_keep_doctest_prompts_on_their_own_lines_and_skip_the_signature(client: TestClient) -> None:
    results = client.get("/api/search", params={"q": "basetwo"}).json()["results"]
    partial = next(hit for hit in results if hit["name"] == "functools.partial")
    assert "<br>&gt;&gt;&gt; <mark>basetwo</mark>" in partial["snippet"], partial["snippet"]
    for hit in client.get("/api/search", params={"q": "open", "limit": 50}).json()["results"]:
        assert "……" not in hit["snippet"]
        assert not hit["signature"] or not hit["snippet"].startswith(hit["signature"])


# Without JavaScript.
def test_a_refused_page_keeps_the_query_in_its_box(client: TestClient) -> None:
    html = client.get("/search", params={"q": "x" * 201}).text
    assert f'value="{"x" * 201}"' in html


def test_key_hints_are_only_shown_when_scripts_run(client: TestClient) -> None:
    css = (ROOT / "static" / "app.css").read_text()
    assert ".shortcut, .keys-help { display: none; }" in css and ".js .shortcut, .js .keys-help" in css
    assert '<span class="keys-help">' in client.get("/").text


def test_the_menus_offer_what_the_version_shown_has(client: TestClient) -> None:
    newest = client.get("/search", params={"q": "join", "version": "3.15"}).text
    oldest = client.get("/search", params={"q": "join", "version": "3.11"}).text
    for gone in ('<option value="distutils"', '<option value="2to3 fixer"', '<option value="install"'):
        assert gone not in newest and gone in oldest
    chosen = client.get("/search", params={"q": "join", "version": "3.15", "area": "distutils"}).text
    assert '<option value="distutils" selected>' in chosen  # a filter in force stays visible


def test_a_refused_search_names_itself_in_the_tab_and_keeps_a_clean_address(client: TestClient) -> None:
    params = {"q": "zip", "kind": "", "area": "", "version": "3.12"}
    response = client.get("/search", params=params, headers=HTMX_REQUEST)
    assert response.status_code == 400
    assert response.headers["HX-Replace-Url"] == "/search?q=zip&version=3.12"  # not &kind=&area=
    assert response.text.startswith("<title>That search can’t be run – pydocs-search</title>")
