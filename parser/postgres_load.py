"""`make load-postgres`: docs.db into PostgreSQL, switched in whole so no running site sees half a load.

    PYDOCS_DATABASE_URL=postgresql+asyncpg://user@host/db python -m parser.postgres_load [DOCS_DB]

docs.db stays the one artifact the parser makes; this copies its tables into a new
schema, builds PostgreSQL's own search structures there (weighted tsvectors with GIN
indexes, pg_trgm for spelling), and only then, in one short transaction, renames it
to the schema the site reads (`pydocs`). Readers see the old index or the new one.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sqlite3
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from parser.schema import unpack_text
from web.search.database import DatabaseError
from web.search.database.postgres import SCHEMA, asyncpg_dsn, shown_url
from web.search.database.sqlite_file import check_database_file
from web.settings import read_settings

LOADER_NAME = "pydocs-search load"
# Every loader takes this lock first: two loads at once would otherwise race for the final rename.
_LOAD_LOCK = 0x70796465  # "pyde"

# What FTS5's unicode61 tokenizer treats as a word break, PostgreSQL's parser may keep inside a token
# (`os.path.join` is one "host" token to it): breaking at every non-alphanumeric makes both index alike.
_WORDS = "regexp_replace({}, '[^[:alnum:]]+', ' ', 'g')"


def _vector(column: str, weight: str, configuration: str = "english") -> str:
    return f"setweight(to_tsvector('{configuration}', {_WORDS.format(column)}), '{weight}')"


# The tables the dialect (web/search/dialects/postgres.py) reads, one for one with docs.db's (parser/schema.py).
# Names compare in the "C" collation: code point order, as in SQLite, so prefix ranges mean the same.
_TABLES = """
CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE docsets (docset text PRIMARY KEY, name text NOT NULL, rank integer NOT NULL UNIQUE, profile text NOT NULL);
CREATE TABLE versions (
    position integer PRIMARY KEY, docset text NOT NULL, version text NOT NULL, base_url text NOT NULL,
    entries integer NOT NULL, source text NOT NULL, UNIQUE (docset, version));
CREATE TABLE entries (
    id integer PRIMARY KEY, key text NOT NULL, name text NOT NULL,
    name_lower text COLLATE "C" NOT NULL, last_lower text COLLATE "C" NOT NULL,
    kind text NOT NULL, domain text NOT NULL, docset text NOT NULL);
CREATE TABLE pages (id integer PRIMARY KEY, path text NOT NULL);
CREATE TABLE entry_versions (
    entry_id integer NOT NULL, position integer NOT NULL, page_id integer NOT NULL, anchor text NOT NULL,
    area text NOT NULL, popularity integer NOT NULL, builtin boolean NOT NULL, removed boolean NOT NULL,
    alias_of integer, document_id integer NOT NULL,
    PRIMARY KEY (entry_id, position));
CREATE TEMPORARY TABLE documents_text (
    id integer, entry_id integer, title text, breadcrumb text, signature text, summary text, body text,
    version_notes text, keywords text) ON COMMIT DROP;
CREATE TABLE document_vectors (document_id integer PRIMARY KEY, scale double precision NOT NULL, vector bytea NOT NULL);
CREATE TABLE vocabulary (id integer PRIMARY KEY, term text COLLATE "C" NOT NULL UNIQUE, weight integer NOT NULL);
CREATE TABLE synonyms (term text COLLATE "C" NOT NULL, name text COLLATE "C" NOT NULL, PRIMARY KEY (term, name));
CREATE TABLE word_documents (word text COLLATE "C" PRIMARY KEY, in_answers integer NOT NULL, in_body integer NOT NULL);
"""
# Weighted vectors per document, as FTS5 weighs its columns: `titles` (title A, keywords B) for the
# title tier, `everything` (name A, title B, keywords C, body D) for body text, `titles_as_written`
# (no stemming, no stop words dropped) for the phrase tier, whose point is the small words ("with
# statement"), and `answers` (name, title, keywords, summary: what an entry says it does) for questions.
_DOCUMENTS = f"""
CREATE TABLE documents AS
SELECT t.*,
       {_vector("t.title", "A")} || {_vector("t.keywords", "B")} AS titles,
       {_vector("t.title", "A", "simple")} || {_vector("t.keywords", "B", "simple")} AS titles_as_written,
       {_vector("e.name", "A")} || {_vector("t.title", "B")} || {_vector("t.keywords", "C")}
           || {_vector("t.summary", "D")} AS answers,
       {_vector("e.name", "A")} || {_vector("t.title", "B")} || {_vector("t.keywords", "C")}
           || {_vector("t.body", "D")} AS everything
