"""Ranked search over docs.db: one SQL statement per query, no HTTP.

Ranking (../shared/DESIGN.md): exact dotted name, then exact last segment, then
name prefixes while typing, then titles, index keywords and full text (bm25).
A static prior (link popularity, kind, builtins) orders each tier, and What's
New, distutils and, for Python-looking queries, the C API are pushed down.
Typos are corrected over the identifier vocabulary only when little is found.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from sqlalchemy.ext.asyncio import AsyncConnection

from web.database import DocsetInfo, fetch_rows
from web.lru import LruCache
from web.query import InvalidQuery, Query, filter_key
from web.snippets import highlight
from web.spelling import correct_words

# Candidates each source may contribute before ranking; bounds the cost of `de*`.
SOURCE_LIMIT = 300
# One or two typed letters prefix thousands of names; the first keystrokes need only a few.
SHORT_QUERY_SOURCE_LIMIT = 60
# Ranking body matches costs ~2 µs each; a word found in more entries than this
# ("file", "the") is left to the name and title sources, which are precise anyway.
TEXT_MATCH_LIMIT = 800
_NO_SUCH_TERM = "zzzzqqqqnomatch"
# A corrected spelling is tried only when the query as typed finds fewer hits.
FEW_RESULTS = 3

TIER_EXACT = 1000
TIER_DOTTED_SUFFIX = 900
TIER_MEMBER = 800
TIER_NAME_PREFIX = 600
TIER_SECTION_PREFIX = 520
TIER_MEMBER_PREFIX = 500
TIER_TITLE = 400
TIER_TEXT = 300
# For words rather than names, the areas written to explain things come first.
_EXPLAINING_AREAS = "CASE e.area WHEN 'tutorial' THEN 15 WHEN 'reference' THEN 10 WHEN 'howto' THEN 10 ELSE 0 END"
# Title-tier order: a title word outweighs an index keyword, and body text (which
# did not decide the match) does not count at all.
TITLE_RANK = "bm25(entries_fts, 0.0, 10.0, 3.0, 0.0)"

# The prior orders hits within a tier; text hits lean on it half as much, so
# bm25 relevance is not drowned by the popularity of a big class like dict.
_PRIOR = """
      10 * log2(1 + e.popularity)
    + CASE e.kind WHEN 'module' THEN 30 WHEN 'class' THEN 20 WHEN 'function' THEN 20
        WHEN 'exception' THEN 15 WHEN 'method' THEN 12 WHEN 'page' THEN 15 WHEN 'term' THEN 10
        ELSE 0 END
    - CASE e.kind WHEN '2to3 fixer' THEN 150 WHEN 'pdb command' THEN 60 WHEN 'opcode' THEN 60 ELSE 0 END
    + CASE WHEN e.builtin THEN (CASE WHEN instr(e.name, '.') = 0 THEN 40 ELSE 35 END) ELSE 0 END
    - CASE e.area WHEN 'whatsnew' THEN 700 WHEN 'distutils' THEN 150 ELSE 0 END
    - CASE WHEN :pythonic AND (e.domain = 'c' OR e.area = 'c-api') THEN 700 ELSE 0 END
