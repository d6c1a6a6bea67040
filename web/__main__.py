"""`python -m web`: check docs.db, then serve it with uvicorn under the chosen profile."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import uvicorn

from web.search.database import DatabaseError, check_before_serving
from web.settings import read_settings


def main(argv: Sequence[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(prog="python -m web", description="Serve pydocs-search.")
    arguments.add_argument("--host", help="default: PYDOCS_HOST or 127.0.0.1")
    arguments.add_argument("--port", type=int, help="default: PYDOCS_PORT or 8000")
    options = arguments.parse_args(argv)
    overrides = {key: value for key, value in (("host", options.host), ("port", options.port)) if value}
    settings = read_settings(**overrides)
    if settings is None:
        return 2
    try:
        # Refuse a bad file here, in one line, before any worker starts and fails noisily.
        check_before_serving(settings)
    except DatabaseError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    uvicorn.run(
        "web.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=None if settings.effective_reload else settings.effective_workers,
        reload=settings.effective_reload,
        loop=settings.event_loop,
        http="web.http_protocol:NoDelayHttpToolsProtocol",
        reload_dirs=["web", "templates", "static"] if settings.effective_reload else None,
        access_log=settings.effective_access_log,
        log_level=settings.effective_log_level,
        proxy_headers=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
