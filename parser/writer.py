"""Writing entries into a new docs.db and swapping it into place atomically."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from parser.docset import Docset
from parser.encoder import MODEL_ID
from parser.entries import Entry
from parser.profile import DocsetProfile
from parser.schema import DDL, DOCUMENT_COLUMNS, ENTRY_COLUMNS, ENTRY_VERSION_COLUMNS, FTS_WEIGHTS, pack_text
from parser.vectors import embedded_text, vectors_for
from parser.word_counts import plain_words, write_word_documents

_VOCABULARY_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]{2,}")


class WriteError(Exception):
    """The target folder cannot take a new docs.db (missing, read-only, full)."""


def write_database(
    target: Path,
    *,
    meta: Mapping[str, str],
    docsets: Sequence[Docset],
    keys: Sequence[Sequence[str]],
    profiles: Mapping[str, DocsetProfile],
    synonyms: Mapping[str, Sequence[str]] | None = None,
    progress: bool = False,
) -> int:
    """Write a complete docs.db beside `target`, then rename it over `target`; returns how many distinct texts.

    Readers of `target` see the old file or the new one, never a partial one: a
    failure (or a kill) before the rename leaves `target` untouched.
    """
    with _temporary_beside(target) as partial:
        try:
            tables = _tables(docsets, keys)
            tables.docsets = _docsets(docsets, profiles)
            tables.synonyms = sorted((term, name) for term, names in (synonyms or {}).items() for name in names)
            tables.vectors = _vectors(tables, show_progress=progress)
            _fill(partial, meta={**meta, "vector_model": MODEL_ID}, tables=tables)
            partial.chmod(0o644)  # mkstemp's 0600 would make the shipped file private
            os.replace(partial, target)
        except (sqlite3.Error, OSError) as error:
            raise WriteError(f"cannot write {target}: {_reason(error)}") from error
    _sync_folder(target.parent)
    return len(tables.documents)


# SQLite reports a full disk as SQLITE_FULL, but a file-size limit (EFBIG) only as a write I/O error.
_NO_ROOM = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR_WRITE}


def _reason(error: sqlite3.Error | OSError) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    if error.sqlite_errorcode in _NO_ROOM:
        return f"no room left on the disk or under the file-size limit ({error})"
    return str(error)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, not only the file's bytes (a no-op where folders can't be opened)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def _temporary_beside(target: Path) -> Iterator[Path]:
    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    except OSError as error:
        raise WriteError(f"cannot write in {target.parent}: {error.strerror}") from error
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
    finally:
        partial.unlink(missing_ok=True)


@dataclass(slots=True)
class _Tables:
    """Every table's rows, in the order they are written (which fixes the ids)."""

    docsets: list[tuple[object, ...]] = field(default_factory=list)
    versions: list[tuple[object, ...]] = field(default_factory=list)
    entries: list[tuple[object, ...]] = field(default_factory=list)
    pages: dict[tuple[str, str], int] = field(default_factory=dict)  # (docset, published path) → id
    entry_versions: list[tuple[object, ...]] = field(default_factory=list)
    documents: list[tuple[object, ...]] = field(default_factory=list)
    searchable: list[tuple[object, ...]] = field(default_factory=list)  # documents_fts rows
    vectors: list[tuple[object, ...]] = field(default_factory=list)  # document_vectors rows
    vocabulary: Counter[str] = field(default_factory=Counter)
    dictionary: bytes = b""
    synonyms: list[tuple[str, str]] = field(default_factory=list)


def _tables(docsets: Sequence[Docset], keys: Sequence[Sequence[str]]) -> _Tables:
    """Versions newest first; an entry's text becomes a document shared by the versions that say the same."""
    tables = _Tables(dictionary=_dictionary(docsets))
    entry_ids: dict[str, int] = {}
    document_ids: dict[tuple[object, ...], int] = {}
    for position, (docset, version_keys) in enumerate(zip(docsets, keys, strict=True)):
        tables.versions.append(
            (position, docset.docset, docset.version, docset.base_url, len(docset.entries), docset.provenance)
        )
        key_of = {id(entry): key for entry, key in zip(docset.entries, version_keys, strict=True)}
        for entry, key in zip(docset.entries, version_keys, strict=True):
            entry_id = entry_ids.setdefault(key, len(entry_ids) + 1)
            if entry_id > len(tables.entries):
                tables.entries.append(
                    (
                        entry_id,
                        key,
                        entry.name,
                        entry.name_lower,
                        entry.last_lower,
                        entry.kind,
                        entry.domain,
                        docset.docset,
                    )
                )
            text = (entry.title, entry.breadcrumb, entry.signature, entry.summary, entry.body, entry.version_notes_json)
            searchable = (entry.name, entry.title, entry.keywords_text, entry.summary, entry.body)
            document_id = document_ids.setdefault((entry_id, *text, *searchable), len(document_ids) + 1)
            if document_id > len(tables.documents):
                packed = pack_text(entry.body, tables.dictionary)
                tables.documents.append((document_id, entry_id, *text[:4], packed, text[5], entry.keywords_text))
                tables.searchable.append((document_id, *searchable))
            page_id = tables.pages.setdefault((docset.docset, docset.published_path(entry.page)), len(tables.pages) + 1)
            tables.entry_versions.append(
                (
                    entry_id,
                    position,
                    page_id,
                    entry.anchor,
                    entry.area,
                    entry.popularity,
                    int(entry.builtin),
                    int(entry.removed_by(docset.version)),
                    # The entry it is another name of: sorted before it (parser/docset.py), so it has its id.
                    entry_ids[key_of[id(entry.alias_of)]] if entry.alias_of is not None else None,
                    document_id,
                )
            )
        tables.vocabulary.update(vocabulary(docset.entries))
    return tables


