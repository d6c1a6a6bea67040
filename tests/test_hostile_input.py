"""Any input at all: only 200 or 400 (or 422 for unparseable parameters), never a 500, never reflected raw."""

from __future__ import annotations

import http.client

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from testbed.hostile_inputs import MARKUP
from tests.test_web_pages import assert_well_formed, markup_attributes

FTS_PIECES = ['"', "*", "^", ":", "(", ")", "NEAR", "AND", "OR", "NOT", "-", "{", "}", "'", ";", "--", "%", "_", "\\"]
hostile_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FTS_PIECES + MARKUP + ["str.join", "len", " ", "type:", "in:"]), max_size=40).map("".join),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=150, max_size=400),
)
EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@EXAMPLES
@given(query=hostile_text)
def test_search_page_and_partial_answer_any_text(client: TestClient, query: str) -> None:
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get("/search", params={"q": query}, headers=headers)
        assert response.status_code in (200, 400), response.text[:300]
        assert "<script>" not in response.text.replace('<script src="', "")
        # The words may be reflected (escaped, they are only text); a tag or handler never is.
        assert "<img" not in response.text and "onerror" not in markup_attributes(response.text)
        assert_well_formed(response.text)


@EXAMPLES
@given(query=hostile_text)
def test_api_suggest_and_go_answer_any_text(client: TestClient, query: str) -> None:
    assert client.get("/api/search", params={"q": query}).status_code in (200, 400)
    assert client.get("/api/suggest", params={"q": query}).status_code in (200, 400)
    assert client.get("/go", params={"q": query}, follow_redirects=False).status_code in (303, 400)


@EXAMPLES
@given(limit=st.one_of(st.integers(), st.text(max_size=12)), kind=st.text(max_size=20), area=st.text(max_size=20))
def test_any_parameters_get_a_4xx_at_worst(client: TestClient, limit: object, kind: str, area: str) -> None:
    response = client.get("/api/search", params={"q": "join", "limit": str(limit), "kind": kind, "area": area})
    assert response.status_code in (200, 400, 422)
    assert "detail" in response.json() or "results" in response.json()


@EXAMPLES
@given(limit=st.one_of(st.integers(), st.text(max_size=12)), page=st.one_of(st.integers(), st.text(max_size=30)))
def test_a_page_s_numbers_are_read_or_refused_in_words(client: TestClient, limit: object, page: object) -> None:
    response = client.get("/search", params={"q": "join", "limit": str(limit), "page": str(page)})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "must be" in response.text and "Traceback" not in response.text


@pytest.mark.parametrize(
    ("limit", "page", "said"),
    [
        ("ten", "1", "limit must be a whole number."),
        ("+-5", "1", "limit must be a whole number."),
        ("10", "2.5", "page must be a whole number."),
        ("10", "9" * 5000, "page must be a whole number."),  # more digits than Python converts
        ("0", "1", "limit must be between 1 and"),
        ("10", "-1", "page must be between 1 and"),
    ],
)
def test_a_page_says_which_number_it_cannot_use(client: TestClient, limit: str, page: str, said: str) -> None:
    response = client.get("/search", params={"q": "join", "limit": limit, "page": page})
    assert response.status_code == 400 and said in response.text


def test_an_empty_number_on_a_page_is_the_default(client: TestClient) -> None:
    response = client.get("/search", params={"q": "join", "limit": "", "page": ""})
    assert response.status_code == 200 and 'id="hit-9"' in response.text and 'id="hit-10"' not in response.text


def raw_get(live_server: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """One GET sent as written: http.client, unlike httpx, sends any URL length and any Host header."""
    connection = http.client.HTTPConnection(live_server.removeprefix("http://"), timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (10_000, "the limit is 200"),
        # A megabyte of URL is refused by uvicorn's HTTP parser before the app sees it.
        (1_000_000, "Invalid HTTP request received."),
    ],
)
def test_huge_queries_are_refused_clearly(live_server: str, size: int, message: str) -> None:
    status, body = raw_get(live_server, "/api/search?q=" + "x" * size)
    assert status == 400, body[:200]
    assert message in body and "Traceback" not in body


# Bytes that are not UTF-8 (or encode lone surrogates, or NUL) can only arrive percent-encoded in a URL.
RAW_BYTES = ["%ED%A0%80", "%FF%FE", "%C0%AF", "%00", "%F4%90%80%80", "str%ED%B2%A9join", "%1B%5B31m"]


@pytest.mark.parametrize("raw", RAW_BYTES)
def test_bytes_that_are_not_text_are_answered(client: TestClient, raw: str) -> None:
    for path in ("/search?q=", "/api/search?q=", "/api/suggest?q=", "/search?q=len&area=", "/api/search?kind="):
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(path + raw, headers=headers)
            assert response.status_code in (200, 400), (path, raw)
            assert "\x00" not in response.text and "\x1b" not in response.text
            if response.headers["content-type"].startswith("text/html"):
                assert_well_formed(response.text)
    assert client.get("/go?q=" + raw, follow_redirects=False).status_code == 303


def test_an_unknown_filter_is_quoted_back_short(client: TestClient) -> None:
    detail = client.get("/api/search", params={"q": "len", "kind": "k" * 5_000}).json()["detail"]
    assert detail.startswith(f"Unknown kind “{'k' * 40}”. Try one of: ")


def test_repeated_parameters_and_wrong_methods(client: TestClient) -> None:
    assert client.get("/api/search?q=len&q=str.join").status_code == 200
    assert client.post("/api/search", params={"q": "len"}).status_code == 405
    assert client.delete("/search").status_code == 405


@pytest.mark.parametrize("host", ["evil.example", "testserver.evil.example", "a b", "", "[::1", "x:notaport"])
def test_a_foreign_or_malformed_host_is_refused(client: TestClient, host: str) -> None:
    for path in ("/", "/opensearch.xml", "/api/search?q=len", "/static/app.css", "/no/such/page"):
        response = client.get(path, headers={"Host": host})
        assert (response.status_code, response.text) == (400, "Invalid host header"), path
        assert response.headers["x-content-type-options"] == "nosniff", path


def test_the_live_server_answers_only_its_own_names(live_server: str) -> None:
    port = live_server.rsplit(":", 1)[1]
    for host, status in [(f"localhost:{port}", 200), (f"127.0.0.1:{port}", 200), ("attacker.example", 400)]:
        answered, body = raw_get(live_server, "/opensearch.xml", headers={"Host": host})
        assert answered == status, (host, body[:200])
        assert "attacker" not in body
