"""Startup, storage modes, read-only connections, concurrency and query time limits."""

from __future__ import annotations

import asyncio
import shutil
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from parser.encoder import MODEL_ID
from parser.schema import SCHEMA_VERSION
from tests.conftest import ROOT, SHIPPED_DB
from web.http_protocol import disable_nagle
from web.search.database import DatabaseError, QueryTimeout, open_database
from web.search.database.sqlite_file import check_database_file
from web.search.query import parse_query
from web.services import open_services
from web.settings import Settings


def serve(db: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    """Start the real server on `db` the way `make run` does; it must refuse and exit."""
    return subprocess.run(
        [sys.executable, "-m", "web", "--port", "1"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYDOCS_DB_PATH": str(db), **settings},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def corrupt_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 65536] = bytes(range(256)) * 256
    path.write_bytes(bytes(data))


def wrong_schema(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")


def unreadable_profile(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute('UPDATE meta SET value = \'{"kind_bonus": {"module": "high"}}\' WHERE key = \'profile\'')


def other_vector_model(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = 'e5-small@0000' WHERE key = 'vector_model'")


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    target = tmp_path / "docs.db"
    shutil.copyfile(SHIPPED_DB, target)
    return target


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda path: path.unlink(), "not found; build it with `make build-index`"),
        (lambda path: path.write_bytes(b""), "is not an SQLite database"),
        (lambda path: path.write_bytes(b"hello, not a database" * 100), "is not an SQLite database"),
        (lambda path: path.write_bytes(path.read_bytes()[: 1 << 20]), "is corrupt"),
        (corrupt_middle, "is corrupt"),
        (wrong_schema, f"has schema version 999, this app needs {SCHEMA_VERSION}; rebuild it with `make build-index`"),
        (unreadable_profile, "its docset profile cannot be read: a weight must be a number, not 'high'; rebuild"),
        (other_vector_model, f"holds vectors of e5-small@0000, this app embeds questions with {MODEL_ID}; rebuild"),
    ],
    ids=["missing", "empty", "not-sqlite", "truncated", "overwritten", "wrong-schema", "bad-profile", "other-model"],
)
def test_server_refuses_a_bad_database_in_one_line(
    shipped_copy: Path, damage: Callable[[Path], None], message: str
) -> None:
    damage(shipped_copy)
    result = serve(shipped_copy)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"PYDOCS_POOL_SIZE": "many"}, "error: PYDOCS_POOL_SIZE: Input should be a valid integer"),
        ({"PYDOCS_STORAGE": "floppy"}, "error: PYDOCS_STORAGE: Input should be 'memdb', 'shared-cache', "),
        ({"PYDOCS_EVENT_LOOP": "trio"}, "error: PYDOCS_EVENT_LOOP: Input should be 'asyncio' or 'uvloop'"),
        ({"PYDOCS_ALLOWED_HOSTS": '["a*.com"]'}, "error: PYDOCS_ALLOWED_HOSTS: Value error, 'a*.com': a wildcard"),
        ({"PYDOCS_ALLOWED_HOSTS": "docs.example.com"}, "(a list is written as JSON: '[\"docs.example.com\"]')"),
        ({"PYDOCS_DEFAULT_LIMIT": "60"}, "error: Value error, default_limit must not exceed max_limit"),
    ],
    ids=["not-a-number", "unknown-choice", "unknown-loop", "bad-wildcard", "list-not-json", "limits-disagree"],
)
def test_server_refuses_bad_settings_in_one_line(settings: dict[str, str], message: str) -> None:
    result = serve(SHIPPED_DB, **settings)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_unreadable_database_is_refused(shipped_copy: Path) -> None:
    shipped_copy.unlink()
    shipped_copy.mkdir()  # even root cannot read a directory as a file
    with pytest.raises(DatabaseError, match="cannot be read"):
        check_database_file(shipped_copy)