def _docsets(docsets: Sequence[Docset], profiles: Mapping[str, DocsetProfile]) -> list[tuple[object, ...]]:
    """One row per docset, in the order their versions come: (docset, name, rank, profile as JSON)."""
    names: dict[str, str] = {}
    for docset in docsets:
        names.setdefault(docset.docset, docset.name)  # as its newest version says
    return [(docset, name, rank, profiles[docset].to_json()) for rank, (docset, name) in enumerate(names.items())]


def _vectors(tables: _Tables, *, show_progress: bool) -> list[tuple[object, ...]]:
    """Each document's (id, scale, packed 4-bit vector), its entry's name with the document's own text embedded."""
    names = {row[0]: str(row[2]) for row in tables.entries}
    texts = [
        embedded_text(names[int(entry_id)], str(title), str(breadcrumb), str(summary))  # type: ignore[call-overload]
        for _, entry_id, title, breadcrumb, _, summary, *_ in tables.documents
    ]
    vectors = vectors_for(texts, show_progress=show_progress)
    return [(row[0], scale, packed) for row, (scale, packed) in zip(tables.documents, vectors, strict=True)]


def _dictionary(docsets: Sequence[Docset]) -> bytes:
    """zlib's preset dictionary (32 kB at most): every 200th body of the newest version, a fair sample
    of the docs' wording; the same input always gives the same dictionary."""
    bodies = [entry.body for entry in docsets[0].entries[::200]]
    return " ".join(bodies).encode()[-32_768:]


def _fill(path: Path, *, meta: Mapping[str, str], tables: _Tables) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        # No journal: the file is private until the rename, and a failed build is discarded.
        connection.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        connection.executescript(DDL)
        connection.execute("BEGIN")
        build_id = _digest(meta, tables)
        connection.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)", sorted({**meta, "build_id": build_id}.items())
        )
        connection.executemany("INSERT INTO docsets VALUES (?, ?, ?, ?)", tables.docsets)
        connection.executemany("INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?)", tables.versions)
        connection.execute("INSERT INTO text_dictionary VALUES (?)", (tables.dictionary,))
        connection.executemany(
            "INSERT INTO pages (path, id) VALUES (?, ?)", [(path, id_) for (_, path), id_ in tables.pages.items()]
        )
        _insert(connection, "entries", ENTRY_COLUMNS, tables.entries)
        _insert(connection, "documents", DOCUMENT_COLUMNS, tables.documents)
        _insert(connection, "entry_versions", ENTRY_VERSION_COLUMNS, tables.entry_versions)
        _insert(connection, "document_vectors", ("document_id", "scale", "vector"), tables.vectors)
        _insert(
            connection, "documents_fts", ("rowid", "name", "title", "keywords", "summary", "body"), tables.searchable
        )
        _insert(
            connection, "titles_fts", ("rowid", "title", "keywords"), [(row[0], *row[2:4]) for row in tables.searchable]
        )
        connection.executemany("INSERT INTO vocabulary (term, weight) VALUES (?, ?)", sorted(tables.vocabulary.items()))
        connection.executemany("INSERT INTO synonyms (term, name) VALUES (?, ?)", tables.synonyms)
        # Stored in the index itself, so every reader's ORDER BY rank weighs columns alike.
        weights = ", ".join(str(weight) for weight in FTS_WEIGHTS)
        connection.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('rank', ?)", (f"bm25({weights})",))
        connection.execute("INSERT INTO vocabulary_trigrams (vocabulary_trigrams) VALUES ('rebuild')")
        connection.execute("INSERT INTO documents_fts (documents_fts) VALUES ('optimize')")
        connection.execute("INSERT INTO titles_fts (titles_fts) VALUES ('optimize')")
        # Derived from documents_fts alone, so the build id (which digests its rows) covers it too.
        texts = (text for row in tables.searchable for text in row[1:] if isinstance(text, str))
        write_word_documents(connection, plain_words(texts))
        connection.execute("COMMIT")
        connection.execute("VACUUM")
    finally:
        connection.close()
    with path.open("rb") as written:
        os.fsync(written.fileno())


def _insert(connection: sqlite3.Connection, table: str, columns: Sequence[str], rows: list[tuple[object, ...]]) -> None:
    placeholders = ", ".join("?" for _ in columns)
    connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows)


def _digest(meta: Mapping[str, str], tables: _Tables) -> str:
    """The build id: the same content gives the same id, any change another; readers key caches on it.

    Every table counts: a summary or a page path that changed alone must change the id too.
    """
    digest = hashlib.sha256(repr(sorted(meta.items())).encode())
    digest.update(tables.dictionary)
    digest.update(repr(sorted(tables.pages.items())).encode())
    rows: Sequence[tuple[object, ...]]
    for rows in (
        tables.docsets,
        tables.versions,
        tables.entries,
        tables.entry_versions,
        tables.documents,
        tables.searchable,
        tables.vectors,
        tables.synonyms,
    ):
        for row in rows:
            digest.update(repr(row).encode())
    for term, weight in sorted(tables.vocabulary.items()):
        digest.update(f"{term}\t{weight}\n".encode())
    return digest.hexdigest()[:16]


def vocabulary(entries: Sequence[Entry]) -> Counter[str]:
    """Identifier segments, titles and keyword words: what a typo can be corrected to."""
    counts: Counter[str] = Counter()
    for entry in entries:
        words = set(_VOCABULARY_WORD.findall(entry.title)) | set(_VOCABULARY_WORD.findall(entry.keywords_text))
        if entry.domain:
            words.update(entry.name.split("."))
            words.add(entry.name)
        counts.update(word.lower() for word in words if len(word) >= 3)
    return counts
