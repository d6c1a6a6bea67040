"""Ranked search over docs.db: one SQL statement per query, no HTTP.

Ranking (../shared/DESIGN.md): exact dotted name, then exact last segment, then
name prefixes while typing, then titles, index keywords and full text (bm25).
A static prior (link popularity, kind, builtins) orders each tier, and What's
New, distutils and, for Python-looking queries, the C API are pushed down.
Typos are corrected over the identifier vocabulary only when little is found.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy.ext.asyncio import AsyncConnection

from web.database import DocsetInfo, fetch_rows
from web.query import InvalidQuery, Query
from web.spelling import correct_words

_MARK_START, _MARK_END = "\x02", "\x03"
# Candidates each source may contribute before ranking; bounds the cost of `de*`.
SOURCE_LIMIT = 300
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
    + CASE WHEN e.domain = 'py' AND instr(e.name, '.') = 0 THEN 40 ELSE 0 END
    + CASE WHEN e.domain = 'py' AND e.name_lower LIKE '%.%' AND NOT e.name_lower LIKE '%.%.%'
           AND EXISTS (SELECT 1 FROM entries AS p WHERE p.kind = 'class'
                       AND p.name_lower = substr(e.name_lower, 1, instr(e.name_lower, '.') - 1))
      THEN 35 ELSE 0 END
    - CASE e.area WHEN 'whatsnew' THEN 700 WHEN 'distutils' THEN 150 ELSE 0 END
    - CASE WHEN :pythonic AND (e.domain = 'c' OR e.area = 'c-api') THEN 700 ELSE 0 END
"""


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
        self._cache: OrderedDict[tuple[object, ...], SearchResult] = OrderedDict()
        self._cache_size = cache_size

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

    async def search(self, connection: AsyncConnection, query: Query, *, limit: int) -> SearchResult:
        """Ranked hits for `query`; raises InvalidQuery for unknown filters, QueryTimeout."""
        self._check_filters(query)
        if query.is_empty and query.kind is None and query.area is None:
            return SearchResult(query=query, hits=(), total=0)
        key = (query, limit)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        if query.is_empty:
            result = await self._browse(connection, query, limit=limit)
        else:
            result = await self._ranked(connection, query, limit=limit)
            if result.total < FEW_RESULTS and query.words:
                result = await self._corrected(connection, result, limit=limit)
        self._remember(key, result)
        return result

    async def _browse(self, connection: AsyncConnection, query: Query, *, limit: int) -> SearchResult:
        """No words, only filters: the most linked-to entries of that kind or area."""
        sql = """
            SELECT e.id, e.page, e.anchor, e.name, e.kind, e.area, e.title, e.breadcrumb, e.signature,
                   e.summary, e.version_notes, 0 AS tier, e.popularity AS score, NULL AS snippet,
                   count(*) OVER () AS total
            FROM entries AS e
            WHERE (:kind IS NULL OR e.kind = :kind) AND (:area IS NULL OR e.area = :area)
            ORDER BY e.kind NOT IN ('page', 'module'), e.popularity DESC, e.name_lower
            LIMIT :limit"""
        rows = await fetch_rows(connection, sql, {"kind": query.kind, "area": query.area, "limit": limit})
        hits = tuple(self._hit(row) for row in rows)
        return SearchResult(query=query, hits=hits, total=rows[0]["total"] if rows else 0)

    def _check_filters(self, query: Query) -> None:
        if query.kind is not None and query.kind not in self.kinds:
            raise InvalidQuery(f"Unknown kind “{query.kind}”. Try one of: {', '.join(sorted(self.kinds))}.")
        if query.area is not None and query.area not in self.areas:
            raise InvalidQuery(f"Unknown area “{query.area}”. Try one of: {', '.join(sorted(self.areas))}.")

    async def _ranked(self, connection: AsyncConnection, query: Query, *, limit: int) -> SearchResult:
        fts = query.fts_expression()
        sql = _statement(has_fts=fts is not None, kind=query.kind is not None, area=query.area is not None)
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
            "source_limit": SOURCE_LIMIT,
        }
        rows = await fetch_rows(connection, sql, parameters)
        hits = tuple(self._hit(row) for row in rows)
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

    def _hit(self, row: dict[str, Any]) -> Hit:
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
            snippet=_highlight(row["snippet"] or row["summary"]),
            version_notes=notes,
            tier=int(row["tier"]),
            score=round(float(row["score"]), 2),
        )

    def _remember(self, key: tuple[object, ...], result: SearchResult) -> None:
        if self._cache_size <= 0:
            return
        self._cache[key] = result
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)


