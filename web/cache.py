"""`@cache_response`: the original one-line decorator, keyed, bounded, clearable, single-flight.

A response is stored under what it depends on (path, query string, HX-Request and
the build id of the loaded docs.db), at most `maxsize` of them are kept (least
recently used go first), `response_cache(app, endpoint).clear()` empties it, and
concurrent misses on one key await a single computation instead of each running it.
Each app has its own caches (in `app.state`), so two apps in one process share nothing.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any, ParamSpec

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response

from web.htmx import sent_by_htmx
from web.search.lru import LruCache

P = ParamSpec("P")
DEFAULT_MAXSIZE = 64


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """A response's bytes: each hit builds a fresh Response from them."""

    status_code: int
    body: bytes
    headers: tuple[tuple[bytes, bytes], ...]

    @classmethod
    def of(cls, response: Response) -> StoredResponse:
        return cls(response.status_code, bytes(response.body), tuple(response.raw_headers))

    def response(self) -> Response:
        fresh = Response(content=self.body, status_code=self.status_code)
        fresh.raw_headers = list(self.headers)
        return fresh


class ResponseCache:
    """A bounded LRU of stored responses with one in-flight computation per key."""

    def __init__(self, maxsize: int = DEFAULT_MAXSIZE) -> None:
        self._stored: LruCache[Hashable, StoredResponse] = LruCache(maxsize)
        self._pending: dict[Hashable, asyncio.Future[StoredResponse]] = {}
        self.hits = 0
        self.misses = 0

    @property
    def maxsize(self) -> int:
        return self._stored.maxsize

    def __len__(self) -> int:
        return len(self._stored)

    def clear(self) -> None:
        self._stored.clear()

    async def get_or_compute(self, key: Hashable, compute: Callable[[], Awaitable[Response]]) -> Response:
        stored = self._stored.get(key)
        if stored is not None:
            self.hits += 1
            return stored.response()
        if key in self._pending:
            self.hits += 1
            return (await asyncio.shield(self._pending[key])).response()
        self.misses += 1
        future: asyncio.Future[StoredResponse] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        try:
            response = await compute()
            stored = StoredResponse.of(response)
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # mark retrieved: nobody else may be waiting
            raise
        finally:
            del self._pending[key]
        future.set_result(stored)
        if response.status_code == 200:
            self._stored.put(key, stored)
        return stored.response()


def response_key(request: Request) -> Hashable:
    """What a page depends on: path, query string, htmx or not, and which docs.db is loaded."""
    database = getattr(request.app.state, "database", None)
    build_id = database.info.build_id if database is not None else ""
    return (
        request.url.path,
        str(request.query_params),
        sent_by_htmx(request),
        build_id,
    )


def response_cache(app: Starlette, endpoint: Callable[..., Any], maxsize: int | None = None) -> ResponseCache:
    """`app`'s cache for one decorated endpoint, made on first use.

    Its size is `maxsize` if the decorator gave one, else the app's `state.page_cache_size` setting.
    """
    caches: dict[Callable[..., Any], ResponseCache] | None = getattr(app.state, "response_caches", None)
    if caches is None:
        caches = app.state.response_caches = {}
    cache = caches.get(endpoint)
    if cache is None:
        size = maxsize if maxsize is not None else getattr(app.state, "page_cache_size", DEFAULT_MAXSIZE)
        cache = caches[endpoint] = ResponseCache(size)
    return cache


def cache_response(
    maxsize: int | None = None, key: Callable[[Request], Hashable] = response_key
) -> Callable[[Callable[P, Awaitable[Response]]], Callable[P, Awaitable[Response]]]:
    """Cache an async endpoint's response; the endpoint must take `request: Request`."""

    def decorate(endpoint: Callable[P, Awaitable[Response]]) -> Callable[P, Awaitable[Response]]:
        @functools.wraps(endpoint)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> Response:
            request = _request_of(args, kwargs)
            cache = response_cache(request.app, wrapper, maxsize)
            return await cache.get_or_compute(key(request), lambda: endpoint(*args, **kwargs))

        return wrapper

    return decorate


def _request_of(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Request:
    for value in (*args, *kwargs.values()):
        if isinstance(value, Request):
            return value
    raise TypeError("@cache_response needs the endpoint to take a `request: Request` parameter")
