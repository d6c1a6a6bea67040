"""The in-memory SQLite Database: docs.db checked, copied into memory, served async.

At startup the file is validated (`web/search/database/sqlite_file.py`), copied into a
named in-memory database with sqlite3's backup API, and an anchor connection is
held for the app's life so the copy does not vanish. Requests then read through
a real SQLAlchemy pool of aiosqlite connections.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import aiosqlite
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool
from sqlalchemy.util import greenlet_spawn

from parser.schema import unpack_text
from web.search.database import (
    COMMON_WORDS_SQL,
    DOCSETS_SQL,
    PLACED_SQL,
    VECTORS_SQL,
    VERSIONS_SQL,
    Database,
    DocsetInfo,
    Parameters,
    QueryTimeout,
    Row,
    StoredVectors,
    VersionInfo,
)
from web.search.database.sqlite_file import check_database_file
from web.search.dialects.fts5 import Fts5Dialect
from web.search.questions import CommonWords
from web.settings import Storage

# SQLite calls the progress handler every this many VM steps (~0.4 ms of work here).
_PROGRESS_STEPS = 10_000
_UNLIMITED = 1 << 62

Opener = Callable[[], sqlite3.Connection]


@dataclass(frozen=True, slots=True)
class HeldCopy:
    """Where the data lives once loaded: how to open a connection to it, and what keeps it alive."""

    open: Opener
    anchor: sqlite3.Connection | None = None

    def release(self) -> None:
        if self.anchor is not None:
            self.anchor.close()


def hold(path: Path, storage: Storage) -> HeldCopy:
    """Load docs.db as `storage` says; BENCHMARKS.md compares the four under load."""
    if storage == "deserialize":  # each pooled connection gets a private copy: no sharing at all
        image = path.read_bytes()

        def private_copy() -> sqlite3.Connection:
            connection = sqlite3.connect(":memory:", check_same_thread=False)
            connection.deserialize(image)
            return connection

        return HeldCopy(private_copy)
    if storage == "file":  # no copy: the reference the in-memory modes are measured against
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        return HeldCopy(functools.partial(sqlite3.connect, uri, uri=True, check_same_thread=False))
    name = f"pydocs-{uuid.uuid4().hex}"
    uri = f"file:/{name}?vfs=memdb" if storage == "memdb" else f"file:{name}?mode=memory&cache=shared"
    # The anchor keeps the named database alive between requests.
    anchor = sqlite3.connect(uri, uri=True, check_same_thread=False)
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as source:
        source.backup(anchor)
    return HeldCopy(functools.partial(sqlite3.connect, uri, uri=True, check_same_thread=False), anchor)


class SQLiteDatabase(Database):
    """docs.db held in memory (or opened immutable), read through a pool of aiosqlite connections."""

    def __init__(
        self, path: Path, *, storage: Storage = "memdb", pool_size: int = 4, query_max_steps: int = 1_000_000
    ) -> None:
        self.path = path
        self.storage = storage
        self.pool_size = pool_size
        self.query_max_steps = query_max_steps
        self._engine: AsyncEngine | None = None
        self._copy: HeldCopy | None = None
        # Each pooled connection's step budget, found from the connection a statement runs on;
        # weak, so a connection the pool drops takes its budget with it.
        self._budgets: WeakKeyDictionary[aiosqlite.Connection, StepBudget] = WeakKeyDictionary()
        self._dictionary = b""

    async def setup(self) -> None:
        meta = check_database_file(self.path)
        started = time.perf_counter()
        self._copy = hold(self.path, self.storage)
        copy_seconds = time.perf_counter() - started
        with contextlib.closing(self._copy.open()) as connection:
            versions = [VersionInfo(*row) for row in connection.execute(VERSIONS_SQL)]
            docsets = [tuple(row) for row in connection.execute(DOCSETS_SQL)]
            self._dictionary = connection.execute("SELECT dictionary FROM text_dictionary").fetchone()[0]
            common_words = CommonWords.of(connection.execute(COMMON_WORDS_SQL).fetchall())
        self._info = DocsetInfo.of(meta, versions, docsets=docsets, copy_seconds=copy_seconds)
        self._dialect = Fts5Dialect(
            self._info.profile,
            scope_size=len(self._info.docsets),
            lead=self._info.docset,
            docset_words=self._info.docset_words,
            common_words=common_words,
        )
        self._engine = create_async_engine(
            "sqlite+aiosqlite://",
            async_creator=functools.partial(self._connect, self._copy.open),
            # SQLAlchemy would pick a single shared connection for an in-memory
            # URL; a real pool lets requests run on several threads at once.
            poolclass=AsyncAdaptedQueuePool,
            pool_size=self.pool_size,
            max_overflow=0,
            pool_timeout=10,
            # Nothing is ever written, so returning a connection needs no ROLLBACK round trip.
            pool_reset_on_return=None,
        )

    async def stored_vectors(self) -> StoredVectors:
        if self._copy is None:
            raise RuntimeError("Database.setup() has not run")
        # On a connection of its own, outside the pool and its step budget: read once, at startup.
        with contextlib.closing(self._copy.open()) as connection:
            vectors = [(int(row[0]), float(row[1]), bytes(row[2])) for row in connection.execute(VECTORS_SQL)]
            placed = [(int(row[0]), int(row[1])) for row in connection.execute(PLACED_SQL)]
        return StoredVectors(vectors, placed)

    async def dispose(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None
        if self._copy is not None:
            self._copy.release()
            self._copy = None
        self._budgets.clear()

    @contextlib.asynccontextmanager
    async def reader(self) -> AsyncIterator[SQLiteReader]:
        if self._engine is None:
            raise RuntimeError("Database.setup() has not run")
        # The pool's raw connection, not engine.connect(): statements go straight to the driver, so a
        # Connection and its events would be built for nothing (twice the cost of a checkout).
        pooled = await self._engine.raw_connection()
        try:
            driver = pooled.driver_connection
            if not isinstance(driver, aiosqlite.Connection):
                raise TypeError(f"expected an aiosqlite connection from the pool, got {driver!r}")
            yield SQLiteReader(driver, self._budgets[driver])
        finally:
            # In SQLAlchemy's greenlet: returning a connection the pool discards closes it, which awaits.
            await greenlet_spawn(pooled.close)

    async def _connect(self, open_copy: Opener) -> aiosqlite.Connection:
        budget = StepBudget(self.query_max_steps)
        dictionary = self._dictionary

        def unpack_body(packed: bytes) -> str:
            return unpack_text(packed, dictionary)

        def open_guarded() -> sqlite3.Connection:
            connection = open_copy()
            # The shared copy must never change, and no query may hold a thread for long.
            connection.execute("PRAGMA query_only = 1")
            connection.set_progress_handler(budget.spend, _PROGRESS_STEPS)
            # Bodies are stored packed (parser/schema.py); the few hits shown unpack theirs in SQL.
            connection.create_function("unpack_text", 1, unpack_body, deterministic=True)
            connection.row_factory = sqlite3.Row
            return connection

        # aiosqlite's public Connection takes any factory and runs it on the connection's thread.
        connection = await aiosqlite.Connection(open_guarded, iter_chunk_size=64)
        self._budgets[connection] = budget
        return connection


class SQLiteReader:
    """One pooled aiosqlite connection: each statement in one thread hop, held to the step budget.

    Through SQLAlchemy's cursor adapter a statement took five hops: 0.56 ms for
    `SELECT 1` against 0.04 ms, more than the median search statement (~0.4 ms).
    """

    __slots__ = ("_budget", "_connection")

    def __init__(self, connection: aiosqlite.Connection, budget: StepBudget) -> None:
        self._connection = connection
        self._budget = budget

    async def fetch(self, sql: str, parameters: Parameters | None = None, planned_each_run: bool = False) -> list[Row]:
        del planned_each_run  # SQLite plans a statement when it prepares it, whatever its parameters' values
        self._budget.start()
        try:
            rows = await self._connection.execute_fetchall(sql, parameters or ())
        except sqlite3.OperationalError as error:
            if "interrupt" in str(error):
                raise QueryTimeout("the query ran past its step budget") from error
            raise
        finally:
            self._budget.stop()
        # sqlite3.Row as it comes: a hit reads a few of its columns, cheaper than copying it to a dict.
        return list(rows)


class StepBudget:
    """How much work the running statement may still do; SQLite's progress handler spends it.

    Counted in VM steps, not seconds: under load a statement waits for the GIL
    and the CPU, and a wall-clock limit would stop ordinary queries on a busy
    server instead of the runaway ones it is for.
    """

    __slots__ = ("limit", "remaining")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.remaining = _UNLIMITED  # opening a connection is not limited

    def start(self) -> None:
        self.remaining = self.limit

    def stop(self) -> None:
        self.remaining = _UNLIMITED

    def spend(self, *_: Any) -> bool:
        """True stops the statement: SQLite then raises `interrupted`."""
        self.remaining -= _PROGRESS_STEPS
        return self.remaining < 0
