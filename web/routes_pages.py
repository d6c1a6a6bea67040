"""HTML endpoints: the cached home page, search (page or htmx partial), /go, OpenSearch."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from web.cache import cache_response
from web.deps import DatabaseDep, SearchDep, SettingsDep, TemplatesDep
from web.query import checked_limit, parse_query
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
async def home(request: Request, database: DatabaseDep, search: SearchDep, templates: TemplatesDep) -> Response:
    # A connection is taken here, on a cache miss only: as a dependency it was checked out before the
    # cache was asked, and cache hits queued for the pool (wrk saw 2 s timeouts at 16 connections).
    async with database.connect() as connection:
        overview = await search.overview(connection)
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
    request: Request,
    database: DatabaseDep,
    search: SearchDep,
    settings: SettingsDep,
    templates: TemplatesDep,
    q: str = "",
    kind: Annotated[str | None, Query()] = None,
    area: Annotated[str | None, Query()] = None,
    limit: Annotated[int | None, Query()] = None,
) -> Response:
    """A full page that works without JavaScript, or just the results for an htmx swap."""
    query = parse_query(q, max_length=settings.query_max_length, kind=kind or None, area=area or None)
    size = checked_limit(limit, default=settings.default_limit, maximum=settings.max_limit)
    result = await search.search(database.connect, query, limit=size)
    partial = _is_htmx_swap(request)
    response = templates.TemplateResponse(
        request,
        "partials/_results.html" if partial else "search.html",
        _page_context(search, result=result, kind=kind, area=area, oob=partial),
    )
    response.headers["Vary"] = "HX-Request"
    return response


@router.get("/go")
async def go(database: DatabaseDep, search: SearchDep, settings: SettingsDep, q: str = "") -> Response:
    """Straight to the best hit: a browser keyword bookmark (`py str.join`)."""
    query = parse_query(q, max_length=settings.query_max_length)
    result = await search.search(database.connect, query, limit=1)
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


def _is_htmx_swap(request: Request) -> bool:
    """htmx asks for a partial, except when restoring history: then it needs the whole page."""
    return request.headers.get("hx-request") == "true" and request.headers.get("hx-history-restore-request") != "true"


def _page_context(search: SearchService, **values: object) -> dict[str, object]:
    return {
        "kinds": sorted(search.kinds),
        "areas": sorted(search.areas),
        "area_labels": AREA_LABELS,
        **values,
    }
