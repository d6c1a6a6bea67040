"""The docs.db schema: the one contract between parser/ (writer) and web/ (reader)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from parser.text import version_key

# Bump on any change a reader could notice; the web app refuses other versions.
# 2: meta holds `build_id`, a digest of the content, which readers key their caches on.
# 3: several docs versions in one file: `versions`, per-version `entries`, shared `documents`.
# 4: `documents.keywords`, the index keywords the contentless FTS table cannot give back, so
#    another engine (PostgreSQL, parser/postgres_load.py) can index the same four columns.
# 5: `documents_fts.summary`, the entry's first sentence as a column of its own, and `synonyms`:
#    what questions match.
# 6: `word_documents`, how many documents hold each common word (parser/word_counts.py).
# 7: meta holds `profile`, what is specific to the docset (parser/profile.py), as JSON; each entry its
#    `docset`, what `docset:` filters on; each entry version whether it is `removed` there (a stub page
#    of a removed module, or a member of one); version notes may be of kind "removed".
# 8: `document_vectors`, each document's sentence vector (parser/vectors.py), and meta `vector_model`,
#    the model they come from.
# 9: several docsets in one file (Python's versions, then each library's): `versions.docset`, a `docsets`
#    table with each docset's name and profile, page paths unique per docset only; entry keys of every
#    docset but the first start with its identifier (`flask:py:class:flask.Flask`).
# 10: `titles_fts`, names, titles and index keywords alone, which the title and phrase sources match (the
#    same words in documents_fts carry every body's occurrences too); entries' name indexes hold the docset
#    and the columns their sources read, so the lead docset's prefix scans skip the libraries' rows.
# 11: `entry_versions.alias_of`, the entry another name is of (parser/entries.py): the name sources list the
#     entry it names, unless it is typed whole. `titles_fts` without the names no source matched there.
#     An index of entry_versions by document: a full-text match finds its rows in the scope directly.
SCHEMA_VERSION = 11

# The columns of each table, in insertion order, shared by the writer and tests.
ENTRY_COLUMNS = ("id", "key", "name", "name_lower", "last_lower", "kind", "domain", "docset")
ENTRY_VERSION_COLUMNS = (
    "entry_id",
    "position",
    "page_id",
    "anchor",
    "area",
    "popularity",
    "builtin",
    "removed",
    "alias_of",
    "document_id",
)
DOCUMENT_COLUMNS = (
    "id",
    "entry_id",
    "title",
    "breadcrumb",
    "signature",
    "summary",
    "body",
    "version_notes",
    "keywords",
)

# How the full-text index splits and stems words; anything that must find the same tokens uses it.
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"
# The documents_fts columns a question's answer is read from (all but the body), as an FTS5 column filter:
# the query's MATCH and the parser's stored counts (parser/word_counts.py) must name the same ones.
FTS_ANSWER_COLUMNS = "{name title keywords summary}"

DDL = f"""
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- The docsets in this file, the lead (Python: the one with versions to switch between) first.
CREATE TABLE docsets (
    docset    TEXT PRIMARY KEY,      -- its identifier, what `docset:` filters on: python, flask
    name      TEXT NOT NULL,         -- as its docs name it: Python, Flask
    rank      INTEGER NOT NULL UNIQUE,  -- 0: the lead docset
    profile   TEXT NOT NULL          -- what is specific to it (parser/profile.py), as JSON
);

-- The docs versions in this file, each of one docset; position 0 is the lead's newest, the default.
CREATE TABLE versions (
    position  INTEGER PRIMARY KEY,
    docset    TEXT NOT NULL REFERENCES docsets (docset),
    version   TEXT NOT NULL,         -- '3.15'
    base_url  TEXT NOT NULL,         -- where its pages are published, ending in '/'
    entries   INTEGER NOT NULL,
    source    TEXT NOT NULL,         -- where it came from: `python3.15-doc 3.15.2-1`, or a build folder
    UNIQUE (docset, version)
);

