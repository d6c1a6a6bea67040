"""The PostgreSQL backend's own promises, on a real server of its own that these tests stop and start:
a clear line and exit 2 when it cannot serve, a 503 while the server is gone and service again when it
is back, a pool that never grows past its size, and loads that readers see whole or not at all.

(The golden suite and the API tests run on PostgreSQL too: test_relevance.py, test_web_api.py.)
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import pytest_asyncio
from fastapi.testclient import TestClient

from parser.postgres_load import LOADER_NAME
from parser.schema import SCHEMA_VERSION
from testbed.postgres_cluster import Cluster, throwaway_cluster
from tests.conftest import ROOT, SHIPPED_DB, load_postgres, loader_command
from web.app import create_app
from web.search.database import Database, DatabaseUnavailable, QueryTimeout, Row
from web.search.database.postgres import PostgresDatabase, asyncpg_dsn
from web.settings import Settings

# One event loop for the module: the async fixtures hold connections made on it.
in_module_loop = pytest.mark.asyncio(loop_scope="module")
APP_NAME = "pydocs-search"


async def fetch(database: Database, sql: str) -> list[Row]:
    """One statement on a connection taken for it alone."""
    async with database.reader() as reader:
        return await reader.fetch(sql)


@contextlib.asynccontextmanager
async def opened(url: str, **options: Any) -> AsyncIterator[PostgresDatabase]:
    """A PostgresDatabase set up with `options` (pool size, time limit) for one test, disposed after it."""
    database = PostgresDatabase(url, **options)
    await database.setup()
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture(scope="module")
def cluster(mini_db: Path) -> Iterator[Cluster]:
    """A server for this module alone, holding the small python-mini index."""
    with throwaway_cluster() as started:
        load_postgres(started.url, mini_db)
        yield started


@pytest.fixture
def running(cluster: Cluster) -> Iterator[Cluster]:
    """The module's server, started again if a test left it stopped."""
    if not cluster.running:
        cluster.start()
    yield cluster
    if not cluster.running:
        cluster.start()


