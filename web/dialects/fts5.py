"""SQLite's dialect: FTS5 MATCH expressions, bm25, and the ranked statement built from named sources.

Each source finds candidates for one tier (web/ranking.py); `best` keeps each
entry's highest tier, `ranked` adds the prior and orders them, and only the few
hits shown fetch their text. Statements are built once per query shape and reused.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from web.dialects import HIT_JOINS, Dialect, Statement
from web.query import MIN_PREFIX_LENGTH, Query
from web.ranking import (
    AREA_PENALTY,
    BUILTIN_BONUS,
    BUILTIN_MEMBER_BONUS,
    C_API_PENALTY,
    EXPLAINING_AREA_BONUS,
    KIND_BONUS,
    KIND_PENALTY,
    LOW_TIER_PRIOR_FACTOR,
    POPULARITY_WEIGHT,
    SHORT_QUERY_LENGTH,
    SHORT_QUERY_SOURCE_LIMIT,
    SOURCE_LIMIT,
    SOURCE_RANK_SPAN,
    SOURCE_RANK_STEP,
    TEXT_MATCH_LIMIT,
    TIER_DOTTED_MEMBER,
    TIER_DOTTED_MEMBER_PREFIX,
    TIER_DOTTED_SUFFIX,
    TIER_EXACT,
    TIER_MEMBER,
    TIER_MEMBER_PREFIX,
    TIER_NAME_PREFIX,
    TIER_SECTION_PREFIX,
    TIER_TEXT,
    TIER_TITLE,
    TIER_TITLE_PHRASE,
    TITLE_COLUMN_WEIGHTS,
    UNTYPED_LETTER_PENALTY,
    UNTYPED_LETTERS_PENALTY_CAP,
)

# Body text is far larger than titles: there a prefix (`len*`: length, lengths…)
# costs a millisecond of ranking, so it waits for a longer word.
MIN_TEXT_PREFIX_LENGTH = 5
# Swapped in for a body-text query too common to rank: no entry's text holds this token,
# so FTS5 finds nothing at once instead of ranking thousands of matches first.
_UNMATCHABLE_TERM = "zzzzqqqqnomatch"
# The highest code point: `name < :name || this` bounds an index range scan to names starting with :name.
_AFTER_EVERY_NAME = "\uffff"


def match_expression(query: Query, *, prefix_from: int = MIN_TEXT_PREFIX_LENGTH) -> str | None:
    """The words as an FTS5 query, every word quoted so no user text is syntax."""
    if not query.words:
        return None
    terms = [f'"{word}"' for word in query.words]
    if query.typing and len(query.words[-1]) >= prefix_from:
        terms[-1] += "*"
    return " ".join(terms)


def phrase_match_expression(query: Query) -> str | None:
    """The words as typed, stop words included, as one FTS5 phrase in titles and index keywords."""
    return f'{{title keywords}} : "{" ".join(query.phrase)}"' if query.phrase else None


def title_match_expression(query: Query) -> str | None:
    """The same words, matched only in titles and the docs' index keywords."""
    expression = match_expression(query, prefix_from=MIN_PREFIX_LENGTH)
    return f"{{title keywords}} : ({expression})" if expression else None


class Fts5Dialect(Dialect):
    # unpack_text is registered on every connection by web/database/sqlite.py; short bodies are plain.
    BODY = "CASE WHEN typeof(d.body) = 'text' THEN d.body ELSE unpack_text(d.body) END"

    def ranked(self, query: Query, *, position: int, limit: int, offset: int = 0) -> Statement:
        text = match_expression(query)
        sql = _ranked_sql(
            titles=text is not None and max(len(word) for word in query.words) > 1,
            phrase=bool(query.phrase),
            # `email.` has no last segment yet: every name would be its "member", none of them meant.
            member_prefixes=bool(query.last_segment),
            text=query.searches_text,
            kind=query.kind is not None,
            area=query.area is not None,
            hit_columns=self.hit_columns,
        )
        return Statement(sql, _parameters(query, position=position, limit=limit, offset=offset))

    def elsewhere(self, query: Query, *, position: int, limit: int) -> Statement:
        sql = _elsewhere_sql(kind=query.kind is not None, area=query.area is not None, hit_columns=self.hit_columns)
        return Statement(sql, _parameters(query, position=position, limit=limit))

    def known_term(self, word: str) -> Statement:
        return Statement("SELECT 1 FROM vocabulary WHERE term = :term", {"term": word})

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


