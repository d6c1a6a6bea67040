"""The docs.db schema: the one contract between parser/ (writer) and web/ (reader)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

# Bump on any change a reader could notice; the web app refuses other versions.
# 2: meta holds `build_id`, a digest of the content, which readers key their caches on.
SCHEMA_VERSION = 2

# The columns of `entries`, in insertion order, shared by the writer and tests.
ENTRY_COLUMNS = (
    "id",
    "docset",
    "page",
    "anchor",
    "name",
    "name_lower",
    "last_lower",
    "kind",
    "domain",
    "area",
    "title",
    "breadcrumb",
    "signature",
    "summary",
    "body",
    "keywords",
    "version_notes",
    "popularity",
    "builtin",
)

DDL = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per searchable entry: an API object, a page or a section.
CREATE TABLE entries (
    id            INTEGER PRIMARY KEY,
    docset        TEXT NOT NULL,
    page          TEXT NOT NULL,     -- path inside the build, e.g. library/functools.html
    anchor        TEXT NOT NULL,     -- fragment without '#', '' for a whole page
    name          TEXT NOT NULL,     -- dotted name for objects, heading for sections
    name_lower    TEXT NOT NULL,     -- for exact and prefix lookups
    last_lower    TEXT NOT NULL,     -- last dotted segment, lower case: bare member lookups
    kind          TEXT NOT NULL,     -- module, class, method, c function, term, page, section, ...
    domain        TEXT NOT NULL,     -- py, c, std, or '' for pages and sections
    area          TEXT NOT NULL,     -- library, tutorial, reference, c-api, whatsnew, ...
    title         TEXT NOT NULL,     -- headline of a page or section; '' for an object named by `name`
    breadcrumb    TEXT NOT NULL,     -- 'Page › Section › Subsection' that encloses the entry
    signature     TEXT NOT NULL,
    summary       TEXT NOT NULL,     -- first sentence of the entry's own description
    body          TEXT NOT NULL,     -- plain text of the entry's own content
    keywords      TEXT NOT NULL,     -- general-index terms and labels, one per line
    version_notes TEXT NOT NULL,     -- JSON list of {"kind": added|changed|deprecated, "version"}
    popularity    INTEGER NOT NULL,  -- internal links pointing at the entry
    builtin       INTEGER NOT NULL   -- 1: a top-level Python name or a member of one (len, str.join)
);
CREATE INDEX entries_name_lower ON entries (name_lower);
CREATE INDEX entries_last_lower ON entries (last_lower);

-- Full text over the entries, stored once: FTS5 reads the text back from `entries`.
CREATE VIRTUAL TABLE entries_fts USING fts5 (
    name, title, keywords, body,
    content='entries', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);

-- Identifier and keyword vocabulary, for "did you mean" over names only.
CREATE TABLE vocabulary (
    id     INTEGER PRIMARY KEY,
    term   TEXT NOT NULL UNIQUE,
    weight INTEGER NOT NULL          -- how many entries use the term
);
CREATE VIRTUAL TABLE vocabulary_trigrams USING fts5 (
    term, content='vocabulary', content_rowid='id', tokenize='trigram'
);
"""


@dataclass(frozen=True, slots=True)
class VersionNote:
    """A `versionadded`/`versionchanged`/`deprecated` note of an entry, as stored in `version_notes`."""

    kind: str  # added, changed or deprecated
    version: str


def version_notes_to_json(notes: Iterable[VersionNote]) -> str:
    """The `version_notes` column: each distinct note once, in the order the docs give them."""
    return json.dumps([{"kind": note.kind, "version": note.version} for note in dict.fromkeys(notes)])


def version_notes_from_json(text: str) -> tuple[VersionNote, ...]:
    return tuple(VersionNote(kind=str(note["kind"]), version=str(note["version"])) for note in json.loads(text))


# FTS5 column weights for bm25(), in the column order of entries_fts; the parser stores
# them as the table's rank function, so `ORDER BY rank` uses them.
FTS_WEIGHTS = (10.0, 6.0, 4.0, 1.0)
