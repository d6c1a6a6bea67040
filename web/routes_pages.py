"""HTML endpoints: the cached home page, search (page or htmx partial), /go, OpenSearch."""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from parser.profile import DocsetProfile
from web.assets import SWAGGER_UI
from web.cache import cache_response, response_key
from web.deps import (
    DOCSET_COOKIE,
    VERSION_COOKIE,
    PageSearchDep,
    SearchDep,
    SearchRequest,
    TemplatesDep,
    Version,
    remembered_docsets,
    remembered_version,
)
from web.htmx import is_htmx_swap, replace_url, swap_target, varies_with_htmx
from web.search.database import VersionInfo
from web.search.filters import FIELDS
from web.search.hits import SearchResult
from web.search.query import MAX_PAGE, without_controls, without_typed
from web.search.service import SearchService

router = APIRouter(include_in_schema=False)

EXAMPLES = ("str.join", "OrderedD", "len", "dict comprehension", "ternary", "funtools", "type:method wait")
# A remembered choice lasts a year, like a setting; it is only a default, every URL names its version.
COOKIE_SECONDS = 365 * 24 * 3600
# Sent by the version switcher alone: a `version=` in a shared link chooses that page's version, no default.
SWITCHED = "switched"


def _home_key(request: Request) -> Hashable:
    """The home page also depends on the version and the docsets remembered in cookies."""
    return (response_key(request), request.cookies.get(VERSION_COOKIE), request.cookies.get(DOCSET_COOKIE))


@router.get("/")
@cache_response(key=_home_key)
async def home(request: Request, search: SearchDep, templates: TemplatesDep, version: Version = None) -> Response:
    # A connection is taken here, on a cache miss only: a dependency would hold one even for cache hits.
    served = search.version_named(version or remembered_version(request, search))
    if _switching(request):
        return _switched(request, served)
    context = await _home_context(search, served)
    context["chosen_docset"] = remembered_docsets(request, search)
    return templates.TemplateResponse(request, "home.html", await _page_context(search, served, **context))


@router.get("/search")
async def search_page(request: Request, searching: PageSearchDep) -> Response:
    """A full page that works without JavaScript, or just the results for an htmx swap."""
    asked, search, templates = searching.asked, searching.search, searching.templates
    if _switching(request):
        # The version chosen in the switcher, not a `version:` typed earlier (which its redirect drops).
        return _switched(request, search.version_named(request.query_params.get("version")))
    partial = is_htmx_swap(request)
    lacking = await _chosen_for_other_docsets(request, search, asked)
    if not partial and any(f"shown_{name}" in request.query_params for name in MENUS):
        return _remembering_docsets(request, _menus_applied(request, dropping=lacking))
    if lacking:  # htmx follows the redirect, and swaps in what it answers
        dropped = {*lacking, *(f"shown_{name}" for name in lacking)}
        return _same_search(request, q=request.query_params.get("q", ""), keep=lambda name, _: name not in dropped)
    if asked.query.is_empty and not asked.query.filters.browses:
        return await _home_instead(request, asked, search, templates, partial=partial)
    result = await search.search(asked.query, limit=asked.limit, offset=asked.offset)
    served = search.version_of(result.query)
    # The "more results" link targets the grid itself: it wants the next rows only.
    appending = partial and swap_target(request) == "results-list"
    template = "partials/_appended.html" if appending else "partials/_results.html" if partial else "search.html"
    canonical = _search_url(request, served, page=asked.page)
    context = await _page_context(
        search,
        served,
        result=result,
        q=without_controls(request.query_params.get("q", "")),  # as typed: typed filters stay in the box
        # The menus show the filters in force: typed ones win over the form's (and say so there too).
        kind=result.query.filters.kind,
        area=result.query.filters.area,
        chosen_docset=result.query.filters.docset,
        oob=partial,
        # The menus are sent again when the docsets searched are not those they were made for.
        menus_oob=partial
        and not appending
        and request.query_params.get("shown_menus") != (result.query.filters.docset or ""),
        appending=appending,
        page_size=asked.limit,
        page_title=f"{result.corrected_query or result.query.text or 'Browse'} – {search.info.name} "
        f"{served.version} docs search",
        next_url=_search_url(request, served, page=asked.page + 1) if _has_next(result, asked.page) else None,
        # The last page a search pages to, with more found: the page says where the listing ends.
        listing_ends=result.next_offset is not None and asked.page >= MAX_PAGE,
        previous_url=_search_url(request, served, page=asked.page - 1) if asked.page > 1 and not partial else None,
    )
    response = templates.TemplateResponse(request, template, context)
    if partial and not appending:
        # The address bar follows the search, without the empty parameters the form sends.
        replace_url(response, canonical)
    elif appending and (shown := asked.offset + len(result.shown)) <= request.app.state.settings.max_limit:
        # The address of every row now in the grid, so Back to it shows them all (and the one opened).
        replace_url(response, _search_url(request, served, page=1, limit=shown))
    return varies_with_htmx(_remembering_docsets(request, response))


