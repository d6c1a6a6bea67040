"""JSON endpoints: /api/search, /api/entry, /api/suggest (OpenSearch suggestions), /api/versions, /healthz;
and /llms.txt, the same for language models."""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import PlainTextResponse, Response

from web.deps import Docset, SearchDep, SearchRequestDep, SettingsDep, Version
from web.llms import llms_text
from web.schemas import DocsetOut, DocsetsOut, EntryOut, ErrorOut, HealthOut, SearchOut, VersionOut, VersionsOut
from web.search.filters import Filters
from web.search.query import MAX_PAGE, parse_query
from web.search.reading import MAX_ADDRESS_LENGTH
from web.settings import Settings

router = APIRouter()
SUGGESTIONS = 8

# Every error of a search endpoint is {"detail": "<one sentence>"}; FastAPI would document its own 422 list.
QUERY_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "The query or a filter cannot be searched"},
    422: {"model": ErrorOut, "description": "A parameter of the wrong type"},
    503: {"model": ErrorOut, "description": "The search needed more work than one search is allowed"},
}


@router.get(
    "/api/search",
    response_model=SearchOut,
    response_model_exclude_none=True,
    responses=QUERY_ERRORS,
    tags=["search"],
)
async def api_search(
    asked: SearchRequestDep,
    search: SearchDep,
    explain: Annotated[bool, Query(description="Include each hit's tier and score")] = False,
) -> SearchOut:
    """Ranked entries of the docs for a query, best first."""
    result = await search.search(asked.query, limit=asked.limit, offset=asked.offset)
    return SearchOut.of(result, explain=explain, page=asked.page)


def openapi_with_bounds(app: FastAPI, settings: Settings) -> dict[str, Any]:
    """FastAPI's spec, plus what only the settings and the loaded docs.db know: routes are declared at import.

    With the bounds stated (query length, page size, each filter's values), a request the spec
    allows is a request the API answers.
    """
    spec = FastAPI.openapi(app)  # built once and cached on the app; the edits below are idempotent
    search = getattr(app.state, "search", None)  # set by the lifespan, before any request can ask
    bounds: dict[str, dict[str, Any]] = {
        "q": {"maxLength": settings.query_max_length},
        "limit": {"type": "integer", "minimum": 1, "maximum": settings.max_limit, "default": settings.default_limit},
        "page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    }
    if search is not None:
        # Empty means any, as the search form sends it.
        bounds.update({name: {"type": "string", "enum": ["", *values]} for name, values in search.known.items()})
        # Docsets may be listed together (`flask,werkzeug`): any of them, comma-separated.
        one = "|".join(re.escape(value) for value in search.known["docset"])
        bounds["docset"] = {"type": "string", "pattern": f"^$|^(?:{one})(?:,(?:{one}))*$"}
    for path in ("/api/search", "/api/suggest", "/api/entry"):
        for parameter in spec["paths"][path]["get"]["parameters"]:
            if parameter["name"] in bounds:
                schema = parameter["schema"]
                schema.pop("anyOf", None)  # `null` cannot be written in a query string
                schema.update(bounds[parameter["name"]])
    return spec


@router.get("/api/suggest", tags=["search"], response_class=Response, responses=QUERY_ERRORS)
async def suggest(
    search: SearchDep, settings: SettingsDep, q: str = "", version: Version = None, docset: Docset = None
) -> Response:
    """OpenSearch suggestions for a browser's address bar: [query, names, descriptions, urls]."""
    filters = Filters(version=version or None, docset=docset or None)
    query = parse_query(q, max_length=settings.query_max_length, filters=filters)
    result = await search.search(query, limit=SUGGESTIONS)
    hits = result.shown[:SUGGESTIONS]
    body = [
        q,
        [hit.name for hit in hits],
        [hit.summary or hit.title for hit in hits],
        [hit.url for hit in hits],
    ]
    return Response(json.dumps(body), media_type="application/x-suggestions+json")


@router.get(
    "/api/entry",
    response_model=EntryOut,
    response_model_exclude_none=True,
    responses={**QUERY_ERRORS, 404: {"model": ErrorOut, "description": "No entry at that URL or key"}},
    tags=["search"],
)
async def api_entry(
    search: SearchDep,
    address: Annotated[
        str,
        Query(
            description="A docs URL from a search hit, or an entry key (py:function:zip)",
            min_length=1,
            max_length=MAX_ADDRESS_LENGTH,
        ),
    ],
    version: Version = None,
) -> EntryOut:
    """One entry whole: its text, signature and history, in a version (the URL's own by default)."""
    return EntryOut.of(await search.entry(address, version=version or None))


# Not in the OpenAPI spec: it describes the API, it is no part of it.
@router.get("/llms.txt", response_class=PlainTextResponse, include_in_schema=False)
async def llms_txt(request: Request, search: SearchDep) -> PlainTextResponse:
    """What this site is and how a language model can use it (llmstxt.org), from the index it serves."""
    return PlainTextResponse(llms_text(str(request.base_url).rstrip("/"), search), media_type="text/markdown")


@router.get("/api/versions", response_model=VersionsOut, tags=["search"])
async def versions(search: SearchDep) -> VersionsOut:
    """The docs versions this site searches, newest first; `default` is searched when none is named."""
    info = search.info
    return VersionsOut(
        default=info.default.version,
        versions=[
            VersionOut(version=version.version, entries=version.entries, url=version.base_url)
            for version in info.versions
        ],
    )


@router.get("/api/docsets", response_model=DocsetsOut, tags=["search"])
async def docsets(search: SearchDep) -> DocsetsOut:
    """The docsets this site searches, each with its versions and entry count. Every one is searched unless
    `docset=` (or a typed `docset:`) names some: `docset=flask,werkzeug`."""
    info = search.info
    listed = []
    for docset in info.docsets:
        versions = info.versions_of(docset)
        listed.append(
            DocsetOut(
                docset=docset,
                name=versions[0].name,
                versions=[VersionOut(version=v.version, entries=v.entries, url=v.base_url) for v in versions],
                entries=versions[0].entries,
                switchable=docset == info.docset,
            )
        )
    return DocsetsOut(docsets=listed)


@router.get("/healthz", response_model=HealthOut, tags=["operations"])
async def healthz(request: Request, settings: SettingsDep) -> HealthOut:
    """Liveness, and which index is served: docs.db's in-memory copy, or PostgreSQL."""
    info = request.app.state.database.info
    return HealthOut(
        status="ok",
        docset=info.docset,
        docset_name=info.name,
        docset_version=info.version,
        schema_version=info.schema_version,
        entries=info.entries,
        copy_seconds=round(info.copy_seconds, 4),
        storage="postgresql" if settings.database_url else settings.storage,
    )
