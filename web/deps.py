"""FastAPI dependencies, as Annotated aliases routes can name in their signatures."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from web.database import Database
from web.search import SearchService
from web.settings import Settings


async def _database(request: Request) -> Database:
    """The Database the lifespan set up; routes take a pooled connection from it only when they query."""
    database: Database = request.app.state.database
    return database


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


DatabaseDep = Annotated[Database, Depends(_database)]
SettingsDep = Annotated[Settings, Depends(_settings)]
SearchDep = Annotated[SearchService, Depends(_search_service)]
TemplatesDep = Annotated[Jinja2Templates, Depends(_templates)]