def _remembering_docsets(request: Request, response: Response) -> Response:
    """The Docs menu changed by hand (sent otherwise than it was shown) becomes this browser's choice, as the
    version switcher's does; "all docsets" forgets it. A shared `?docset=` link never sets anyone's."""
    sent = request.query_params
    shown, chosen = sent.get("shown_docset"), sent.get("docset")
    if shown is None or chosen is None or shown == chosen:
        return response
    if chosen:
        response.set_cookie(DOCSET_COOKIE, chosen, max_age=COOKIE_SECONDS, samesite="lax", httponly=True)
    else:
        response.delete_cookie(DOCSET_COOKIE, samesite="lax", httponly=True)
    return response


async def _home_instead(
    request: Request, asked: SearchRequest, search: SearchService, templates: Jinja2Templates, *, partial: bool
) -> Response:
    """An empty query is the home page: with htmx its content comes back in place of the results."""
    served = search.version_of(search.resolved(asked.query))
    chosen = served != search.info.default
    home_url = "/" + (f"?{urlencode({'version': served.version})}" if chosen else "")
    if not partial:
        return RedirectResponse(home_url, status_code=303)
    context = await _home_context(search, served)
    response = templates.TemplateResponse(
        request, "partials/_home.html", await _page_context(search, served, **context, oob=True)
    )
    replace_url(response, home_url)
    return varies_with_htmx(response)


async def _home_context(search: SearchService, served: VersionInfo) -> dict[str, object]:
    overview = await search.overview(search.alone(served))
    return {
        "examples": EXAMPLES,
        "area_counts": [(area, overview.areas[area]) for area in _shown_areas([search.info.profile], overview.areas)],
        "kind_counts": overview.kinds[:8],
        "entries": sum(overview.areas.values()),
        "result": None,
        "kind": None,
        "area": None,
        "chosen_docset": None,
    }


def _search_url(request: Request, served: VersionInfo, *, page: int, limit: int | None = None) -> str:
    """This search's address: only the parameters that say something, the version always."""
    names = ("q", *(field.name for field in FIELDS if field.name != "version"), "limit")
    kept = {name: request.query_params.get(name, "") for name in names}
    if limit is not None:
        kept["limit"] = str(limit)
    parameters = {name: value for name, value in kept.items() if value}
    parameters["version"] = served.version
    if page > 1:
        parameters["page"] = str(page)
    return "/search?" + urlencode(parameters)


@router.get("/go")
async def go(page: PageSearchDep) -> Response:
    """Straight to the best hit: a browser keyword bookmark (`py str.join`)."""
    asked, search = page.asked, page.search
    result = await search.search(asked.query, limit=1)
    if result.shown:
        return RedirectResponse(result.shown[0].url, status_code=303)
    parameters = {"q": asked.query.text, **({"version": result.version} if asked.sent.version else {})}
    return RedirectResponse("/search?" + urlencode(parameters), status_code=303)


@router.get("/docs")
async def api_docs(request: Request, templates: TemplatesDep) -> Response:
    """The API reference: Swagger UI from our own origin, over /openapi.json."""
    return templates.TemplateResponse(request, "api_docs.html", {"swagger_ui": SWAGGER_UI})


@router.get("/redoc")
async def redoc() -> Response:
    return RedirectResponse("/docs", status_code=308)


@router.get("/opensearch.xml")
async def opensearch(request: Request, search: SearchDep, templates: TemplatesDep) -> Response:
    return templates.TemplateResponse(
        request,
        "opensearch.xml",
        {"info": search.info, "base": str(request.base_url).rstrip("/")},
        media_type="application/opensearchdescription+xml",
    )


def _has_next(result: SearchResult, page: int) -> bool:
    """A next page exists, and paging goes that far (MAX_PAGE: each page costs a full ranking)."""
    return result.next_offset is not None and page < MAX_PAGE


# The form's menus; each is sent with the value it was shown with too (`shown_kind`), so that a menu changed
# by hand is known without JavaScript.
MENUS = ("kind", "area", "docset")


def _menus_applied(request: Request, *, dropping: Collection[str] = ()) -> Response:
    """The same search with a menu changed by hand winning over the filter typed for it (`type:method` leaves
    the box when Kind is set to function), at an address without the shown values (nor the menus `dropping`)."""
    sent = request.query_params
    q = sent.get("q", "")
    for name in MENUS:
        shown = sent.get(f"shown_{name}")
        if shown is not None and sent.get(name, "") != shown:
            q = without_typed(q, name)
    return _same_search(
        request,
        q=q,
        keep=lambda name, value: not name.startswith("shown_") and bool(value) and name not in dropping,
    )


