"""Shared fixtures: real Sphinx fixture builds and the shipped docs.db."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import hypothesis
import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Playwright, sync_playwright

from parser.build import build
from parser.sources import read_versions
from testbed.chromium import launch_chromium
from testbed.postgres_cluster import throwaway_cluster
from web.app import create_app
from web.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
PYTHON_MINI = FIXTURES / "python-mini"
FLASK_MINI = FIXTURES / "flask-mini"
ROOT = Path(__file__).parent.parent
SHIPPED_DB = ROOT / "data" / "docs.db"
# Debian's python3.11-doc build, fetched into .cache/docs by `make test` (parser/sources.py).
REAL_DOCS = next(entry for entry in read_versions() if entry.version == "3.11").html()

# Locally every run explores new inputs (and replays past failures from .hypothesis/);
# CI tries the same inputs each time, so a red build is reproducible, not a lottery.
hypothesis.settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis.settings.load_profile("ci")


@pytest.fixture(scope="session")
def mini_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docs.db built from the python-mini fixture, once per session."""
    output = tmp_path_factory.mktemp("mini") / "docs.db"
    build(PYTHON_MINI, output)
    return output


@pytest.fixture
def copy_of_mini(tmp_path: Path) -> Path:
    """A private, writable copy of the python-mini build, for tests that break it."""
    target = tmp_path / "docs"
    shutil.copytree(PYTHON_MINI, target)
    return target


@pytest.fixture(scope="session")
def shipped_settings() -> Settings:
    # TestClient sends `Host: testserver`.
    return Settings(db_path=SHIPPED_DB, profile="production", allowed_hosts=["testserver"])


@pytest.fixture(scope="session")
def _memory_app(shipped_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(shipped_settings)) as test_client:
        yield test_client


@pytest.fixture
def client(_memory_app: TestClient) -> Iterator[TestClient]:
    """The real app over the shipped docs.db, lifespan included; started once, shared by every test,
    without the cookies (a remembered version) one test leaves for the next."""
    yield _memory_app
    _memory_app.cookies.clear()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL server (Debian's, `make test` installs it) holding the shipped docs.db,
    loaded as `make load-postgres` loads it; removed with everything in it after the session."""
    with throwaway_cluster() as cluster:
        load_postgres(cluster.url, SHIPPED_DB)
        yield cluster.url


def loader_command(url: str, source: Path) -> tuple[list[str], dict[str, str]]:
    """`make load-postgres` as an operator runs it: the loader's command line and its environment."""
    return [sys.executable, "-m", "parser.postgres_load", str(source)], {**os.environ, "PYDOCS_DATABASE_URL": url}


def load_postgres(url: str, source: Path) -> subprocess.CompletedProcess[str]:
    """The loader run to its end, checked."""
    command, environment = loader_command(url, source)
    loaded = subprocess.run(command, env=environment, capture_output=True, text=True, cwd=ROOT)
    assert loaded.returncode == 0, loaded.stderr
    return loaded


@pytest.fixture(scope="session")
def postgres_settings(postgres_url: str) -> Settings:
    return Settings(database_url=postgres_url, profile="production", allowed_hosts=["testserver"])


@pytest.fixture(scope="session")
def _postgres_app(postgres_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(postgres_settings)) as test_client:
        yield test_client


@pytest.fixture
def postgres_client(_postgres_app: TestClient) -> Iterator[TestClient]:
    """The real app over the shipped index in PostgreSQL, shared like `client`."""
    yield _postgres_app
    _postgres_app.cookies.clear()


def first_hit(html: str) -> str:
    """The markup of a results page's first hit: from its row to the next one (or the end of the grid)."""
    start = html.index('id="hit-0"')
    end = html.find('id="hit-1"', start)
    return html[start : end if end > 0 else len(html)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(_live_server: tuple[str, Path]) -> str:
    """`python -m web` as a user runs it, on a free loopback port: its base URL."""
    return _live_server[0]


@pytest.fixture(scope="session")
def live_server_log(_live_server: tuple[str, Path]) -> Path:
    """What that server has printed so far."""
    return _live_server[1]


@pytest.fixture(scope="session")
def _live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    port = free_port()
    environment = {**os.environ, "PYDOCS_WORKERS": "1", "PYDOCS_PROFILE": "production", "PYDOCS_ACCESS_LOG": "false"}
    log = tmp_path_factory.mktemp("server") / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "web", "--port", str(port)], cwd=ROOT, env=environment, stdout=output, stderr=output
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log)
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text()}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("server did not answer /healthz within 30 s")


# Module scope: sync Playwright keeps an event loop running in this thread while it is
# open, which would stop the async tests of later modules from starting theirs.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's chromium where installed (`make test` installs it), else Playwright's own build."""
    launched = launch_chromium(playwright)
    yield launched
    launched.close()
