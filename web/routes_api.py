"""JSON endpoints: /api/search, /api/suggest (OpenSearch suggestions), /healthz."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from web.deps import DatabaseDep, SearchDep, SettingsDep
from web.query import checked_limit, parse_query
from web.schemas import ErrorOut, HealthOut, SearchOut

router = APIRouter()
SUGGESTIONS = 8


@router.get(
    "/api/search",
    response_model=SearchOut,
    response_model_exclude_none=True,
    responses={400: {"model": ErrorOut, "description": "The query or a filter cannot be searched"}},
    tags=["search"],
)
async def api_search(
    database: DatabaseDep,
    search: SearchDep,
    settings: SettingsDep,
    q: Annotated[str, Query(description="What to search for; `type:` and `in:` filters allowed")] = "",
    limit: Annotated[int | None, Query(description="Results to return")] = None,
    kind: Annotated[str | None, Query(description="Only this kind: module, class, method, …")] = None,
    area: Annotated[str | None, Query(description="Only this area: library, tutorial, …")] = None,
    explain: Annotated[bool, Query(description="Include each hit's tier and score")] = False,
) -> SearchOut:
    """Ranked entries of the docs for a query, best first."""
    query = parse_query(q, max_length=settings.query_max_length, kind=kind, area=area)
    result = await search.search(
        database.connect,
        query,
        limit=checked_limit(limit, default=settings.default_limit, maximum=settings.max_limit),
    )
    return SearchOut.of(result, explain=explain)


@router.get("/api/suggest", tags=["search"], response_class=Response)
async def suggest(database: DatabaseDep, search: SearchDep, settings: SettingsDep, q: str = "") -> Response:
    """OpenSearch suggestions for a browser's address bar: [query, names, descriptions, urls]."""
    query = parse_query(q, max_length=settings.query_max_length)
    result = await search.search(database.connect, query, limit=SUGGESTIONS)
    body = [
        q,
        [hit.name for hit in result.hits],
        [hit.summary or hit.title for hit in result.hits],
        [hit.url for hit in result.hits],
    ]
    return Response(json.dumps(body), media_type="application/x-suggestions+json")


@router.get("/healthz", response_model=HealthOut, tags=["operations"])
async def healthz(request: Request, settings: SettingsDep) -> HealthOut:
    """Liveness, and which docs.db the in-memory copy came from."""
    info = request.app.state.database.info
    return HealthOut(
        status="ok",
        docset=info.docset,
        docset_name=info.name,
        docset_version=info.version,
        schema_version=info.schema_version,
        entries=info.entries,
        copy_seconds=round(info.copy_seconds, 4),
        storage=settings.storage,
    )
