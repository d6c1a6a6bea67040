"""Dialects: the SQL each engine runs for search, written from one Query and the weights in web/search/ranking.py.

A Dialect writes statements and nothing else: the Database runs them, the search
service decides which to run. What is plain SQL lives here, once; full-text syntax,
ranking functions and the spelling vocabulary lookup are each engine's own.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, NamedTuple

from web.search.query import Query


class Statement(NamedTuple):
    sql: str
    parameters: Mapping[str, Any]


# Every statement that returns hits reads the entry `e`, its row for one version `ev` (joined by each
# statement: the version asked for, or the newest that has it), the document `d` and the page `p`.
HIT_JOINS = "JOIN documents AS d ON d.id = ev.document_id JOIN pages AS p ON p.id = ev.page_id"


class Dialect(ABC):
    """Statements over the docs.db schema; subclasses add their engine's full-text search.

    `position` is a version's place in docs.db (0: the newest); every search is within one.
    """

    # How a document's body is read back; an engine that stores it packed unpacks it here.
    BODY = "d.body"
    # Each hit's presence in every version, newest first, as JSON text: [[position, page, anchor], ...].
    PRESENCE = """(SELECT json_group_array(json_array(o.position, op.path, o.anchor))
               FROM (SELECT * FROM entry_versions WHERE entry_id = e.id ORDER BY position) AS o
               JOIN pages AS op ON op.id = o.page_id) AS presence"""

    @property
    def hit_columns(self) -> str:
        """What every hit needs, written once for every statement that returns hits."""
        return (
            "e.id, e.name, e.kind, ev.area, ev.position, p.path AS page, ev.anchor, d.title, d.breadcrumb, "
            f"d.signature, d.summary, {self.BODY} AS body, d.version_notes, {self.PRESENCE}"
        )

    def distinct_kinds(self) -> Statement:
        return Statement("SELECT DISTINCT kind FROM entries", {})

    def marked_name_edges(self) -> Statement:
        """Two-character starts and ends (columns start, finish) of the names that begin or end with a mark."""
        sql = """SELECT DISTINCT substr(name_lower, 1, 2) AS start, substr(name_lower, -2) AS finish FROM entries
                 WHERE substr(name_lower, 1, 1) GLOB '[^a-z0-9_]' OR substr(name_lower, -1) GLOB '[^a-z0-9_]'"""
        return Statement(sql, {})

    def distinct_areas(self) -> Statement:
        return Statement("SELECT DISTINCT area FROM entry_versions", {})

    def count_by_area(self, *, position: int) -> Statement:
        sql = "SELECT area, count(*) AS n FROM entry_versions WHERE position = :position GROUP BY area"
        return Statement(sql, {"position": position})

    def count_by_kind(self, *, position: int) -> Statement:
        sql = """SELECT e.kind, count(*) AS n FROM entry_versions AS ev JOIN entries AS e ON e.id = ev.entry_id
                 WHERE ev.position = :position GROUP BY e.kind ORDER BY n DESC"""
        return Statement(sql, {"position": position})

    def browse(self, query: Query, *, position: int, limit: int, offset: int = 0) -> Statement:
        """No words, only filters: the most linked-to entries of that kind or area."""
        order = "e.kind NOT IN ('page', 'module'), ev.popularity DESC, e.name_lower"
        # The page of hits is chosen first; only its few rows read their text and presence.
        sql = f"""
            WITH chosen AS (
                SELECT e.id, count(*) OVER () AS total
                FROM entry_versions AS ev JOIN entries AS e ON e.id = ev.entry_id
                WHERE ev.position = :position{query.filters.where}
                ORDER BY {order} LIMIT :limit OFFSET :offset)
            SELECT {self.hit_columns}, 0 AS tier, ev.popularity AS score, chosen.total
            FROM chosen JOIN entries AS e ON e.id = chosen.id
            JOIN entry_versions AS ev ON ev.entry_id = e.id AND ev.position = :position {HIT_JOINS}
            ORDER BY {order}"""
        parameters = {**query.filters.parameters, "position": position, "limit": limit, "offset": offset}
        return Statement(sql, parameters)

    @abstractmethod
    def ranked(self, query: Query, *, position: int, limit: int, offset: int = 0) -> Statement:
        """The statement that ranks `query` in one version: hit columns, tier, score and total, best first;
        `offset` hits skipped (paging)."""

    @abstractmethod
    def elsewhere(self, query: Query, *, position: int, limit: int) -> Statement:
        """Names matching `query` that this version lacks and others document, each in its newest version."""

    def names_under(self, prefix: str, *, limit: int) -> Statement:
        """Entry names (column name) that start with `prefix` (lower case, ending in a dot)."""
        sql = "SELECT name FROM entries WHERE name_lower > :start AND name_lower < :end LIMIT :limit"
        return Statement(sql, {"start": prefix, "end": prefix + "\uffff", "limit": limit})

    def known_term(self, word: str) -> Statement:
        """Any row when `word` (lower case) is in the spelling vocabulary."""
        return Statement("SELECT 1 FROM vocabulary WHERE term = :term", {"term": word})

    @abstractmethod
    def spelling_candidates(self, word: str, *, limit: int) -> Statement | None:
        """Vocabulary terms that look like `word` (columns term, weight), most alike first; None if none can."""