async def admin(url: str, sql: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return list(await connection.fetch(sql))
    finally:
        await connection.close()


def served(url: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """`python -m web` as an operator starts it, on an address nothing else uses."""
    variables = {**os.environ, "PYDOCS_DATABASE_URL": url, "PYDOCS_WORKERS": "1", **environment}
    command = [sys.executable, "-m", "web", "--port", "1"]
    return subprocess.run(command, env=variables, capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_an_unreachable_server_is_one_line_and_exit_2(tmp_path: Path) -> None:
    started = served(f"postgresql+asyncpg://postgres@/pydocs?host={tmp_path}")
    assert started.returncode == 2
    assert started.stderr == (
        f"error: cannot reach PostgreSQL at postgresql+asyncpg://postgres@/pydocs?host={tmp_path}: "
        "[Errno 2] No such file or directory\n"
    )


def test_a_database_without_the_index_says_how_to_load_it(running: Cluster) -> None:
    empty = running.url.replace("/pydocs?", "/postgres?")
    started = served(empty)
    assert started.returncode == 2 and started.stderr.count("\n") == 1
    assert "holds no pydocs-search index (schema pydocs); load docs.db into it with `make load-postgres`" in (
        started.stderr
    )


@in_module_loop
async def test_an_index_of_another_schema_version_is_refused(running: Cluster) -> None:
    await admin(running.url, "UPDATE pydocs.meta SET value = '3' WHERE key = 'schema_version'")
    try:
        started = served(running.url)
    finally:
        await admin(running.url, f"UPDATE pydocs.meta SET value = '{SCHEMA_VERSION}' WHERE key = 'schema_version'")
    assert started.returncode == 2 and started.stderr.count("\n") == 1
    assert f"holds schema version 3, this app needs {SCHEMA_VERSION}; reload it with `make load-postgres`" in (
        started.stderr
    )


def test_a_lost_server_is_a_503_and_service_resumes_when_it_is_back(running: Cluster) -> None:
    settings = Settings(database_url=running.url, allowed_hosts=["testserver"], search_cache_size=0)
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/search", params={"q": "heapq"}).json()["results"][0]["name"] == "heapq"
        running.stop()
        lost = client.get("/api/search", params={"q": "functools"})
        assert lost.status_code == 503 and lost.headers["retry-after"] == "5"
        assert lost.json() == {"detail": "The search index cannot be reached right now. Try again in a moment."}
        page = client.get("/search", params={"q": "json"})
        assert page.status_code == 503 and "Search is briefly unavailable" in page.text
        assert "<!doctype html>" in page.text.lower()
        partial = client.get("/search", params={"q": "json"}, headers={"HX-Request": "true"})
        assert partial.status_code == 503 and "<html" not in partial.text.lower()
        running.start()
        # The pool's connections all died with the server; each is found dead and replaced, none fails a request.
        for query in ("functools.partial", "heapq.heappush", "functools.reduce", "heapq.merge", "functools.wraps"):
            back = client.get("/api/search", params={"q": query})
            assert back.status_code == 200, back.text
            assert back.json()["results"][0]["name"] == query


@in_module_loop
async def test_the_pool_never_holds_more_connections_than_its_size(running: Cluster) -> None:
    async with opened(running.url, pool_size=2, pool_timeout=0.5) as database:
        async with database.reader(), database.reader():
            started = time.monotonic()
            with pytest.raises(DatabaseUnavailable):
                async with database.reader():
                    pass
            assert time.monotonic() - started < 5  # waited its pool timeout, then said so

        count = f"SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = '{APP_NAME}'"
        answers = await asyncio.gather(*(fetch(database, count) for _ in range(40)))
        assert max(answer[0]["n"] for answer in answers) <= 2
        assert (await admin(running.url, count))[0]["n"] <= 2


@in_module_loop
async def test_a_statement_past_its_time_limit_is_a_query_timeout(running: Cluster) -> None:
    async with opened(running.url, query_timeout_ms=50) as database:
        with pytest.raises(QueryTimeout):
            await fetch(database, "SELECT pg_sleep(2)")
        assert (await fetch(database, "SELECT 1 AS one")) == [{"one": 1}]  # the connection is still good


@in_module_loop
async def test_a_question_is_planned_for_its_own_words_and_only_it(running: Cluster) -> None:
    """A statement planned each run (a question's) gets a plan made for its parameters; the setting is its
    transaction's own, so the connection's next statement has the generic plans keystrokes are fastest with,
    after a timeout too."""
    mode = "SELECT current_setting('plan_cache_mode') AS mode"
    async with opened(running.url, query_timeout_ms=50) as database:
        async with database.reader() as reader:
            assert await reader.fetch(mode, planned_each_run=True) == [{"mode": "force_custom_plan"}]
            assert await reader.fetch(mode) == [{"mode": "force_generic_plan"}]
            with pytest.raises(QueryTimeout):
                await reader.fetch("SELECT pg_sleep(2)", planned_each_run=True)
            assert await reader.fetch(mode) == [{"mode": "force_generic_plan"}]


@in_module_loop
async def test_a_connection_left_inside_a_transaction_is_not_pooled_again(running: Cluster) -> None:
    """As a question's ROLLBACK that failed would leave it: the next reader gets a fresh connection."""
    backend = "SELECT pg_backend_pid() AS pid, current_setting('plan_cache_mode') AS mode"
    async with opened(running.url, pool_size=1) as database:
        async with database.reader() as reader:
            first = (await reader.fetch(backend))[0]
            await reader._connection.execute("BEGIN; SET LOCAL plan_cache_mode = force_custom_plan")
        async with database.reader() as reader:
            again = (await reader.fetch(backend))[0]
        assert again["pid"] != first["pid"] and again["mode"] == "force_generic_plan"
        async with database.reader() as reader:
            assert (await reader.fetch(backend))[0]["pid"] == again["pid"]  # a clean one is pooled as before


@in_module_loop
async def test_a_question_prepared_before_a_change_of_its_columns_is_prepared_again(running: Cluster) -> None:
    """In a transaction asyncpg raises instead of preparing a statement again when what it returns changed
    (a load can do that); the question is run once more."""
    await admin(running.url, "DROP TABLE IF EXISTS public.changing")
    await admin(running.url, "CREATE TABLE public.changing AS SELECT 1 AS x")
    try:
        async with opened(running.url, pool_size=1) as database, database.reader() as reader:
            assert await reader.fetch("SELECT x FROM changing", planned_each_run=True) == [{"x": 1}]
            await admin(running.url, "ALTER TABLE public.changing ALTER COLUMN x TYPE text")
            assert await reader.fetch("SELECT x FROM changing", planned_each_run=True) == [{"x": "1"}]
    finally:
        await admin(running.url, "DROP TABLE public.changing")


@in_module_loop
async def test_the_site_cannot_write_to_the_index(running: Cluster) -> None:
    async with opened(running.url) as database:
        with pytest.raises(asyncpg.ReadOnlySQLTransactionError):
            await fetch(database, "DELETE FROM entries")


@pytest_asyncio.fixture(loop_scope="module")
async def database(running: Cluster) -> AsyncIterator[PostgresDatabase]:
    async with opened(running.url) as database:
        yield database


async def _index_seen(database: PostgresDatabase) -> tuple[str, int]:
    """The build and its entry count as one statement sees them (one snapshot)."""
    sql = "SELECT (SELECT value FROM meta WHERE key = 'build_id') AS build, (SELECT count(*) FROM entries) AS n"
    row = (await fetch(database, sql))[0]
    return row["build"], row["n"]


@in_module_loop
async def test_a_load_is_seen_whole_or_not_at_all(running: Cluster, database: PostgresDatabase, mini_db: Path) -> None:
    before = await _index_seen(database)
    loader = _start_loader(running.url, SHIPPED_DB)
    seen: set[tuple[str, int]] = set()
    while loader.poll() is None:
        seen.add(await _index_seen(database))
        await asyncio.sleep(0.02)
    _, errors = loader.communicate()
    assert loader.returncode == 0, errors
    after = await _index_seen(database)
    assert after != before and after[1] > 70_000 / 4
    assert seen <= {before, after}, f"a reader saw a half-loaded index: {seen - {before, after}}"
    load_postgres(running.url, mini_db)  # the module's index again
    assert await _index_seen(database) == before


@in_module_loop
async def test_a_load_stopped_halfway_leaves_the_served_index_alone(
    running: Cluster, database: PostgresDatabase
) -> None:
    before = await _index_seen(database)
    loader = _start_loader(running.url, SHIPPED_DB)
    loading = (
        "SELECT count(*) AS n FROM pg_stat_activity "
        f"WHERE application_name = '{LOADER_NAME}' AND xact_start IS NOT NULL"
    )
    while (await admin(running.url, loading))[0]["n"] == 0:  # until it is inside the load's transaction
        assert loader.poll() is None, "the loader ended before it was stopped"
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # copying rows by now
    loader.send_signal(signal.SIGKILL)
    loader.communicate()
    assert await _index_seen(database) == before
    leftovers = "SELECT count(*) AS n FROM pg_namespace WHERE nspname LIKE 'pydocs_loading_%'"
    for _ in range(50):  # the server rolls the load back once it notices its client is gone
        if (await admin(running.url, leftovers))[0]["n"] == 0:
            break
        await asyncio.sleep(0.1)
    assert (await admin(running.url, leftovers))[0]["n"] == 0


def _start_loader(url: str, source: Path) -> subprocess.Popen[str]:
    command, environment = loader_command(url, source)
    return subprocess.Popen(
        command, env=environment, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_the_loader_explains_what_it_needs(tmp_path: Path) -> None:
    environment = {key: value for key, value in os.environ.items() if key != "PYDOCS_DATABASE_URL"}
    command = [sys.executable, "-m", "parser.postgres_load", str(SHIPPED_DB)]
    unset = subprocess.run(command, env=environment, capture_output=True, text=True, cwd=ROOT)
    assert unset.returncode == 2
    assert unset.stderr == "error: PYDOCS_DATABASE_URL is not set; e.g. postgresql+asyncpg://user@host/dbname\n"
    other = subprocess.run(
        command, env={**environment, "PYDOCS_DATABASE_URL": "mysql://me@host/db"}, capture_output=True, text=True
    )
    assert other.returncode == 2
    assert other.stderr == (
        "error: PYDOCS_DATABASE_URL: Value error, only PostgreSQL is supported: postgresql+asyncpg://user@host/dbname\n"
    )
    not_docs = tmp_path / "docs.db"
    not_docs.write_text("not a database")
    url = f"postgresql+asyncpg://postgres@/pydocs?host={tmp_path}"
    bad = subprocess.run(
        [*command[:-1], str(not_docs)], env={**environment, "PYDOCS_DATABASE_URL": url}, capture_output=True, text=True
    )
    assert bad.returncode == 2
    assert bad.stderr == f"error: {not_docs} is not an SQLite database; rebuild it with `make build-index`\n"
