"""The application factory: settings in, a FastAPI app whose lifespan owns every resource."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.trustedhost import TrustedHostMiddleware

from web import routes_api, routes_pages
from web.assets import HTMX, STATIC_DIR, AssetUrls, HashedStaticFiles
from web.database import open_database
from web.errors import install_error_handlers
from web.search import SearchService
from web.security import SecurityHeadersMiddleware
from web.settings import Settings
from web.templating import make_templates


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; nothing is opened or read until its lifespan starts."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = open_database(
            settings.db_path,
            storage=settings.storage,
            pool_size=settings.pool_size,
            query_max_steps=settings.query_max_steps,
        )
        await database.setup()
        try:
            async with database.engine.connect() as connection:
                search = await SearchService.load(connection, database.info, cache_size=settings.search_cache_size)
            app.state.database = database
            app.state.search = search
            app.state.templates = make_templates(
                AssetUrls(), info=database.info, htmx=HTMX, reload=settings.is_development
            )
            # The decorator's cache exists from import time; its size is a setting.
            routes_pages.home.cache.maxsize = settings.page_cache_size
            yield
        finally:
            await database.dispose()

    app = FastAPI(
        title="pydocs-search",
        summary="Search the Python documentation as you type.",
        version="0.1.0",
        lifespan=lifespan,
        debug=False,
    )
    app.state.settings = settings
    app.openapi = lambda: routes_api.openapi_with_bounds(app, settings)  # type: ignore[method-assign]
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.effective_allowed_hosts, www_redirect=False)
    # Added last, so outermost: the trusted-host 400 carries the security headers too.
    app.add_middleware(SecurityHeadersMiddleware)
    install_error_handlers(app)
    app.include_router(routes_pages.router)
    app.include_router(routes_api.router)
    app.mount("/static", HashedStaticFiles(directory=STATIC_DIR), name="static")
    return app
