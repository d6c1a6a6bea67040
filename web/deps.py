"""FastAPI dependencies, as Annotated aliases routes can name in their signatures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.templating import Jinja2Templates

from web import query as user_query
from web.search import SearchService
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


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """A search as asked for: the parsed query, the page size, and the filters as sent (for the form)."""

    query: user_query.Query
    limit: int
    kind: str | None
    area: str | None


async def _search_request(
    settings: SettingsDep,
    q: Annotated[str, Query(description="What to search for; `type:` and `in:` filters allowed")] = "",
    limit: Annotated[int | None, Query(description="Results to return")] = None,
    kind: Annotated[str | None, Query(description="Only this kind: module, class, method, …")] = None,
    area: Annotated[str | None, Query(description="Only this area: library, tutorial, …")] = None,
) -> SearchRequest:
    """The one parse-and-check of a search's parameters; raises InvalidQuery (a 400)."""
    return SearchRequest(
        query=user_query.parse_query(q, max_length=settings.query_max_length, kind=kind or None, area=area or None),
        limit=user_query.checked_limit(limit, default=settings.default_limit, maximum=settings.max_limit),
        kind=kind,
        area=area,
    )


SearchRequestDep = Annotated[SearchRequest, Depends(_search_request)]