FROM documents_text AS t JOIN entries AS e ON e.id = t.entry_id;
ALTER TABLE documents ADD PRIMARY KEY (id);
"""
_INDEXES = """
CREATE INDEX entries_name_lower ON entries (name_lower);
CREATE INDEX entries_last_lower ON entries (last_lower);
CREATE INDEX entry_versions_position ON entry_versions (position, area);
CREATE INDEX documents_titles ON documents USING gin (titles);
CREATE INDEX documents_titles_as_written ON documents USING gin (titles_as_written);
CREATE INDEX documents_everything ON documents USING gin (everything);
CREATE INDEX documents_answers ON documents USING gin (answers);
-- How many documents hold each lexeme, for a question word's rarity without counting matches per query.
CREATE TABLE lexeme_documents AS
SELECT coalesce(a.word, b.word) AS lexeme, coalesce(a.ndoc, 0) AS in_answers, coalesce(b.ndoc, 0) AS in_everything
FROM ts_stat('SELECT answers FROM documents') AS a
FULL JOIN ts_stat('SELECT everything FROM documents') AS b ON a.word = b.word;
ALTER TABLE lexeme_documents ADD PRIMARY KEY (lexeme);
CREATE INDEX vocabulary_trigrams ON vocabulary USING gist (term gist_trgm_ops);
ANALYZE;
"""


@dataclass(frozen=True, slots=True)
class LoadReport:
    build_id: str
    versions: tuple[str, ...]
    rows: dict[str, int]
    replaced: str | None  # the build id of the index it replaced
    seconds: float

    def line(self, source: Path, url: str) -> str:
        replaced = f", replacing build {self.replaced}" if self.replaced else ""
        counts = ", ".join(f"{count} {table}" for table, count in self.rows.items())
        return (
            f"loaded {source} (build {self.build_id}: {', '.join(self.versions)}; {counts}) into schema {SCHEMA} "
            f"at {shown_url(url)} in {self.seconds:.1f} s{replaced}"
        )


def _rows(source: Path) -> Iterator[tuple[str, list[tuple[object, ...]]]]:
    """docs.db's tables as PostgreSQL takes them: bodies unpacked, `builtin` and `removed` booleans."""
    with contextlib.closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        dictionary = connection.execute("SELECT dictionary FROM text_dictionary").fetchone()[0]
        yield "meta", connection.execute("SELECT key, value FROM meta").fetchall()
        yield "docsets", connection.execute("SELECT docset, name, rank, profile FROM docsets").fetchall()
        yield (
            "versions",
            connection.execute("SELECT position, docset, version, base_url, entries, source FROM versions").fetchall(),
        )
        yield "entries", connection.execute("SELECT * FROM entries").fetchall()
        yield "pages", connection.execute("SELECT id, path FROM pages").fetchall()
        columns = "entry_id, position, page_id, anchor, area, popularity, builtin, removed, alias_of, document_id"
        rows = connection.execute(f"SELECT {columns} FROM entry_versions")
        yield "entry_versions", [(*row[:6], bool(row[6]), bool(row[7]), *row[8:]) for row in rows]
        rows = connection.execute(
            "SELECT id, entry_id, title, breadcrumb, signature, summary, body, version_notes, keywords FROM documents"
        )
        yield "documents_text", [(*row[:6], unpack_text(row[6], dictionary), *row[7:]) for row in rows]
        yield (
            "document_vectors",
            connection.execute("SELECT document_id, scale, vector FROM document_vectors").fetchall(),
        )
        yield "vocabulary", connection.execute("SELECT id, term, weight FROM vocabulary").fetchall()
        yield "synonyms", connection.execute("SELECT term, name FROM synonyms").fetchall()
        yield (
            "word_documents",
            connection.execute("SELECT word, in_answers, in_body FROM word_documents").fetchall(),
        )


