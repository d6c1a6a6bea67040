"""How many documents hold each common word of the docs, counted once at build time.

A question weighs each of its words by its rarity, ln(documents / documents holding it), in the
name, title, keywords and summary columns and in the body. Counting a common word's matches at
query time ("if": 11,604 bodies) was a ninth of a question's work; the counts are the same for every
query, so the parser stores them in `word_documents` (parser/schema.py). Rare words are cheap to count
and stay out, as do words no document spells the way a question would.

The counts come from FTS5 itself, through the same MATCH a question runs, so a stored count is the
count the query would have found: words sharing a stem (copy, copies, copied) share one.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from parser.schema import FTS_ANSWER_COLUMNS, FTS_TOKENIZE

# A word in fewer documents than this costs little to count at query time.
COUNTED_FROM_DOCUMENTS = 100
# What FTS5's unicode61 tokenizer keeps as one token whatever the options: plain ASCII letters and digits.
_PLAIN_WORD = re.compile(r"[a-z0-9]+")
# FTS5 tells each word's stem: a scratch index of the words, read back through fts5vocab.
_SCRATCH = (
    f"CREATE VIRTUAL TABLE temp.words USING fts5 (word, tokenize='{FTS_TOKENIZE}')",
    "CREATE VIRTUAL TABLE temp.word_stems USING fts5vocab(temp, words, instance)",
    "CREATE VIRTUAL TABLE temp.stem_documents USING fts5vocab(main, documents_fts, row)",
)


def plain_words(texts: Iterable[str]) -> set[str]:
    """Every plain word of `texts`, lower case, as a question's words are."""
    words: set[str] = set()
    for text in texts:
        words.update(_PLAIN_WORD.findall(text.lower()))
    return words


def write_word_documents(
    connection: sqlite3.Connection, words: Iterable[str], *, counted_from: int = COUNTED_FROM_DOCUMENTS
) -> int:
    """Fill `word_documents` for those of `words` in `counted_from` documents or more, from the filled
    `documents_fts`; returns how many rows."""
    # Statement by statement: executescript would commit the writer's open transaction first.
    for statement in _SCRATCH:
        connection.execute(statement)
    try:
        connection.executemany("INSERT INTO temp.words (word) VALUES (?)", [(word,) for word in sorted(words)])
        common = connection.execute(
            """SELECT w.word, s.term FROM temp.word_stems AS s JOIN temp.words AS w ON w.rowid = s.doc
               JOIN temp.stem_documents AS d ON d.term = s.term
               WHERE d.doc >= ? ORDER BY w.word""",
            (counted_from,),
        ).fetchall()
        counts: dict[str, tuple[int, int]] = {}
        for word, stem in common:
            if stem not in counts:
                counts[stem] = (
                    _documents(connection, FTS_ANSWER_COLUMNS, word),
                    _documents(connection, "{body}", word),
                )
        rows = [(word, *counts[stem]) for word, stem in common]
        connection.executemany("INSERT INTO word_documents (word, in_answers, in_body) VALUES (?, ?, ?)", rows)
        return len(rows)
    finally:
        for table in ("stem_documents", "word_stems", "words"):
            connection.execute(f"DROP TABLE temp.{table}")


def _documents(connection: sqlite3.Connection, columns: str, word: str) -> int:
    (found,) = connection.execute(
        "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", (f'{columns} : "{word}"',)
    ).fetchone()
    return int(found)
