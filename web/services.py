"""The one place that assembles the Database and the SearchService from settings: the app and tests alike."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from web.search.database import Database, open_database
from web.search.service import SearchService
from web.settings import Settings


@dataclass(frozen=True, slots=True)
class Services:
    database: Database
    search: SearchService


@asynccontextmanager
async def open_services(settings: Settings) -> AsyncIterator[Services]:
    """Set up the database settings name and a search service over it; dispose of both on exit."""
    database = open_database(settings)
    await database.setup()
    try:
        search = await SearchService.load(database, cache_size=settings.search_cache_size, semantic=settings.semantic)
        yield Services(database=database, search=search)
    finally:
        await database.dispose()
