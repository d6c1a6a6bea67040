"""The PostgreSQL Database: the index `make load-postgres` loaded, read through SQLAlchemy's async engine.

For people who run PostgreSQL already, or whose index outgrows one process's memory:
many stateless web processes share one server (and its replicas). Statements come
from the PostgreSQL dialect (web/search/dialects/postgres.py) and run on the pooled
connection's asyncpg driver directly, as the SQLite backend runs on aiosqlite's.
A server that goes away is a 503 (DatabaseUnavailable) until it is back.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import AsyncIterator, Mapping
from typing import Any
from urllib.parse import unquote

import asyncpg
import sqlalchemy.exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from parser.schema import SCHEMA_VERSION
from web.search.database import (
    COMMON_WORDS_SQL,
    DOCSETS_SQL,
    PLACED_SQL,
    VECTORS_SQL,
    VERSIONS_SQL,
    Database,
    DatabaseError,
    DatabaseUnavailable,
    DocsetInfo,
    Parameters,
    QueryTimeout,
    Row,
    StoredVectors,
    VersionInfo,
)
from web.search.dialects.postgres import PostgresDialect
from web.search.questions import CommonWords

# The schema the site reads; parser/postgres_load.py fills a new one and renames it to this.
SCHEMA = "pydocs"
LOAD_COMMAND = "make load-postgres"
# Named parameters as the dialects write them (`:name`), but not a `::type` cast.
_PARAMETER = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
# Errors that mean the connection or the server is gone, not that the statement was wrong.
_CONNECTION_LOST = (
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
)


def asyncpg_dsn(url: str) -> str:
    """The SQLAlchemy URL as asyncpg's own connect() takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def shown_url(url: str) -> str:
    """The URL for messages: never the password, and a socket folder as written (`host=/run/postgresql`)."""
    return unquote(make_url(url).render_as_string(hide_password=True))


@functools.lru_cache(maxsize=512)
def numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """`:name` parameters as asyncpg's `$1`, once per statement text; the names in order of their numbers."""
    names: dict[str, int] = {}

    def number(match: re.Match[str]) -> str:
        return f"${names.setdefault(match.group(1), len(names) + 1)}"

    return _PARAMETER.sub(number, sql), tuple(names)


