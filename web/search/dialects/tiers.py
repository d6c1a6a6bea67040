"""The ranked statement's plain-SQL parts, shared by every engine: name tiers, the prior, the ranked shell.

A ranked statement is a UNION of candidate sources, one per tier (web/search/ranking.py);
`best` keeps each entry's highest tier, `ranked` adds the prior and orders them, and
only the few hits shown fetch their text. The name sources are plain SQL, written
here once; full-text sources are each engine's own (`fts5.py`, `postgres.py`), as are
the few functions engines spell differently (`Spelling`, which every Dialect is).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

from parser.profile import DocsetProfile
from web.search.filters import conditions
from web.search.query import MIN_PREFIX_LENGTH, SearchQuery

if TYPE_CHECKING:
    from web.search.dialects.answers import AnswerShape
from web.search.ranking import (
    BUILTIN_BONUS,
    BUILTIN_MEMBER_BONUS,
    C_API_PENALTY,
    CASE_EXACT_NAME_BONUS,
    DEEPER_NAME_PENALTY,
    LIBRARY_BARE_NAME_TIER,
    LIBRARY_BARE_PREFIX_TIER,
    LIBRARY_PENALTY,
    LOW_TIER_PRIOR_FACTOR,
    MIN_TITLE_PREFIX_LENGTH,
    NAMED_DOCSET_BONUS,
    POPULARITY_WEIGHT,
    REMOVED_PENALTY,
    SHORT_QUERY_LENGTH,
    SHORT_QUERY_SOURCE_LIMIT,
    SOURCE_LIMIT,
    SOURCE_RANK_SPAN,
    SOURCE_RANK_STEP,
    TIER_DOTTED_MEMBER,
    TIER_DOTTED_MEMBER_PREFIX,
    TIER_DOTTED_SUFFIX,
    TIER_EXACT,
    TIER_MEMBER,
    TIER_MEMBER_PREFIX,
    TIER_NAME_PREFIX,
    TIER_SECTION_PREFIX,
    TIER_TITLE,
    TIER_TITLE_PHRASE,
    UNTYPED_LETTER_PENALTY,
    UNTYPED_LETTERS_PENALTY_CAP,
)

# The highest code point: `name < :name || this` bounds an index range scan to names starting with :name
# (engines compare names code point by code point: SQLite always, PostgreSQL in the "C" collation).
AFTER_EVERY_NAME = "\uffff"


# An entry's docset as it appears in the `:named_docsets` list (`,flask,django,`).
DOCSET_IN_LIST = "',' || e.docset || ','"

# Every statement that returns hits reads the entry `e`, its row for one version `ev` (joined by each
# statement: the version asked for, or the newest that has it), the document `d` and the page `p`.
HIT_JOINS = "JOIN documents AS d ON d.id = ev.document_id JOIN pages AS p ON p.id = ev.page_id"

# An entry's other names (`requests.sessions.Session` beside `requests.Session`: parser/entries.py) would show
# one description twice. The full-text sources leave them out (their text is the entry's); the name sources
# count a match of one for the entry it names (`flask.app.Fla` finds flask.Flask), except the name typed whole.
NOT_ALIAS = " AND ev.alias_of IS NULL"
NAMED_ENTRY = "CASE WHEN ev.alias_of IS NULL OR e.name_lower = :name THEN e.id ELSE ev.alias_of END"

# A full-text source as an engine matches it: (finished words?, a prefix being typed?).
FullText = tuple[bool, bool]


class Spelling(Protocol):
    """What plain SQL leaves to each engine, in the few places the shared parts need it: a Dialect."""

    # Joins written in the order they should run. SQLite's CROSS JOIN keeps that order (its planner,
    # left to itself, walked every row of a version first); PostgreSQL plans these well unaided.
    ORDERED_JOIN: str

    def log2(self, value: str) -> str: ...
    def least(self, first: str, second: str) -> str: ...
    def position(self, text: str, part: str) -> str: ...
    def rarity(self, index: int, where: str, shape: AnswerShape) -> str: ...
    def synonym(self, index: int | None, shape: AnswerShape) -> str: ...


def name_parameters(query: SearchQuery, *, limit: int, offset: int = 0) -> dict[str, object]:
    """The parameters of the name sources and the ranked shell; each engine adds its full-text ones."""
    typed_last = query.typed_name.rsplit(".", 1)[-1]
    return {
        "name": query.as_name,
        "singular": _singular(query.as_name),
        "name_end": query.as_name + AFTER_EVERY_NAME,
        "last": query.last_segment,
        "last_end": query.last_segment + AFTER_EVERY_NAME,
        "suffix": "%." + _like_escape(query.as_name),
        "dotted": "." in query.as_name,
        "pythonic": query.pythonic,
        # The last segment as typed, its case kept: `Session` typed is a class's name, `session` anyone's.
        "typed_last": typed_last,
        "typed_name": query.typed_name,
        "cased": typed_last != typed_last.lower(),
        **query.filters.parameters,
        "limit": limit,
        "offset": offset,
        "source_limit": SOURCE_LIMIT if len(query.as_name) > SHORT_QUERY_LENGTH else SHORT_QUERY_SOURCE_LIMIT,
    }


def title_prefix_from(query: SearchQuery) -> int:
    """How many letters the word being typed needs before title words are matched as its prefix."""
    return MIN_PREFIX_LENGTH if len(query.words) > 1 else MIN_TITLE_PREFIX_LENGTH


def _singular(name: str) -> str:
    """`descriptors` → descriptor; anything else (a name, `os`, `class`) is left as it is."""
    if len(name) >= 5 and name.isalpha() and name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def case(column: str, values: Mapping[str, float]) -> str:
    """`CASE column WHEN 'key' THEN value … ELSE 0 END` for a table of weights (0 when the table is empty)."""
    if not values:
        return "0"
    branches = " ".join(f"WHEN {quoted(key)} THEN {value}" for key, value in values.items())
    return f"CASE {column} {branches} ELSE 0 END"


def quoted(text: str) -> str:
    """`text` as an SQL string literal; a profile's names are data, not SQL."""
    return "'" + text.replace("'", "''") + "'"