-- One row per searchable entry, whatever versions document it: an API object, a page or a section.
CREATE TABLE entries (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL,     -- its identity across versions: py:function:zip, library/os.html#files
    name          TEXT NOT NULL,     -- dotted name for objects, heading for sections
    name_lower    TEXT NOT NULL,     -- for exact and prefix lookups
    last_lower    TEXT NOT NULL,     -- last dotted segment, lower case: bare member lookups
    kind          TEXT NOT NULL,     -- module, class, method, c function, term, page, section, ...
    domain        TEXT NOT NULL,     -- py, c, std, or '' for pages and sections
    docset        TEXT NOT NULL      -- the docset's identifier: python, flask
);
-- The name sources (web/search/dialects/tiers.py) scan a range of names and keep one docset's (Python's, or
-- the libraries'): with the docset and what the source reads in the index, the other rows cost no table
-- read (`math.c` scanned every last segment starting with c, 7 ms). `id` keeps same-named entries in the
-- order they were written (a module before the What's New sections named after it), which the sources'
-- LIMIT depends on.
CREATE INDEX entries_name_lower ON entries (name_lower, docset, id, domain);
CREATE INDEX entries_last_lower ON entries (last_lower, docset, id, name_lower);

CREATE TABLE pages (
    id    INTEGER PRIMARY KEY,
    path  TEXT NOT NULL              -- after its version's base_url, e.g. library/functools.html (per docset)
);

-- Where and how each version documents an entry; no row: that version does not.
CREATE TABLE entry_versions (
    entry_id      INTEGER NOT NULL REFERENCES entries (id),
    position      INTEGER NOT NULL REFERENCES versions (position),
    page_id       INTEGER NOT NULL REFERENCES pages (id),
    anchor        TEXT NOT NULL,     -- fragment without '#', '' for a whole page
    area          TEXT NOT NULL,     -- library, tutorial, reference, c-api, whatsnew, builtins, ...
    popularity    INTEGER NOT NULL,  -- internal links pointing at the entry in this version
    builtin       INTEGER NOT NULL,  -- 1: a top-level Python name or a member of one (len, str.join)
    removed       INTEGER NOT NULL,  -- 1: removed by this version: a removed module's stub page, its members
    alias_of      INTEGER REFERENCES entries (id),  -- this is another name of that entry (in this version)
    document_id   INTEGER NOT NULL REFERENCES documents (id),
    PRIMARY KEY (entry_id, position)
) WITHOUT ROWID;
CREATE INDEX entry_versions_position ON entry_versions (position, area);
-- A full-text match is a document: its rows in the versions searched, found without reading the document.
CREATE INDEX entry_versions_document ON entry_versions (document_id, position);

-- What an entry says; versions whose text is the same share one row.
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    entry_id      INTEGER NOT NULL REFERENCES entries (id),
    title         TEXT NOT NULL,     -- headline of a page or section; '' for an object named by `name`
    breadcrumb    TEXT NOT NULL,     -- 'Page › Section › Subsection' that encloses the entry
    signature     TEXT NOT NULL,
    summary       TEXT NOT NULL,     -- first sentence of the entry's own description
    body          BLOB NOT NULL,     -- the entry's own text: TEXT, or packed by pack_text (no affinity)
    version_notes TEXT NOT NULL,     -- JSON list of {{"kind": added|changed|deprecated, "version"}}
    keywords      TEXT NOT NULL      -- the docs' general index words for the entry, as FTS indexes them
);
-- Each document's sentence vector (parser/vectors.py), what a question is compared with by meaning:
-- 384 4-bit values (two to a byte, parser/vectors.py) times `scale`, a unit vector.
CREATE TABLE document_vectors (
    document_id   INTEGER PRIMARY KEY REFERENCES documents (id),
    scale         REAL NOT NULL,
    vector        BLOB NOT NULL
);
-- The zlib dictionary every body is packed with.
CREATE TABLE text_dictionary (dictionary BLOB NOT NULL);

-- Full text over the documents (name, title, index keywords, summary, body). Contentless: the text
-- is given once at build time and only the index is kept; hits read their text from `documents`.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    name, title, keywords, summary, body,
    content='',
    tokenize='{FTS_TOKENIZE}'
);

-- The same titles and index keywords alone, for the sources that match only them (a title's words, a
-- phrase): in documents_fts a common word's list of documents holds every body that says it too, which a
-- column filter reads and throws away (`object.__a`: 16 ms, 3.6 ms here). Names are the name sources'.
CREATE VIRTUAL TABLE titles_fts USING fts5 (
    title, keywords,
    content='',
    tokenize='{FTS_TOKENIZE}'
);

