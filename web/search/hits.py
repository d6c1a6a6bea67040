"""What a search returns: hits and results, typed, and how a row of the ranked statement becomes a Hit.

A hit knows the version it was found in, every version that documents the same entry
(with its URL there, even where the page moved), and its history: "new in", "removed in", "changed in".
History comes only from what the docs and typeshed say (parser/lifetimes.py), never from where an
entry first appears here: 3.11 documented `list.reverse` as a table row, not as an object.
All of that depends only on the entry's row in one version and the version searched, so
a HitMaker works it out once per such pair; only the snippet, tier and score are per query.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from parser.schema import VersionNote, removed_by, version_notes_from_json
from parser.text import version_key
from web.search.database import DocsetInfo, Row
from web.search.lru import LruCache
from web.search.query import SearchQuery
from web.search.ranking import SOURCE_LIMIT, TIER_DOTTED_SUFFIX
from web.search.scope import Scope
from web.search.snippets import highlight, without_signature


@dataclass(frozen=True, slots=True)
class VersionLink:
    version: str
    url: str


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
    version: str  # the version this hit's text and URL are from
    docset: str  # the docset it is from: python, flask
    docset_name: str  # as that docset's docs name it: Python, Flask
    from_library: bool  # of a docset other than the lead (Python), which has no versions to switch between
    in_version: bool  # False: the version searched lacks it; `version` is the newest that has it
    entry_id: int  # with `version` and the version searched, names what a hit shows apart from its snippet
    version_links: tuple[VersionLink, ...] = ()  # every version documenting it, this one too, oldest first
    first_seen: str | None = None  # its first version here, when an older version here lacks it
    last_seen: str | None = None  # its last version here, when a newer version here lacks it
    came_later: bool = False  # not in the version searched because only newer versions document it
    removed_here: bool = False  # the version searched shows it as removed (a stub page, a member of one)

    @property
    def is_exact(self) -> bool:
        return self.tier >= TIER_DOTTED_SUFFIX

    @property
    def versions(self) -> tuple[str, ...]:
        return tuple(link.version for link in self.version_links)

    @property
    def added_in(self) -> str | None:
        """The version that added the entry, from the docs' own "New in" note or typeshed's module lifetimes.

        Several notes in one entry (`-X`, a class's later methods) date its parts, and a page's or
        section's notes date what it describes, not the page: no badge is claimed for either.
        """
        if self.kind in _DESCRIBED_KINDS:
            return None
        added = [note.version for note in self.version_notes if note.kind == "added" and note.version]
        return added[0] if len(added) == 1 else None

    @property
    def removed_in(self) -> str | None:
        """The version that removed the entry: a stub page's own note, or typeshed's module lifetimes."""
        return next((note.version for note in self.version_notes if note.kind == "removed" and note.version), None)

    @property
    def changed_in(self) -> tuple[str, ...]:
        """The versions of its "Changed in" notes, newest first, each once."""
        versions = {note.version for note in self.version_notes if note.kind == "changed" and note.version}
        return tuple(sorted(versions, key=version_key, reverse=True))

    @property
    def newest_first(self) -> tuple[VersionLink, ...]:
        return tuple(reversed(self.version_links))

    @property
    def deprecations(self) -> tuple[str, ...]:
        """Versions of the entry's deprecation notes; they may concern a part of it (a parameter)."""
        return tuple(note.version for note in self.version_notes if note.kind == "deprecated")


# A page's or section's "New in" notes are about what it describes (dictionary unpacking), not the page.
_DESCRIBED_KINDS = frozenset({"page", "section"})


@dataclass(frozen=True, slots=True)
class Overview:
    areas: dict[str, int]
    kinds: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: SearchQuery
    hits: tuple[Hit, ...]
    total: int
    corrected_query: str | None = None
    version: str = ""  # the version searched
    offset: int = 0  # hits before these ones (paging)
    # Names the version searched lacks and other versions document, shown after its own hits.
    missing: tuple[Hit, ...] = ()
    # A browse counts every entry of its kind or area; a ranked search only the candidates its sources allow.
    exact_total: bool = False

    @property
    def total_is_capped(self) -> bool:
        """The total is a lower bound: a source stopped at its limit."""
        return not self.exact_total and self.total >= SOURCE_LIMIT

    @property
    def shown(self) -> tuple[Hit, ...]:
        """Every hit a page or the API shows: the version's own, then the names it lacks."""
        return self.hits + self.missing

    @property
    def next_offset(self) -> int | None:
        """Where the next page starts, if there is one."""
        end = self.offset + len(self.hits)
        return end if self.hits and end < self.total else None


# Distinct (entry row, version searched) pairs whose fixed part is kept: a few MB, and far more than the
# entries a few thousand keystrokes show (prefixes of one name share most of their hits).
FIXED_PARTS_KEPT = 4096


class HitMaker:
    """Rows of the dialect's hit columns (plus tier and score) → hits, for one docs.db."""

    def __init__(self, info: DocsetInfo, *, kept: int = FIXED_PARTS_KEPT) -> None:
        self.info = info
        self._fixed: LruCache[tuple[int, int, int | None], dict[str, Any]] = LruCache(kept)

    def result(self, rows: list[Row], query: SearchQuery, *, searched: Scope, offset: int = 0) -> SearchResult:
        """Rows of a statement that counts its matches in a `total` column, found searching `searched`."""
        hits = tuple(self.hit(row, query, searched=searched) for row in rows)
        total = rows[0]["total"] if rows else 0
        shown = searched.lead if searched.lead is not None else (searched.positions or (0,))[0]
        return SearchResult(query=query, hits=hits, total=total, version=self.info.at(shown).version, offset=offset)

    def hit(self, row: Row, query: SearchQuery, *, searched: Scope) -> Hit:
        # What a hit shows apart from its snippet depends on the lead's version searched, not the libraries'.
        key = (row["id"], row["position"], searched.lead)
        fixed = self._fixed.get(key)
        if fixed is None:
            fixed = _fixed_part(row, info=self.info, lead=searched.lead)
            self._fixed.put(key, fixed)
        snippet = highlight(without_signature(row["body"], row["signature"]) or row["summary"], query.words)
        return Hit(**fixed, snippet=snippet, tier=int(row["tier"]), score=round(float(row["score"]), 2))


def _fixed_part(row: Row, *, info: DocsetInfo, lead: int | None) -> dict[str, Any]:
    """Every field of a hit but its snippet, tier and score; `lead` is the lead docset's version searched."""
    links = _links(json.loads(row["presence"]), info)
    notes = version_notes_from_json(row["version_notes"])
    present = {link.version for link in links}
    found_in = info.at(row["position"])
    library = found_in.docset != info.docset
    # History across versions is the lead docset's: a library's one version is always the one searched.
    searched = row["position"] if library or lead is None else lead
    return {
        "url": _url(found_in.base_url, row["page"], row["anchor"]),
        "name": row["name"],
        "kind": row["kind"],
        "area": row["area"],
        "title": row["title"] or row["name"],
        "breadcrumb": row["breadcrumb"],
        "signature": row["signature"],
        "summary": row["summary"],
        "version_notes": notes,
        "version": found_in.version,
        "docset": found_in.docset,
        "docset_name": found_in.name,
        "from_library": library,
        "in_version": row["position"] == searched,
        "entry_id": row["id"],
        "version_links": links,
        "first_seen": None if library else _first_seen(info, present),
        "last_seen": None if library else _last_seen(info, present),
        # Positions count from the newest: a hit found only at smaller ones came after the version searched.
        "came_later": row["position"] < searched,
        "removed_here": row["position"] == searched and removed_by(notes, info.at(searched).version),
    }


def _url(base_url: str, page: str, anchor: str) -> str:
    return f"{base_url}{page}#{anchor}" if anchor else f"{base_url}{page}"


def _links(presence: list[list[Any]], info: DocsetInfo) -> tuple[VersionLink, ...]:
    """[[position, page, anchor], ...] newest first → links oldest first."""
    links = [
        VersionLink(info.at(position).version, _url(info.at(position).base_url, page, anchor))
        for position, page, anchor in presence
    ]
    return tuple(reversed(links))


def _first_seen(info: DocsetInfo, present: set[str]) -> str | None:
    """When it appeared, if an older version here lacks it: `3.14`, or `3.12–3.13` across a version
    this file does not have (there is no Debian docs package for 3.12), never more than the data says."""
    oldest_first = [version.version for version in reversed(info.versions)]
    first = next(index for index, version in enumerate(oldest_first) if version in present)
    if first == 0:
        return None
    return _span(after=oldest_first[first - 1], upto=oldest_first[first])


def _span(*, after: str, upto: str) -> str:
    try:
        (major, minor), (next_major, next_minor) = (tuple(int(part) for part in v.split(".")) for v in (after, upto))
    except ValueError:
        return upto
    if major != next_major or next_minor - minor <= 1:
        return upto
    return f"{major}.{minor + 1}–{upto}"


def _last_seen(info: DocsetInfo, present: set[str]) -> str | None:
    newest_first = [version.version for version in info.versions]
    last = next(index for index, version in enumerate(newest_first) if version in present)
    return newest_first[last] if last > 0 else None
