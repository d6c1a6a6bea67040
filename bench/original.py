"""The design this project starts from (../shared/seeds/, the in-memory SQLite post), for comparison.

An InMemoryDatabase that backs up docs.db into `mode=memory&cache=shared`, an
AsyncSession per request through Depends(db), SQLAlchemy's default pool for
that URL, and no cache. It runs the ranked statement the SQLite dialect writes, so the
difference measured is the plumbing, not the query.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from parser.profile import stored_profile
from parser.schema import unpack_text
from web.search.dialects.fts5 import Fts5Dialect
from web.search.query import parse_query
from web.search.scope import Scope

DB = Path(os.environ.get("PYDOCS_DB_PATH", Path(__file__).resolve().parent.parent / "data" / "docs.db"))


class InMemoryDatabase:
    """As in the post: copy with sqlite3's backup, then open the async engine on the same memory URI."""

    def __init__(self) -> None:
        self._keep_alive: sqlite3.Connection | None = None
        self._sessionmaker: async_sessionmaker[AsyncSession] | None = None

    def setup(self, filename: str) -> None:
        uri = f"file:{filename}?mode=memory&cache=shared"
        self._keep_alive = sqlite3.connect(uri, uri=True, check_same_thread=False)
        with sqlite3.connect(filename) as disk:
            disk.backup(self._keep_alive)
            dictionary = disk.execute("SELECT dictionary FROM text_dictionary").fetchone()[0]
        engine = create_async_engine(f"sqlite+aiosqlite:///{uri}&uri=true")

        # Not in the post: the same statement needs the function that unpacks bodies (parser/schema.py).
        @event.listens_for(engine.sync_engine, "connect")
        def _unpacking(connection: Any, _: Any) -> None:
            connection.create_function("unpack_text", 1, lambda packed: unpack_text(packed, dictionary))

        self._sessionmaker = async_sessionmaker(engine, class_=AsyncSession)

    async def __call__(self) -> AsyncIterator[AsyncSession]:
        assert self._sessionmaker, "No sessionmaker. Run setup() first."
        async with self._sessionmaker() as session:
            yield session


db = InMemoryDatabase()


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    db.setup(str(DB))
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/api/search")
async def search(q: str = "", session: AsyncSession = Depends(db)) -> list[dict[str, Any]]:  # noqa: B008
    query = parse_query(q, max_length=200)
    if query.is_empty:
        return []
    statement = _dialect().ranked(query, scope=Scope((0,), lead=0), limit=10)  # Python's newest version
    rows = await session.execute(text(statement.sql), statement.parameters)
    return [{"name": row.name, "url": row.page + "#" + row.anchor, "summary": row.summary} for row in rows]


@functools.cache
def _dialect() -> Fts5Dialect:
    return Fts5Dialect(stored_profile(DB), scope_size=1)
