"""HTML endpoints: the cached home page, search (page or htmx partial), /go, OpenSearch."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from web.cache import cache_response
from web.deps import SearchDep, SearchRequestDep, SettingsDep, TemplatesDep
from web.htmx import is_htmx_swap, varies_with_htmx
from web.query import parse_query
from web.search import SearchService

router = APIRouter(include_in_schema=False)

EXAMPLES = ("str.join", "OrderedD", "len", "dict comprehension", "ternary", "funtools", "type:method wait")
AREA_LABELS = {
    "tutorial": "Tutorial",
    "library": "Library reference",
    "reference": "Language reference",
    "howto": "HOWTOs",
    "faq": "FAQ",
    "c-api": "C API",
    "using": "Using Python",
    "extending": "Extending and embedding",
    "whatsnew": "What’s New",
    "installing": "Installing modules",
    "distributing": "Distributing modules",
}


@router.get("/")
@cache_response()
async def home(request: Request, search: SearchDep, templates: TemplatesDep) -> Response:
    # A connection is taken here, on a cache miss only: as a dependency it was checked out before the
    # cache was asked, and cache hits queued for the pool (wrk saw 2 s timeouts at 16 connections).
    overview = await search.overview()
    return templates.TemplateResponse(
        request,
        "home.html",
        _page_context(
            search,
            examples=EXAMPLES,
            area_counts=[(area, overview.areas[area]) for area in AREA_LABELS if area in overview.areas],
            kind_counts=overview.kinds[:8],
            result=None,
            kind=None,
            area=None,
        ),
    )


@router.get("/search")
async def search_page(
    request: Request, asked: SearchRequestDep, search: SearchDep, templates: TemplatesDep
) -> Response:
    """A full page that works without JavaScript, or just the results for an htmx swap."""
    result = await search.search(asked.query, limit=asked.limit)
    partial = is_htmx_swap(request)
    response = templates.TemplateResponse(
        request,
        "partials/_results.html" if partial else "search.html",
        _page_context(search, result=result, kind=asked.kind, area=asked.area, oob=partial),
    )
    return varies_with_htmx(response)


@router.get("/go")
async def go(search: SearchDep, settings: SettingsDep, q: str = "") -> Response:
    """Straight to the best hit: a browser keyword bookmark (`py str.join`)."""
    query = parse_query(q, max_length=settings.query_max_length)
    result = await search.search(query, limit=1)
    if result.hits:
        return RedirectResponse(result.hits[0].url, status_code=303)
    return RedirectResponse("/search?" + urlencode({"q": q}), status_code=303)


@router.get("/opensearch.xml")
async def opensearch(request: Request, search: SearchDep, templates: TemplatesDep) -> Response:
    return templates.TemplateResponse(
        request,
        "opensearch.xml",
        {"info": search.info, "base": str(request.base_url).rstrip("/")},
        media_type="application/opensearchdescription+xml",
    )


def _page_context(search: SearchService, **values: object) -> dict[str, object]:
    return {
        "kinds": sorted(search.kinds),
        "areas": sorted(search.areas),
        "area_labels": AREA_LABELS,
        **values,
    }