async def _chosen_for_other_docsets(request: Request, search: SearchService, asked: SearchRequest) -> set[str]:
    """The Kind and Area menus' choices that the docsets just chosen in the Docs menu lack (Python's `library`
    area, then Django chosen): kept, they would narrow the new docsets to nothing. A filter typed in the box
    (`in:library`) is the user's own words, and stays; a docset typed there gives way to the menu's, as the
    search that follows does (app.js, `_menus_applied`)."""
    sent = request.query_params
    shown_docset = sent.get("shown_docset")
    if shown_docset is None or sent.get("docset", "") == shown_docset:
        return set()
    chosen = [name for name in ("kind", "area") if sent.get(name) and name not in asked.query.filters.typed]
    if not chosen:
        return set()
    query = search.resolved(asked.query)
    chosen_docsets = search.docsets_named(sent.get("docset") or None)
    overview = await search.overview(search.menus_scope(search.version_of(query), chosen_docsets))
    offered = {"kind": {kind for kind, _ in overview.kinds}, "area": set(overview.areas)}
    return {name for name in chosen if getattr(query.filters, name) not in offered[name]}


def _same_search(request: Request, *, q: str, keep: Callable[[str, str], bool]) -> RedirectResponse:
    """A 303 to this address with `q` in place of the query typed, and only the other parameters `keep` keeps."""
    kept = [(name, q if name == "q" else value) for name, value in request.query_params.multi_items()]
    kept = [(name, value) for name, value in kept if name == "q" or keep(name, value)]
    return RedirectResponse(request.url.path + (f"?{urlencode(kept)}" if kept else ""), status_code=303)


def _switching(request: Request) -> bool:
    """Sent by the version switcher, which alone sends `switched=1`."""
    return request.query_params.get(SWITCHED) == "1"


def _switched(request: Request, served: VersionInfo) -> Response:
    """The switcher's choice becomes this browser's default; then the same page without the marker, so the
    address a user shares never sets anyone else's default."""
    # The version chosen in the switcher is the one meant now: a `version:` typed earlier would win over it.
    q = without_typed(request.query_params.get("q", ""), "version")
    response = _same_search(request, q=q, keep=lambda name, _: name != SWITCHED)
    response.set_cookie(VERSION_COOKIE, served.version, max_age=COOKIE_SECONDS, samesite="lax", httponly=True)
    return response


async def _page_context(search: SearchService, served: VersionInfo, **values: object) -> dict[str, object]:
    """What every page shows: the menus offer the kinds and areas of the docs searched (the version shown, or
    the docsets chosen: Django's `templatetag`, Flask's `patterns`), and any in force."""
    chosen_docset = values.get("chosen_docset")
    docset = chosen_docset if isinstance(chosen_docset, str) else None
    overview = await search.overview(search.menus_scope(served, docset))
    chosen_kind, chosen_area = values.get("kind"), values.get("area")
    kinds = {kind for kind, _ in overview.kinds} | ({chosen_kind} if isinstance(chosen_kind, str) else set())
    areas = set(overview.areas) | ({chosen_area} if isinstance(chosen_area, str) else set())
    profiles = _menu_profiles(search, docset)
    return {
        "kinds": sorted(kinds),
        "areas": _shown_areas(profiles, areas),
        # Each area as the first of those docsets' profiles that names it (Python's `library`, Flask's `patterns`).
        "menu_area_labels": {
            area: label for profile in reversed(profiles) for area, label in profile.area_labels.items()
        },
        "versions": search.info.versions,
        "version": served,
        "searched": search.searched_versions(served, docset),
        **values,
    }


def _menu_profiles(search: SearchService, docset: str | None) -> list[DocsetProfile]:
    """The profiles of the docsets the menus are for: the chosen ones in the order docs.db has them, or the lead's."""
    if not docset:
        return [search.info.profile]
    chosen = set(docset.split(","))
    return [profile for name, profile in search.info.profiles.items() if name in chosen] or [search.info.profile]


def _shown_areas(profiles: list[DocsetProfile], present: Collection[str]) -> list[str]:
    """The areas of `present` worth offering, in the order the docsets' profiles label them."""
    labelled = list(dict.fromkeys(area for profile in profiles for area in profile.area_labels if area in present))
    unlabelled = sorted(set(present) - set(labelled))
    hidden = {area for profile in profiles for area in profile.hidden_areas}
    return [area for area in labelled + unlabelled if area not in hidden]