-- Identifier and keyword vocabulary of every version, for "did you mean" over names only.
CREATE TABLE vocabulary (
    id     INTEGER PRIMARY KEY,
    term   TEXT NOT NULL UNIQUE,
    weight INTEGER NOT NULL          -- how many entries use the term
);
-- WordNet synonyms that are API names (parser/synonyms.py): a question's `add` also means `append`.
CREATE TABLE synonyms (
    term  TEXT NOT NULL,             -- an English word, lower case
    name  TEXT NOT NULL,             -- the last segment of documented names it means (entries.last_lower)
    PRIMARY KEY (term, name)
) WITHOUT ROWID;

-- How many documents hold each common plain word (`if`, `copies`), counted at build time through the
-- same MATCH a question runs (parser/word_counts.py); rarer words are counted by the query itself.
CREATE TABLE word_documents (
    word        TEXT PRIMARY KEY,    -- lower case, as a question's words are
    in_answers  INTEGER NOT NULL,    -- documents holding it in name, title, keywords or summary
    in_body     INTEGER NOT NULL     -- documents holding it in the body
) WITHOUT ROWID;

CREATE VIRTUAL TABLE vocabulary_trigrams USING fts5 (
    term, content='vocabulary', content_rowid='id', tokenize='trigram'
);
"""


@dataclass(frozen=True, slots=True)
class VersionNote:
    """A `versionadded`/`versionchanged`/`deprecated` note of an entry, or its removal (a stub page's
    `deprecated-removed` note, or typeshed's module lifetimes: parser/lifetimes.py), as stored in `version_notes`."""

    kind: str  # added, changed, deprecated or removed
    version: str


def removed_by(notes: Iterable[VersionNote], version: str) -> bool:
    """Whether `notes` say the thing was removed by `version` (a stub page of that version, a member of one)."""
    return any(note.kind == "removed" and version_key(note.version) <= version_key(version) for note in notes)


def version_notes_to_json(notes: Iterable[VersionNote]) -> str:
    """The `version_notes` column: each distinct note once, in the order the docs give them."""
    return json.dumps([{"kind": note.kind, "version": note.version} for note in dict.fromkeys(notes)])


def version_notes_from_json(text: str) -> tuple[VersionNote, ...]:
    return tuple(VersionNote(kind=str(note["kind"]), version=str(note["version"])) for note in json.loads(text))


# Bodies are most of the file (four versions: 19.5 MB of distinct text). One row is too short for zlib
# to find much to repeat; a dictionary of the docs' own wording packs them to 7.6 MB. Unpacking costs
# ~16 µs a body, so the shortest, which most hits are, stay plain text. With ten libraries beside
# Python's versions the file must stay under GitHub's 100 MB: packing every body from 300 bytes (not
# 1,024 as before) saves 5.8 MB, for at most ten unpacked bodies (~0.2 ms) a page of hits.
PACKED_FROM_BYTES = 300


def pack_text(text: str, dictionary: bytes) -> str | bytes:
    """`text` itself if it is short, else zlib-packed with `dictionary`."""
    data = text.encode()
    if len(data) < PACKED_FROM_BYTES:
        return text
    packer = zlib.compressobj(9, zdict=dictionary)
    return packer.compress(data) + packer.flush()


# A packed body is a zlib stream: a 2-byte header, with the FDICT flag a 4-byte id of the dictionary
# (its adler32), the deflate data, a checksum of the text.
_ZLIB_HEADER = 2
_DICTIONARY_ID = 4
_FDICT = 0x20


def unpack_text(packed: str | bytes, dictionary: bytes) -> str:
    if isinstance(packed, str):
        return packed
    if packed[1] & _FDICT:
        # zlib checks the dictionary against its id by summing all 32 kB of it, for every body, then sums
        # the text too: half of unpacking one. The raw deflate data inside needs neither (SQLite keeps the
        # file whole), and comes out the same.
        unpacker = zlib.decompressobj(wbits=-zlib.MAX_WBITS, zdict=dictionary)
        return (unpacker.decompress(packed[_ZLIB_HEADER + _DICTIONARY_ID :]) + unpacker.flush()).decode()
    unpacker = zlib.decompressobj(zdict=dictionary)
    return (unpacker.decompress(packed) + unpacker.flush()).decode()


# FTS5 column weights for bm25(), in the column order of documents_fts; the parser stores
# them as the table's rank function, so `ORDER BY rank` uses them.
# The summary is inside the body already: 0 keeps the body-text ranking what it was without the column.
FTS_WEIGHTS = (10.0, 6.0, 4.0, 0.0, 1.0)
