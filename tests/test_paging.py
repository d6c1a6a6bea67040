"""Every result a count promises is reachable: API pages, links without JavaScript, htmx's More results."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

HTMX_REQUEST = {"HX-Request": "true"}


# Paging.
def test_every_result_can_be_reached_page_by_page(client: TestClient) -> None:
    first = client.get("/api/search", params={"q": "open", "limit": 10}).json()
    second = client.get("/api/search", params={"q": "open", "limit": 10, "page": 2}).json()
    assert (first["page"], first["next_page"], second["page"]) == (1, 2, 2)
    assert first["total"] == second["total"] > 20
    assert not {hit["url"] for hit in first["results"]} & {hit["url"] for hit in second["results"]}
    assert client.get("/api/search", params={"q": "open", "page": 0}).status_code == 400


def test_pages_link_to_the_next_and_previous_results_without_javascript(client: TestClient) -> None:
    html = client.get("/search", params={"q": "open"}).text
    assert 'href="/search?q=open&amp;version=3.15&amp;page=2"' in html and "More results (11–20 of" in html
    second = client.get("/search", params={"q": "open", "page": "2"}).text
    assert 'id="hit-10"' in second and "Previous results" in second


def test_more_results_sends_only_the_next_rows_and_a_new_link(client: TestClient) -> None:
    headers = {**HTMX_REQUEST, "HX-Target": "results-list"}
    html = client.get("/search", params={"q": "open", "page": "2"}, headers=headers).text
    assert html.lstrip().startswith('<div id="hit-10"') and 'id="results-list"' not in html
    assert 'id="more-results" class="more" aria-label="More results" hx-swap-oob="true"' in html
    assert "page=3" in html


def test_more_results_gives_the_address_of_every_row_shown(client: TestClient) -> None:
    """Back to the search must find the appended rows: the address becomes the one that lists them all."""
    headers = {**HTMX_REQUEST, "HX-Target": "results-list"}
    response = client.get("/search", params={"q": "open", "page": "2", "version": "3.15"}, headers=headers)
    assert response.headers["HX-Replace-Url"] == "/search?q=open&limit=20&version=3.15"
    whole = client.get("/search", params={"q": "open", "limit": "20", "version": "3.15"}).text
    assert 'id="hit-19"' in whole and 'id="hit-20"' not in whole
    # Past the largest page a link may ask for, the address stays as it was.
    deep = client.get("/search", params={"q": "open", "page": "6", "version": "3.15"}, headers=headers)
    assert "HX-Replace-Url" not in deep.headers


def test_browsing_an_area_says_how_many_entries_it_has(client: TestClient) -> None:
    html = client.get("/search", params={"area": "tutorial"}).text
    assert re.search(r"[\d,]+ entries · in Tutorial · Python 3\.15", html)


def test_counts_are_exact_where_they_can_be_and_marked_where_they_cannot(client: TestClient) -> None:
    home = client.get("/", params={"version": "3.15"}).text
    counted = re.search(r'area=library&amp;version=3.15">Library reference</a> <span class="count">([\d,]+)<', home)
    assert counted, "the home page counts the library's entries"
    browse = client.get("/search", params={"area": "library", "version": "3.15"}).text
    assert f"{counted.group(1)} entries" in browse and f"{counted.group(1)}+" not in browse  # a browse counts all
    ranked = client.get("/search", params={"q": "get"}).text
    more = re.search(r"More results \([\d,]+–[\d,]+ of ([\d,]+\+?)\)", ranked)
    status = re.search(r"([\d,]+\+?) results", ranked)
    assert more and status and more.group(1) == status.group(1) and status.group(1).endswith("+")


def test_paging_says_where_it_ends_instead_of_offering_a_page_it_refuses(client: TestClient) -> None:
    last = client.get("/api/search", params={"area": "library", "page": 30}).json()
    assert last["total"] > 300 and "next_page" not in last  # it said 31, then refused it
    assert client.get("/api/search", params={"area": "library", "page": 29}).json()["next_page"] == 30
    html = client.get("/search", params={"area": "library", "page": "30"}).text
    assert "More results (" not in html and "page must be between" not in html
    assert "The first 300 results are listed; add words or a filter to narrow the rest." in html
    appended = client.get(
        "/search", params={"area": "library", "page": "30"}, headers={**HTMX_REQUEST, "HX-Target": "results-list"}
    ).text
    assert "The first 300 results are listed" in appended  # with htmx, the link gives way to the same words


def test_a_count_past_what_paging_reaches_says_so_at_once(client: TestClient) -> None:
    """ "13,174 entries" with 300 reachable read as a promise: the status says where the listing ends."""
    status = re.search(r'<p id="status".*?</p>', client.get("/search", params={"area": "library"}).text, re.S)
    assert status is not None and "entries" in status.group(0) and "the first 300 listed" in status.group(0)
    few = re.search(r'<p id="status".*?</p>', client.get("/search", params={"q": "heapq.heappush"}).text, re.S)
    assert few is not None and "listed" not in few.group(0)
