"""Dialects: the SQL each engine runs for search, written from one SearchQuery and the weights in web/search/ranking.py.

A Dialect writes statements and nothing else: the Database runs them, the search
service decides which to run. The statements are written here, once, as templates;
the plain-SQL parts they share are in `tiers.py`. An engine (`fts5.py`, `postgres.py`)
fills the templates one way only, by methods: its full-text sources and their
parameters, and the few functions engines spell differently.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from parser.profile import DocsetProfile
from web.search.dialects.answers import AnswerShape, synonym_in_table
from web.search.dialects.tiers import HIT_JOINS, NOT_ALIAS, FullText, Tiers, name_parameters, quoted, title_prefix_from
from web.search.filters import conditions
from web.search.lru import LruCache
from web.search.query import SearchQuery
from web.search.questions import NO_COMMON_WORDS, CommonWords, Question, question_of
from web.search.ranking import MIN_TEXT_PREFIX_LENGTH
from web.search.scope import Scope, in_scope

if TYPE_CHECKING:
    from web.search.semantic import Nearest

# Statements kept written (Dialect._written): every keystroke shape, and the questions in use.
STATEMENTS_KEPT = 512


class Statement(NamedTuple):
    sql: str
    parameters: Mapping[str, Any]
    # Its best plan depends on its parameters' values (a question's words and nearest documents): an engine
    # that plans a statement once for all its runs plans this one for each (web/search/database/postgres.py).
    # Third, so that `reader.fetch(*statement)` passes it on.
    planned_each_run: bool = False


@dataclass(frozen=True, slots=True)
class RankedShape:
    """What a ranked statement's text depends on, so one is written per shape and reused: which sources
    run (a full-text one as its FullText, or None), and which filters narrow it."""

    narrowing: tuple[str, ...]
    member_prefixes: bool
    titles: FullText | None
    answers: AnswerShape | None
    phrase: bool
    text: FullText | None
    excluding: bool = False  # some entries are left out (`excluded`): shown already, before these


class Dialect(ABC):
    """Statements over the docs.db schema; subclasses add their engine's full-text search.

    A search covers a Scope (web/search/scope.py): the versions searched together, one per docset,
    `scope_size` at most; `lead` is the identifier of the docset whose versions a reader switches between.
    """

    # The full-text match joined to the versions searched; `{scope}` is the condition on `ev`.
    MATCHED_IN_VERSION: str

    def __init__(
        self,
        profile: DocsetProfile,
        *,
        scope_size: int = 1,
        lead: str = "python",
        docset_words: Mapping[str, str] | None = None,
        common_words: CommonWords = NO_COMMON_WORDS,
    ) -> None:
        self.profile = profile
        # The words too common to seek a question's candidates or count in its answers' bodies (questions.py).
        self.common_words = common_words
        self.scope_size = scope_size
        self.lead = lead
        # The words that name a library (`flask`, `jinja`): a query holding one means that library too.
        self.docset_words = dict(docset_words or {})
        self.in_scope = in_scope("ev.position", scope_size)
        # An entry's own rows in the scope, found by its id: see ENTRY_SCOPE_COLUMN.
        self.entry_in_scope = in_scope(self.ENTRY_SCOPE_COLUMN, scope_size)
        self.matched_in_version = self.MATCHED_IN_VERSION.format(scope=self.entry_in_scope)
        self.tiers = Tiers(self, profile, entry_in_scope=self.entry_in_scope)
        # Statements are written once per shape and reused: a keystroke only binds its parameters. Bounded all
        # the same: the shapes are many in principle (filters, words, phrases) and a question's is ~13 kB.
        self._written: LruCache[object, str] = LruCache(STATEMENTS_KEPT)

    # The position column as the scope condition names it where an entry's version rows are joined by its id
    # (every source's candidates): an engine may keep it out of the index choice (fts5.py).
    ENTRY_SCOPE_COLUMN = "ev.position"
    # How a document's body is read back; an engine that stores it packed unpacks it here.
    BODY = "d.body"
    # Each hit's presence in every version, newest first, as JSON text: [[position, page, anchor], ...].
    PRESENCE = """(SELECT json_group_array(json_array(o.position, op.path, o.anchor))
               FROM (SELECT * FROM entry_versions WHERE entry_id = e.id ORDER BY position) AS o
               JOIN pages AS op ON op.id = o.page_id) AS presence"""

    @property
    def hit_columns(self) -> str:
        """What every hit needs, written once for every statement that returns hits."""
        return (
            "e.id, e.name, e.kind, ev.area, ev.position, p.path AS page, ev.anchor, d.title, d.breadcrumb, "
            f"d.signature, d.summary, {self.BODY} AS body, d.version_notes, {self.PRESENCE}"
        )

    def marked_name_edges(self) -> Statement:
        """Two-character starts and ends (columns start, finish) of the names that begin or end with a mark."""
        last_two = "substr(name_lower, length(name_lower) - 1)"
        first, last = "substr(name_lower, 1, 1)", "substr(name_lower, length(name_lower))"
        # The lead docset's (Python's) names only: a library's heading ending a sentence ("…this bind is
        # ignored.", SQLAlchemy's error pages) would keep the dot of `os.` typed, so that it named nothing.
        sql = f"""SELECT DISTINCT substr(name_lower, 1, 2) AS start, {last_two} AS finish FROM entries
                  WHERE docset = {quoted(self.lead)} AND ({self.is_mark(first)} OR {self.is_mark(last)})"""
        return Statement(sql, {})

    def count_by_area(self, *, scope: Scope) -> Statement:
        sql = f"SELECT ev.area, count(*) AS n FROM entry_versions AS ev WHERE {self.in_scope} GROUP BY ev.area"
        return Statement(sql, scope.parameters(self.scope_size))

    def count_by_kind(self, *, scope: Scope) -> Statement:
        sql = f"""SELECT e.kind, count(*) AS n FROM entry_versions AS ev JOIN entries AS e ON e.id = ev.entry_id
                 WHERE {self.in_scope} GROUP BY e.kind ORDER BY n DESC"""
        return Statement(sql, scope.parameters(self.scope_size))

    def browse(self, query: SearchQuery, *, scope: Scope, limit: int, offset: int = 0) -> Statement:
        """No words, only filters: the most linked-to entries of that kind or area."""
        order = "e.kind NOT IN ('page', 'module'), ev.popularity DESC, e.name_lower"
        # The page of hits is chosen first; only its few rows read their text and presence.
        # The total is counted apart: a window over the sorted rows kept every one of them (every docset's
        # entries when several are browsed together), past the step budget.
        browsed = f"""FROM entry_versions AS ev JOIN entries AS e ON e.id = ev.entry_id
                WHERE {self.in_scope}{NOT_ALIAS}{query.filters.where}"""
        sql = f"""
            WITH chosen AS (SELECT e.id {browsed} ORDER BY {order} LIMIT :limit OFFSET :offset)
            SELECT {self.hit_columns}, 0 AS tier, ev.popularity AS score, (SELECT count(*) {browsed}) AS total
            FROM chosen JOIN entries AS e ON e.id = chosen.id
            JOIN entry_versions AS ev ON ev.entry_id = e.id AND {self.entry_in_scope} {HIT_JOINS}
            ORDER BY {order}"""
        parameters = {**query.filters.parameters, **scope.parameters(self.scope_size), "limit": limit, "offset": offset}
        return Statement(sql, parameters)

    def ranked(
        self,
        query: SearchQuery,
        *,
        scope: Scope,
        limit: int,
        offset: int = 0,
        nearest: Nearest | None = None,
        excluded: tuple[int, ...] = (),
    ) -> Statement:
        """The statement that ranks `query` in one version: hit columns, tier, score and total, best first;
        `offset` hits skipped (paging). A question's `nearest` documents in meaning join its answer source;
        `excluded` entries are neither ranked nor counted."""
        question = question_of(query, type_names=self.profile.type_names, common_words=self.common_words)
        semantic = question is not None and nearest is not None and bool(nearest.documents)
        # A title source for one-letter words would match every title; a question has its own source.
        titled = question is None and bool(query.words) and max(len(word) for word in query.words) > 1
        shape = RankedShape(
            narrowing=query.filters.narrowing,
            # `email.` has no last segment yet: every name would be its "member", none of them meant.
            member_prefixes=bool(query.last_segment),
            titles=self.full_text(query, prefix_from=title_prefix_from(query)) if titled else None,
            answers=AnswerShape.of(question, semantic=semantic, narrowed=bool(query.filters.narrowing)),
            phrase=bool(query.phrase),
            text=self.full_text(query, prefix_from=MIN_TEXT_PREFIX_LENGTH) if query.searches_text else None,
            excluding=bool(excluded),
        )
        parameters = {
            **name_parameters(query, limit=limit, offset=offset),
            **scope.parameters(self.scope_size),
            **self.docset_parameters(query),
            **self.full_text_parameters(query, question),
            **(self.semantic_parameters(nearest) if semantic and nearest is not None else {}),
            **({"excluded": self.id_list(excluded)} if excluded else {}),
        }
        return Statement(self._ranked_sql(shape), parameters, planned_each_run=shape.answers is not None)

    def _ranked_sql(self, shape: RankedShape) -> str:
        """The ranked SELECT for one shape, written once: the name sources, then the engine's full-text ones."""
        sql = self._written.get(shape)
        if sql is None:
            where = conditions(shape.narrowing)
            tiers = self.tiers
            sources = tiers.name_sources(tiers.in_version, where, member_prefixes=shape.member_prefixes)
            where += NOT_ALIAS  # the full-text sources: an alias's text is its object's
            if shape.answers is not None:  # a question's title tier: any of its words, summaries too
                sources.append(self.answer_source(where, shape.answers))
            elif shape.titles is not None:
                sources.append(self.title_source(where, shape.titles))
            if shape.phrase:
                sources.append(self.phrase_source(where))
            if shape.text is not None and shape.answers is None:
                sources.append(self.text_source(where, shape.text))
            sql = tiers.ranked_hits(
                sources,
                scope=tiers.in_version,
                hit_columns=self.hit_columns,
                keep=f"NOT ({self.is_listed('id', 'excluded')})" if shape.excluding else None,
            )
            self._written.put(shape, sql)
        return sql

    def elsewhere(self, query: SearchQuery, *, scope: Scope, limit: int) -> Statement:
        """Names matching `query` that the lead docset's version searched lacks and its others document,
        each in its newest version."""
        shape = ("elsewhere", query.filters.narrowing)
        sql = self._written.get(shape)
        if sql is None:
            sql = self.tiers.elsewhere(narrowing=query.filters.narrowing, hit_columns=self.hit_columns)
            self._written.put(shape, sql)
        parameters = {**name_parameters(query, limit=limit), **scope.parameters(self.scope_size)}
        parameters.update(self.docset_parameters(query))
        return Statement(sql, parameters)

    def docset_parameters(self, query: SearchQuery) -> dict[str, str]:
        """`lead`, the lead docset, and `named_docsets`, the libraries the query's words name (`,flask,`):
        their hits are spared LIBRARY_PENALTY (web/search/ranking.py)."""
        named = sorted(
            {self.docset_words[word] for word in query.words if word in self.docset_words} | set(query.named_docsets)
        )
        return {"lead": self.lead, "named_docsets": "," + ",".join(named) + ","}

    def entry_at(self, *, page: str, anchor: str, position: int) -> Statement:
        """The entry at `page#anchor` in one version, as a hit row; an object before a section sharing its anchor,
        the name listed before its other names."""
        sql = f"""SELECT {self.hit_columns}, e.key, 0 AS tier, 0 AS score, 1 AS total
                  FROM pages AS p JOIN entry_versions AS ev ON ev.page_id = p.id
                  JOIN entries AS e ON e.id = ev.entry_id JOIN documents AS d ON d.id = ev.document_id
                  WHERE p.path = :page AND ev.anchor = :anchor AND ev.position = :position
                  ORDER BY e.domain = '', ev.alias_of IS NOT NULL, e.id LIMIT 1"""
        return Statement(sql, {"page": page, "anchor": anchor, "position": position})

    def entry_keyed(self, key: str, *, position: int | None) -> Statement:
        """The entry of identity `key` (`py:function:zip`) in one version, or in the newest that has it."""
        where = "e.key = :key" + (" AND ev.position = :position" if position is not None else "")
        sql = f"""SELECT {self.hit_columns}, e.key, 0 AS tier, 0 AS score, 1 AS total
                  FROM entries AS e JOIN entry_versions AS ev ON ev.entry_id = e.id {HIT_JOINS}
                  WHERE {where} ORDER BY ev.position LIMIT 1"""
        return Statement(sql, {"key": key, **({"position": position} if position is not None else {})})

    def names_under(self, prefix: str, *, limit: int) -> Statement:
        """Entry names (column name) that start with `prefix` (lower case, ending in a dot)."""
        sql = "SELECT name FROM entries WHERE name_lower > :start AND name_lower < :end LIMIT :limit"
        return Statement(sql, {"start": prefix, "end": prefix + "\uffff", "limit": limit})

    @abstractmethod
    def word_in_documents(self, word: str) -> Statement:
        """Any row when some document's text holds `word` (lower case, one plain word), as full text matches it."""

    def terms_starting_alike(self, word: str, *, limit: int) -> Statement:
        """Vocabulary terms (columns term, weight) with `word`'s first letter and about its length, the most
        used first: where a short word's letters swapped places share no trigram with the term (`lsit`)."""
        sql = """SELECT term, weight FROM vocabulary
                 WHERE term >= :first AND term < :after AND length(term) BETWEEN :shortest AND :longest
                 ORDER BY weight DESC LIMIT :limit"""
        first = word[:1]
        parameters = {
            "first": first,
            "after": first + "\uffff",
            "shortest": len(word) - 1,
            "longest": len(word) + 1,
            "limit": limit,
        }
        return Statement(sql, parameters)

    def known_term(self, word: str) -> Statement:
        """Any row when `word` (lower case) is in the spelling vocabulary."""
        return Statement("SELECT 1 FROM vocabulary WHERE term = :term", {"term": word})

    @abstractmethod
    def spelling_candidates(self, word: str, *, limit: int) -> Statement | None:
        """Vocabulary terms that look like `word` (columns term, weight), most alike first; None if none can."""

    # What each engine supplies: its full-text sources, their parameters, and its spelling of a few functions.

    @abstractmethod
    def full_text(self, query: SearchQuery, *, prefix_from: int) -> FullText | None:
        """Whether the engine can match `query`'s words in full text, as (finished words?, a prefix?), with the
        last word a prefix once it is `prefix_from` letters long; None when nothing would be matched."""

    @abstractmethod
    def full_text_parameters(self, query: SearchQuery, question: Question | None) -> dict[str, object]:
        """The parameters of every full-text source, for `query` (and the question it asks, if any)."""

    @abstractmethod
    def id_list(self, ids: tuple[int, ...]) -> object:
        """A list of ids as one parameter, the way `is_listed` reads it."""

    @abstractmethod
    def is_listed(self, column: str, parameter: str) -> str:
        """The condition that `column` is one of the ids in list parameter `parameter` (see `id_list`)."""

    @abstractmethod
    def semantic_parameters(self, nearest: Nearest) -> dict[str, object]:
        """The parameters that give the answer source a question's nearest documents and their floor."""

    @abstractmethod
    def title_source(self, where: str, match: FullText) -> str:
        """Entries whose title or index keywords hold the words (TIER_TITLE, spread by rank)."""

    @abstractmethod
    def answer_source(self, where: str, shape: AnswerShape) -> str:
        """A question's title tier: entries scored by how much of the question they cover (tiers.answer_points)."""

    @abstractmethod
    def phrase_source(self, where: str) -> str:
        """Entries whose title or keywords hold every word as typed, stop words too (TIER_TITLE_PHRASE)."""

    @abstractmethod
    def text_source(self, where: str, match: FullText) -> str:
        """Entries whose body text holds the words (TIER_TEXT, spread by rank); none for too common words."""

    @abstractmethod
    def rarity(self, index: int, where: str, shape: AnswerShape) -> str:
        """ln(documents / documents holding question word `index`), `where` "answer" (name, title, keywords,
        summary) or "body"."""

    def synonym(self, index: int | None, shape: AnswerShape) -> str:
        """The entry is named by a synonym of question word `index` (None: of any of its name forms)."""
        del shape  # every question's statement has as many name forms (answers.MAX_NAME_FORMS)
        return synonym_in_table(index)

    @abstractmethod
    def log2(self, value: str) -> str: ...

    @abstractmethod
    def least(self, first: str, second: str) -> str: ...

    @abstractmethod
    def position(self, text: str, part: str) -> str:
        """Where `part` starts in `text`, from 1; 0: nowhere."""

    @abstractmethod
    def is_mark(self, character: str) -> str:
        """`character` (one character of text) is none of a-z, 0-9 and _."""

    # Joins written in the order they should run; an engine whose planner reorders them badly says so here.
    ORDERED_JOIN = "JOIN"
