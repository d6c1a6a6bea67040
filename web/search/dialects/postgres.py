"""PostgreSQL's dialect: tsqueries over weighted tsvectors, ts_rank_cd, pg_trgm for spelling.

The name sources and the ranked shell are the plain SQL every engine shares
(`tiers.py`); here are the title, phrase and body-text sources in PostgreSQL's full
text search, over the vectors parser/postgres_load.py builds: `titles` (title
A, keywords B) and `everything` (name A, title B, keywords C, body D), weighted as
FTS5 weighs the same columns, so the same principles rank alike.
"""

from __future__ import annotations

import functools
import re

from parser.schema import FTS_WEIGHTS
from web.search.dialects import Dialect, Statement
from web.search.dialects.fts5 import MIN_TEXT_PREFIX_LENGTH
from web.search.dialects.tiers import (
    AnswerShape,
    Spelling,
    Tiers,
    answer_points,
    name_parameters,
    question_parameters,
)
from web.search.filters import conditions
from web.search.query import MIN_PREFIX_LENGTH, Query
from web.search.questions import Question, question_of
from web.search.ranking import (
    ANSWER_CANDIDATES,
    ANSWER_COLUMN_WEIGHTS,
    FINISHED_WORD_DOCUMENTS,
    SOURCE_RANK_SPAN,
    TEXT_MATCH_LIMIT,
    TIER_TEXT,
    TIER_TITLE,
    TIER_TITLE_PHRASE,
    TITLE_COLUMN_WEIGHTS,
)

_TIERS = Tiers(Spelling(log2="(ln({}) / ln(2))", least="LEAST({}, {})", position="strpos({}, {})", ordered_join="JOIN"))
# Inside a query word, what PostgreSQL's parser would keep as one token breaks it (the loader does the same).
_TOKEN = re.compile(r"[^\W_]+")


def _weights(column_weights: tuple[float, ...]) -> str:
    """ts_rank_cd's weight array, {D, C, B, A}, from weights in column order (A first), scaled to at most 1."""
    top = max(column_weights)
    return "'{" + ", ".join(f"{weight / top:g}" for weight in reversed(column_weights)) + "}'"


# FTS5's columns are name, title, keywords, body; `titles` holds title (A) and keywords (B) only.
# `everything` holds name, title, keywords and body: FTS5 weighs its summary column 0, inside the body.
_EVERYTHING_WEIGHTS = _weights((*FTS_WEIGHTS[:3], FTS_WEIGHTS[4]))
_TITLE_WEIGHTS = _weights((*TITLE_COLUMN_WEIGHTS[1:3], 0.0, 0.0))
# `answers` holds name (A), title (B), keywords (C) and summary (D): FTS5's first four columns.
_ANSWER_WEIGHTS = _weights(ANSWER_COLUMN_WEIGHTS[:4])
# 1: rank divided by 1 + log(length): a long page that mentions the words once is no title.
_NORMALIZATION = 1


def words_and_prefix(query: Query, *, prefix_from: int) -> tuple[str | None, str | None]:
    """The finished words, for websearch_to_tsquery (each quoted: nothing typed is syntax), and the
    last word still being typed, as a to_tsquery prefix (`'lis':*`); either may be None."""
    words = list(query.words)
    prefix = None
    if query.typing and words and len(words[-1]) >= prefix_from:
        tokens = _TOKEN.findall(words.pop())
        prefix = " <-> ".join(f"'{token}'" for token in tokens) + ":*" if tokens else None
    finished = " ".join(f'"{word}"' for word in words) or None
    return finished, prefix


def _tsquery(name: str, *, finished: bool, prefix: bool) -> str:
    parts = ([f"websearch_to_tsquery('english', :{name}_words)"] if finished else []) + (
        [f"to_tsquery('english', :{name}_prefix)"] if prefix else []
    )
    return " && ".join(parts)


