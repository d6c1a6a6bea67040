"""The as-you-type query list: real names and concept phrases, typed one character at a time."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

CONCEPTS = (
    "dict comprehension",
    "list comprehension",
    "ternary operator",
    "augmented assignment",
    "iterator protocol",
    "context manager",
    "read a file",
    "string formatting",
    "exception handling",
    "virtual environment",
    "global interpreter lock",
    "decorators",
    "generators",
    "descriptors",
    "docstrings",
    "type hints",
    "async await",
    "f-string",
    "walrus operator",
    "keyword arguments",
    "default arguments",
    "unpacking",
    "slicing",
    "operator precedence",
    "garbage collection",
    "import system",
    "name mangling",
    "closures",
)


def keystroke_queries(db: Path, *, minimum: int = 2000, seed: int = 3) -> list[str]:
    """Distinct prefixes of names and concepts, shortest first within each, until `minimum` are found."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        # The most linked-to names of the 3.11 docs: the same list the single-version figures used.
        names = [
            row[0]
            for row in connection.execute(
                "SELECT e.name FROM entries AS e JOIN entry_versions AS ev ON ev.entry_id = e.id "
                "JOIN versions AS v ON v.position = ev.position AND v.version = '3.11' "
                "WHERE e.domain = 'py' AND e.kind IN ('function', 'method', 'class', 'module') "
                "ORDER BY ev.popularity DESC, e.name LIMIT 1500"
            )
        ]
    sources = list(CONCEPTS) + names
    random.Random(seed).shuffle(sources)
    queries: dict[str, None] = {}
    for text in sources:
        for end in range(1, len(text) + 1):
            queries.setdefault(text[:end], None)
        if len(queries) >= minimum:
            break
    return list(queries)
