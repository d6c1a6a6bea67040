"""PostgreSQL's dialect: tsqueries over weighted tsvectors, ts_rank_cd, pg_trgm for spelling.

The statements are the templates of web/search/dialects/__init__.py, their name
sources and shell plain SQL (`tiers.py`); here is what PostgreSQL's full text search
fills in: the title, answer, phrase and body-text sources over the vectors
parser/postgres_load.py builds, `titles` (title A, keywords B) and `everything` (name A,
title B, keywords C, body D), weighted as FTS5 weighs the same columns, so the same
principles rank alike; their parameters; and PostgreSQL's spelling of a few functions.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from parser.schema import FTS_WEIGHTS
from web.search.dialects import Dialect, Statement
from web.search.dialects.answers import (
    MAX_NAME_FORMS,
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

# A question's nearest documents (web/search/semantic.py), given as two arrays of the same length.
_NEAREST = """(SELECT * FROM unnest(CAST(:semantic_documents AS integer[]),
                                  CAST(:semantic_similarities AS double precision[]))
                 AS nearest (document_id, similarity))"""
# Inside a query word, what PostgreSQL's parser would keep as one token breaks it (the loader does the same).
_TOKEN = re.compile(r"[^\W_]+")


def _weights(column_weights: tuple[float, ...]) -> str:
    """ts_rank_cd's weight array, {D, C, B, A}, from weights in column order (A first), scaled to at most 1."""
    top = max(column_weights)
    return "'{" + ", ".join(f"{weight / top:g}" for weight in reversed(column_weights)) + "}'"


# FTS5's columns are name, title, keywords, body; `titles` holds title (A) and keywords (B) only.
# `everything` holds name, title, keywords and body: FTS5 weighs its summary column 0, inside the body.
_EVERYTHING_WEIGHTS = _weights((*FTS_WEIGHTS[:3], FTS_WEIGHTS[4]))
_TITLE_WEIGHTS = _weights((*TITLE_COLUMN_WEIGHTS, 0.0, 0.0))
# 1: rank divided by 1 + log(length): a long page that mentions the words once is no title.
_NORMALIZATION = 1


# A document matches in the versions searched only through their rows for its entry.
MATCHED_IN_VERSION = """documents AS d JOIN entries AS e ON e.id = d.entry_id
            JOIN entry_versions AS ev
              ON ev.entry_id = d.entry_id AND {scope} AND ev.document_id = d.id"""


def words_and_prefix(query: SearchQuery, *, prefix_from: int) -> tuple[str | None, str | None]:
    """The finished words, for websearch_to_tsquery (each quoted: nothing typed is syntax), and the
    last word still being typed, as a to_tsquery prefix (`'lis':*`); either may be None."""
    words = list(query.words)
    prefix = None
    if query.typing and words and len(words[-1]) >= prefix_from:
        tokens = _TOKEN.findall(words.pop())
        prefix = " <-> ".join(f"'{token}'" for token in tokens) + ":*" if tokens else None
    finished = " ".join(f'"{word}"' for word in words) or None
    return finished, prefix


def _tsquery(name: str, finished: bool, prefix: bool) -> str:
    """The tsquery of a full-text source `name` ("title", "text"): its finished words and its prefix."""
    parts = ([f"websearch_to_tsquery('english', :{name}_words)"] if finished else []) + (
        [f"to_tsquery('english', :{name}_prefix)"] if prefix else []
    )
    return " && ".join(parts)