class PostgresDialect(Dialect):
    # As text, like SQLite's: the pool's connections would otherwise decode it already.
    PRESENCE = """CAST((SELECT json_agg(json_build_array(o.position, op.path, o.anchor) ORDER BY o.position)
               FROM entry_versions AS o JOIN pages AS op ON op.id = o.page_id
               WHERE o.entry_id = e.id) AS text) AS presence"""

    def marked_name_edges(self) -> Statement:
        sql = """SELECT DISTINCT left(name_lower, 2) AS start, right(name_lower, 2) AS finish FROM entries
                 WHERE name_lower ~ '^[^a-z0-9_]' OR name_lower ~ '[^a-z0-9_]$'"""
        return Statement(sql, {})

    def ranked(self, query: Query, *, position: int, limit: int, offset: int = 0) -> Statement:
        text_words, text_prefix = words_and_prefix(query, prefix_from=MIN_TEXT_PREFIX_LENGTH)
        title_words, title_prefix = words_and_prefix(query, prefix_from=MIN_PREFIX_LENGTH)
        titles = bool(query.words) and max(len(word) for word in query.words) > 1
        question = question_of(query)
        sql = _ranked_sql(
            titles=(title_words is not None, title_prefix is not None) if titles else None,
            answers=AnswerShape.of(question),
            phrase=bool(query.phrase),
            member_prefixes=bool(query.last_segment),
            text=(text_words is not None, text_prefix is not None) if query.searches_text else None,
            narrowing=query.filters.narrowing,
            hit_columns=self.hit_columns,
        )
        parameters = {
            **name_parameters(query, position=position, limit=limit, offset=offset),
            "text_words": text_words,
            "text_prefix": text_prefix,
            "title_words": title_words,
            "title_prefix": title_prefix,
            "phrase": " ".join(query.phrase),
            **answer_parameters(question),
        }
        return Statement(sql, parameters)

    def elsewhere(self, query: Query, *, position: int, limit: int) -> Statement:
        sql = _elsewhere_sql(narrowing=query.filters.narrowing, hit_columns=self.hit_columns)
        return Statement(sql, name_parameters(query, position=position, limit=limit))

    def spelling_candidates(self, word: str, *, limit: int) -> Statement | None:
        if len(word) < 3:
            return None
        # Nearest by trigram distance, found by the GiST index's own ordering (pg_trgm's `<->`).
        sql = "SELECT term, weight FROM vocabulary ORDER BY term <-> :word LIMIT :limit"
        return Statement(sql, {"word": word, "limit": limit})


def _word_query(word: str, *, prefix: bool) -> str:
    """One question word as to_tsquery text: its tokens in a row, the last a prefix while it is typed."""
    tokens = _TOKEN.findall(word) or ["_"]
    return " <-> ".join(f"'{token}'" for token in tokens) + (":*" if prefix else "")


def answer_parameters(question: Question | None) -> dict[str, object]:
    """A question's words for the answer source: any of them to find candidates, each alone to weigh them.

    A last word still being typed comes twice, as a prefix and whole (`_whole`): see `_word_tsquery`."""
    if question is None:
        return {}
    parameters: dict[str, object] = {**question_parameters(question), **_word_queries(question, prefix=True)}
    if question.prefix_last:
        whole = _word_queries(question, prefix=False)
        parameters.update({f"{name}_whole": value for name, value in whole.items()}, finished=FINISHED_WORD_DOCUMENTS)
    return parameters


def _word_queries(question: Question, *, prefix: bool) -> dict[str, str]:
    last = len(question.words) - 1
    words = [
        _word_query(word, prefix=prefix and question.prefix_last and index == last)
        for index, word in enumerate(question.words)
    ]
    queries = {"answer_any": " | ".join(f"({words[index]})" for index in question.seeking)}
    queries.update({f"answer_word_{index}": word for index, word in enumerate(words)})
    return queries


