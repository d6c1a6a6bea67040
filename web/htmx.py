"""The one page-or-partial decision: htmx swaps get the partial, everything else a whole page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response


def is_htmx_swap(request: Request) -> bool:
    """htmx asks for a partial, except when restoring history: then it needs the whole page."""
    return request.headers.get("hx-request") == "true" and request.headers.get("hx-history-restore-request") != "true"


def varies_with_htmx(response: Response) -> Response:
    """One URL answers with a page or a partial, so caches must key on the header that decides."""
    response.headers["Vary"] = "HX-Request"
    return response