class PostgresDialect(Dialect):
    MATCHED_IN_VERSION = MATCHED_IN_VERSION
    # As text, like SQLite's: the pool's connections would otherwise decode it already.
    PRESENCE = """CAST((SELECT json_agg(json_build_array(o.position, op.path, o.anchor) ORDER BY o.position)
               FROM entry_versions AS o JOIN pages AS op ON op.id = o.page_id
               WHERE o.entry_id = e.id) AS text) AS presence"""

    def log2(self, value: str) -> str:
        return f"(ln({value}) / ln(2))"

    def least(self, first: str, second: str) -> str:
        return f"LEAST({first}, {second})"

    def position(self, text: str, part: str) -> str:
        return f"strpos({text}, {part})"

    def is_mark(self, character: str) -> str:
        return f"{character} ~ '[^a-z0-9_]'"

    def full_text(self, query: SearchQuery, *, prefix_from: int) -> FullText | None:
        words, prefix = words_and_prefix(query, prefix_from=prefix_from)
        return (words is not None, prefix is not None) if words is not None or prefix is not None else None

    def word_in_documents(self, word: str) -> Statement:
        sql = "SELECT 1 FROM documents WHERE everything @@ plainto_tsquery('english', :word) LIMIT 1"
        return Statement(sql, {"word": word})

    def id_list(self, ids: tuple[int, ...]) -> object:
        return list(ids)

    def is_listed(self, column: str, parameter: str) -> str:
        return f"{column} = ANY(CAST(:{parameter} AS integer[]))"

    def semantic_parameters(self, nearest: Nearest) -> dict[str, object]:
        return {
            "semantic_documents": list(nearest.documents),
            "semantic_similarities": list(nearest.similarities),
            "semantic_floor": nearest.floor,
        }

    def full_text_parameters(self, query: SearchQuery, question: Question | None) -> dict[str, object]:
        text_words, text_prefix = words_and_prefix(query, prefix_from=MIN_TEXT_PREFIX_LENGTH)
        title_words, title_prefix = words_and_prefix(query, prefix_from=title_prefix_from(query))
        return {
            "text_words": text_words,
            "text_prefix": text_prefix,
            "title_words": title_words,
            "title_prefix": title_prefix,
            "phrase": " ".join(query.phrase),
            **answer_parameters(question),
        }

    def title_source(self, where: str, match: FullText) -> str:
        matched = _tsquery("title", *match)
        rank = f"ts_rank_cd({_TITLE_WEIGHTS}, d.titles, q.query, {_NORMALIZATION}) DESC"
        return f"""
            SELECT id, tier FROM (
                SELECT e.id, {self.tiers.fts_tier(TIER_TITLE, rank)} AS tier
                FROM (SELECT {matched} AS query) AS q, {self.matched_in_version}
                WHERE d.titles @@ q.query{where}
                ORDER BY {rank} LIMIT :source_limit) AS titled"""

    def answer_source(self, where: str, shape: AnswerShape) -> str:
        words = [_word_tsquery(f"answer_word_{index}", index, shape) for index in range(shape.words)]
        flags = ", ".join(
            f"d.answers @@ {word} AS a{index}, "
            f"CASE WHEN CAST(:body_counts_{index} AS boolean) THEN d.everything @@ {word} ELSE false END AS b{index}"
            for index, word in enumerate(words)
        )
        # ts_rank_cd weighs every word alike, so "file" would bury "json": candidates go by the rarity of the
        # words they hold, as bm25 orders them on SQLite. Equal ones by id: ts_rank_cd as the tie-break was
        # computed for every document holding a word (thousands), 5-10 ms of a question, and chose no answer
        # either half of the suite missed without it.
        held = " + ".join(
            f"CASE WHEN d.answers @@ {word} THEN w.r{index}_answer ELSE 0 END" for index, word in enumerate(words)
        )
        any_word = _word_tsquery("answer_any", None, shape)
        candidates = f"""SELECT id FROM (SELECT d.id FROM documents AS d CROSS JOIN w
                                        WHERE d.answers @@ {any_word}
                                        ORDER BY {held} DESC, d.id
                                        LIMIT {shape.word_candidates}) AS ranked
                         UNION {named_documents(self.tiers.in_version)}
                         {semantic_documents(shape, _NEAREST)}"""
        if shape.semantic:
            candidates = f"""SELECT c.id, coalesce(s.similarity, :semantic_floor) AS similarity
                             FROM ({candidates}) AS c LEFT JOIN {_NEAREST} AS s ON s.document_id = c.id"""
        # Per question, once: each word's rarity and synonyms, as columns of `w`.
        documents = "(SELECT max(id) FROM documents)"
        known = ", ".join(
            f"ln({documents} / (1.0 + {_lexeme_documents(index, 'in_answers')})) AS r{index}_answer, "
            f"ln({documents} / (1.0 + {_lexeme_documents(index, 'in_everything')})) AS r{index}_body, "
            f"ARRAY(SELECT name FROM synonyms WHERE term = :word_{index}) AS s{index}"
            for index in range(shape.words)
        )
        forms = ", ".join(f":name_form_{form}" for form in range(MAX_NAME_FORMS))
        known += f", ARRAY(SELECT name FROM synonyms WHERE term IN ({forms})) AS s_forms"
        if shape.last_typed:
            known += f", {_lexeme_documents(shape.words - 1, 'in_everything')} >= :finished AS last_finished"
        points = answer_points(shape, self)
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
                      ON ev.entry_id = d.entry_id AND {self.entry_in_scope} AND ev.document_id = d.id
                    WHERE d.id = c.id{where} OFFSET 0) AS answer) AS answered"""

    def rarity(self, index: int, where: str, shape: AnswerShape) -> str:
        del shape  # every word's rarity is a column of `w`, worked out once per question
        return f"w.r{index}_{where}"

    def synonym(self, index: int | None, shape: AnswerShape) -> str:
        del shape  # the synonyms, too, are looked up once per question, into `w`
        return f"e.last_lower = ANY(w.s{index})" if index is not None else "e.last_lower = ANY(w.s_forms)"

    def phrase_source(self, where: str) -> str:
        return f"""
            SELECT id, {TIER_TITLE_PHRASE} FROM (
                SELECT e.id FROM {self.matched_in_version}
                WHERE d.titles_as_written @@ phraseto_tsquery('simple', :phrase){where}
                LIMIT :source_limit) AS phrased"""

    def text_source(self, where: str, match: FullText) -> str:
        matched = _tsquery("text", *match)
        rank = f"ts_rank_cd({_EVERYTHING_WEIGHTS}, d.everything, q.query, {_NORMALIZATION}) DESC"
        return f"""
            SELECT id, tier FROM (
                SELECT e.id, {self.tiers.fts_tier(TIER_TEXT, rank)} AS tier
                FROM (SELECT {matched} AS query) AS q, {self.matched_in_version}
                WHERE d.everything @@ q.query{where}
                  -- Too common to rank (every match is ranked before the first row): left to the other tiers.
                  AND (SELECT count(*) FROM (SELECT 1 FROM documents WHERE everything @@ q.query
                                             LIMIT {TEXT_MATCH_LIMIT + 1}) AS common) <= {TEXT_MATCH_LIMIT}
                ORDER BY {rank} LIMIT :source_limit) AS texts"""

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


def _lexeme_documents(index: int, column: str) -> str:
    """How many documents hold question word `index`, from the counts the loader keeps per lexeme."""
    return f"""(SELECT coalesce(max({column}), 0) FROM lexeme_documents
                WHERE lexeme = ANY(tsvector_to_array(to_tsvector('english', :word_{index}))))"""
