"""Result rows rendered once and spliced (web/hit_rows.py) are the rows the template renders itself."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from jinja2 import DictLoader, Environment
from markupsafe import Markup

from web.assets import HTMX, AssetUrls
from web.hit_rows import NUMBER, HitRows
from web.search.database import DocsetInfo
from web.search.filters import Filters
from web.search.hits import Hit, SearchResult
from web.search.query import parse_query
from web.services import open_services
from web.settings import Settings
from web.templating import make_templates

# A row template that shows its number twice (an id and a label).
TWICE = '<div id="hit-{{ number }}"><span>{{ number }}.</span> {{ hit.name }} {{ snippet }}</div>'
QUERIES = (
    "len",
    "str.rep",
    "OrderedD",
    "read a file",
    "dict comprehension",
    "asyncore.loop",
    "imp",
    "os.path.exi",
    "print",
)


@pytest.fixture(scope="module")
def searched(shipped_settings: Settings) -> tuple[list[SearchResult], DocsetInfo]:
    async def search_all() -> tuple[list[SearchResult], DocsetInfo]:
        async with open_services(shipped_settings) as services:
            found = []
            for version in ("3.15", "3.11"):
                for text in QUERIES:
                    query = parse_query(text, max_length=200, filters=Filters(version=version))
                    found.append(await services.search.search(query, limit=10))
            return found, services.database.info

    return asyncio.run(search_all())


@pytest.fixture
def results(searched: tuple[list[SearchResult], DocsetInfo]) -> list[SearchResult]:
    return searched[0]


@pytest.fixture
def rows(searched: tuple[list[SearchResult], DocsetInfo]) -> HitRows:
    """A fresh HitRows, nothing kept yet."""
    return HitRows(make_templates(AssetUrls(), info=searched[1], htmx=HTMX).env)


def _rendered_whole(rows: HitRows, hit: Hit, number: int, searched: str) -> str:
    """The row as the template renders it with the real number and snippet: no markers, no cache."""
    template = rows._environment.get_template("partials/_hit.html")
    answer = hit.is_exact and number == 0 and hit.in_version
    return template.render(hit=hit, searched=searched, answer=answer, number=number, snippet=hit.snippet)


def test_spliced_rows_are_the_rows_the_template_renders(results: list[SearchResult], rows: HitRows) -> None:
    shown = [(result, hit) for result in results for hit in result.shown]
    assert len(shown) > 100 and any(not hit.in_version for _, hit in shown)  # the versions' badges are covered
    # Twice over: the first pass renders and keeps each row, the second splices kept pieces only.
    for _ in range(2):
        for result in results:
            for number, hit in enumerate(result.shown):
                assert rows(hit, number, result.version) == _rendered_whole(rows, hit, number, result.version)


def test_a_kept_row_takes_each_request_s_own_number_and_snippet(results: list[SearchResult], rows: HitRows) -> None:
    hit = next(hit for result in results for hit in result.hits if not hit.is_exact)
    first = rows(hit, 3, "3.15")
    other = rows(dataclasses.replace(hit, snippet=Markup("another <mark>snippet</mark>")), 7, "3.15")
    assert 'id="hit-3"' in first and str(hit.snippet) in first
    assert 'id="hit-7"' in other and "another <mark>snippet</mark>" in other and str(hit.snippet) not in other


def test_a_row_whose_text_holds_a_marker_is_rendered_whole(results: list[SearchResult], rows: HitRows) -> None:
    hit = dataclasses.replace(results[0].hits[0], summary=f"odd {NUMBER} text", snippet=Markup(f"odd {NUMBER} text"))
    html = rows(hit, 1, "3.15")
    assert html == _rendered_whole(rows, hit, 1, "3.15")
    assert 'id="hit-1"' in html and html.count(NUMBER) == 1  # the docs' own character, not a number


def test_a_template_may_use_the_number_twice_and_rows_are_still_kept(results: list[SearchResult]) -> None:
    environment = Environment(loader=DictLoader({"partials/_hit.html": TWICE}), autoescape=True)
    rows = HitRows(environment)
    hit = results[0].hits[0]
    for number in (2, 5):
        html = rows(hit, number, "3.15")
        assert html == environment.get_template("partials/_hit.html").render(
            hit=hit, number=number, snippet=hit.snippet
        )
    assert len(rows._kept) == 1  # rendered once, spliced the second time
