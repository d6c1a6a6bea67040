"""The Database interface: what the search service needs of any engine, and the one that settings choose.

An implementation owns its engine, pool and driver; above it nothing imports a driver.
Statements are plain SQL with named parameters, written by the implementation's
dialect (`web/search/dialects/`), and come back as rows of plain dicts.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from parser.encoder import MODEL_ID
from parser.profile import DocsetProfile, ProfileError
from web.search.ranking import BODY_COMMON_SHARE, COMMON_SEEKING_DOCUMENTS

if TYPE_CHECKING:
    from web.search.dialects import Dialect
    from web.settings import Settings

REBUILD_COMMAND = "make build-index"


class Row(Protocol):
    """A result row, read by column name: sqlite3.Row as the driver made it, or a dict."""

    def __getitem__(self, column: str, /) -> Any: ...


Parameters = Mapping[str, Any] | tuple[Any, ...]


class DatabaseError(Exception):
    """docs.db is missing, unreadable, corrupt or of an unknown schema. One line, for humans."""


class DatabaseUnavailable(Exception):
    """The database server cannot be reached right now (a PostgreSQL restart); the request gets a 503."""


class QueryTimeout(Exception):
    """A statement ran past its step budget and the engine stopped it."""


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One docs version in docs.db, of one docset; position 0 is the lead docset's newest, the default."""

    version: str
    position: int
    base_url: str
    entries: int
    docset: str = "python"  # its docset's identifier
    name: str = "Python"  # its docset's name, as its docs say


@dataclass(frozen=True, slots=True)
class DocsetInfo:
    """What the app learns from docs.db's meta, docsets and versions tables at startup.

    The lead docset (Python) has the versions a reader switches between (`versions`); every other
    docset (a library) is searched beside whichever of those is chosen, at its own version(s)."""

    docset: str  # the lead's identifier
    name: str
    versions: tuple[VersionInfo, ...]  # the lead's, newest first
    schema_version: int
    entries: int
    copy_seconds: float
    build_id: str  # a digest of the content, written by the parser: part of every cache key
    profile: DocsetProfile  # the lead's: area names, built-in types, kind weights (which rank every docset)
    libraries: tuple[VersionInfo, ...] = ()  # the other docsets' versions, in the order the site lists them
    profiles: Mapping[str, DocsetProfile] = field(default_factory=dict)  # every docset's, by identifier
    releases: Mapping[int, VersionInfo] = field(default_factory=dict)  # every version, by position

    @classmethod
    def of(
        cls,
        meta: Mapping[str, str],
        versions: list[VersionInfo],
        *,
        docsets: list[tuple[str, str, str]],
        copy_seconds: float,
    ) -> DocsetInfo:
        """`docsets` as (identifier, name, profile JSON), lead first. Raises DatabaseError for meta data
        that cannot be read."""
        check_vector_model(meta, source="docs.db")
        profiles = {docset: read_profile({"profile": text}, source="docs.db") for docset, _, text in docsets}
        names = {docset: name for docset, name, _ in docsets}
        lead = docsets[0][0] if docsets else meta.get("docset", "docs")
        placed = sorted(
            (replace(version, name=names.get(version.docset, version.docset)) for version in versions),
            key=lambda version: version.position,
        )
        return cls(
            docset=lead,
            name=names.get(lead, meta.get("docset_name", "Docs")),
            versions=tuple(version for version in placed if version.docset == lead),
            schema_version=int(meta["schema_version"]),
            entries=int(meta.get("entries", "0")),
            copy_seconds=copy_seconds,
            build_id=meta["build_id"],
            profile=profiles.get(lead) or read_profile(meta, source="docs.db"),
            libraries=tuple(version for version in placed if version.docset != lead),
            profiles=profiles,
            releases={version.position: version for version in placed},
        )

    @property
    def default(self) -> VersionInfo:
        return self.versions[0]

    @property
    def version(self) -> str:
        """The default version's label, for what does not depend on the version chosen."""
        return self.default.version

    @property
    def docsets(self) -> tuple[str, ...]:
        """Every docset's identifier, the lead first, then the libraries in the order the site lists them."""
        return (self.docset, *dict.fromkeys(library.docset for library in self.libraries))

    @property
    def docset_words(self) -> dict[str, str]:
        """The words that name each library, lower case, → its identifier: `flask`, `jinja2`, `jinja`."""
        words: dict[str, str] = {}
        for library in self.libraries:
            for word in (library.docset, library.name.lower(), library.docset.rstrip("0123456789")):
                words.setdefault(word, library.docset)
        return words

    def versions_of(self, docset: str) -> list[VersionInfo]:
        """One docset's versions, newest first (the lead's several, a library's one)."""
        return [version for version in (*self.versions, *self.libraries) if version.docset == docset]

    def find(self, version: str) -> VersionInfo | None:
        return next((known for known in self.versions if known.version == version), None)

    def at(self, position: int) -> VersionInfo:
        return self.releases[position]

    def scope(self, lead: VersionInfo, docsets: tuple[str, ...] | None) -> tuple[int, ...]:
        """The positions a search covers: `lead`, the lead docset's version chosen, and each library's
        newest version; only those of `docsets` when given."""
        wanted = set(docsets) if docsets is not None else set(self.docsets)
        # Each library's first listed version, in the order the site lists the libraries.
        newest = {library.docset: library for library in reversed(self.libraries)}
        chosen = [lead] if self.docset in wanted else []
        libraries = [newest[docset] for docset in self.docsets[1:]]
        return tuple(version.position for version in [*chosen, *libraries] if version.docset in wanted)


