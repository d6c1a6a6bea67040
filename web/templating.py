"""Jinja2 environment: templates folder, asset URLs and the docset's identity as globals."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from web.assets import AssetUrls
from web.hit_rows import ROWS_KEPT, HitRows
from web.search.database import DocsetInfo
from web.search.filters import FIELDS
from web.search.query import MAX_PAGE, without_controls

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


def make_templates(asset_url: AssetUrls, *, info: DocsetInfo, htmx: str, reload: bool = False) -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES_DIR)
    # Checking every template's mtime on every render is for development only.
    templates.env.auto_reload = reload
    # How this docset names its areas, and which a breadcrumb need not name: data of its profile.
    profile = info.profile
    templates.env.globals.update(
        asset_url=asset_url,
        docset=info,
        htmx=htmx,
        area_labels=profile.area_labels,
        unnamed_areas=frozenset(profile.unnamed_areas),
        # A library's hits name their areas as its own profile does (`Api`, `Patterns`), not Python's.
        docset_area_labels={docset: own.area_labels for docset, own in info.profiles.items()},
        docset_names={version.docset: version.name for version in info.releases.values()},
    )
    # Each hit's row is rendered once and reused; while templates reload (development), every time.
    templates.env.globals["hit_row"] = HitRows(templates.env, kept=0 if reload else ROWS_KEPT)
    # Request parameters echoed into a page (the switcher keeps the query) go through this first.
    # Cut well past any accepted query, so a refused one comes back whole but a 1 MB one does not.
    templates.env.filters["printable"] = lambda value: without_controls(str(value))[:2000]
    # How far paging goes (each page costs a full ranking): a count past it says where the listing ends.
    templates.env.globals["max_page"] = MAX_PAGE
    # What may be typed for each filter (`type:`, `in:`), declared once in filters.py, for app.js to read.
    templates.env.globals["typed_filters"] = {field.name: list(field.typed_as) for field in FIELDS}
    templates.env.filters["breakable"] = breakable
    templates.env.filters["breakable_signature"] = breakable_signature
    templates.env.filters["with_article"] = with_article
    return templates


def breakable(name: str) -> Markup:
    """A dotted or snake_case name that a narrow screen may wrap after a dot or underscore, not mid-word."""
    return Markup(str(escape(name)).replace(".", ".<wbr>").replace("_", "_<wbr>"))


def breakable_signature(signature: str) -> Markup:
    """A signature that wraps at its spaces (after each parameter's comma) and after its name's dots and the
    opening parenthesis, never inside a parameter's name: `local_ / addr` reads as two parameters."""
    name, parenthesis, parameters = str(escape(signature)).partition("(")
    return Markup(name.replace(".", ".<wbr>") + parenthesis + ("<wbr>" if parenthesis else "") + parameters)


def with_article(noun: str) -> str:
    """`an opcode`, `a class`."""
    return f"{'an' if noun[:1].lower() in 'aeio' else 'a'} {noun}"
