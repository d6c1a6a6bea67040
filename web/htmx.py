"""What htmx says and is told in headers: the page-or-partial decision, the swap's target, the new address.

Every HX-* header the app reads or writes goes through here."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response


def is_htmx_swap(request: Request) -> bool:
    """htmx asks for a partial, except when restoring history: then it needs the whole page."""
    return sent_by_htmx(request) and request.headers.get("hx-history-restore-request") != "true"


def varies_with_htmx(response: Response) -> Response:
    """One URL answers with a page or a partial, so caches must key on the header that decides."""
    response.headers["Vary"] = "HX-Request"
    return response


def sent_by_htmx(request: Request) -> bool:
    """Sent by htmx at all (a history restore too): a response that differs for it is keyed on this."""
    return request.headers.get("hx-request") == "true"


def swap_target(request: Request) -> str | None:
    """The id of the element htmx will swap the response into, if it said."""
    return request.headers.get("hx-target")


def replace_url(response: Response, url: str) -> Response:
    """Have htmx put `url` in the address bar once the response is swapped in."""
    response.headers["HX-Replace-Url"] = url
    return response