def _highlight(text: str) -> Markup:
    """Escape database text first, then turn FTS5's sentinels into <mark>."""
    escaped = str(escape(text))
    return Markup(escaped.replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>"))


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_STATEMENTS: dict[tuple[bool, bool, bool], str] = {}


def _statement(*, has_fts: bool, kind: bool, area: bool) -> str:
    """The one SELECT for a query shape; built once per shape and reused."""
    key = (has_fts, kind, area)
    if key not in _STATEMENTS:
        _STATEMENTS[key] = _build_statement(has_fts=has_fts, kind=kind, area=area)
    return _STATEMENTS[key]


def _build_statement(*, has_fts: bool, kind: bool, area: bool) -> str:
    filters = (" AND e.kind = :kind" if kind else "") + (" AND e.area = :area" if area else "")
    text_source = (
        f"""
        UNION ALL
        SELECT id, tier FROM (
            SELECT f.rowid AS id,
                   {TIER_TITLE} + 99 - min(99, 3 * row_number() OVER (ORDER BY {TITLE_RANK})) AS tier
            FROM entries_fts AS f JOIN entries AS e ON e.id = f.rowid
            WHERE entries_fts MATCH :fts_title{filters}
            ORDER BY {TITLE_RANK} LIMIT :source_limit)
        UNION ALL
        SELECT id, tier FROM (
            SELECT f.rowid AS id,
                   {TIER_TEXT} + 99 - min(99, 3 * row_number() OVER (ORDER BY rank)) AS tier
            FROM entries_fts AS f JOIN entries AS e ON e.id = f.rowid
            WHERE entries_fts MATCH :fts{filters}
            ORDER BY rank LIMIT :source_limit)"""
        if has_fts
        else ""
    )
    snippet = (
        "(SELECT snippet(entries_fts, 3, char(2), char(3), '…', 14) FROM entries_fts"
        " WHERE entries_fts MATCH :fts AND rowid = ranked.id)"
        if has_fts
        else "NULL"
    )
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
        {text_source}
    ),
    best AS (SELECT id, max(tier) AS tier FROM candidates GROUP BY id),
    ranked AS (
        SELECT e.id, e.page, e.anchor, e.name, e.kind, e.area, e.title, e.breadcrumb, e.signature,
               e.summary, e.version_notes, best.tier AS tier,
               best.tier + ({_PRIOR}) * CASE WHEN best.tier < {TIER_MEMBER_PREFIX} THEN 0.3 ELSE 1 END
                   + CASE WHEN best.tier < {TIER_MEMBER_PREFIX} THEN {_EXPLAINING_AREAS} ELSE 0 END
                   - CASE WHEN best.tier IN ({TIER_NAME_PREFIX}, {TIER_MEMBER_PREFIX})
                          THEN min(30, 3 * (length(e.last_lower) - length(:last))) ELSE 0 END
                   AS score,
               count(*) OVER () AS total
        FROM best JOIN entries AS e ON e.id = best.id
        ORDER BY score DESC, length(e.name), e.name_lower
        LIMIT :limit
    )
    SELECT ranked.*, {snippet} AS snippet FROM ranked ORDER BY score DESC, length(name), lower(name)
    """