def _parameters(query: Query, *, position: int, limit: int, offset: int = 0) -> dict[str, object]:
    return {
        "name": query.as_name,
        "name_end": query.as_name + _AFTER_EVERY_NAME,
        "last": query.last_segment,
        "last_end": query.last_segment + _AFTER_EVERY_NAME,
        "suffix": "%." + _like_escape(query.as_name),
        "dotted": int("." in query.as_name),
        "fts": match_expression(query),
        "fts_title": title_match_expression(query),
        "fts_phrase": phrase_match_expression(query),
        "pythonic": int(query.pythonic),
        "kind": query.kind,
        "area": query.area,
        "position": position,
        "limit": limit,
        "offset": offset,
        "source_limit": SOURCE_LIMIT if len(query.as_name) > SHORT_QUERY_LENGTH else SHORT_QUERY_SOURCE_LIMIT,
    }


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _case(column: str, values: Mapping[str, float]) -> str:
    """`CASE column WHEN 'key' THEN value … ELSE 0 END` for a table of weights from web/ranking.py."""
    branches = " ".join(f"WHEN '{key.replace(chr(39), chr(39) * 2)}' THEN {value}" for key, value in values.items())
    return f"CASE {column} {branches} ELSE 0 END"


# The static prior of an entry `e` in version row `ev` (web/ranking.py has each number's reason).
_PRIOR = f"""
      {POPULARITY_WEIGHT} * log2(1 + ev.popularity)
    + {_case("e.kind", KIND_BONUS)}
    - {_case("e.kind", KIND_PENALTY)}
    + CASE WHEN ev.builtin THEN (CASE WHEN instr(e.name, '.') = 0 THEN {BUILTIN_BONUS}
                                      ELSE {BUILTIN_MEMBER_BONUS} END) ELSE 0 END
    - {_case("ev.area", AREA_PENALTY)}
    - CASE WHEN :pythonic AND (e.domain = 'c' OR ev.area = 'c-api') THEN {C_API_PENALTY} ELSE 0 END
"""
_TITLE_RANK = f"bm25(documents_fts, {', '.join(str(weight) for weight in TITLE_COLUMN_WEIGHTS)})"
# The entry's row in the version searched; or, for what that version lacks, in the newest that has it.
# CROSS JOIN keeps SQLite's join order: names are looked up in entries' own indexes first, then each
# found entry's row for the version; left to itself the planner walked every row of the version.
_IN_VERSION = "CROSS JOIN entry_versions AS ev ON ev.entry_id = e.id AND ev.position = :position"
_IN_NEWEST = (
    "CROSS JOIN entry_versions AS ev ON ev.entry_id = e.id"
    " AND ev.position = (SELECT min(position) FROM entry_versions WHERE entry_id = e.id)"
)
_ABSENT = " AND NOT EXISTS (SELECT 1 FROM entry_versions WHERE entry_id = e.id AND position = :position)"


def _fts_tier(tier: int, order: str) -> str:
    """A full-text tier spread by FTS rank: the best matches first, the rest left to the prior."""
    place = f"row_number() OVER (ORDER BY {order})"
    return f"{tier} + {SOURCE_RANK_SPAN} - min({SOURCE_RANK_SPAN}, {SOURCE_RANK_STEP} * {place})"


def _members(scope: str, filters: str) -> str:
    """Entries whose last segment is the query's last segment: exact, dotted suffix, or bare member."""
    return f"""
        SELECT e.id,
               CASE WHEN e.name_lower = :name THEN {TIER_EXACT}
                    WHEN e.name_lower LIKE :suffix ESCAPE '\\' THEN {TIER_DOTTED_SUFFIX}
                    WHEN :dotted THEN {TIER_DOTTED_MEMBER}
                    ELSE {TIER_MEMBER} END
        FROM entries AS e {scope} WHERE e.last_lower = :last{filters}"""


def _exact_name(scope: str, filters: str) -> str:
    return f"SELECT e.id, {TIER_EXACT} FROM entries AS e {scope} WHERE e.name_lower = :name{filters}"


def _name_prefixes(scope: str, filters: str) -> str:
    return f"""
        SELECT id, tier FROM (
            SELECT e.id,
                   CASE WHEN e.domain = '' THEN {TIER_SECTION_PREFIX} ELSE {TIER_NAME_PREFIX} END AS tier
            FROM entries AS e {scope}
            WHERE e.name_lower > :name AND e.name_lower < :name_end{filters} LIMIT :source_limit)"""


def _member_prefixes(scope: str, filters: str) -> str:
    """Last segments that start with the query's: `rep` → str.replace. A dotted query keeps to names
    that hold all of it (`path.exi` → os.path.exists), so `json.lo` does not list logging and locals."""
    return f"""
        SELECT id, CASE WHEN :dotted THEN {TIER_DOTTED_MEMBER_PREFIX} ELSE {TIER_MEMBER_PREFIX} END FROM (
            SELECT e.id FROM entries AS e {scope}
            WHERE e.last_lower > :last AND e.last_lower < :last_end
              AND (NOT :dotted OR instr(e.name_lower, :name) > 0){filters} LIMIT :source_limit)"""