async def load(source: Path, url: str) -> LoadReport:
    """Copy docs.db at `source` into PostgreSQL at `url` and make it the index the site reads."""
    meta = check_database_file(source)
    started = time.perf_counter()
    loading = f"{SCHEMA}_loading_{uuid.uuid4().hex[:8]}"
    connection = await _connect(url)
    try:
        async with connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", _LOAD_LOCK)
            await _create_trigram_extension(connection)
            await connection.execute(f"CREATE SCHEMA {loading}")
            await connection.execute(f"SET LOCAL search_path = {loading}, public")
            await connection.execute(_TABLES)
            rows: dict[str, int] = {}
            versions: tuple[str, ...] = ()
            for table, records in _rows(source):
                await connection.copy_records_to_table(table, records=records)
                rows[table.removesuffix("_text")] = len(records)
                if table == "versions":
                    versions = tuple(f"{row[1]} {row[2]}" for row in sorted(records))
            await connection.execute(_DOCUMENTS)
            await connection.execute(_INDEXES)
            replaced = await _switch(connection, loading)
    except asyncpg.PostgresError as error:
        raise DatabaseError(f"loading into PostgreSQL at {shown_url(url)} failed: {error}") from error
    finally:
        await connection.close()
    return LoadReport(meta["build_id"], versions, rows, replaced, time.perf_counter() - started)


async def _switch(connection: asyncpg.Connection, loading: str) -> str | None:
    """Rename the loaded schema to the one the site reads, in the load's own transaction; drop the old."""
    exists = await connection.fetchval("SELECT count(*) FROM pg_namespace WHERE nspname = $1", SCHEMA)
    replaced = None
    if exists:
        replaced = await connection.fetchval(f"SELECT value FROM {SCHEMA}.meta WHERE key = 'build_id'")
        # Dropped with the commit: a reader still on the old tables finishes first (its lock blocks the drop).
        await connection.execute(f"DROP SCHEMA {SCHEMA} CASCADE")
    await connection.execute(f"ALTER SCHEMA {loading} RENAME TO {SCHEMA}")
    return str(replaced) if replaced is not None else None


async def _create_trigram_extension(connection: asyncpg.Connection) -> None:
    try:
        async with connection.transaction():  # a savepoint: the error below must not end the load's transaction
            await connection.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
    except asyncpg.InsufficientPrivilegeError as error:
        raise DatabaseError(
            "the pg_trgm extension is not installed and this user may not create it; "
            "as a superuser, run `CREATE EXTENSION pg_trgm` in that database once"
        ) from error


async def _connect(url: str) -> asyncpg.Connection:
    try:
        # Named, so an operator sees the load in pg_stat_activity.
        return await asyncpg.connect(asyncpg_dsn(url), server_settings={"application_name": LOADER_NAME})
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        raise DatabaseError(f"cannot reach PostgreSQL at {shown_url(url)}: {error}") from error


def main(argv: Sequence[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(prog="python -m parser.postgres_load", description=__doc__.split("\n")[0])
    arguments.add_argument("source", nargs="?", type=Path, help="docs.db (default: PYDOCS_DB_PATH or data/docs.db)")
    options = arguments.parse_args(argv)
    settings = read_settings()
    if settings is None:
        return 2
    url = settings.database_url
    options.source = options.source or settings.db_path
    if not url:
        sys.stderr.write("error: PYDOCS_DATABASE_URL is not set; e.g. postgresql+asyncpg://user@host/dbname\n")
        return 2
    try:
        make_url(url)
        report = asyncio.run(load(options.source, url))
    except DatabaseError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    sys.stdout.write(report.line(options.source, url) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
