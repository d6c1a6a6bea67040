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
from pathlib import Path

from parser.entries import Entry
from parser.schema import DDL, ENTRY_COLUMNS, FTS_WEIGHTS

_VOCABULARY_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]{2,}")


class WriteError(Exception):
    """The target folder cannot take a new docs.db (missing, read-only, full)."""


def write_database(target: Path, *, meta: Mapping[str, str], docset: str, entries: Sequence[Entry]) -> None:
    """Write a complete docs.db beside `target`, then rename it over `target`.

    Readers of `target` see the old file or the new one, never a partial one: a
    failure (or a kill) before the rename leaves `target` untouched.
    """
    with _temporary_beside(target) as partial:
        try:
            _fill(partial, meta=meta, docset=docset, entries=entries)
            partial.chmod(0o644)  # mkstemp's 0600 would make the shipped file private
            os.replace(partial, target)
        except (sqlite3.Error, OSError) as error:
            raise WriteError(f"cannot write {target}: {_reason(error)}") from error
    _sync_folder(target.parent)


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


def _fill(path: Path, *, meta: Mapping[str, str], docset: str, entries: Sequence[Entry]) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        # No journal: the file is private until the rename, and a failed build is discarded.
        connection.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        connection.executescript(DDL)
        connection.execute("BEGIN")
        rows = [_row(number, docset, entry) for number, entry in enumerate(entries, start=1)]
        build_id = _digest(meta, rows)
        connection.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)", sorted({**meta, "build_id": build_id}.items())
        )
        placeholders = ", ".join("?" for _ in ENTRY_COLUMNS)
        connection.executemany(f"INSERT INTO entries ({', '.join(ENTRY_COLUMNS)}) VALUES ({placeholders})", rows)
        connection.executemany(
            "INSERT INTO vocabulary (term, weight) VALUES (?, ?)", sorted(vocabulary(entries).items())
        )
        connection.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")
        # Stored in the index itself, so every reader's ORDER BY rank weighs columns alike.
        weights = ", ".join(str(weight) for weight in FTS_WEIGHTS)
        connection.execute("INSERT INTO entries_fts (entries_fts, rank) VALUES ('rank', ?)", (f"bm25({weights})",))
        connection.execute("INSERT INTO vocabulary_trigrams (vocabulary_trigrams) VALUES ('rebuild')")
        connection.execute("INSERT INTO entries_fts (entries_fts) VALUES ('optimize')")
        connection.execute("COMMIT")
        connection.execute("VACUUM")
    finally:
        connection.close()
    with path.open("rb") as written:
        os.fsync(written.fileno())


def _digest(meta: Mapping[str, str], rows: Sequence[tuple[object, ...]]) -> str:
    """The build id: the same content gives the same id, any change another; readers key caches on it."""
    digest = hashlib.sha256(repr(sorted(meta.items())).encode())
    for row in rows:
        digest.update(repr(row).encode())
    return digest.hexdigest()[:16]


def _row(number: int, docset: str, entry: Entry) -> tuple[object, ...]:
    values = {
        "id": number,
        "docset": docset,
        "name_lower": entry.name_lower,
        "last_lower": entry.last_lower,
        "keywords": entry.keywords_text,
        "version_notes": entry.version_notes_json,
        "builtin": int(entry.builtin),
    }
    return tuple(values[column] if column in values else getattr(entry, column) for column in ENTRY_COLUMNS)


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
