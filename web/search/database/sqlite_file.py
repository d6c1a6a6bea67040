"""Checking a docs.db file before serving it: one line for the operator when it cannot be served."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from parser.schema import SCHEMA_VERSION
from web.search.database import REBUILD_COMMAND, DatabaseError, check_vector_model, read_profile

_SQLITE_MAGIC = b"SQLite format 3\x00"


def check_database_file(path: Path) -> dict[str, str]:
    """Validate docs.db at `path` and return its meta table, or raise DatabaseError."""
    if not path.exists():
        raise DatabaseError(f"{path} not found; build it with `{REBUILD_COMMAND}`")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as error:
        raise DatabaseError(f"{path} cannot be read: {error.strerror}") from error
    if header != _SQLITE_MAGIC:
        raise DatabaseError(f"{path} is not an SQLite database; rebuild it with `{REBUILD_COMMAND}`")
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            verdict = str(connection.execute("PRAGMA quick_check(1)").fetchone()[0])
            if verdict != "ok":
                # SQLite's report spans lines; the operator needs one.
                reason = " ".join(verdict.replace("*** in database main ***", "").split())[:120]
                raise DatabaseError(f"{path} is corrupt ({reason}); rebuild it with `{REBUILD_COMMAND}`")
            meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error as error:
        raise DatabaseError(f"{path} is corrupt ({error}); rebuild it with `{REBUILD_COMMAND}`") from error
    found = meta.get("schema_version", "none")
    if found != str(SCHEMA_VERSION):
        raise DatabaseError(
            f"{path} has schema version {found}, this app needs {SCHEMA_VERSION}; rebuild it with `{REBUILD_COMMAND}`"
        )
    read_profile(meta, source=str(path))
    check_vector_model(meta, source=str(path))
    return meta
