"""Where domain errors become HTTP: one place maps them to a page, a partial or JSON."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from web.htmx import is_htmx_swap, replace_url, varies_with_htmx
from web.search.database import DatabaseUnavailable, QueryTimeout
from web.search.query import InvalidQuery
from web.search.reading import EntryNotFound
from web.security import SECURITY_HEADERS

logger = logging.getLogger(__name__)

_TITLES = {
    400: "That search can’t be run",
    404: "Page not found",
    405: "Method not allowed",
    422: "That request can’t be read",
    500: "Something went wrong",
    503: "That search took too long",
}


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(InvalidQuery, _invalid_query)
    app.add_exception_handler(EntryNotFound, _entry_not_found)
    app.add_exception_handler(QueryTimeout, _query_timeout)
    app.add_exception_handler(DatabaseUnavailable, _database_unavailable)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _server_error)


async def _invalid_query(request: Request, error: Exception) -> Response:
    return error_response(request, 400, str(error))


async def _entry_not_found(request: Request, error: Exception) -> Response:
    return error_response(request, 404, str(error))


async def _query_timeout(request: Request, error: Exception) -> Response:
    del error
    return error_response(
        request,
        503,
        "The search was stopped: it needed more work than any search is allowed. Try fewer or longer words.",
    )


async def _database_unavailable(request: Request, error: Exception) -> Response:
    logger.warning("search index unavailable on %s: %s (%r)", request.url.path, error, error.__cause__)
    response = error_response(
        request,
        503,
        "The search index cannot be reached right now. Try again in a moment.",
        title="Search is briefly unavailable",
    )
    response.headers["Retry-After"] = "5"
    return response


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    problems = "; ".join(f"{'.'.join(str(part) for part in item['loc'][1:])}: {item['msg']}" for item in error.errors())
    return error_response(request, 422 if _wants_json(request) else 400, problems or "invalid request")


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    message = "There is nothing at this address." if error.status_code == 404 else str(error.detail)
    response = error_response(request, error.status_code, message)
    if error.headers:
        response.headers.update(error.headers)
    return response


async def _server_error(request: Request, error: Exception) -> Response:
    logger.exception("unhandled error on %s", request.url.path, exc_info=error)
    response = error_response(request, 500, "The server hit an error it did not expect. It has been logged.")
    # Responses to unhandled errors leave from outside every middleware: add the headers here.
    response.raw_headers.extend(SECURITY_HEADERS)
    return response


def error_response(request: Request, status: int, message: str, *, title: str | None = None) -> Response:
    """JSON for the API, the results partial for htmx, a full styled page otherwise."""
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    templates: Jinja2Templates | None = getattr(request.app.state, "templates", None)
    if templates is None:
        return Response(message, status_code=status, media_type="text/plain")
    response = templates.TemplateResponse(
        request,
        "partials/_error.html" if is_htmx_swap(request) else "error.html",
        {
            "status": status,
            "title": title or _TITLES.get(status, "Error"),
            "message": message,
            "q": request.query_params.get("q", ""),
            "version": None,
        },
        status_code=status,
    )
    if is_htmx_swap(request):
        # The address bar shows what was asked, not the form's empty fields (`&kind=&area=`).
        kept = [(name, value) for name, value in request.query_params.multi_items() if value]
        replace_url(response, request.url.path + (f"?{urlencode(kept)}" if kept else ""))
    return varies_with_htmx(response)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"
