"""Dialects: the SQL each engine runs for search, written from one Query and the weights in web/ranking.py.

A Dialect writes statements and nothing else: the Database runs them, the search
service decides which to run. What is plain SQL lives here, once; full-text syntax,
ranking functions and the spelling vocabulary lookup are each engine's own.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, NamedTuple

from web.query import Query


class Statement(NamedTuple):
    sql: str
    parameters: Mapping[str, Any]


# What every hit needs from `entries` (aliased `e`), written once for every statement that returns hits.
HIT_COLUMNS = (
    "e.id, e.page, e.anchor, e.name, e.kind, e.area, e.title, e.breadcrumb, e.signature, "
    "e.summary, e.version_notes, e.body"
)


class Dialect(ABC):
    """Statements over the docs.db schema; subclasses add their engine's full-text search."""

    def distinct_kinds(self) -> Statement:
        return Statement("SELECT DISTINCT kind FROM entries", {})

    def distinct_areas(self) -> Statement:
        return Statement("SELECT DISTINCT area FROM entries", {})

    def count_by_area(self) -> Statement:
        return Statement("SELECT area, count(*) AS n FROM entries GROUP BY area", {})

    def count_by_kind(self) -> Statement:
        return Statement("SELECT kind, count(*) AS n FROM entries GROUP BY kind ORDER BY n DESC", {})

    def browse(self, query: Query, *, limit: int) -> Statement:
        """No words, only filters: the most linked-to entries of that kind or area."""
        sql = f"""
            SELECT {HIT_COLUMNS}, 0 AS tier, e.popularity AS score, count(*) OVER () AS total
            FROM entries AS e
            WHERE (:kind IS NULL OR e.kind = :kind) AND (:area IS NULL OR e.area = :area)
            ORDER BY e.kind NOT IN ('page', 'module'), e.popularity DESC, e.name_lower
            LIMIT :limit"""
        return Statement(sql, {"kind": query.kind, "area": query.area, "limit": limit})

    @abstractmethod
    def ranked(self, query: Query, *, limit: int) -> Statement:
        """The one statement that ranks `query`: rows of HIT_COLUMNS, tier, score and total, best first."""

    @abstractmethod
    def known_term(self, word: str) -> Statement:
        """Any row when `word` (lower case) is in the spelling vocabulary."""

    @abstractmethod
    def spelling_candidates(self, word: str, *, limit: int) -> Statement | None:
        """Vocabulary terms that look like `word` (columns term, weight), most alike first; None if none can."""
