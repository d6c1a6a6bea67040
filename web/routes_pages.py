"""HTML endpoints: the cached home page, search (page or htmx partial), /go, OpenSearch."""

from __future__ import annotations

from collections.abc import Hashable
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from web.cache import cache_response, response_key
from web.database import VersionInfo
from web.deps import VERSION_COOKIE, PageSearchRequestDep, SearchDep, TemplatesDep, Version, remembered_version
from web.htmx import is_htmx_swap, varies_with_htmx
from web.query import parse_query
from web.search import SearchService

router = APIRouter(include_in_schema=False)

EXAMPLES = ("str.join", "OrderedD", "len", "dict comprehension", "ternary", "funtools", "type:method wait")
AREA_LABELS = {
    "tutorial": "Tutorial",
    "library": "Library reference",
    "builtins": "Built-ins",
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
# A remembered choice lasts a year, like a setting; it is only a default, every URL names its version.
COOKIE_SECONDS = 365 * 24 * 3600


def _home_key(request: Request) -> Hashable:
    """The home page also depends on the version remembered in the cookie."""
    return (response_key(request), request.cookies.get(VERSION_COOKIE))


@router.get("/")
@cache_response(key=_home_key)
async def home(request: Request, search: SearchDep, templates: TemplatesDep, version: Version = None) -> Response:
    # A connection is taken here, on a cache miss only: as a dependency it was checked out before the
    # cache was asked, and cache hits queued for the pool (wrk saw 2 s timeouts at 16 connections).
    query = parse_query("", max_length=1, version=version or remembered_version(request, search))
    served = search.version_of(search.resolved(query))
    overview = await search.overview(served)
    response = templates.TemplateResponse(
        request,
        "home.html",
        _page_context(
            search,
            served,
            examples=EXAMPLES,
            area_counts=[(area, overview.areas[area]) for area in AREA_LABELS if area in overview.areas],
            kind_counts=overview.kinds[:8],
            entries=sum(overview.areas.values()),
            result=None,
            kind=None,
            area=None,
        ),
    )
    return _remember(response, version, served)


@router.get("/search")
async def search_page(
    request: Request, asked: PageSearchRequestDep, search: SearchDep, templates: TemplatesDep
) -> Response:
    """A full page that works without JavaScript, or just the results for an htmx swap."""
    result = await search.search(asked.query, limit=asked.limit)
    served = search.version_of(result.query)
    partial = is_htmx_swap(request)
    response = templates.TemplateResponse(
        request,
        "partials/_results.html" if partial else "search.html",
        _page_context(search, served, result=result, kind=asked.kind, area=asked.area, oob=partial),
    )
    return varies_with_htmx(_remember(response, asked.version_asked, served))


@router.get("/go")
async def go(asked: PageSearchRequestDep, search: SearchDep) -> Response:
    """Straight to the best hit: a browser keyword bookmark (`py str.join`)."""
    result = await search.search(asked.query, limit=1)
    best = (*result.hits, *result.missing)
    if best:
        return RedirectResponse(best[0].url, status_code=303)
    parameters = {"q": asked.query.text, **({"version": result.version} if asked.version_asked else {})}
    return RedirectResponse("/search?" + urlencode(parameters), status_code=303)


@router.get("/opensearch.xml")
async def opensearch(request: Request, search: SearchDep, templates: TemplatesDep) -> Response:
    return templates.TemplateResponse(
        request,
        "opensearch.xml",
        {"info": search.info, "base": str(request.base_url).rstrip("/")},
        media_type="application/opensearchdescription+xml",
    )


def _remember(response: Response, asked: str | None, served: VersionInfo) -> Response:
    """A version chosen explicitly becomes this browser's default."""
    if asked:
        response.set_cookie(VERSION_COOKIE, served.version, max_age=COOKIE_SECONDS, samesite="lax", httponly=True)
    return response


def _page_context(search: SearchService, served: VersionInfo, **values: object) -> dict[str, object]:
    return {
        "kinds": sorted(search.kinds),
        "areas": sorted(search.areas),
        "area_labels": AREA_LABELS,
        "versions": search.info.versions,
        "version": served,
        **values,
    }
