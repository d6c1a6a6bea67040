"""Run one set of ranking statements once, for counting SQLite's instructions under callgrind.

Wall-clock timings of the same statements moved by a third within an hour on the shared machine;
instructions executed inside sqlite3_step do not, so a change to the SQL is measured this way
(valgrind is Debian's package; it is not needed by anything else):

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=sqlite3_step \\
        --callgrind-out-file=/tmp/sql.out .venv/bin/python -m bench.sql_instructions keystrokes

"Collected" in its output is the total. `keystrokes` is every fifth of the bench's as-you-type queries
(401), `questions` the 51 golden questions; both in 3.15, the statements as web/search/dialects/fts5.py
writes them, rows fetched as the app fetches them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from bench.breakdown import ranked_statement, raw_sqlite
from bench.keystrokes import keystroke_queries
from testbed.golden_queries import QUESTION_GOLDEN

DB = Path(__file__).resolve().parent.parent / "data" / "docs.db"
VERSION = "3.15"


def queries(name: str) -> list[str]:
    if name == "questions":
        return [golden.query for golden in QUESTION_GOLDEN]
    return [query for query in keystroke_queries(DB) if query.strip()][::5]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("statements", choices=("keystrokes", "questions"))
    arguments = parser.parse_args(argv)
    connection, position = raw_sqlite(DB, VERSION)
    for text in queries(arguments.statements):
        statement = ranked_statement(DB, text, position)
        connection.execute(statement.sql, statement.parameters).fetchall()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