def _word_tsquery(parameter: str, index: int | None, shape: AnswerShape) -> str:
    """The tsquery of question word `index` (None: of any seeking word); a last word still being typed is
    a prefix only until enough documents hold it whole (web/search/dialects/fts5.py: `_match` says why)."""
    if shape.last_typed and index in (None, shape.words - 1):
        return f"to_tsquery('english', CASE WHEN w.last_finished THEN :{parameter}_whole ELSE :{parameter} END)"
    return f"to_tsquery('english', :{parameter})"


def _answers(where: str, shape: AnswerShape) -> str:
    """A question's title tier: the entries whose name, title, keywords or summary hold its words, scored
    by how much of the question each covers (web/search/dialects/tiers.py: answer_points)."""
    words = [_word_tsquery(f"answer_word_{index}", index, shape) for index in range(shape.words)]
    flags = ", ".join(
        f"d.answers @@ {word} AS a{index}, d.everything @@ {word} AS b{index}" for index, word in enumerate(words)
    )
    # ts_rank_cd weighs every word alike, so "file" would bury "json": candidates go by the rarity of the
    # words they hold, as bm25 orders them on SQLite.
    held = " + ".join(
        f"CASE WHEN d.answers @@ {word} THEN w.r{index}_answer ELSE 0 END" for index, word in enumerate(words)
    )
    any_word = _word_tsquery("answer_any", None, shape)
    candidates = f"""SELECT id FROM (SELECT d.id FROM documents AS d CROSS JOIN w
                                    WHERE d.answers @@ {any_word}
                                    ORDER BY {held} DESC, ts_rank_cd({_ANSWER_WEIGHTS}, d.answers,
                                             {any_word}) DESC
                                    LIMIT {ANSWER_CANDIDATES}) AS ranked
                     UNION {_TIERS.named_documents(shape)}"""
    # Per question, once: each word's rarity and synonyms, as columns of `w`.
    documents = "(SELECT max(id) FROM documents)"
    known = ", ".join(
        f"ln({documents} / (1.0 + {_lexeme_documents(index, 'in_answers')})) AS r{index}_answer, "
        f"ln({documents} / (1.0 + {_lexeme_documents(index, 'in_everything')})) AS r{index}_body, "
        f"ARRAY(SELECT name FROM synonyms WHERE term = :word_{index}) AS s{index}"
        for index in range(shape.words)
    )
    forms = ", ".join(f":name_form_{form}" for form in range(shape.forms)) or "NULL"
    known += f", ARRAY(SELECT name FROM synonyms WHERE term IN ({forms})) AS s_forms"
    if shape.last_typed:
        known += f", {_lexeme_documents(shape.words - 1, 'in_everything')} >= :finished AS last_finished"
    points = answer_points(shape, lambda index, where: f"w.r{index}_{where}", _synonym)
    # Materialized, and each candidate joined on its own (LATERAL, kept apart by OFFSET 0): a generic plan,
    # blind to how few the candidates are, hashed every document of the version to join them.
    return f"""
        SELECT id, tier FROM (
            WITH w AS MATERIALIZED (SELECT {known}), candidates AS MATERIALIZED ({candidates})
            SELECT answer.id, answer.tier FROM candidates AS c CROSS JOIN w CROSS JOIN LATERAL (
                SELECT e.id, {TIER_TITLE} + LEAST({SOURCE_RANK_SPAN}, round({points})) AS tier
                FROM documents AS d CROSS JOIN LATERAL (SELECT {flags}) AS m
                JOIN entries AS e ON e.id = d.entry_id
                JOIN entry_versions AS ev
                  ON ev.entry_id = d.entry_id AND ev.position = :position AND ev.document_id = d.id
                WHERE d.id = c.id{where} OFFSET 0) AS answer) AS answered"""


