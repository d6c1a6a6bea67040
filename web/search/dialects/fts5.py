"""SQLite's dialect: FTS5 MATCH expressions, bm25, and its full-text sources for the ranked statement.

The statements are the templates of web/search/dialects/__init__.py, their name
sources and shell plain SQL (`tiers.py`); here is what FTS5 fills in: the title,
answer, phrase and body-text sources, their MATCH parameters, and SQLite's
spelling of a few functions.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING

from parser.schema import FTS_ANSWER_COLUMNS
from web.search.dialects import Dialect, Statement
from web.search.dialects.answers import (
    AnswerShape,
    answer_points,
    named_documents,
    question_parameters,
    semantic_documents,
)
from web.search.dialects.tiers import FullText, title_prefix_from
from web.search.query import SearchQuery
from web.search.questions import Question
from web.search.ranking import (
    ANSWER_COLUMN_WEIGHTS,
    FINISHED_WORD_DOCUMENTS,
    MIN_TEXT_PREFIX_LENGTH,
    SOURCE_RANK_SPAN,
    TEXT_MATCH_LIMIT,
    TIER_TEXT,
    TIER_TITLE,
    TIER_TITLE_PHRASE,
    TITLE_COLUMN_WEIGHTS,
)

if TYPE_CHECKING:
    from web.search.semantic import Nearest

# Swapped in for a body-text query too common to rank: no entry's text holds this token,
# so FTS5 finds nothing at once instead of ranking thousands of matches first.
_UNMATCHABLE_TERM = "zzzzqqqqnomatch"
_TITLE_RANK = f"bm25(titles_fts, {', '.join(str(weight) for weight in TITLE_COLUMN_WEIGHTS)})"
_ANSWER_RANK = f"bm25(documents_fts, {', '.join(str(weight) for weight in ANSWER_COLUMN_WEIGHTS)})"


# A document matches in the versions searched only through their rows for it. CROSS JOIN keeps the
# full-text match first: given the choice, the planner walked the version's rows instead. Found by the
# document (index entry_versions_document), a match outside the scope costs no read of its `documents` row,
# which sources of hits' ids never need: reading it for each of `objec*`'s 998 titles was half the source.
def _matched_in_version(fts_table: str) -> str:
    return f"""{fts_table} AS f CROSS JOIN entry_versions AS ev ON ev.document_id = f.rowid AND {{scope}}
            CROSS JOIN entries AS e ON e.id = ev.entry_id"""


MATCHED_IN_VERSION = _matched_in_version("documents_fts")
# The same, for a match in titles and index keywords alone (titles_fts).
TITLE_MATCHED_IN_VERSION = _matched_in_version("titles_fts")

# A question's nearest documents (web/search/semantic.py), given as one JSON parameter [[id, similarity], …].
_NEAREST = """(SELECT value ->> 0 AS document_id, value ->> 1 AS similarity FROM json_each(:semantic))"""


class Fts5Dialect(Dialect):
    MATCHED_IN_VERSION = MATCHED_IN_VERSION
    # unpack_text is registered on every connection by web/search/database/sqlite.py; short bodies are plain.
    BODY = "CASE WHEN typeof(d.body) = 'text' THEN d.body ELSE unpack_text(d.body) END"
    ORDERED_JOIN = "CROSS JOIN"

    @functools.cached_property
    def title_matched_in_version(self) -> str:
        return TITLE_MATCHED_IN_VERSION.format(scope=self.entry_in_scope)

    # A unary + keeps the position out of SQLite's index choice: given `entry_id = ? AND position IN (…)`, it
    # sought each of the scope's positions (eleven with the libraries) for every candidate, where reading the
    # entry's own rows (at most one a version) and testing each is cheaper: `d` 1.6 → 0.9 ms, `py_` 20 → 13.
    ENTRY_SCOPE_COLUMN = "+ev.position"

    def log2(self, value: str) -> str:
        return f"log2({value})"

    def least(self, first: str, second: str) -> str:
        return f"min({first}, {second})"

    def position(self, text: str, part: str) -> str:
        return f"instr({text}, {part})"

    def is_mark(self, character: str) -> str:
        return f"{character} GLOB '[^a-z0-9_]'"

    def full_text(self, query: SearchQuery, *, prefix_from: int) -> FullText | None:
        del prefix_from  # a MATCH expression says itself whether its last word is a prefix: one statement
        return (True, False) if query.words else None

    def word_in_documents(self, word: str) -> Statement:
        quoted = '"' + word.replace('"', '""') + '"'
        return Statement("SELECT 1 FROM documents_fts WHERE documents_fts MATCH :word LIMIT 1", {"word": quoted})

    def id_list(self, ids: tuple[int, ...]) -> object:
        return json.dumps(list(ids))

    def is_listed(self, column: str, parameter: str) -> str:
        return f"{column} IN (SELECT value FROM json_each(:{parameter}))"

    def semantic_parameters(self, nearest: Nearest) -> dict[str, object]:
        pairs = [
            [document, similarity] for document, similarity in zip(nearest.documents, nearest.similarities, strict=True)
        ]
        return {"semantic": json.dumps(pairs), "semantic_floor": nearest.floor}

    def full_text_parameters(self, query: SearchQuery, question: Question | None) -> dict[str, object]:
        return {
            "fts": match_expression(query),
            "fts_title": title_match_expression(query),
            "fts_phrase": phrase_match_expression(query),
            **answer_parameters(question),
        }

    def title_source(self, where: str, match: FullText) -> str:
        del match  # the MATCH parameter holds it
        return f"""
        SELECT id, tier FROM (
            SELECT e.id, {self.tiers.fts_tier(TIER_TITLE, _TITLE_RANK)} AS tier
            FROM {self.title_matched_in_version}
            WHERE titles_fts MATCH :fts_title{where}
            ORDER BY {_TITLE_RANK} LIMIT :source_limit)"""

    def answer_source(self, where: str, shape: AnswerShape) -> str:
        # A word whose body does not count (`:body_counts_{i}` false) never lists the bodies holding it: SQLite
        # fills an IN list when it is first tested, and the CASE does not test it.
        flags = ", ".join(
            f"c.rowid IN ({_matching(f'answer_word_{index}', index, shape)}) AS a{index}, "
            f"CASE WHEN :body_counts_{index} THEN c.rowid IN ({_matching(f'body_word_{index}', index, shape)})"
            f" ELSE 0 END AS b{index}"
            for index in range(shape.words)
        )
        # Each candidate's similarity, found in the nearest documents (materialized once, then looked up).
        similarity = ", coalesce(s.similarity, :semantic_floor) AS similarity" if shape.semantic else ""
        nearest = f" LEFT JOIN {_NEAREST} AS s ON s.document_id = c.rowid" if shape.semantic else ""
        return f"""
        SELECT id, tier FROM (
            SELECT e.id, {TIER_TITLE} + min({SOURCE_RANK_SPAN}, round({answer_points(shape, self)})) AS tier
            FROM (SELECT c.rowid, {flags}{similarity}
                  FROM (SELECT rowid FROM (SELECT rowid FROM documents_fts
                                           WHERE documents_fts MATCH {_match("fts_answer", None, shape)}
                                           ORDER BY {_ANSWER_RANK} LIMIT {shape.word_candidates})
                        UNION {named_documents(self.tiers.in_version)}
                        {semantic_documents(shape, _NEAREST)}) AS c{nearest}) AS m
            CROSS JOIN documents AS d ON d.id = m.rowid
            CROSS JOIN entries AS e ON e.id = d.entry_id
            CROSS JOIN entry_versions AS ev
              ON ev.entry_id = d.entry_id AND {self.entry_in_scope} AND ev.document_id = d.id
            WHERE 1{where}) AS answered"""

    def rarity(self, index: int, where: str, shape: AnswerShape) -> str:
        # SQLite runs the uncorrelated subqueries once a statement.
        return f"ln((SELECT max(id) FROM documents) * 1.0 / (1 + {_documents_with(index, where, shape)}))"

    def phrase_source(self, where: str) -> str:
        return f"""
        SELECT id, {TIER_TITLE_PHRASE} FROM (
            SELECT e.id FROM {self.title_matched_in_version}
            WHERE titles_fts MATCH :fts_phrase{where} LIMIT :source_limit)"""

    def text_source(self, where: str, match: FullText) -> str:
        del match  # the MATCH parameter holds it
        return f"""
        SELECT id, tier FROM (
            SELECT e.id, {self.tiers.fts_tier(TIER_TEXT, "rank")} AS tier
            FROM {self.matched_in_version}
            WHERE documents_fts MATCH (
                -- FTS5 ranks every match before the first row comes out, so a too-common
                -- word is swapped for a term no entry has instead of being filtered later.
                -- Counted only as far as the limit: counting every match of common words was the costly part.
                CASE WHEN (SELECT count(*) FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH :fts
                                                 LIMIT {TEXT_MATCH_LIMIT + 1})) <= {TEXT_MATCH_LIMIT}
                     THEN :fts ELSE '"{_UNMATCHABLE_TERM}"' END){where}
            ORDER BY rank LIMIT :source_limit)"""

    def spelling_candidates(self, word: str, *, limit: int) -> Statement | None:
        trigrams = {word[index : index + 3] for index in range(len(word) - 2)}
        expression = " OR ".join(f'"{trigram}"' for trigram in sorted(trigrams) if '"' not in trigram)
        if not expression:
            return None
        sql = (
            "SELECT v.term, v.weight FROM vocabulary_trigrams AS t JOIN vocabulary AS v ON v.id = t.rowid "
            "WHERE vocabulary_trigrams MATCH :trigrams ORDER BY rank LIMIT :limit"
        )
        return Statement(sql, {"trigrams": expression, "limit": limit})


def match_expression(query: SearchQuery, *, prefix_from: int = MIN_TEXT_PREFIX_LENGTH) -> str | None:
    """The words as an FTS5 query, every word quoted so no user text is syntax."""
    if not query.words:
        return None
    terms = [f'"{word}"' for word in query.words]
    if query.typing and len(query.words[-1]) >= prefix_from:
        terms[-1] += "*"
    return " ".join(terms)


def phrase_match_expression(query: SearchQuery) -> str | None:
    """The words as typed, stop words included, as one FTS5 phrase in titles and index keywords."""
    return f'{{title keywords}} : "{" ".join(query.phrase)}"' if query.phrase else None


_WHOLE = "_whole"
# The last word, whole, is in enough documents to be a word finished (see `_match`).
_LAST_WORD_FINISHED = (
    "(SELECT count(*) >= :finished FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH :last_word"
    " LIMIT :finished))"
)


def _match(parameter: str, index: int | None, shape: AnswerShape) -> str:
    """The MATCH expression `:parameter` of question word `index` (None: of any seeking word).

    A last word still being typed is a prefix only until the docs use it whole often enough
    (FINISHED_WORD_DOCUMENTS): then it is a finished word (`exists`, `obj`), and its prefix would only
    add longer words (`file*`: filecmp, fileinput, filename) at the cost of merging all their matches,
    a ninth of a question's work. A rare whole word (`lis`, `lin`) is more likely the start of one.
    """
    if shape.last_typed and index in (None, shape.words - 1):
        return f"(CASE WHEN {_LAST_WORD_FINISHED} THEN :{parameter}{_WHOLE} ELSE :{parameter} END)"
    return f":{parameter}"


def _terms(question: Question) -> list[str]:
    terms = [f'"{word}"' for word in question.words]
    if question.prefix_last:
        terms[-1] += "*"
    return terms


def answer_parameters(question: Question | None) -> dict[str, object]:
    """A question's words for the answer source: any of them to find candidates, each alone to weigh them.

    A last word still being typed comes twice: as a prefix, and whole (`_WHOLE`) for when the docs
    have that word already (see `_match`)."""
    if question is None:
        return {}
    parameters = {**question_parameters(question), **_word_matches(question, _terms(question), suffix="")}
    if question.prefix_last:
        whole = [f'"{word}"' for word in question.words]
        parameters.update(_word_matches(question, whole, suffix=_WHOLE))
        parameters.update(last_word=whole[-1], finished=FINISHED_WORD_DOCUMENTS)
    return parameters


def _word_matches(question: Question, terms: list[str], *, suffix: str) -> dict[str, str]:
    seeking = " OR ".join(terms[index] for index in question.seeking)
    matches = {f"fts_answer{suffix}": f"{FTS_ANSWER_COLUMNS} : ({seeking})"}
    for index, term in enumerate(terms):
        matches[f"answer_word_{index}{suffix}"] = f"{FTS_ANSWER_COLUMNS} : {term}"
        matches[f"body_word_{index}{suffix}"] = f"{{body}} : {term}"
    return matches


def title_match_expression(query: SearchQuery) -> str | None:
    """The same words, matched only in titles and the docs' index keywords."""
    expression = match_expression(query, prefix_from=title_prefix_from(query))
    return f"{{title keywords}} : ({expression})" if expression else None


def _matching(parameter: str, index: int, shape: AnswerShape) -> str:
    return f"SELECT rowid FROM documents_fts WHERE documents_fts MATCH {_match(parameter, index, shape)}"


def _documents_with(index: int, where: str, shape: AnswerShape) -> str:
    """How many documents hold word `index` in the answer columns or the body: the parser's count of a
    common word (`word_documents`), else the query's own; a prefix is always the query's."""
    column = "in_answers" if where == "answer" else "in_body"
    stored = f"(SELECT {column} FROM word_documents WHERE word = :word_{index})"
    parameter = f"{where}_word_{index}"
    if shape.last_typed and index == shape.words - 1:
        whole = f"coalesce({stored}, {_count(f':{parameter}{_WHOLE}')})"
        return f"(CASE WHEN {_LAST_WORD_FINISHED} THEN {whole} ELSE {_count(f':{parameter}')} END)"
    return f"coalesce({stored}, {_count(f':{parameter}')})"


def _count(match: str) -> str:
    return f"(SELECT count(*) FROM documents_fts WHERE documents_fts MATCH {match})"