# A document matches in the version searched only through that version's row for its entry. CROSS JOIN
# keeps the full-text match first: given the choice, the planner walked the version's rows instead.
_MATCHED_IN_VERSION = """documents_fts AS f CROSS JOIN documents AS d ON d.id = f.rowid
            CROSS JOIN entries AS e ON e.id = d.entry_id
            CROSS JOIN entry_versions AS ev
              ON ev.entry_id = d.entry_id AND ev.position = :position AND ev.document_id = d.id"""


def _titles(filters: str) -> str:
    return f"""
        SELECT id, tier FROM (
            SELECT e.id, {_fts_tier(TIER_TITLE, _TITLE_RANK)} AS tier
            FROM {_MATCHED_IN_VERSION}
            WHERE documents_fts MATCH :fts_title{filters}
            ORDER BY {_TITLE_RANK} LIMIT :source_limit)"""


def _title_phrase(filters: str) -> str:
    return f"""
        SELECT id, {TIER_TITLE_PHRASE} FROM (
            SELECT e.id FROM {_MATCHED_IN_VERSION}
            WHERE documents_fts MATCH :fts_phrase{filters} LIMIT :source_limit)"""


def _body_text(filters: str) -> str:
    return f"""
        SELECT id, tier FROM (
            SELECT e.id, {_fts_tier(TIER_TEXT, "rank")} AS tier
            FROM {_MATCHED_IN_VERSION}
            WHERE documents_fts MATCH (
                -- FTS5 ranks every match before the first row comes out, so a too-common
                -- word is swapped for a term no entry has instead of being filtered later.
                CASE WHEN (SELECT count(*) FROM documents_fts WHERE documents_fts MATCH :fts) <= {TEXT_MATCH_LIMIT}
                     THEN :fts ELSE '"{_UNMATCHABLE_TERM}"' END){filters}
            ORDER BY rank LIMIT :source_limit)"""


def _ranked_hits(candidates: str, *, scope: str, hit_columns: str) -> str:
    low_tier = f"best.tier < {TIER_MEMBER_PREFIX}"
    return f"""
    WITH candidates (id, tier) AS ({candidates}
    ),
    best AS (SELECT id, max(tier) AS tier FROM candidates GROUP BY id),
    ranked AS (
        SELECT e.id, e.name, best.tier AS tier,
               best.tier + ({_PRIOR}) * CASE WHEN {low_tier} THEN {LOW_TIER_PRIOR_FACTOR} ELSE 1 END
                   + CASE WHEN {low_tier} THEN {_case("ev.area", EXPLAINING_AREA_BONUS)} ELSE 0 END
                   - CASE WHEN best.tier IN ({TIER_NAME_PREFIX}, {TIER_MEMBER_PREFIX})
                          THEN min({UNTYPED_LETTERS_PENALTY_CAP},
                                   {UNTYPED_LETTER_PENALTY} * (length(e.last_lower) - length(:last))) ELSE 0 END
                   AS score,
               count(*) OVER () AS total
        FROM best JOIN entries AS e ON e.id = best.id {scope}
        ORDER BY score DESC, length(e.name), e.name_lower
        LIMIT :limit OFFSET :offset
    )
    -- Only the few hits shown fetch their text.
    SELECT {hit_columns}, ranked.tier, ranked.score, ranked.total
    FROM ranked JOIN entries AS e ON e.id = ranked.id {scope} {HIT_JOINS}
    ORDER BY ranked.score DESC, length(e.name), e.name_lower
    """


def _filters(*, kind: bool, area: bool) -> str:
    return (" AND e.kind = :kind" if kind else "") + (" AND ev.area = :area" if area else "")


@functools.cache
def _ranked_sql(
    *, titles: bool, phrase: bool, member_prefixes: bool, text: bool, kind: bool, area: bool, hit_columns: str
) -> str:
    """The ranked SELECT for one query shape: which sources run, which filters apply."""
    filters = _filters(kind=kind, area=area)
    sources = [_members(_IN_VERSION, filters), _exact_name(_IN_VERSION, filters), _name_prefixes(_IN_VERSION, filters)]
    if member_prefixes:
        sources.append(_member_prefixes(_IN_VERSION, filters))
    if titles:
        sources.append(_titles(filters))
    if phrase:
        sources.append(_title_phrase(filters))
    if text:
        sources.append(_body_text(filters))
    return _ranked_hits("\n        UNION ALL\n".join(sources), scope=_IN_VERSION, hit_columns=hit_columns)


@functools.cache
def _elsewhere_sql(*, kind: bool, area: bool, hit_columns: str) -> str:
    """Names only (what a user means by typing a name another version has), each in its newest version."""
    filters = _filters(kind=kind, area=area) + _ABSENT
    sources = [
        _members(_IN_NEWEST, filters),
        _exact_name(_IN_NEWEST, filters),
        _name_prefixes(_IN_NEWEST, filters),
    ]
    return _ranked_hits("\n        UNION ALL\n".join(sources), scope=_IN_NEWEST, hit_columns=hit_columns)