class PostgresDatabase(Database):
    """One SQLAlchemy async engine (asyncpg) with a bounded pool, over the `pydocs` schema."""

    def __init__(self, url: str, *, pool_size: int = 4, query_timeout_ms: int = 1000, pool_timeout: float = 5) -> None:
        self.url = url
        self.pool_size = pool_size
        self.query_timeout_ms = query_timeout_ms
        self.pool_timeout = pool_timeout
        self._engine: AsyncEngine | None = None

    async def setup(self) -> None:
        self._engine = create_async_engine(
            self.url,
            # Bounded: at most pool_size connections per process, and a request waits pool_timeout for one
            # before it is a 503; a server with many web processes must not be sent unbounded connections.
            pool_size=self.pool_size,
            max_overflow=0,
            pool_timeout=self.pool_timeout,
            # A connection the server dropped (a restart) is found and replaced before it is used.
            pool_pre_ping=True,
            # Nothing is written, and a statement runs on its own but a question's, in a transaction that ends with
            # it (a connection returned inside one is closed: reader()).
            pool_reset_on_return=None,
            connect_args={
                "server_settings": {
                    "search_path": f"{SCHEMA}, public",  # public: where pg_trgm's operators live
                    "statement_timeout": str(self.query_timeout_ms),
                    # Plan each statement shape once per connection: planning the ranked statement took
                    # 2-3 ms, more than running it (a generic plan: 0.4-3 ms a keystroke against 2-4 ms).
                    # A question's is planned for its own words instead (PostgresReader._fetch_planned_for).
                    "plan_cache_mode": "force_generic_plan",
                    # A generic plan's estimates run high; past jit_above_cost PostgreSQL compiled each
                    # question's statement to machine code, 30-100 ms, for a statement taking 5.
                    "jit": "off",
                    "default_transaction_read_only": "on",
                    "application_name": "pydocs-search",
                },
                "timeout": 5,
            },
        )
        try:
            async with self.reader() as reader:
                meta = {row["key"]: row["value"] for row in await reader.fetch("SELECT key, value FROM meta")}
                current = meta.get("schema_version") == str(SCHEMA_VERSION)
                versions = await reader.fetch(VERSIONS_SQL) if current else []
                docsets = await reader.fetch(DOCSETS_SQL) if current else []
                common_words = await reader.fetch(COMMON_WORDS_SQL) if current else []
        except DatabaseUnavailable as error:
            await self.dispose()
            reason = _reason(error.__cause__)
            raise DatabaseError(f"cannot reach PostgreSQL at {shown_url(self.url)}: {reason}") from error
        except asyncpg.UndefinedTableError as error:
            await self.dispose()
            raise DatabaseError(
                f"PostgreSQL at {shown_url(self.url)} holds no pydocs-search index (schema {SCHEMA}); "
                f"load docs.db into it with `{LOAD_COMMAND}`"
            ) from error
        found = meta.get("schema_version", "none")
        if found != str(SCHEMA_VERSION):
            await self.dispose()
            raise DatabaseError(
                f"PostgreSQL at {shown_url(self.url)} holds schema version {found}, this app needs "
                f"{SCHEMA_VERSION}; reload it with `{LOAD_COMMAND}`"
            )
        infos = [
            VersionInfo(row["version"], row["position"], row["base_url"], row["entries"], row["docset"])
            for row in versions
        ]
        named = [(row["docset"], row["name"], row["profile"]) for row in docsets]
        try:
            self._info = DocsetInfo.of(meta, infos, docsets=named, copy_seconds=0.0)
        except DatabaseError:
            await self.dispose()
            raise
        self._dialect = PostgresDialect(
            self._info.profile,
            scope_size=len(self._info.docsets),
            lead=self._info.docset,
            docset_words=self._info.docset_words,
            common_words=CommonWords.of(
                (row["word"], row["in_answers"], row["in_many_bodies"]) for row in common_words
            ),
        )

    async def stored_vectors(self) -> StoredVectors:
        async with self.reader() as reader:
            vectors = [
                (row["document_id"], row["scale"], bytes(row["vector"])) for row in await reader.fetch(VECTORS_SQL)
            ]
            placed = [(row["position"], row["document_id"]) for row in await reader.fetch(PLACED_SQL)]
        return StoredVectors(vectors, placed)

    async def dispose(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None

    @contextlib.asynccontextmanager
    async def reader(self) -> AsyncIterator[PostgresReader]:
        if self._engine is None:
            raise RuntimeError("Database.setup() has not run")
        try:
            connection = await self._engine.connect()
        except (sqlalchemy.exc.DBAPIError, sqlalchemy.exc.TimeoutError, *_CONNECTION_LOST) as error:
            raise DatabaseUnavailable("the search index's database cannot be reached") from error
        driver = None
        try:
            driver = (await connection.get_raw_connection()).driver_connection
            if not isinstance(driver, asyncpg.Connection):
                raise TypeError(f"expected an asyncpg connection from the pool, got {driver!r}")
            yield PostgresReader(driver, connection)
        finally:
            # A question's transaction left open (its ROLLBACK failed, or it was cancelled between statements)
            # must not go back to the pool with its plan setting: the connection is closed instead.
            if driver is not None and driver.is_in_transaction():
                await connection.invalidate()
            await connection.close()


class PostgresReader:
    """One pooled asyncpg connection; a lost one is invalidated, so the pool opens a new one next time."""

    __slots__ = ("_connection", "_pooled")

    def __init__(self, connection: asyncpg.Connection, pooled: AsyncConnection) -> None:
        self._connection = connection
        self._pooled = pooled

    async def fetch(self, sql: str, parameters: Parameters | None = None, planned_each_run: bool = False) -> list[Row]:
        text, names = numbered(sql)
        arguments = _arguments(names, parameters)
        try:
            if planned_each_run:
                records = await self._fetch_planned_for(text, arguments)
            else:
                records = await self._connection.fetch(text, *arguments)
        except asyncpg.QueryCanceledError as error:
            raise QueryTimeout("the query ran past its time limit") from error
        except _CONNECTION_LOST as error:
            await self._pooled.invalidate()
            raise DatabaseUnavailable("the connection to the search index's database was lost") from error
        return [dict(record) for record in records]

    async def _fetch_planned_for(self, text: str, arguments: tuple[Any, ...]) -> list[asyncpg.Record]:
        """Run a statement with a plan made for these arguments, not the connection's generic one: a question's
        generic plan, blind to how few documents its rare words and nearest documents are, ran twice as long
        (360 questions: p50 65 -> 33 ms). Four round trips (BEGIN, SET LOCAL, the statement, COMMIT) instead
        of one, a fraction of a millisecond on the local socket.

        In a transaction asyncpg does not prepare a statement again when a load changed what it returns: it
        drops its cached statements and raises, and the statement is run once more, prepared afresh."""
        try:
            return await self._fetch_in_custom_plan(text, arguments)
        except asyncpg.InvalidCachedStatementError:
            return await self._fetch_in_custom_plan(text, arguments)

    async def _fetch_in_custom_plan(self, text: str, arguments: tuple[Any, ...]) -> list[asyncpg.Record]:
        async with self._connection.transaction():
            await self._connection.execute("SET LOCAL plan_cache_mode = force_custom_plan")
            records: list[asyncpg.Record] = await self._connection.fetch(text, *arguments)
            return records


def _reason(error: BaseException | None) -> str:
    """The driver's own words, in one line: SQLAlchemy wraps them and appends a paragraph of links."""
    if isinstance(error, sqlalchemy.exc.DBAPIError):
        error = error.orig.__cause__ or error.orig if error.orig is not None else error
    return str(error).strip().splitlines()[0] if error is not None and str(error).strip() else repr(error)


def _arguments(names: tuple[str, ...], parameters: Parameters | None) -> tuple[Any, ...]:
    if parameters is None:
        return ()
    if isinstance(parameters, Mapping):
        return tuple(parameters[name] for name in names)
    return tuple(parameters)
