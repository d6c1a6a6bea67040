"""HTML pages: full page vs htmx partial, escaping, error pages, headers, assets."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ROOT, first_hit

HTMX = ROOT / "static" / "vendor" / "htmx-2.0.11.min.js"
HTMX_REQUEST = {"HX-Request": "true"}


class _Balance(HTMLParser):
    """Counts unclosed elements: well-formed output closes what it opens."""

    VOID = {"meta", "link", "input", "br", "img", "hr", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        del attrs
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        del tag
        self.names.update(name for name, _ in attrs)


def markup_attributes(html: str) -> set[str]:
    """Every attribute name of every tag: what a reflected handler (`onerror=`) would add."""
    parser = _Attributes()
    parser.feed(html)
    parser.close()
    return parser.names


def assert_well_formed(html: str) -> None:
    checker = _Balance()
    checker.feed(html)
    checker.close()
    assert checker.stack == [], f"unclosed: {checker.stack}"


def test_home_page_has_search_box_examples_and_areas(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert 'id="q"' in html and "autofocus" in html
    assert 'href="/search?q=str.join&amp;version=3.15"' in html
    assert "Library reference" in html and "Tutorial" in html
    assert 'Search the <span id="shown-version">Python 3.15</span> docs' in html
    assert_well_formed(html)


def test_search_page_works_without_javascript(client: TestClient) -> None:
    response = client.get("/search", params={"q": "str.join"})
    assert response.status_code == 200
    html = response.text
    assert html.startswith("<!DOCTYPE html>")
    assert 'value="str.join"' in html
    assert 'href="https://docs.python.org/3.11/library/stdtypes.html#str.join"' in html
    assert re.search(r'<p id="status"[^>]*>\s*\d+ results for “str.join”', html)
    assert_well_formed(html)


def test_htmx_request_gets_only_the_results_partial(client: TestClient) -> None:
    response = client.get("/search", params={"q": "str.join"}, headers=HTMX_REQUEST)
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="results-list"' in response.text
    assert 'hx-swap-oob="true"' in response.text  # the live result count outside #results
    assert response.headers["vary"] == "HX-Request"
    assert_well_formed(response.text)


def test_history_restore_gets_the_full_page(client: TestClient) -> None:
    headers = {**HTMX_REQUEST, "HX-History-Restore-Request": "true"}
    response = client.get("/search", params={"q": "len"}, headers=headers)
    assert response.text.startswith("<!DOCTYPE html>")


def test_result_shows_kind_breadcrumb_signature_and_version_badge(client: TestClient) -> None:
    html = client.get("/search", params={"q": "functools.cache"}).text
    first = html[html.index('id="hit-0"') : html.index('id="hit-1"')].replace("<wbr>", "")
    assert ">function<" in first and "functools.cache" in first
    assert "@functools.cache(user_function)" in first
    assert "New in 3.9" in first
    assert "Library reference › functools" in first


def test_markup_in_the_query_is_escaped_everywhere(client: TestClient) -> None:
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    for headers in ({}, HTMX_REQUEST):
        html = client.get("/search", params={"q": hostile}, headers=headers).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html


def test_spelling_correction_is_shown(client: TestClient) -> None:
    html = client.get("/search", params={"q": "colections"}).text
    assert "Showing results for" in html and "<strong>collections</strong>" in html


def test_no_results_has_helpful_suggestions(client: TestClient) -> None:
    html = client.get("/search", params={"q": "zzzqqqxxx"}).text
    assert "No results for “zzzqqqxxx”" in html and 'href="/search?q=join"' in html


def test_too_long_query_gets_a_400_page_in_the_sites_style(client: TestClient) -> None:
    response = client.get("/search", params={"q": "a" * 5000})
    assert response.status_code == 400
    assert "the limit is 200" in response.text and 'class="error-page"' in response.text


def test_unknown_path_gets_a_styled_404(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.text and "<html" in response.text


def test_go_redirects_to_the_top_hit(client: TestClient) -> None:
    response = client.get("/go", params={"q": "str.join"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "https://docs.python.org/3.15/builtins/stdtypes.html#str.join"
    older = client.get("/go", params={"q": "str.join", "version": "3.11"}, follow_redirects=False)
    assert older.headers["location"] == "https://docs.python.org/3.11/library/stdtypes.html#str.join"
    nothing = client.get("/go", params={"q": "zzzqqqxxx"}, follow_redirects=False)
    assert nothing.headers["location"] == "/search?q=zzzqqqxxx"


def test_opensearch_description_points_at_search_and_suggestions(client: TestClient) -> None:
    response = client.get("/opensearch.xml")
    assert response.headers["content-type"].startswith("application/opensearchdescription+xml")
    assert 'template="http://testserver/search?q={searchTerms}"' in response.text
    assert 'type="application/x-suggestions+json"' in response.text


@pytest.mark.parametrize("path", ["/", "/search?q=len", "/no/such/page", "/api/search?q=" + "x" * 300, "/healthz"])
def test_every_response_carries_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    for path in ("/", "/search?q=len", "/no/such/page"):
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert "<style" not in html and " style=" not in html, path


def test_assets_have_hashed_urls_and_long_cache_lifetimes(client: TestClient) -> None:
    html = client.get("/").text
    css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]{12})"', html)
    assert css is not None
    response = client.get(css.group(1))
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["cache-control"]


@pytest.mark.parametrize("path", ["/static/../web/app.py", "/static/%2e%2e/web/app.py", "/static/..%2fpyproject.toml"])
def test_static_traversal_is_refused(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_vendored_htmx_matches_its_recorded_checksum() -> None:
    recorded = (HTMX.parent / f"{HTMX.name}.sha256").read_text().split()[0]
    assert hashlib.sha256(HTMX.read_bytes()).hexdigest() == recorded


def test_several_new_in_notes_date_parts_not_the_entry(client: TestClient) -> None:
    # In 3.11 `-X` has one "New in" note per sub-option; none of them is the option's own.
    html = client.get("/search", params={"q": "-X", "kind": "option", "version": "3.11"}).text
    first = first_hit(html)
    assert ">-X<" in first and "New in" not in first


@pytest.mark.parametrize("path", ["/", "/search?q=zip", "/api/search?q=zip", "/healthz", "/llms.txt", "/docs"])
def test_head_is_answered_like_get_without_a_body(client: TestClient, path: str) -> None:
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b"" and head.headers["content-type"] == got.headers["content-type"]
    assert "content-security-policy" in head.headers
