"""What a search returns: hits and results, typed, and how a row of the ranked statement becomes a Hit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from parser.schema import VersionNote, version_notes_from_json
from web.query import Query
from web.ranking import SOURCE_LIMIT, TIER_DOTTED_SUFFIX
from web.snippets import highlight


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


def hit_from_row(row: dict[str, Any], query: Query, *, base_url: str) -> Hit:
    """A row of the dialect's HIT_COLUMNS plus tier and score, with its snippet marked for `query`."""
    anchor = f"#{row['anchor']}" if row["anchor"] else ""
    return Hit(
        url=f"{base_url}{row['page']}{anchor}",
        name=row["name"],
        kind=row["kind"],
        area=row["area"],
        title=row["title"] or row["name"],
        breadcrumb=row["breadcrumb"],
        signature=row["signature"],
        summary=row["summary"],
        snippet=highlight(row["body"] or row["summary"], query.words),
        version_notes=version_notes_from_json(row["version_notes"]),
        tier=int(row["tier"]),
        score=round(float(row["score"]), 2),
    )


def result_from_rows(rows: list[dict[str, Any]], query: Query, *, base_url: str) -> SearchResult:
    """Rows of a statement that counts its matches in a `total` column."""
    hits = tuple(hit_from_row(row, query, base_url=base_url) for row in rows)
    return SearchResult(query=query, hits=hits, total=rows[0]["total"] if rows else 0)
