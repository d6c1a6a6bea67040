"""FastAPI dependencies, as Annotated aliases routes can name in their signatures."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.templating import Jinja2Templates
from starlette.datastructures import QueryParams

from web.search import query as user_query
from web.search.filters import FIELDS, NO_FILTERS, Filters
from web.search.service import SearchService
from web.settings import Settings


# Plain `def` dependencies would each cost a thread-pool round trip per request.
async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _search_service(request: Request) -> SearchService:
    service: SearchService = request.app.state.search
    return service


async def _templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


SettingsDep = Annotated[Settings, Depends(_settings)]
SearchDep = Annotated[SearchService, Depends(_search_service)]
TemplatesDep = Annotated[Jinja2Templates, Depends(_templates)]


# A page's chosen version is remembered across visits in this cookie; the JSON API never reads it.
VERSION_COOKIE = "pydocs_version"
# The docsets last chosen by hand in the Docs menu (`flask`, `flask,werkzeug`); absent: every docset.
DOCSET_COOKIE = "pydocs_docsets"
QueryText = Annotated[
    str, Query(description="What to search for; `type:`, `in:`, `docset:` and `version:` filters allowed")
]
Limit = Annotated[int | None, Query(description="Results to return")]
Kind = Annotated[str | None, Query(description="Only this kind: module, class, method, …")]
Area = Annotated[str | None, Query(description="Only this area: library, tutorial, …")]
Docset = Annotated[
    str | None,
    Query(description="Only these docsets, comma-separated (`flask,werkzeug`; see /api/docsets); default: all"),
]
Version = Annotated[
    str | None, Query(description="The Python docs version to search (default: the newest); libraries have one each")
]
Page = Annotated[int | None, Query(description="Which page of results, from 1")]


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """A search as asked for: the parsed query, the page size, and the filters as sent (for the form)."""

    query: user_query.SearchQuery
    limit: int
    page: int
    sent: Filters  # the filter parameters as sent, empty ones None: the form shows them, pages remember a version

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def _checked(settings: Settings, *, q: str, limit: int | None, sent: Filters, page: int | None) -> SearchRequest:
    """The one parse-and-check of a search's parameters; raises InvalidQuery (a 400)."""
    return SearchRequest(
        query=user_query.parse_query(q, max_length=settings.query_max_length, filters=sent),
        limit=user_query.checked_limit(limit, default=settings.default_limit, maximum=settings.max_limit),
        page=user_query.checked_page(page),
        sent=sent,
    )


# The search dependencies read the app's state themselves: each nested dependency costs every keystroke.
async def _api_search_request(
    request: Request,
    q: QueryText = "",
    limit: Limit = None,
    kind: Kind = None,
    area: Area = None,
    docset: Docset = None,
    version: Version = None,
    page: Page = None,
) -> SearchRequest:
    settings: Settings = request.app.state.settings
    sent = Filters(kind=kind or None, area=area or None, docset=docset or None, version=version or None)
    return _checked(settings, q=q, limit=limit, sent=sent, page=page)


SearchRequestDep = Annotated[SearchRequest, Depends(_api_search_request)]


@dataclass(frozen=True, slots=True)
class PageSearch:
    """What a search page's route needs, in one dependency: the search as asked, the service, the templates."""

    asked: SearchRequest
    search: SearchService
    templates: Jinja2Templates


async def _page_search(request: Request) -> PageSearch:
    """The same parse-and-check for pages, where a version chosen on an earlier visit is the default.

    Pages are not in the OpenAPI schema, so their parameters are read here rather than declared:
    FastAPI's validation of six declared parameters was 60 µs of every keystroke, more than routing.
    """
    state = request.app.state
    search: SearchService = state.search
    sent = request.query_params
    asked = _checked(
        state.settings,
        q=sent.get("q", ""),
        limit=_whole_number(sent, "limit"),
        sent=NO_FILTERS.replace(**{field.name: sent.get(field.name) or None for field in FIELDS}),
        page=_whole_number(sent, "page"),
    )
    remembered = remembered_version(request, search)
    filters = asked.query.filters
    if filters.version is None and remembered is not None:  # not asked for, nor typed as `version:`
        filters = filters.replace(version=remembered)
    # The docsets chosen by hand before, unless this address names some (the form sends `docset=` empty
    # for "all docsets"; a shared link without one is searched as its reader last chose).
    docsets = remembered_docsets(request, search)
    if filters.docset is None and "docset" not in sent and docsets is not None:
        filters = filters.replace(docset=docsets)
    if filters != asked.query.filters:
        asked = dataclasses.replace(asked, query=dataclasses.replace(asked.query, filters=filters))
    return PageSearch(asked=asked, search=search, templates=state.templates)


def _whole_number(sent: QueryParams, name: str) -> int | None:
    """A whole-number parameter; absent or empty is None, anything else not a number is the user's error."""
    text = sent.get(name, "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:  # not a number, or more digits than Python converts
        raise user_query.InvalidQuery(f"{name} must be a whole number.") from None


def remembered_version(request: Request, search: SearchService) -> str | None:
    """The version cookie, if it still names a version this docs.db has (a stale one is ignored)."""
    cookie = request.cookies.get(VERSION_COOKIE)
    return cookie if cookie and search.info.find(cookie) else None


def remembered_docsets(request: Request, search: SearchService) -> str | None:
    """The Docs menu's last choice made by hand, if it still names docsets this index has (a stale one is
    ignored, like a stale version)."""
    cookie = request.cookies.get(DOCSET_COOKIE) or ""
    known = [docset for docset in cookie.split(",") if docset in search.info.docsets]
    return ",".join(known) or None


PageSearchDep = Annotated[PageSearch, Depends(_page_search)]
