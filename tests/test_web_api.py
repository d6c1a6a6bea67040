"""The JSON API and operational endpoints, through the real app and the shipped docs.db: every test runs
on both backends, the in-memory copy and the same index loaded into a real PostgreSQL server."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from parser.schema import SCHEMA_VERSION
from testbed.hostile_inputs import FTS_SYNTAX_QUERIES
from web.search.dialects.fts5 import match_expression
from web.search.query import parse_query

# Name lookups compare the text as typed: `a.b`, `x_y` or `-x` (a command-line option) is a name,
# not words, so only queries without such marks can be compared with their plain words.
NAME_LOOKUP_SEES_MARKS = re.compile(r"[._-]")


@pytest.fixture(params=["memory", "postgresql"])
def client(request: pytest.FixtureRequest, client: TestClient) -> TestClient:
    """The shared app over the in-memory copy, or the one over PostgreSQL."""
    return request.getfixturevalue("postgres_client") if request.param == "postgresql" else client


def test_healthz_reports_the_index_served(client: TestClient) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok"
    assert (health["docset"], health["docset_name"], health["docset_version"]) == ("python", "Python", "3.15")
    assert health["schema_version"] == SCHEMA_VERSION and health["entries"] > 70_000
    if client.app.state.settings.database_url:  # type: ignore[attr-defined]
        assert health["storage"] == "postgresql" and health["copy_seconds"] == 0
    else:
        assert health["storage"] == "memdb" and 0 < health["copy_seconds"] < 60


def test_api_search_returns_typed_ranked_hits(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "str.join", "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "str.join" and body["total"] >= 3 and len(body["results"]) == 3
    assert body["version"] == "3.15"  # the newest release, unless another is asked for
    first = body["results"][0]
    assert first["url"] == "https://docs.python.org/3.15/builtins/stdtypes.html#str.join"
    assert (first["name"], first["kind"], first["area"]) == ("str.join", "method", "builtins")
    assert (first["version"], first["in_version"], first["versions"]) == (
        "3.15",
        True,
        ["3.11", "3.13", "3.14", "3.15"],
    )
    assert first["signature"] == "str.join(iterable, /)"
    assert first["breadcrumb"].startswith("Built-in Types › Text Sequence Type")
    assert first["summary"].startswith("Return a string which is the concatenation")
    assert "corrected_query" not in body and "score" not in first


def test_api_search_reports_a_corrected_spelling(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "funtools"}).json()
    assert body["corrected_query"] == "functools"
    assert body["results"][0]["name"] == "functools"


def test_api_search_explains_scores_on_request(client: TestClient) -> None:
    first = client.get("/api/search", params={"q": "len", "explain": "1"}).json()["results"][0]
    assert first["name"] == "len" and first["tier"] == 1000 and first["score"] > 1000


def test_api_search_filters_by_kind_and_area(client: TestClient) -> None:
    by_parameter = client.get("/api/search", params={"q": "join", "kind": "method"}).json()["results"]
    by_syntax = client.get("/api/search", params={"q": "type:method join"}).json()["results"]
    assert by_parameter == by_syntax and {hit["kind"] for hit in by_parameter} == {"method"}
    tutorial = client.get("/api/search", params={"q": "in:tutorial docstrings"}).json()["results"]
    assert tutorial and {hit["area"] for hit in tutorial} == {"tutorial"}


def test_filters_typed_in_the_query_may_be_abbreviated_while_typing(client: TestClient) -> None:
    whole = client.get("/api/search", params={"q": "type:method wait"}).json()["results"]
    assert client.get("/api/search", params={"q": "type:meth wait"}).json()["results"] == whole
    tutorial = client.get("/api/search", params={"q": "in:tut list"}).json()["results"]
    assert tutorial and {hit["area"] for hit in tutorial} == {"tutorial"}
    ambiguous = client.get("/api/search", params={"q": "type:m wait"})
    assert (ambiguous.status_code, ambiguous.json()["detail"]) == (
        400,
        "Which kind? “m” could be: method, module, monitoring-event.",
    )
    # Parameters are not typed by hand: they must name a kind exactly, as the OpenAPI enum says.
    assert client.get("/api/search", params={"q": "wait", "kind": "meth"}).status_code == 400


@pytest.mark.parametrize(
    "params",
    [{"q": "list append", "area": "c-api"}, {"q": "list append", "area": "C API"}, {"q": "in:c-api list append"}],
)
def test_a_hyphenated_area_can_be_chosen_however_it_is_written(client: TestClient, params: dict[str, str]) -> None:
    results = client.get("/api/search", params=params).json()["results"]
    assert results and {hit["area"] for hit in results} == {"c-api"}
    assert "PyList_Append" in [hit["name"] for hit in results]


def test_snippets_mark_matches_inside_escaped_text(client: TestClient) -> None:
    # html.escape's own text is about the characters "&", "<" and ">": they must come back escaped.
    results = client.get("/api/search", params={"q": "html.escape"}).json()["results"]
    snippet = next(hit["snippet"] for hit in results if hit["name"] == "html.escape")
    assert "&lt;" in snippet and "&gt;" in snippet and "&amp;" in snippet
    assert "<mark>HTML</mark>" in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0, snippet


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * 201}, "the limit is 200"),
        ({"q": "join", "limit": "0"}, "limit must be between 1 and 50"),
        ({"q": "join", "limit": "5000"}, "limit must be between 1 and 50"),
        ({"q": "join", "kind": "spaceship"}, "Unknown kind"),
        ({"q": "in:nowhere join"}, "Unknown area"),
        ({"q": "join", "area": " \x85 "}, "Unknown area “(blank)”"),
    ],
)
def test_bad_requests_get_a_clear_400(client: TestClient, params: dict[str, str], message: str) -> None:
    response = client.get("/api/search", params=params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_an_unknown_area_suggests_only_areas_a_user_may_choose(client: TestClient) -> None:
    detail = client.get("/api/search", params={"q": "in:nowhere join"}).json()["detail"]
    assert "library" in detail and "tutorial" in detail
    assert "includes" not in detail  # a folder of reused fragments, hidden from every menu


def test_non_numeric_limit_is_a_422_with_a_reason(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "join", "limit": "lots"})
    assert response.status_code == 422
    assert "limit" in response.json()["detail"]


@pytest.mark.parametrize("query", FTS_SYNTAX_QUERIES)
def test_fts_syntax_in_queries_is_just_text(client: TestClient, query: str) -> None:
    """Operators and quotes are not syntax: the hits are those of the same words typed plainly."""
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 200
    parsed = parse_query(query, max_length=200)
    assert response.json()["query"] == parsed.text
    plain = " ".join(re.findall(r"\w+", parsed.text))
    if plain and not NAME_LOOKUP_SEES_MARKS.search(parsed.as_name):
        expected = client.get("/api/search", params={"q": plain}).json()
        # Spelling correction reads identifiers, which `NEAR(a` is not: compare only what both searched.
        if "corrected_query" not in expected:
            assert [hit["url"] for hit in response.json()["results"]] == [hit["url"] for hit in expected["results"]]
    expression = match_expression(parsed)
    assert expression is None or re.fullmatch(r'"\w+"(?: "\w+")*\*?', expression), expression


def test_suggestions_follow_the_opensearch_format(client: TestClient) -> None:
    response = client.get("/api/suggest", params={"q": "OrderedD"})
    assert response.headers["content-type"] == "application/x-suggestions+json"
    query, names, descriptions, urls = response.json()
    assert query == "OrderedD" and names[0] == "collections.OrderedDict"
    assert len(names) == len(descriptions) == len(urls) <= 8


def test_openapi_schema_describes_the_search_api(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    parameters = {parameter["name"] for parameter in schema["paths"]["/api/search"]["get"]["parameters"]}
    assert parameters == {"q", "limit", "kind", "area", "docset", "version", "page", "explain"}
    assert "HitOut" in schema["components"]["schemas"]


def test_openapi_schema_states_the_bounds_the_api_enforces(client: TestClient) -> None:
    parameters = client.get("/openapi.json").json()["paths"]["/api/search"]["get"]["parameters"]
    schema = {parameter["name"]: parameter["schema"] for parameter in parameters}
    assert (schema["limit"]["minimum"], schema["limit"]["maximum"], schema["limit"]["default"]) == (1, 50, 10)
    assert schema["q"]["maxLength"] == 200
    assert {"", "c-api", "library", "tutorial"} <= set(schema["area"]["enum"])
    assert {"", "c function", "class", "method"} <= set(schema["kind"]["enum"])


def test_docset_narrows_like_any_filter(client: TestClient) -> None:
    typed = client.get("/api/search", params={"q": "docset:pyth zip"}).json()
    assert typed["results"][0]["name"] == "zip"  # a unique prefix, like `type:meth`
    assert {hit["docset"] for hit in typed["results"]} == {"python"}
    ambiguous = client.get("/api/search", params={"q": "docset:pyt zip"})
    assert ambiguous.status_code == 400 and "could be: pytest, python" in ambiguous.text
    refused = client.get("/api/search", params={"q": "zip", "docset": "flask,nosuchdocs"})
    assert refused.status_code == 400 and "Unknown docset “nosuchdocs”. Try one of: aiohttp, click," in refused.text
    several = client.get("/api/search", params={"q": "Response", "docset": "flask,werkzeug", "limit": 20}).json()
    assert {hit["docset"] for hit in several["results"]} == {"flask", "werkzeug"}
    spec = client.get("/openapi.json").json()
    docset = next(p for p in spec["paths"]["/api/search"]["get"]["parameters"] if p["name"] == "docset")
    assert re.fullmatch(docset["schema"]["pattern"], "flask,werkzeug") and not re.fullmatch(
        docset["schema"]["pattern"], "flask,nosuchdocs"
    )
