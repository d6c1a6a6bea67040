"""Where a keystroke's time goes: CPU per request by layer (in process) and by thread (under wrk).

CPU time, not wall time: on two shared cores a request's wall time is mostly waiting for one
of them. Threads are told apart by what they run: the server's main thread is the event loop
(HTTP, routing, dependencies, hits, rendering); the others are aiosqlite's, one per pooled
connection, where SQLite runs the statements.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import sqlite3
import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.load import Load, wrk
from parser.profile import stored_profile
from parser.schema import unpack_text
from web.app import create_app
from web.search.dialects import Statement
from web.search.dialects.fts5 import Fts5Dialect
from web.search.filters import Filters
from web.search.query import parse_query
from web.search.scope import Scope
from web.services import open_services
from web.settings import Settings

_TICK = os.sysconf("SC_CLK_TCK")

# Issue 14's before and after, measured once with this module: the code before the issue (f79c880) and
# after it (7d7b109) run alternately, three rounds each, in one session on this 2-core machine; medians.
# A fixed record, not this run's figures: compare its two columns with each other only.
BEFORE_AND_AFTER = (
    ("1 worker, 1 connection: requests/s", "303", "335"),
    ("1 worker, 1 connection: p50 ms", "3.07", "2.64"),
    ("1 worker, 16 connections: requests/s", "313", "450"),
    ("1 worker, 16 connections: p99 ms", "106", "83"),
    ("1 worker, 64 connections: requests/s", "326", "443"),
    ("1 worker, 64 connections: p99 ms", "436", "297"),
    ("event-loop thread CPU per request, 16 connections, ms", "2.32", "1.42"),
    ("SQLite threads' CPU per request, 16 connections, ms", "1.67", "1.54"),
    ("in process: the search service, main thread ms", "0.81", "0.78"),
    ("in process: the whole app, main thread ms", "2.31", "1.39"),
    ("in process: the whole app, SQLite threads ms", "1.37", "1.20"),
)
# The SQL's own work at a51fb30 and after the statements' own changes (the total counted once, bodies
# unpacked as raw deflate, common words' counts stored, a finished last word taken whole): callgrind's
# instructions inside sqlite3_step, which do not move with the machine's load (bench/sql_instructions.py).
SQL_BEFORE_AND_AFTER = (
    ("401 keystroke statements (every fifth of the bench's), M instructions", "1,891", "1,666"),
    ("51 golden questions, M instructions", "3,028", "2,285"),
)


@dataclass(frozen=True)
class ThreadSplit:
    load: Load
    main_ms: float  # event-loop thread CPU per request
    sqlite_ms: float  # every other thread's CPU per request (aiosqlite's)
    idle: float  # share of the machine's CPU time left idle during the run


def _thread_ticks(pid: int) -> dict[int, int]:
    ticks = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = Path(f"/proc/{pid}/task/{task}/stat").read_text()
        except FileNotFoundError:  # a thread that ended
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks[int(task)] = int(fields[11]) + int(fields[12])  # utime + stime
    return ticks


def _machine_ticks() -> tuple[int, int]:
    """(all, idle) CPU ticks of the machine so far."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields), fields[3] + fields[4]  # idle + iowait


def by_thread(base: str, pid: int, query_file: Path, *, connections: int, seconds: float) -> ThreadSplit:
    """wrk over the htmx partial against a one-worker server (`pid` serves itself)."""
    wrk(base, "/search?q=", query_file, connections=connections, seconds=1, htmx=True)  # warm up
    before, (all_before, idle_before) = _thread_ticks(pid), _machine_ticks()
    load = wrk(base, "/search?q=", query_file, connections=connections, seconds=seconds, htmx=True)
    after, (all_after, idle_after) = _thread_ticks(pid), _machine_ticks()
    used = {task: ticks - before.get(task, 0) for task, ticks in after.items()}
    per_request = 1000 / _TICK / max(1, load.requests)
    return ThreadSplit(
        load=load,
        main_ms=used.get(pid, 0) * per_request,
        sqlite_ms=sum(ticks for task, ticks in used.items() if task != pid) * per_request,
        idle=(idle_after - idle_before) / max(1, all_after - all_before),
    )


@dataclass(frozen=True)
class LayerCost:
    label: str
    main_ms: float  # calling thread's CPU per request
    other_ms: float  # every other thread's CPU per request


def by_layer(db: Path, queries: list[str], *, version: str = "3.15") -> list[LayerCost]:
    """The same keystrokes one at a time through each layer, each adding to the one before."""
    return [_raw_sqlite(db, queries, version), *asyncio.run(_through_the_app(db, queries, version))]


def _cpu(run: object) -> tuple[float, float]:
    """(this thread's, other threads') CPU seconds while `run()` runs."""
    thread, process = time.thread_time(), time.process_time()
    run()  # type: ignore[operator]
    mine = time.thread_time() - thread
    return mine, time.process_time() - process - mine


