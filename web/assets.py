"""Static assets: content-hashed URLs and long-lived caching for them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
HTMX = "vendor/htmx-2.0.11.min.js"
SWAGGER_UI = "vendor/swagger-ui-5.35.0"
ONE_YEAR = 31_536_000


class AssetUrls:
    """Maps 'app.css' to '/static/app.css?v=<hash>' so a changed file gets a new URL."""

    def __init__(self, directory: Path = STATIC_DIR, prefix: str = "/static") -> None:
        self.directory = directory
        self.prefix = prefix
        self._versions: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        if name not in self._versions:
            digest = hashlib.sha256((self.directory / name).read_bytes()).hexdigest()[:12]
            self._versions[name] = digest
        return f"{self.prefix}/{name}?v={self._versions[name]}"


class HashedStaticFiles(StaticFiles):
    """StaticFiles that lets browsers keep a versioned asset for a year."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        versioned = b"v=" in scope.get("query_string", b"")

        async def send_with_cache_headers(message: dict[str, object]) -> None:
            if message["type"] == "http.response.start" and versioned:
                headers = list(message.get("headers", []))  # type: ignore[call-overload]
                headers.append((b"cache-control", f"public, max-age={ONE_YEAR}, immutable".encode()))
                message["headers"] = headers
            await send(message)

        await super().__call__(scope, receive, send_with_cache_headers)  # type: ignore[arg-type]