@pytest.mark.parametrize("storage", ["memdb", "shared-cache", "deserialize", "file"])
async def test_every_storage_mode_answers_the_same(storage: str) -> None:
    settings = Settings(db_path=SHIPPED_DB, storage=storage, pool_size=2)  # type: ignore[arg-type]
    async with open_services(settings) as services:
        result = await services.search.search(parse_query("OrderedD", max_length=200), limit=3)
    assert result.hits[0].name == "collections.OrderedDict"


async def test_connections_are_read_only() -> None:
    database = open_database(Settings(db_path=SHIPPED_DB, pool_size=1))
    await database.setup()
    try:
        async with database.reader() as reader:
            with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query_only|attempt to write"):
                await reader.fetch("DELETE FROM entries")
            rows = await reader.fetch("SELECT count(*) AS n FROM entry_versions")
        assert rows[0]["n"] == database.info.entries
    finally:
        await database.dispose()


async def test_a_runaway_query_is_stopped_at_its_step_budget() -> None:
    database = open_database(Settings(db_path=SHIPPED_DB, pool_size=1, query_max_steps=100_000))
    await database.setup()
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    try:
        async with database.reader() as reader:
            with pytest.raises(QueryTimeout):
                await reader.fetch(endless)
            # The connection is still good for the next request.
            assert (await reader.fetch("SELECT 1 AS one"))[0]["one"] == 1
    finally:
        await database.dispose()


async def test_the_in_memory_copy_outlives_the_file(shipped_copy: Path) -> None:
    database = open_database(Settings(db_path=shipped_copy, pool_size=2))
    await database.setup()
    shipped_copy.unlink()
    try:
        async with database.reader() as reader:
            rows = await reader.fetch("SELECT count(*) AS n FROM entries")
        assert rows[0]["n"] > 15_000
    finally:
        await database.dispose()


async def test_many_concurrent_searches_all_get_their_own_answer(live_server: str) -> None:
    expectations = {
        "str.join": "str.join",
        "OrderedD": "collections.OrderedDict",
        "len": "len",
        "heapq": "heapq",
        "funtools": "functools",
        "PyObject_Call": "PyObject_Call",
        "os.path.exists": "os.path.exists",
        "cached_pro": "functools.cached_property",
    }
    queries = list(expectations) * 25
    async with httpx.AsyncClient(base_url=live_server, timeout=30) as client:

        async def first_hit(query: str) -> tuple[str, str]:
            response = await client.get("/api/search", params={"q": query, "limit": 1})
            assert response.status_code == 200
            return query, response.json()["results"][0]["name"]

        answers = await asyncio.gather(*(first_hit(query) for query in queries))
    assert len(answers) == 200
    assert all(name == expectations[query] for query, name in answers)


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1", ["localhost", "127.0.0.1", "[::1]", "127.0.0.1"]),
        ("192.0.2.7", ["localhost", "127.0.0.1", "[::1]", "192.0.2.7"]),
        ("fd00::7", ["localhost", "127.0.0.1", "[::1]", "[fd00::7]"]),
        ("0.0.0.0", ["localhost", "127.0.0.1", "[::1]"]),  # every interface: only the names the operator gives
    ],
)
def test_the_address_served_on_is_an_allowed_host(host: str, allowed: list[str]) -> None:
    assert Settings(host=host).effective_allowed_hosts == allowed


async def test_accepted_connections_get_tcp_nodelay() -> None:
    """With several workers uvicorn binds the socket with protocol 0, and asyncio then leaves Nagle on."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # as uvicorn binds it for its workers
    listener.bind(("127.0.0.1", 0))
    seen: list[tuple[int, int]] = []

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            accepted = transport.get_extra_info("socket")
            before = accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            disable_nagle(transport)
            seen.append((before, accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))
            transport.close()

    server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
    async with server:
        reader, writer = await asyncio.open_connection(*listener.getsockname())
        await reader.read()  # the probe closes the connection
        writer.close()
    assert seen == [(0, 1)]
