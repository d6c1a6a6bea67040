"""`word_documents`: the parser's count of each common word equals the count a question's MATCH finds."""

from __future__ import annotations

import sqlite3

import pytest

from parser.schema import DDL, FTS_ANSWER_COLUMNS
from parser.word_counts import COUNTED_FROM_DOCUMENTS, plain_words, write_word_documents
from tests.conftest import SHIPPED_DB


def _count(connection: sqlite3.Connection, columns: str, word: str) -> int:
    expression = f'{columns} : "{word}"'
    return connection.execute(
        "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", (expression,)
    ).fetchone()[0]


def test_every_stored_count_is_the_count_the_query_would_find() -> None:
    with sqlite3.connect(f"file:{SHIPPED_DB}?mode=ro", uri=True) as connection:
        stored = connection.execute("SELECT word, in_answers, in_body FROM word_documents").fetchall()
        assert len(stored) > 1000
        for word, in_answers, in_body in stored:
            assert (in_answers, in_body) == (
                _count(connection, FTS_ANSWER_COLUMNS, word),
                _count(connection, "{body}", word),
            ), word


def test_common_words_are_stored_and_rare_ones_left_to_the_query() -> None:
    with sqlite3.connect(f"file:{SHIPPED_DB}?mode=ro", uri=True) as connection:
        words = dict(connection.execute("SELECT word, in_body FROM word_documents").fetchall())
        # Stems meet: the docs spell it both ways, and both are one token of the index.
        assert words["copy"] == words["copies"] > 0
        assert words["if"] > 10_000
        rare = "deepcopy"
        everywhere = connection.execute(
            "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", (f'"{rare}"',)
        ).fetchone()[0]
        assert 0 < everywhere < COUNTED_FROM_DOCUMENTS
        assert rare not in words


TINY_DOCUMENTS = [
    ("list.append", "", "", "Append an item to the end of the list.", "Appending is cheap."),
    ("list.extend", "", "", "Extend the list by appending items.", "Like append, for many."),
    ("dict.get", "", "", "Return the value for key.", "Café is not plain ASCII."),
]


@pytest.fixture
def tiny_index() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.executescript(DDL)
    connection.executemany(
        "INSERT INTO documents_fts (rowid, name, title, keywords, summary, body) VALUES (?, ?, ?, ?, ?, ?)",
        [(rowid, *row) for rowid, row in enumerate(TINY_DOCUMENTS, start=1)],
    )
    return connection


def test_words_of_one_stem_share_its_count_from_the_threshold_up(tiny_index: sqlite3.Connection) -> None:
    words = plain_words(text for row in TINY_DOCUMENTS for text in row)
    written = write_word_documents(tiny_index, words, counted_from=2)
    stored = {word: (answers, body) for word, answers, body in tiny_index.execute("SELECT * FROM word_documents")}
    assert written == len(stored)
    # append and appending are one stem, in the summaries and bodies of two documents.
    assert stored["append"] == stored["appending"] == (2, 2)
    assert stored["list"] == (2, 0)
    assert "value" not in stored  # in one document only
    assert all(word.isascii() and word.isalnum() for word in stored)  # "café" is left to the query
    # The scratch tables are gone.
    assert not tiny_index.execute("SELECT name FROM sqlite_temp_master").fetchall()