"""


# What hands out a connection for the length of an `async with`: Database.connect.
ConnectionSource = Callable[[], AbstractAsyncContextManager[AsyncConnection]]


@dataclass(frozen=True, slots=True)
class VersionNote:
    kind: str
    version: str


@dataclass(frozen=True, slots=True)
class Hit:
    url: str
    name: str
    kind: str
    area: str
    title: str
    breadcrumb: str
    signature: str
    summary: str
    snippet: Markup
    version_notes: tuple[VersionNote, ...]
    tier: int
    score: float

    @property
    def is_exact(self) -> bool:
        return self.tier >= TIER_DOTTED_SUFFIX

    @property
    def added_in(self) -> str | None:
        """The version that added the entry, when the docs say so once.

        Several 'New in' notes in one entry (`-X`, a class's later methods) date
        its parts, not the entry itself, so no badge is claimed for them.
        """
        added = [note.version for note in self.version_notes if note.kind == "added" and note.version]
        return added[0] if len(added) == 1 else None

    @property
    def deprecations(self) -> tuple[str, ...]:
        """Versions of the entry's deprecation notes; they may concern a part of it (a parameter)."""
        return tuple(note.version for note in self.version_notes if note.kind == "deprecated")


@dataclass(frozen=True, slots=True)
class Overview:
    areas: dict[str, int]
    kinds: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: Query
    hits: tuple[Hit, ...]
    total: int
    corrected_query: str | None = None

    @property
    def total_is_capped(self) -> bool:
        return self.total >= SOURCE_LIMIT


class SearchService:
    """Searches one docs.db; knows its kinds and areas to validate filters."""

    def __init__(self, info: DocsetInfo, *, kinds: frozenset[str], areas: frozenset[str], cache_size: int = 0) -> None:
        self.info = info
        self.kinds = kinds
        self.areas = areas
        # The docs' own spelling of each filter value: areas are folders, and some have hyphens (`c-api`).
        self._kind_by_key = {filter_key(kind): kind for kind in kinds}
        self._area_by_key = {filter_key(area): area for area in areas}
        self._cache: LruCache[tuple[Query, int], SearchResult] = LruCache(cache_size)

    @classmethod
    async def load(cls, connection: AsyncConnection, info: DocsetInfo, *, cache_size: int = 0) -> SearchService:
        kinds = await fetch_rows(connection, "SELECT DISTINCT kind FROM entries")
        areas = await fetch_rows(connection, "SELECT DISTINCT area FROM entries")
        return cls(
            info,
            kinds=frozenset(row["kind"] for row in kinds),
            areas=frozenset(row["area"] for row in areas),
            cache_size=cache_size,
        )

    async def overview(self, connection: AsyncConnection) -> Overview:
        """Entry counts by area and by kind, for the home page."""
        areas = await fetch_rows(connection, "SELECT area, count(*) AS n FROM entries GROUP BY area")
        kinds = await fetch_rows(connection, "SELECT kind, count(*) AS n FROM entries GROUP BY kind ORDER BY n DESC")
        return Overview(
            areas={row["area"]: row["n"] for row in areas},
            kinds=tuple((row["kind"], row["n"]) for row in kinds),
        )

    def clear_cache(self) -> None:
        self._cache.clear()

    async def search(self, connect: ConnectionSource, query: Query, *, limit: int) -> SearchResult:
        """Ranked hits for `query`; raises InvalidQuery for unknown filters, QueryTimeout.

        A pooled connection is taken only on a cache miss, and given back as soon
        as the statements are done, not after the page is rendered and sent:
        under load, requests holding connections through rendering made others
        queue for the pool (seconds at the tail with 64 clients).
        """
        query = self._resolve_filters(query)
        if query.is_empty and query.kind is None and query.area is None:
            return SearchResult(query=query, hits=(), total=0)
        key = (query, limit)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        async with connect() as connection:
            if query.is_empty:
                result = await self._browse(connection, query, limit=limit)
            else:
                result = await self._ranked(connection, query, limit=limit)
                if _found_little(result):
                    result = await self._corrected(connection, result, limit=limit)
        self._cache.put(key, result)
        return result

    async def _browse(self, connection: AsyncConnection, query: Query, *, limit: int) -> SearchResult:
        """No words, only filters: the most linked-to entries of that kind or area."""
        sql = """
            SELECT e.id, e.page, e.anchor, e.name, e.kind, e.area, e.title, e.breadcrumb, e.signature,
                   e.summary, e.version_notes, e.body, 0 AS tier, e.popularity AS score,
                   count(*) OVER () AS total
            FROM entries AS e
            WHERE (:kind IS NULL OR e.kind = :kind) AND (:area IS NULL OR e.area = :area)
            ORDER BY e.kind NOT IN ('page', 'module'), e.popularity DESC, e.name_lower
            LIMIT :limit"""
        rows = await fetch_rows(connection, sql, {"kind": query.kind, "area": query.area, "limit": limit})
        hits = tuple(self._hit(row, query) for row in rows)
        return SearchResult(query=query, hits=hits, total=rows[0]["total"] if rows else 0)

    def _resolve_filters(self, query: Query) -> Query:
        kind = _resolve(query.kind, self._kind_by_key, what="kind", abbreviated="kind" in query.typed_filters)
        area = _resolve(query.area, self._area_by_key, what="area", abbreviated="area" in query.typed_filters)
        # Resolved, the values are exact: `type:meth` and `type:method` then share one cache entry.
        return dataclasses.replace(query, kind=kind, area=area, typed_filters=frozenset())

    async def _ranked(self, connection: AsyncConnection, query: Query, *, limit: int) -> SearchResult:
        sql, parameters = ranking_statement(query, limit=limit)
        rows = await fetch_rows(connection, sql, parameters)
        hits = tuple(self._hit(row, query) for row in rows)
        return SearchResult(query=query, hits=hits, total=rows[0]["total"] if rows else 0)

    async def _corrected(self, connection: AsyncConnection, found: SearchResult, *, limit: int) -> SearchResult:
        corrected_text = await correct_words(connection, found.query.text)
        if corrected_text is None:
            return found
        corrected = await self._ranked(connection, found.query.with_text(corrected_text), limit=limit)
        if corrected.total <= found.total:
            return found
        return SearchResult(
            query=found.query, hits=corrected.hits, total=corrected.total, corrected_query=corrected_text
        )

    def _hit(self, row: dict[str, Any], query: Query) -> Hit:
        notes = tuple(VersionNote(**note) for note in json.loads(row["version_notes"]))
        anchor = f"#{row['anchor']}" if row["anchor"] else ""
        return Hit(
            url=f"{self.info.base_url}{row['page']}{anchor}",
            name=row["name"],
            kind=row["kind"],
            area=row["area"],
            title=row["title"] or row["name"],
            breadcrumb=row["breadcrumb"],
            signature=row["signature"],
            summary=row["summary"],
            snippet=highlight(row["body"] or row["summary"], query.words),
            version_notes=notes,
            tier=int(row["tier"]),
            score=round(float(row["score"]), 2),
        )


def ranking_statement(query: Query, *, limit: int) -> tuple[str, dict[str, Any]]:
    """The one SELECT that ranks `query`, and its bound parameters."""
    fts = query.fts_expression()
    sql = _statement(
        titles=fts is not None and max(len(word) for word in query.words) > 1,
        text=query.searches_text,
        kind=query.kind is not None,
        area=query.area is not None,
    )
    parameters = {
        "name": query.name,
        "name_end": query.name + "\uffff",
        "last": query.last,
        "last_end": query.last + "\uffff",
        "suffix": "%." + _like_escape(query.name),
        "dotted": int("." in query.name),
        "fts": fts,
        "fts_title": query.fts_title_expression(),
        "pythonic": int(query.pythonic),
        "kind": query.kind,
        "area": query.area,
        "limit": limit,
        "source_limit": SOURCE_LIMIT if len(query.name) > 2 else SHORT_QUERY_SOURCE_LIMIT,
    }
    return sql, parameters


def _resolve(key: str | None, known: dict[str | None, str], *, what: str, abbreviated: bool) -> str | None:
    """The docs' spelling of a filter value. Typed into the query, a unique prefix is enough, so the
    results keep coming while `type:method` is being typed, and an ambiguous one lists its candidates."""
    if key is None:
        return None
    if key in known:
        return known[key]
    candidates = sorted(name for other, name in known.items() if other and other.startswith(key)) if abbreviated else []
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise InvalidQuery(f"Which {what}? “{key}” could be: {', '.join(candidates)}.")
    raise InvalidQuery(f"Unknown {what} “{key}”. Try one of: {', '.join(sorted(known.values()))}.")


def _found_little(result: SearchResult) -> bool:
    """Few hits and none of them a name match: worth trying a corrected spelling.

    A name prefix hit means the user is typing a real name (`io.RawIOB`), not misspelling one.
    """
    if not result.query.words or result.total >= FEW_RESULTS:
        return False
    return not any(hit.tier >= TIER_MEMBER_PREFIX for hit in result.hits)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@functools.cache
def _statement(*, titles: bool, text: bool, kind: bool, area: bool) -> str:
    """The one SELECT for a query shape; built once per shape and reused."""
    filters = (" AND e.kind = :kind" if kind else "") + (" AND e.area = :area" if area else "")
    title_source = f"""
        UNION ALL
        SELECT id, tier FROM (
            SELECT f.rowid AS id,
                   {TIER_TITLE} + 99 - min(99, 3 * row_number() OVER (ORDER BY {TITLE_RANK})) AS tier
            FROM entries_fts AS f JOIN entries AS e ON e.id = f.rowid
            WHERE entries_fts MATCH :fts_title{filters}
            ORDER BY {TITLE_RANK} LIMIT :source_limit)"""
    text_source = f"""
        UNION ALL
        SELECT id, tier FROM (
            SELECT f.rowid AS id,
                   {TIER_TEXT} + 99 - min(99, 3 * row_number() OVER (ORDER BY rank)) AS tier
            FROM entries_fts AS f JOIN entries AS e ON e.id = f.rowid
            WHERE entries_fts MATCH (
                -- FTS5 ranks every match before the first row comes out, so a too-common
                -- word is swapped for a term no entry has instead of being filtered later.
                CASE WHEN (SELECT count(*) FROM entries_fts WHERE entries_fts MATCH :fts) <= {TEXT_MATCH_LIMIT}
                     THEN :fts ELSE '"{_NO_SUCH_TERM}"' END){filters}
            ORDER BY rank LIMIT :source_limit)"""
    return f"""
    WITH candidates (id, tier) AS (
        SELECT e.id,
               CASE WHEN e.name_lower = :name THEN {TIER_EXACT}
                    WHEN e.name_lower LIKE :suffix ESCAPE '\\' THEN {TIER_DOTTED_SUFFIX}
                    WHEN :dotted THEN {TIER_MEMBER_PREFIX} - 50
                    ELSE {TIER_MEMBER} END
        FROM entries AS e WHERE e.last_lower = :last{filters}
        UNION ALL
        SELECT e.id, {TIER_EXACT} FROM entries AS e WHERE e.name_lower = :name{filters}
        UNION ALL
        SELECT id, tier FROM (
            SELECT e.id,
                   CASE WHEN e.domain = '' THEN {TIER_SECTION_PREFIX} ELSE {TIER_NAME_PREFIX} END AS tier
            FROM entries AS e
            WHERE e.name_lower > :name AND e.name_lower < :name_end{filters} LIMIT :source_limit)
        UNION ALL
        SELECT id, CASE WHEN :dotted THEN {TIER_TEXT} + 50 ELSE {TIER_MEMBER_PREFIX} END FROM (
            SELECT e.id FROM entries AS e
            WHERE e.last_lower > :last AND e.last_lower < :last_end{filters} LIMIT :source_limit)
        {title_source if titles else ""}
        {text_source if text else ""}
    ),
    best AS (SELECT id, max(tier) AS tier FROM candidates GROUP BY id),
    ranked AS (
        SELECT e.id, e.name, best.tier AS tier,
               best.tier + ({_PRIOR}) * CASE WHEN best.tier < {TIER_MEMBER_PREFIX} THEN 0.2 ELSE 1 END
                   + CASE WHEN best.tier < {TIER_MEMBER_PREFIX} THEN {_EXPLAINING_AREAS} ELSE 0 END
                   - CASE WHEN best.tier IN ({TIER_NAME_PREFIX}, {TIER_MEMBER_PREFIX})
                          THEN min(40, 5 * (length(e.last_lower) - length(:last))) ELSE 0 END
                   AS score,
               count(*) OVER () AS total
        FROM best JOIN entries AS e ON e.id = best.id
        ORDER BY score DESC, length(e.name), e.name_lower
        LIMIT :limit
    )
    -- Only the few hits shown fetch their text.
    SELECT e.id, e.page, e.anchor, e.name, e.kind, e.area, e.title, e.breadcrumb, e.signature,
           e.summary, e.version_notes, e.body, ranked.tier, ranked.score, ranked.total
    FROM ranked JOIN entries AS e ON e.id = ranked.id
    ORDER BY ranked.score DESC, length(e.name), e.name_lower
    """
