"""The MCP server at /mcp: coding assistants search and read the docs through the app's own SearchService.

Built on the official `mcp` SDK, in this process, over this app's database: no second copy.
Streamable HTTP, stateless and answered as JSON, so a client cannot make the server hold
sessions or streams; each call is bounded like a search (query length, page size, VM steps).
Every anticipated failure (an unknown version, an empty or huge query, an unknown URL) is
a tool error with one sentence for the model, never a server error.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any, TypeVar

from fastapi import FastAPI
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.transport_security import TransportSecuritySettings
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from web.search.database import DatabaseUnavailable, QueryTimeout
from web.search.filters import Filters
from web.search.hits import Hit
from web.search.query import InvalidQuery, checked_limit, parse_query
from web.search.reading import EntryNotFound
from web.search.service import SearchService
from web.settings import Settings

MCP_PATH = "/mcp"
INSTRUCTIONS = """\
Searches and reads the official documentation of Python (several versions in one index, each entry
followed across them), with version history you can trust: which release added an API, which
removed it. Use search_docs to find the entry for a name (`str.join`), a half-remembered prefix,
a concept (`dict comprehension`) or a plain question; then read_entry for its full text. Pass the
Python version the user's code runs on: the answers then say whether that version has the API
("not in 3.11 — added in 3.14", "removed in 3.12")."""
_T = TypeVar("_T")


def build_mcp_server(app: FastAPI, settings: Settings) -> MCPServer:
    """The server and its tools, reading `app.state.search` when called (the lifespan sets it)."""
    with _root_logging_kept():
        server = MCPServer(name="pydocs-search", instructions=INSTRUCTIONS, version="0.1.0")

    def search_service() -> SearchService:
        service: SearchService = app.state.search
        return service

    @server.tool(
        description=(
            "Search the Python documentation. `query` is an API name or its start (`str.rep`, `OrderedD`), "
            "a concept (`context manager`) or a question in plain English (`how do I reverse a list`). "
            "`version` (e.g. '3.11', see list_versions) searches that version's docs, the newest by default; "
            "entries it lacks come last, marked with the version that has them. `kind` narrows to one kind "
            "(function, class, method, module, …), `docset` to one docset (see list_docsets). Returns up to "
            "`limit` (1–50) hits, best first, each with its URL, signature, summary and history "
            "(added_in, removed_in): check them before suggesting an API for an older or newer Python."
        )
    )
    async def search_docs(
        query: str, version: str | None = None, docset: str | None = None, kind: str | None = None, limit: int = 10
    ) -> dict[str, Any]:
        async def run() -> dict[str, Any]:
            filters = Filters(kind=kind or None, docset=docset or None, version=version or None)
            parsed = parse_query(query, max_length=settings.query_max_length, filters=filters)
            if parsed.is_empty and not parsed.filters.browses:
                raise InvalidQuery("Give a query: an API name (str.join), a concept or a question.")
            size = checked_limit(limit, default=settings.default_limit, maximum=settings.max_limit)
            result = await search_service().search(parsed, limit=size)
            return {
                "version": result.version,
                "total": result.total,
                "corrected_query": result.corrected_query,
                "results": [_hit(hit) for hit in result.shown],
            }

        return await _as_tool(run)

    @server.tool(
        description=(
            "Read one entry of the docs whole: its signature, description, examples with their >>> prompts, "
            "and history. `address` is a URL from search_docs, or an entry key (`py:class:asyncio.TaskGroup`). "
            "`version` reads that version's text of the same entry (a URL's own version by default). "
            "Returns Markdown-like text with the entry's URL; long entries are cut at 12,000 characters."
        )
    )
    async def read_entry(address: str, version: str | None = None) -> str:
        async def run() -> str:
            entry = await search_service().entry(address, version=version or None)
            return entry.markdown()

        return await _as_tool(run)

    @server.tool(description="The Python versions this index holds, newest (the default) first, with entry counts.")
    async def list_versions() -> dict[str, Any]:
        info = search_service().info
        return {
            "default": info.default.version,
            "versions": [
                {"version": version.version, "entries": version.entries, "url": version.base_url}
                for version in info.versions
            ],
        }

    @server.tool(
        description="The docsets this index holds (pass one, or several comma-separated, as search_docs' `docset`; "
        "all are searched by default), with their versions: Python's `version` is chosen, a library has one."
    )
    async def list_docsets() -> list[dict[str, Any]]:
        info = search_service().info
        listed = []
        for docset in info.docsets:
            versions = info.versions_of(docset)
            listed.append(
                {
                    "docset": docset,
                    "name": versions[0].name,
                    "versions": [version.version for version in versions],
                    "entries": versions[0].entries,
                }
            )
        return listed

    return server


@asynccontextmanager
async def serving_mcp(app: FastAPI, settings: Settings) -> AsyncIterator[None]:
    """For one run of the app's lifespan: a server, its transport for `McpEndpoint`, its session manager running.

    Made per run, not per app: the SDK's session manager runs once in its life, and an app's
    lifespan may run again (tests do).
    """
    server = build_mcp_server(app, settings)
    transport = server.streamable_http_app(
        streamable_http_path=MCP_PATH,
        stateless_http=True,
        json_response=True,
        # The app's TrustedHostMiddleware already refuses foreign Host headers (settings.allowed_hosts).
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )
    (route,) = (route for route in transport.routes if isinstance(route, Route) and route.path == MCP_PATH)
    async with server.session_manager.run():
        app.state.mcp_transport = route.app
        yield


class McpEndpoint:
    """The ASGI app at /mcp: hands each request to the transport of the lifespan's server."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        transport: ASGIApp = scope["app"].state.mcp_transport
        await transport(scope, receive, send)


@contextmanager
def _root_logging_kept() -> Iterator[None]:
    """The SDK's server configures the root logger (logging.basicConfig, INFO, a rich handler) as it is made:
    every library's INFO lines would then print. The app's logging is uvicorn's and the settings', so the
    root logger is put back as it was."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


async def _as_tool(run: Callable[[], Awaitable[_T]]) -> _T:
    """Run a tool's work; the failures a caller can cause or wait out become tool errors a model can read."""
    try:
        return await run()
    except (InvalidQuery, EntryNotFound) as error:
        raise ToolError(str(error)) from None
    except QueryTimeout:
        raise ToolError("The search needed more work than any search is allowed. Try fewer or longer words.") from None
    except DatabaseUnavailable:
        raise ToolError("The docs database is unavailable for a moment; try again.") from None


def _hit(hit: Hit) -> dict[str, Any]:
    return {
        "name": hit.name,
        "kind": hit.kind,
        "signature": hit.signature or None,
        "summary": hit.summary,
        "url": hit.url,
        "docset": hit.docset,
        "version": hit.version,
        "in_version": hit.in_version,
        "added_in": hit.added_in,
        "removed_in": hit.removed_in,
        "changed_in": list(hit.changed_in),
        "versions": [link.version for link in hit.newest_first],
    }