class Tiers:
    """The plain-SQL sources and the ranked shell, in one engine's spelling."""

    def __init__(self, spelling: Spelling, profile: DocsetProfile, *, entry_in_scope: str) -> None:
        self.spelling = spelling
        self.profile = profile
        # The scope condition on an entry's version rows `ev`, joined by its id (Dialect.ENTRY_SCOPE_COLUMN).
        self.entry_in_scope = entry_in_scope
        join = spelling.ORDERED_JOIN
        # The entry's row in the versions searched; or, for what they lack, in the newest that has it.
        self.in_version = f"{join} entry_versions AS ev ON ev.entry_id = e.id AND {entry_in_scope}"
        self.in_newest = (
            f"{join} entry_versions AS ev ON ev.entry_id = e.id"
            " AND ev.position = (SELECT min(position) FROM entry_versions WHERE entry_id = e.id)"
        )

    def fts_tier(self, tier: int, order: str) -> str:
        """A full-text tier spread by its rank order: the best matches first, the rest left to the prior."""
        place = f"row_number() OVER (ORDER BY {order})"
        spread = self.spelling.least(str(SOURCE_RANK_SPAN), f"{SOURCE_RANK_STEP} * {place}")
        return f"{tier} + {SOURCE_RANK_SPAN} - {spread}"

    @property
    def prior(self) -> str:
        """The static prior of an entry `e` in version row `ev`: web/search/ranking.py has each number's reason,
        the docset's profile (parser/profiles/) its kind and area weights."""
        log2, position, profile = self.spelling.log2, self.spelling.position, self.profile
        c_api = " OR ".join(["e.domain = 'c'", *(f"ev.area = {quoted(area)}" for area in profile.c_api_areas)])
        return f"""
      {POPULARITY_WEIGHT} * {log2("1 + ev.popularity")}
    + {case("e.kind", profile.kind_bonus)}
    - {case("e.kind", profile.kind_penalty)}
    + CASE WHEN ev.builtin THEN (CASE WHEN {position("e.name", "'.'")} = 0 THEN {BUILTIN_BONUS}
                                      ELSE {BUILTIN_MEMBER_BONUS} END) ELSE 0 END
    - {case("ev.area", profile.area_penalty)}
    - CASE WHEN :pythonic AND ({c_api}) THEN {C_API_PENALTY} ELSE 0 END
"""

    def members(self, scope: str, where: str) -> str:
        """Entries whose last segment is the query's last segment: exact, dotted suffix, or bare member."""
        return f"""
        SELECT {NAMED_ENTRY},
               CASE WHEN e.name_lower = :name THEN {TIER_EXACT}
                    WHEN e.name_lower LIKE :suffix ESCAPE '\\' THEN {TIER_DOTTED_SUFFIX}
                    WHEN :dotted THEN {TIER_DOTTED_MEMBER}
                    ELSE {TIER_MEMBER} END
        FROM entries AS e {scope} WHERE e.last_lower = :last{where}"""

    def exact_name(self, scope: str, where: str) -> str:
        return f"SELECT e.id, {TIER_EXACT} FROM entries AS e {scope} WHERE e.name_lower = :name{where}"

    def glossary_singular(self, scope: str, where: str) -> str:
        """A plural concept ("descriptors", "generators") is its glossary term's name."""
        return f"""SELECT e.id, {TIER_MEMBER} FROM entries AS e {scope}
                   WHERE e.name_lower = :singular AND e.kind = 'term'{where}"""

    def name_prefixes(self, scope: str, where: str) -> str:
        return f"""
        SELECT id, tier FROM (
            SELECT {NAMED_ENTRY} AS id,
                   CASE WHEN e.domain = '' THEN {TIER_SECTION_PREFIX} ELSE {TIER_NAME_PREFIX} END AS tier
            FROM entries AS e {scope}
            WHERE e.name_lower > :name AND e.name_lower < :name_end{where} LIMIT :source_limit) AS prefixed"""

    def member_prefixes(self, scope: str, where: str) -> str:
        """Last segments that start with the query's: `rep` → str.replace. A dotted query keeps to names
        that hold all of it (`path.exi` → os.path.exists), so `json.lo` does not list logging and locals."""
        return f"""
        SELECT id, CASE WHEN :dotted THEN {TIER_DOTTED_MEMBER_PREFIX} ELSE {TIER_MEMBER_PREFIX} END FROM (
            SELECT {NAMED_ENTRY} AS id FROM entries AS e {scope}
            WHERE e.last_lower > :last AND e.last_lower < :last_end
              AND (NOT :dotted OR {self.spelling.position("e.name_lower", ":name")} > 0){where}
            LIMIT :source_limit) AS members"""

    def name_sources(self, scope: str, where: str, *, member_prefixes: bool) -> list[str]:
        # The prefix sources stop at SOURCE_LIMIT names in name order: the lead docset's and the libraries'
        # are two sources, so that a library's headings ("Databases", "Data types") never take the places of
        # Python's names (`d` → datetime) before they are ranked.
        lead, libraries = f"{where} AND e.docset = :lead", f"{where} AND e.docset != :lead"
        sources = [
            self.members(scope, where),
            self.exact_name(scope, where),
            self.glossary_singular(scope, where),
            self.name_prefixes(scope, lead),
            self.name_prefixes(scope, libraries),
        ]
        if member_prefixes:
            sources.extend((self.member_prefixes(scope, lead), self.member_prefixes(scope, libraries)))
        return sources

    def elsewhere(self, *, narrowing: tuple[str, ...], hit_columns: str) -> str:
        """Names only (what a user means by typing a name another version has), each in its newest version."""
        # Only the lead docset's: a library has one version, and a docset left out of the scope is not "missing".
        absent = (
            " AND e.docset = :lead"
            f" AND NOT EXISTS (SELECT 1 FROM entry_versions AS ev WHERE ev.entry_id = e.id AND {self.entry_in_scope})"
        )
        sources = self.name_sources(self.in_newest, conditions(narrowing) + absent, member_prefixes=False)
        return self.ranked_hits(sources, scope=self.in_newest, hit_columns=hit_columns)

    def ranked_hits(self, sources: list[str], *, scope: str, hit_columns: str, keep: str | None = None) -> str:
        """Each entry's best tier plus the prior, ordered; the page of hits asked for, with their text.
        `keep`, a condition on a candidate's `id`, leaves the others out before they are ranked or counted."""
        candidates = "\n        UNION ALL\n".join(sources)
        named = f"{self.spelling.position(':named_docsets', DOCSET_IN_LIST)} > 0"
        # By the tier a source found: a library heading counted as a title (below) keeps its whole prior.
        low_tier = f"best.tier < {TIER_MEMBER_PREFIX}"
        untyped = f"""{UNTYPED_LETTER_PENALTY} * CASE WHEN best.tier = {TIER_NAME_PREFIX}
                                                   THEN length(e.name_lower) - length(:name)
                                                   ELSE length(e.last_lower) - length(:last) END"""
        untyped_part = "substr(e.name_lower, length(:name) + 1)"
        deeper = f"{self.spelling.position(untyped_part, quoted('.'))} > 0"
        # A name typed with capitals that ends with exactly what was typed (`Session`: requests.Session).
        case_exact = ":cased AND substr(e.name, length(e.name) - length(:typed_last) + 1) = :typed_last"
        return f"""
    WITH candidates (id, tier) AS ({candidates}
    ),
    best AS (SELECT id, max(tier) AS tier FROM candidates{f" WHERE {keep}" if keep else ""} GROUP BY id),
    ranked AS (
        SELECT e.id, e.name, best.tier AS tier,
               best.tier + ({self.prior}) * CASE WHEN {low_tier} THEN {LOW_TIER_PRIOR_FACTOR} ELSE 1 END
                   + CASE WHEN {low_tier} THEN {case("ev.area", self.profile.explaining_area_bonus)} ELSE 0 END
                   - CASE WHEN best.tier IN ({TIER_NAME_PREFIX}, {TIER_MEMBER_PREFIX})
                          THEN {self.spelling.least(str(UNTYPED_LETTERS_PENALTY_CAP), untyped)} ELSE 0 END
                   - CASE WHEN best.tier = {TIER_NAME_PREFIX} AND {deeper} THEN {DEEPER_NAME_PENALTY} ELSE 0 END
                   - CASE WHEN ev.removed AND best.tier < {TIER_DOTTED_SUFFIX} THEN {REMOVED_PENALTY} ELSE 0 END
                   - CASE WHEN {named} THEN -{NAMED_DOCSET_BONUS}
                          WHEN e.docset = :lead THEN 0
                          WHEN e.domain = '' AND best.tier = {TIER_EXACT}
                          THEN {LIBRARY_PENALTY} + best.tier - {TIER_TITLE_PHRASE}
                          WHEN e.domain = '' AND best.tier >= {TIER_SECTION_PREFIX}
                          THEN {LIBRARY_PENALTY} + best.tier - {TIER_TITLE}
                          WHEN NOT :dotted AND best.tier >= {TIER_DOTTED_SUFFIX} AND NOT ({case_exact})
                          THEN {LIBRARY_PENALTY} + best.tier - {LIBRARY_BARE_NAME_TIER}
                          WHEN NOT :dotted AND best.tier = {TIER_NAME_PREFIX}
                          THEN {LIBRARY_PENALTY} + best.tier - {LIBRARY_BARE_PREFIX_TIER}
                          ELSE {LIBRARY_PENALTY} END
                   + CASE WHEN best.tier = {TIER_EXACT} AND e.name = :typed_name THEN {CASE_EXACT_NAME_BONUS} ELSE 0 END
                   AS score,
               -- Every source joins the same scope, so each entry of `best` has its row there: counting
               -- `best` once is the total, where a window over the join kept every row to count them.
               (SELECT count(*) FROM best) AS total
        FROM best JOIN entries AS e ON e.id = best.id {scope}
        ORDER BY score DESC, length(e.name), e.name_lower
        LIMIT :limit OFFSET :offset
    )
    -- Only the few hits shown fetch their text.
    SELECT {hit_columns}, ranked.tier, ranked.score, ranked.total
    FROM ranked JOIN entries AS e ON e.id = ranked.id {scope} {HIT_JOINS}
    ORDER BY ranked.score DESC, length(e.name), e.name_lower
    """
