"""@cache_response: the original decorator's three faults fixed, and single flight."""

from __future__ import annotations

import asyncio
import contextlib
import inspect

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.testclient import TestClient

from tests.conftest import SHIPPED_DB
from web.app import create_app
from web.cache import ResponseCache, cache_response, response_cache
from web.routes_pages import home
from web.settings import Settings


def counting_app() -> tuple[FastAPI, list[str]]:
    calls: list[str] = []
    app = FastAPI()

    @app.get("/hello")
    @cache_response(maxsize=2)
    async def hello(request: Request, name: str = "world") -> Response:
        calls.append(name)
        return JSONResponse({"hello": name, "htmx": request.headers.get("hx-request")})

    app.state.hello = hello
    return app, calls


def test_responses_are_keyed_by_query_string_and_htmx_header() -> None:
    app, calls = counting_app()
    with TestClient(app) as client:
        assert client.get("/hello?name=ada").json()["hello"] == "ada"
        assert client.get("/hello?name=bob").json()["hello"] == "bob"  # the original returned "ada" here
        assert client.get("/hello?name=ada").json()["hello"] == "ada"
        assert client.get("/hello?name=ada", headers={"HX-Request": "true"}).json()["htmx"] == "true"
    assert calls == ["ada", "bob", "ada"]


def test_cache_is_bounded_least_recently_used_first() -> None:
    app, calls = counting_app()
    with TestClient(app) as client:
        for name in ("a", "b", "a", "c", "a", "b"):
            client.get(f"/hello?name={name}")
    # maxsize 2: "c" pushes out "b" (least recently used), so "b" is computed twice.
    assert calls == ["a", "b", "c", "b"]
    assert len(response_cache(app, app.state.hello)) == 2


def test_cache_can_be_cleared() -> None:
    app, calls = counting_app()
    with TestClient(app) as client:
        client.get("/hello")
        response_cache(app, app.state.hello).clear()
        client.get("/hello")
    assert calls == ["world", "world"]


def test_decorated_endpoint_keeps_its_signature_for_fastapi() -> None:
    app, _ = counting_app()
    parameters = inspect.signature(app.state.hello).parameters
    assert list(parameters) == ["request", "name"]
    with TestClient(app) as client:
        schema = client.get("/openapi.json").json()
    assert [parameter["name"] for parameter in schema["paths"]["/hello"]["get"]["parameters"]] == ["name"]


async def test_concurrent_misses_share_one_computation() -> None:
    cache = ResponseCache(maxsize=4)
    started = 0
    release = asyncio.Event()

    async def expensive() -> Response:
        nonlocal started
        started += 1
        await release.wait()
        return Response(b"done")

    waiting = [asyncio.create_task(cache.get_or_compute("key", expensive)) for _ in range(20)]
    await asyncio.sleep(0.01)
    release.set()
    responses = await asyncio.gather(*waiting)
    assert started == 1  # the original ran the expensive function for every early request
    assert {response.body for response in responses} == {b"done"}
    assert len({id(response) for response in responses}) == 20  # each request gets its own Response


async def test_a_failed_computation_is_not_cached_and_reaches_every_waiter() -> None:
    cache = ResponseCache()
    attempts = 0

    async def flaky() -> Response:
        nonlocal attempts
        attempts += 1
        await asyncio.sleep(0.01)
        if attempts == 1:
            raise RuntimeError("database went away")
        return Response(b"ok")

    results = await asyncio.gather(*(cache.get_or_compute("k", flaky) for _ in range(3)), return_exceptions=True)
    assert all(isinstance(result, RuntimeError) for result in results)
    assert (await cache.get_or_compute("k", flaky)).body == b"ok"
    assert attempts == 2


async def test_error_responses_are_not_stored() -> None:
    cache = ResponseCache()
    statuses = iter([500, 200])

    async def sometimes_broken() -> Response:
        return Response(b"x", status_code=next(statuses))

    assert (await cache.get_or_compute("k", sometimes_broken)).status_code == 500
    assert (await cache.get_or_compute("k", sometimes_broken)).status_code == 200
    assert len(cache) == 1


def shipped_app(**settings: object) -> FastAPI:
    return create_app(Settings(db_path=SHIPPED_DB, allowed_hosts=["testserver"], **settings))  # type: ignore[arg-type]


def test_home_page_is_served_from_the_cache() -> None:
    app = shipped_app(page_cache_size=8)
    with TestClient(app) as client:
        first = client.get("/")
        second = client.get("/")
    cache = response_cache(app, home)
    assert first.status_code == second.status_code == 200 and first.text == second.text
    assert (cache.misses, cache.hits, len(cache), cache.maxsize) == (1, 1, 1, 8)


def test_two_apps_in_one_process_share_no_page_cache() -> None:
    one, other = shipped_app(), shipped_app(page_cache_size=0)
    with TestClient(one) as first_client, TestClient(other) as second_client:
        first_client.get("/")
        second_client.get("/")
        second_client.get("/")
    assert (response_cache(one, home).misses, len(response_cache(one, home))) == (1, 1)
    # Size 0 stores nothing: the other app computed its page both times, unaffected by the first app's copy.
    assert (response_cache(other, home).misses, len(response_cache(other, home))) == (2, 0)


async def test_a_cached_home_page_needs_no_database_connection() -> None:
    """With every pooled connection busy, the cached home page is still served: only a miss connects."""
    app = shipped_app(pool_size=1)
    async with app.router.lifespan_context(app), contextlib.AsyncExitStack() as held:
        client = await held.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
        )
        first = await client.get("/")
        await held.enter_async_context(app.state.database.reader())  # the pool's only connection, now busy
        # A guard against the hang this test is about (the pool would wait 10 s, then fail), not a timing.
        second = await asyncio.wait_for(client.get("/"), timeout=5)
    assert first.status_code == second.status_code == 200
    assert second.text == first.text