def _lexeme_documents(index: int, column: str) -> str:
    """How many documents hold question word `index`, from the counts the loader keeps per lexeme."""
    return f"""(SELECT coalesce(max({column}), 0) FROM lexeme_documents
                WHERE lexeme = ANY(tsvector_to_array(to_tsvector('english', :word_{index}))))"""


def _synonym(index: int | None, _shape: AnswerShape) -> str:
    return f"e.last_lower = ANY(w.s{index})" if index is not None else "e.last_lower = ANY(w.s_forms)"


# A document matches in the version searched only through that version's row for its entry.
_MATCHED_IN_VERSION = """documents AS d JOIN entries AS e ON e.id = d.entry_id
            JOIN entry_versions AS ev
              ON ev.entry_id = d.entry_id AND ev.position = :position AND ev.document_id = d.id"""


def _titles(where: str, *, finished: bool, prefix: bool) -> str:
    matched = _tsquery("title", finished=finished, prefix=prefix)
    rank = f"ts_rank_cd({_TITLE_WEIGHTS}, d.titles, q.query, {_NORMALIZATION}) DESC"
    return f"""
        SELECT id, tier FROM (
            SELECT e.id, {_TIERS.fts_tier(TIER_TITLE, rank)} AS tier
            FROM (SELECT {matched} AS query) AS q, {_MATCHED_IN_VERSION}
            WHERE d.titles @@ q.query{where}
            ORDER BY {rank} LIMIT :source_limit) AS titled"""


def _title_phrase(where: str) -> str:
    return f"""
        SELECT id, {TIER_TITLE_PHRASE} FROM (
            SELECT e.id FROM {_MATCHED_IN_VERSION}
            WHERE d.titles_as_written @@ phraseto_tsquery('simple', :phrase){where}
            LIMIT :source_limit) AS phrased"""


def _body_text(where: str, *, finished: bool, prefix: bool) -> str:
    matched = _tsquery("text", finished=finished, prefix=prefix)
    rank = f"ts_rank_cd({_EVERYTHING_WEIGHTS}, d.everything, q.query, {_NORMALIZATION}) DESC"
    return f"""
        SELECT id, tier FROM (
            SELECT e.id, {_TIERS.fts_tier(TIER_TEXT, rank)} AS tier
            FROM (SELECT {matched} AS query) AS q, {_MATCHED_IN_VERSION}
            WHERE d.everything @@ q.query{where}
              -- Too common to rank (every match is ranked before the first row): left to the other tiers.
              AND (SELECT count(*) FROM (SELECT 1 FROM documents WHERE everything @@ q.query
                                         LIMIT {TEXT_MATCH_LIMIT + 1}) AS common) <= {TEXT_MATCH_LIMIT}
            ORDER BY {rank} LIMIT :source_limit) AS texts"""


@functools.cache
def _ranked_sql(
    *,
    titles: tuple[bool, bool] | None,
    phrase: bool,
    member_prefixes: bool,
    text: tuple[bool, bool] | None,
    answers: AnswerShape | None,
    narrowing: tuple[str, ...],
    hit_columns: str,
) -> str:
    """The ranked SELECT for one query shape; a full-text source is (finished words?, a prefix?) or None."""
    where = conditions(narrowing)
    sources = _TIERS.name_sources(_TIERS.in_version, where, member_prefixes=member_prefixes)
    if answers is not None:  # a question's title tier: any of its words, summaries too
        sources.append(_answers(where, answers))
    elif titles is not None and any(titles):
        sources.append(_titles(where, finished=titles[0], prefix=titles[1]))
    if phrase:
        sources.append(_title_phrase(where))
    if text is not None and any(text):
        sources.append(_body_text(where, finished=text[0], prefix=text[1]))
    return _TIERS.ranked_hits(sources, scope=_TIERS.in_version, hit_columns=hit_columns)


@functools.cache
def _elsewhere_sql(*, narrowing: tuple[str, ...], hit_columns: str) -> str:
    return _TIERS.elsewhere(narrowing=narrowing, hit_columns=hit_columns)