def check_vector_model(meta: Mapping[str, str], *, source: str) -> None:
    """Refuse vectors of another sentence model than the one questions are embedded with: their similarities
    would be noise."""
    found = meta.get("vector_model")
    if found != MODEL_ID:
        raise DatabaseError(
            f"{source} holds vectors of {found or 'no sentence model'}, this app embeds questions with {MODEL_ID}; "
            f"rebuild it with `{REBUILD_COMMAND}`"
        )


def read_profile(meta: Mapping[str, str], *, source: str) -> DocsetProfile:
    """The docset profile in a meta table, or DatabaseError saying how to get a good one."""
    try:
        return DocsetProfile.from_json(meta["profile"])
    except KeyError:
        reason = "holds no docset profile"
    except ProfileError as error:
        reason = str(error).replace("the stored docset profile", "its docset profile")
    raise DatabaseError(f"{source} {reason}; rebuild it with `{REBUILD_COMMAND}`")


# Every document's sentence vector and the versions each document is in, read once at startup
# (web/search/semantic.py): tens of thousands of rows, past a search statement's budget.
VERSIONS_SQL = "SELECT version, position, base_url, entries, docset FROM versions ORDER BY position"
DOCSETS_SQL = "SELECT docset, name, profile FROM docsets ORDER BY rank"
VECTORS_SQL = "SELECT document_id, scale, vector FROM document_vectors ORDER BY document_id"
# An entry's other names (parser/entries.py) are never a question's answer: their text is the entry's, and
# would take two of its nearest places.
PLACED_SQL = "SELECT position, document_id FROM entry_versions WHERE alias_of IS NULL ORDER BY position, document_id"
# The words too common to seek a question's candidates, or to count in its answers' bodies (web/search/ranking.py
# COMMON_SEEKING_DOCUMENTS, BODY_COMMON_SHARE): with their answer columns' count, and whether a body's is common.
_IN_MANY_BODIES = f"in_body > {BODY_COMMON_SHARE} * (SELECT max(id) FROM documents)"
COMMON_WORDS_SQL = (
    f"SELECT word, in_answers, {_IN_MANY_BODIES} AS in_many_bodies FROM word_documents"
    f" WHERE in_answers > {COMMON_SEEKING_DOCUMENTS} OR {_IN_MANY_BODIES}"
)


@dataclass(frozen=True, slots=True)
class StoredVectors:
    vectors: list[tuple[int, float, bytes]]  # (document id, scale, 384 4-bit values in 192 bytes), by document id
    placed: list[tuple[int, int]]  # (version position, document id)


class Reader(Protocol):
    """One pooled connection, held for the length of an `async with Database.reader()` block."""

    async def fetch(self, sql: str, parameters: Parameters | None = None, planned_each_run: bool = False) -> list[Row]:
        """Run one read-only statement, planned for these parameters if `planned_each_run` (a Statement's
        field says why); raises QueryTimeout past the step budget."""
        ...


class Database(ABC):
    """Set up at startup, disposed at shutdown; the search service reads through it."""

    # Set by setup(): what docs.db says of itself, and the statements' writer, made with its profile.
    _info: DocsetInfo | None = None
    _dialect: Dialect | None = None

    @property
    def info(self) -> DocsetInfo:
        """The loaded docs.db's meta data; only after setup()."""
        if self._info is None:
            raise RuntimeError("Database.setup() has not run")
        return self._info

    @property
    def dialect(self) -> Dialect:
        """Writes the engine's statements: full-text syntax, ranking SQL; only after setup()."""
        if self._dialect is None:
            raise RuntimeError("Database.setup() has not run")
        return self._dialect

    @abstractmethod
    async def setup(self) -> None:
        """Check the data and open the engine; raises DatabaseError with one line for the operator."""

    @abstractmethod
    async def dispose(self) -> None:
        """Close every connection; safe to call twice."""

    @abstractmethod
    def reader(self) -> AbstractAsyncContextManager[Reader]:
        """A pooled connection for several statements, given back as soon as the block ends."""

    @abstractmethod
    async def stored_vectors(self) -> StoredVectors:
        """Every document's vector and where it is placed, for the semantic index; only after setup()."""


def check_before_serving(settings: Settings) -> None:
    """Refuse data that cannot be served before any worker starts; raises DatabaseError."""
    if settings.database_url:
        asyncio.run(_set_up_and_dispose(open_database(settings)))
        return
    from web.search.database.sqlite_file import check_database_file

    check_database_file(settings.db_path)


async def _set_up_and_dispose(database: Database) -> None:
    await database.setup()
    await database.dispose()


def open_database(settings: Settings) -> Database:
    """The Database that settings name (not yet set up): PostgreSQL for a database URL, else docs.db in memory."""
    # Imported here: an engine's driver is loaded only when settings choose it.
    if settings.database_url:
        from web.search.database.postgres import PostgresDatabase

        return PostgresDatabase(
            settings.database_url, pool_size=settings.pool_size, query_timeout_ms=settings.query_timeout_ms
        )
    from web.search.database.sqlite import SQLiteDatabase

    return SQLiteDatabase(
        settings.db_path,
        storage=settings.storage,
        pool_size=settings.pool_size,
        query_max_steps=settings.query_max_steps,
    )