def raw_sqlite(db: Path, version: str) -> tuple[sqlite3.Connection, Scope]:
    """docs.db opened by plain sqlite3 as the app reads it (packed bodies too), and what a search in Python
    `version` covers: that version and every library's newest (web/search/scope.py)."""
    connection = sqlite3.connect(f"file:{db}?immutable=1", uri=True)
    dictionary = connection.execute("SELECT dictionary FROM text_dictionary").fetchone()[0]
    connection.create_function("unpack_text", 1, lambda packed: unpack_text(packed, dictionary), deterministic=True)
    lead = connection.execute("SELECT docset FROM docsets ORDER BY rank LIMIT 1").fetchone()[0]
    (position,) = connection.execute(
        "SELECT position FROM versions WHERE version = ? AND docset = ?", (version, lead)
    ).fetchone()
    libraries = connection.execute("SELECT min(position) FROM versions WHERE docset != ? GROUP BY docset", (lead,))
    return connection, Scope((position, *sorted(row[0] for row in libraries)), lead=position)


def ranked_statement(db: Path, text: str, scope: Scope) -> Statement:
    """The ranking statement the app runs on `db` for `text` typed in `scope`, first page."""
    return _dialect(db).ranked(parse_query(text, max_length=200), scope=scope, limit=10)


@functools.cache
def _dialect(db: Path) -> Fts5Dialect:
    with contextlib.closing(sqlite3.connect(f"file:{db}?immutable=1", uri=True)) as connection:
        docsets, lead = connection.execute(
            "SELECT count(*), min(CASE WHEN rank = 0 THEN docset END) FROM docsets"
        ).fetchone()
    return Fts5Dialect(stored_profile(db), scope_size=docsets, lead=lead)


def _raw_sqlite(db: Path, queries: list[str], version: str) -> LayerCost:
    connection, scope = raw_sqlite(db, version)
    statements = [ranked_statement(db, text, scope) for text in queries]

    def run() -> None:
        for statement in statements:
            connection.execute(statement.sql, statement.parameters).fetchall()

    run()  # warm: every statement prepared once, the pages read once
    mine, _ = _cpu(run)
    connection.close()
    return LayerCost("the ranking statement alone, sqlite3 on the calling thread", mine * 1000 / len(queries), 0.0)


async def _through_the_app(db: Path, queries: list[str], version: str) -> list[LayerCost]:
    settings = Settings(db_path=db, profile="production", allowed_hosts=["testserver"], search_cache_size=0)
    costs = []
    async with open_services(settings) as services:
        search = services.search
        scope = search.scope_of(search.resolved(parse_query("", max_length=1, filters=Filters(version=version))))
        parsed = [parse_query(text, max_length=200, filters=Filters(version=version)) for text in queries]
        statements = [services.database.dialect.ranked(query, scope=scope, limit=10) for query in parsed]

        async def statements_only() -> None:
            async with services.database.reader() as reader:
                for statement in statements:
                    await reader.fetch(*statement)

        async def searches() -> None:
            for query in parsed:
                await services.search.search(query, limit=10)

        for label, run in (
            ("+ SQLAlchemy pool and aiosqlite's thread", statements_only),
            ("+ the search service: hits, snippets, any second statement", searches),
        ):
            await run()  # warm
            costs.append(await _async_cost(label, run, len(queries)))
    costs.append(await _whole_app(settings, queries))
    return costs


async def _async_cost(label: str, run: object, count: int) -> LayerCost:
    thread, process = time.thread_time(), time.process_time()
    await run()  # type: ignore[operator]
    mine = time.thread_time() - thread
    return LayerCost(label, mine * 1000 / count, (time.process_time() - process - mine) * 1000 / count)


async def _whole_app(settings: Settings, queries: list[str]) -> LayerCost:
    """The app itself called as uvicorn calls it, without sockets: every middleware, route and template."""
    app = create_app(settings)
    startup: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    started = asyncio.Event()

    async def lifespan_receive() -> dict[str, str]:
        return await startup.get()

    async def lifespan_send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "lifespan.startup.complete":
            started.set()

    lifespan = asyncio.create_task(
        app({"type": "lifespan", "asgi": {"version": "3.0"}}, lifespan_receive, lifespan_send)
    )
    await startup.put({"type": "lifespan.startup"})
    await started.wait()
    query_strings = [f"q={quote(text)}".encode() for text in queries]

    async def partials() -> None:
        for query_string in query_strings:
            await _get(app, "/search", query_string)

    await partials()  # warm
    cost = await _async_cost(
        "+ the whole app in process: middleware, routing, dependencies, rendering", partials, len(queries)
    )
    await startup.put({"type": "lifespan.shutdown"})
    await lifespan
    return cost


async def _get(app: object, path: str, query_string: bytes) -> None:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query_string,
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"hx-request", b"true")],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    status: list[int] = []

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            status.append(int(message["status"]))  # type: ignore[call-overload]

    await app(scope, receive, send)  # type: ignore[operator]
    if status != [200]:
        raise RuntimeError(f"{path}?{query_string.decode()} answered {status}")
