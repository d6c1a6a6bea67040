"""The application factory: settings in, a FastAPI app whose lifespan owns every resource."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Route

from web import routes_api, routes_pages
from web.assets import HTMX, STATIC_DIR, AssetUrls, HashedStaticFiles
from web.errors import install_error_handlers
from web.head_requests import HeadAsGetMiddleware
from web.mcp_server import MCP_PATH, McpEndpoint, serving_mcp
from web.security import SecurityHeadersMiddleware
from web.services import open_services
from web.settings import Settings
from web.templating import make_templates


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; nothing is opened or read until its lifespan starts."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_services(settings) as services, serving_mcp(app, settings):
            app.state.database = services.database
            app.state.search = services.search
            app.state.templates = make_templates(
                AssetUrls(), info=services.database.info, htmx=HTMX, reload=settings.is_development
            )
            yield

    app = FastAPI(
        title="pydocs-search",
        summary="Search the Python documentation as you type.",
        version="0.1.0",
        lifespan=lifespan,
        debug=False,
        # FastAPI's own pages load Swagger UI and ReDoc from a CDN, which the CSP (and the project) forbid:
        # routes_pages serves /docs from vendored files, and /redoc sends people there.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    # Each app keeps its own @cache_response caches (web/cache.py), of this size.
    app.state.page_cache_size = settings.page_cache_size
    app.openapi = lambda: routes_api.openapi_with_bounds(app, settings)  # type: ignore[method-assign]
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.effective_allowed_hosts, www_redirect=False)
    app.add_middleware(HeadAsGetMiddleware)
    # Added last, so outermost: the trusted-host 400 carries the security headers too.
    app.add_middleware(SecurityHeadersMiddleware)
    install_error_handlers(app)
    app.include_router(routes_pages.router)
    app.include_router(routes_api.router)
    # Coding assistants (MCP) share the app's search service; see web/mcp_server.py.
    app.router.routes.append(Route(MCP_PATH, endpoint=McpEndpoint()))
    app.mount("/static", HashedStaticFiles(directory=STATIC_DIR), name="static")
    return app
