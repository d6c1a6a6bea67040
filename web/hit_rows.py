"""Result rows: each hit's row rendered once per (entry, version found, version searched), not per request.

Rendering a row escapes a dozen fields, and the row is the same on every keystroke that shows
it (typing `str.rep` lists str.replace four times) but for two things: its number and its
snippet. So `partials/_hit.html` is rendered once with a marker in each of those places, the
pieces between the markers are kept, and a request joins them around its own number and snippet.
"""

from __future__ import annotations

import re

from jinja2 import Environment
from markupsafe import Markup

from web.search.hits import Hit
from web.search.lru import LruCache

# Private-use characters: markers no escaped text of the docs holds. A row whose own text did hold
# one would split wrongly, so such a row is rendered whole instead (see `_pieces`); the template may
# use either value as often as it likes.
NUMBER = "\ue000"
SNIPPET = "\ue001"
_AT_MARKERS = re.compile(f"({NUMBER}|{SNIPPET})")  # the group keeps the markers among the pieces
# Rows kept: each ~1 kB; as many as the hits' fixed parts (web/search/hits.py).
ROWS_KEPT = 4096


class HitRows:
    """`hit_row(hit, number, searched)` for the templates: one row of the results grid, as Markup."""

    def __init__(self, environment: Environment, *, kept: int = ROWS_KEPT) -> None:
        self._environment = environment
        self._kept: LruCache[tuple[int, str, str, bool], tuple[str, ...]] = LruCache(kept)

    def __call__(self, hit: Hit, number: int, searched: str) -> Markup:
        # The first row is the answer card when it names the entry exactly: a summary, no snippet.
        answer = hit.is_exact and number == 0 and hit.in_version
        key = (hit.entry_id, hit.version, searched, answer)
        pieces = self._kept.get(key)
        if pieces is None:
            pieces = self._pieces(hit, searched, answer=answer)
            if not pieces:
                return Markup(self._render(hit, searched, answer=answer, number=number, snippet=hit.snippet))
            self._kept.put(key, pieces)
        number_text, snippet = str(number), str(hit.snippet)
        return Markup(
            "".join(number_text if piece == NUMBER else snippet if piece == SNIPPET else piece for piece in pieces)
        )

    def _pieces(self, hit: Hit, searched: str, *, answer: bool) -> tuple[str, ...]:
        """The row's text split at its markers, markers kept; empty if the row's own text held a marker."""
        html = self._render(hit, searched, answer=answer, number=Markup(NUMBER), snippet=Markup(SNIPPET))
        if html.count(NUMBER) != 1 or html.count(SNIPPET) > 1:
            # Either the template uses a value more than once, which splitting handles, or the docs' own
            # text holds a marker: only a render without markers tells which.
            plain = self._render(hit, searched, answer=answer, number="", snippet="")
            if NUMBER in plain or SNIPPET in plain:
                return ()
        return tuple(_AT_MARKERS.split(html))

    def _render(self, hit: Hit, searched: str, *, answer: bool, number: object, snippet: object) -> str:
        template = self._environment.get_template("partials/_hit.html")
        return template.render(hit=hit, searched=searched, answer=answer, number=number, snippet=snippet)
