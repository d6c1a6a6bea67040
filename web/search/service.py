"""The search service: a SearchQuery in, ranked hits out; no HTTP, no SQL text.

It decides what to run (browse, rank, try a corrected spelling), asks the
database's dialect for the statements (web/search/dialects/), runs them on one pooled
connection taken only on a cache miss, and turns rows into hits (web/search/hits.py).
Ranking itself is the dialect's statement over the weights in web/search/ranking.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from functools import partial

import anyio.to_thread

from web.search.database import Database, Reader, VersionInfo
from web.search.dialects import Statement
from web.search.filters import FIELDS, NO_FILTERS, Filters
from web.search.hits import HitMaker, Overview, SearchResult
from web.search.lru import LruCache
from web.search.query import InvalidQuery, SearchQuery, filter_key, parse_query, without_controls
from web.search.questions import meaning_text, question_of
from web.search.ranking import FEW_FOR_WORDS, FEW_RESULTS, MISSING_LIMIT, TIER_MEMBER_PREFIX, TIER_NAME_PREFIX
from web.search.reading import MAX_ADDRESS_LENGTH, EntryNotFound, EntryText, bounded, located
from web.search.scope import Scope
from web.search.semantic import Nearest, SemanticIndex
from web.search.spelling import MIN_LENGTH as MIN_CORRECTED_LENGTH
from web.search.spelling import correct_words


class SearchService:
    """Searches one docs.db; knows the values of every filter (kinds, areas, versions…) to validate them."""

    def __init__(self, database: Database, *, known: Mapping[str, Iterable[str]], cache_size: int = 0) -> None:
        self.database = database
        self.info = database.info
        # Each filter's values, sorted; versions newest first, as the docs.db lists them.
        self.known = {name: tuple(sorted(values)) for name, values in known.items()}
        self.known["version"] = tuple(version.version for version in self.info.versions)
        # The docs' own spelling of each filter's values: areas are folders, and some have hyphens (`c-api`).
        self._by_key = {name: {filter_key(value): value for value in values} for name, values in self.known.items()}
        self._cache: LruCache[tuple[SearchQuery, int, int], SearchResult] = LruCache(cache_size)
        self._hits = HitMaker(self.info)
        # Per scope: its entries counted by area and kind. A few rows each, never stale; the most recent kept,
        # as a docset menu and `docset=` make thousands of scopes possible.
        self._overviews: LruCache[Scope, Overview] = LruCache(OVERVIEWS_KEPT)
        # Two-character starts and ends of the names that begin or end with a mark (`-X`, `/dev/poll`).
        self.name_starts: frozenset[str] = frozenset()
        self.name_ends: frozenset[str] = frozenset()
        # The words that name a library in a query ("django migrations"), but for everyday words (click).
        self._naming_words = {
            word: docset
            for word, docset in self.info.docset_words.items()
            if not (docset in self.info.profiles and self.info.profiles[docset].name_is_a_word)
        }
        # Questions by meaning (web/search/semantic.py); None: words alone, as for a docs.db without vectors.
        self.semantic: SemanticIndex | None = None
        # A question's nearest documents, by its text and the versions searched: the next page, another Kind or
        # Area, the same question asked again do not run the model again (8 ms). Read and written on the event
        # loop only, never from the model's thread.
        self._nearest_found: LruCache[tuple[str, tuple[int, ...]], Nearest] = LruCache(NEAREST_KEPT)

    @classmethod
    async def load(cls, database: Database, *, cache_size: int = 0, semantic: bool = True) -> SearchService:
        dialect = database.dialect
        async with database.reader() as reader:
            known = {
                field.name: [row["value"] for row in await reader.fetch(field.values, {})]
                for field in FIELDS
                if field.values is not None
            }
            edges = await reader.fetch(*dialect.marked_name_edges())
        service = cls(database, known=known, cache_size=cache_size)
        service.name_starts = frozenset(row["start"] for row in edges if not row["start"][:1].isalnum())
        service.name_ends = frozenset(row["finish"] for row in edges if not row["finish"][-1:].isalnum())
        if semantic:
            service.semantic = await SemanticIndex.load(database)
            # The rows of the scope most questions search are found now, not while the first one waits (7 ms).
            service.semantic.rows_of(service._scope(service.info.default, None).positions)
        return service

    def version_of(self, query: SearchQuery) -> VersionInfo:
        """The version a resolved query asks for: the newest by default."""
        found = self.info.find(query.filters.version) if query.filters.version else None
        return found or self.info.default

    def version_named(self, version: str | None) -> VersionInfo:
        """The version `version` names (a unique prefix will do), the newest for None; InvalidQuery if none."""
        return self.version_of(self.resolved(parse_query("", max_length=1, filters=Filters(version=version))))

    def docsets_named(self, docset: str | None) -> str | None:
        """The docsets `docset` lists (`Flask, werkzeug`) in the docs' spelling and the site's order, or None for
        every docset; InvalidQuery for one this index lacks."""
        return self._resolve_each("docset", docset, abbreviated=False)

    def scope_of(self, query: SearchQuery) -> Scope:
        """The versions a resolved query searches: the lead docset's version asked for, and every library's
        (only the docsets `docset:` names, when it does)."""
        return self._scope(self.version_of(query), query.filters.docset)

    def menus_scope(self, version: VersionInfo, docset: str | None) -> Scope:
        """What the Kind and Area menus offer: the docsets chosen (`flask,werkzeug`), or the lead's version alone,
        whose kinds and areas are what every docset searched by default is filtered by in practice."""
        return self._scope(version, docset) if docset else self.alone(version)

    def searched_versions(self, version: VersionInfo, docset: str | None) -> list[VersionInfo]:
        """The versions a search in `version` of the docsets `docset` chose covers, in the order the site lists them."""
        return [self.info.at(position) for position in self._scope(version, docset).positions]

    def _scope(self, version: VersionInfo, docset: str | None) -> Scope:
        """`version` of the lead docset and every library's, or only the docsets listed (`flask,werkzeug`)."""
        positions = self.info.scope(version, tuple(docset.split(",")) if docset else None)
        return Scope(positions, lead=version.position if version.position in positions else None)

    def alone(self, version: VersionInfo) -> Scope:
        """One version alone: what the home page counts of the lead's, what an entry read by address is in."""
        return Scope((version.position,), lead=version.position if version.docset == self.info.docset else None)

    async def overview(self, scope: Scope) -> Overview:
        """Entry counts by area and by kind in a scope (the home page, the menus), counted once a scope."""
        found = self._overviews.get(scope)
        if found is None:
            dialect = self.database.dialect
            async with self.database.reader() as reader:
                areas = await reader.fetch(*dialect.count_by_area(scope=scope))
                kinds = await reader.fetch(*dialect.count_by_kind(scope=scope))
            found = Overview(
                areas={row["area"]: row["n"] for row in areas},
                kinds=tuple((row["kind"], row["n"]) for row in kinds),
            )
            self._overviews.put(scope, found)
        return found

    async def search(self, query: SearchQuery, *, limit: int, offset: int = 0) -> SearchResult:
        """Ranked hits for `query`; raises InvalidQuery for unknown filters, QueryTimeout.

        A pooled connection is taken only on a cache miss, and given back once the statements are
        done, not after the page is rendered: under load, others would queue for it meanwhile.
        """
        query = self.resolved(query)
        version = self.version_of(query)
        if query.is_empty and not query.filters.browses:
            return SearchResult(query=query, hits=(), total=0, version=version.version)
        key = (query, limit, offset)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        dialect = self.database.dialect
        scope = self.scope_of(query)
        # A misspelt word of a question is corrected first: the answers it would find by meaning would
        # otherwise always be enough not to look for a correction afterwards.
        corrected_text = await self._misspelt(query)
        searched = query.with_text(corrected_text) if corrected_text else query
        if searched.filters.docset is None and len(searched.words) > 1:
            searched = searched.naming(self._naming_words)
        # The model's milliseconds are spent before a pooled connection is taken, not while holding one.
        nearest = None if searched.is_empty else await self._nearest(searched, scope)
        async with self.database.reader() as reader:
            if searched.is_empty:
                statement = dialect.browse(searched, scope=scope, limit=limit, offset=offset)
            else:
                statement = dialect.ranked(searched, scope=scope, limit=limit, offset=offset, nearest=nearest)
            result = await self._fetch(reader, statement, searched, scope, offset=offset)
            if searched.is_empty:
                result = dataclasses.replace(result, exact_total=True)
            if not searched.is_empty:
                if searched.may_ask and result.total < FEW_FOR_WORDS:
                    result = await self._asked(reader, result, scope=scope, limit=limit, offset=offset)
                if corrected_text is None and _worth_correcting(result):
                    result = await self._corrected(reader, result, scope=scope, limit=limit, offset=offset)
                if self._may_name_elsewhere(result, scope=scope, offset=offset):
                    result = await self._with_missing(reader, result, scope=scope)
        if corrected_text:
            result = dataclasses.replace(result, query=query, corrected_query=corrected_text)
        elif result.query is not query:  # a library's name taken out: the page says what was typed
            result = dataclasses.replace(result, query=query)
        self._cache.put(key, result)
        return result

    async def _misspelt(self, query: SearchQuery) -> str | None:
        """A question (or plain words) with the words that no document holds corrected, or None.

        Only a word in no document at all is a typo for sure: "decimals" and "appending" are not in the
        name vocabulary corrections are drawn from, but the docs say them. The last word while typing
        may be the start of one, and is left alone."""
        if query.is_empty or not (query.may_ask or question_of(query, type_names=self.info.profile.type_names)):
            return None
        finished = query.words[:-1] if query.typing else query.words
        words = [word for word in finished if len(word) >= MIN_CORRECTED_LENGTH and not word.isdigit()]
        if not words:
            return None
        dialect = self.database.dialect
        async with self.database.reader() as reader:
            absent = {word for word in words if not await reader.fetch(*dialect.word_in_documents(word))}
            return await correct_words(reader, dialect, query.text, only=absent) if absent else None

    async def _nearest(self, query: SearchQuery, scope: Scope) -> Nearest | None:
        """A question's nearest documents in meaning; None for a name or a word, which need no model."""
        if self.semantic is None or question_of(query, type_names=self.info.profile.type_names) is None:
            return None
        key = (meaning_text(query), scope.positions)
        found = self._nearest_found.get(key)
        if found is None:
            # The model's few milliseconds of arithmetic run beside the event loop, not in it (onnxruntime lets go
            # of the GIL while it runs).
            found = await anyio.to_thread.run_sync(partial(self.semantic.nearest, key[0], positions=key[1]))
            self._nearest_found.put(key, found)
        return found

    async def _fetch(
        self, reader: Reader, statement: Statement, query: SearchQuery, scope: Scope, *, offset: int = 0
    ) -> SearchResult:
        rows = await reader.fetch(statement.sql, statement.parameters, planned_each_run=statement.planned_each_run)
        return self._hits.result(rows, query, searched=scope, offset=offset)

    async def _asked(
        self, reader: Reader, found: SearchResult, *, scope: Scope, limit: int, offset: int
    ) -> SearchResult:
        """`found`'s few hits first, then its words asked as a question: "open file" is no title's words,
        and the entries that answer it (`open`, "Reading and writing files") come after what matched."""
        dialect = self.database.dialect
        if offset or len(found.hits) < found.total:  # every hit of `found`, which is fewer than FEW_FOR_WORDS
            statement = dialect.ranked(found.query, scope=scope, limit=FEW_FOR_WORDS, offset=0)
            found = await self._fetch(reader, statement, found.query, scope)
        query = dataclasses.replace(found.query, asked=True)
        nearest = await self._nearest(query, scope)
        # The answers after `found`'s hits, which the asked statement leaves out: its total is what it adds.
        skipped = max(0, offset - found.total)
        wanted = offset + limit - max(offset, found.total)
        statement = dialect.ranked(
            query,
            scope=scope,
            limit=max(wanted, 1),
            offset=skipped,
            nearest=nearest,
            excluded=tuple(hit.entry_id for hit in found.hits),
        )
        asked = await self._fetch(reader, statement, query, scope, offset=skipped)
        hits = (*found.hits[offset : offset + limit], *asked.hits[: max(wanted, 0)])
        return dataclasses.replace(found, hits=hits, total=found.total + asked.total, offset=offset)

    async def _corrected(
        self, reader: Reader, found: SearchResult, *, scope: Scope, limit: int, offset: int
    ) -> SearchResult:
        corrected_text = await correct_words(reader, self.database.dialect, found.query.text)
        if corrected_text is None:
            return found
        query = found.query.with_text(corrected_text)
        nearest = await self._nearest(query, scope)
        statement = self.database.dialect.ranked(query, scope=scope, limit=limit, offset=offset, nearest=nearest)
        corrected = await self._fetch(reader, statement, query, scope, offset=offset)
        if corrected.total <= found.total and not await self._names_first(reader, corrected, scope):
            return found
        return dataclasses.replace(corrected, query=found.query, corrected_query=corrected_text)

    async def _names_first(self, reader: Reader, corrected: SearchResult, scope: Scope) -> bool:
        """Whether the corrected query's first page names something: decided on the first page whatever page
        is shown, so that page 2 keeps the spelling page 1 chose."""
        if corrected.offset == 0:
            return _names(corrected, from_tier=TIER_MEMBER_PREFIX)
        statement = self.database.dialect.ranked(corrected.query, scope=scope, limit=1)
        first = await self._fetch(reader, statement, corrected.query, scope)
        return _names(first, from_tier=TIER_MEMBER_PREFIX)

    def _may_name_elsewhere(self, found: SearchResult, *, scope: Scope, offset: int) -> bool:
        """Whether `found` may be a name this version lacks and another documents (`imp` in 3.15): a first page
        that found no name, in a lead version that has others. A question names nothing: asking would cost a
        statement (up to 5 ms) for every question, and find nothing."""
        if offset or len(self.info.versions) == 1 or scope.lead is None or _names(found):
            return False
        return question_of(found.query, type_names=self.info.profile.type_names) is None

    async def _with_missing(self, reader: Reader, found: SearchResult, *, scope: Scope) -> SearchResult:
        """Add the names this version lacks that others document (`imp` in 3.15), to show after its own."""
        query = found.query.with_text(found.corrected_query) if found.corrected_query else found.query
        statement = self.database.dialect.elsewhere(query, scope=scope, limit=MISSING_LIMIT)
        missing = await self._fetch(reader, statement, query, scope)
        return dataclasses.replace(found, missing=missing.hits) if missing.hits else found

    async def entry(self, address: str, *, version: str | None = None) -> EntryText:
        """The entry at `address` (a docs URL, or a key such as `py:class:asyncio.TaskGroup`), in `version` if
        one is named (else the URL's own, or the newest that has it); raises EntryNotFound, InvalidQuery."""
        if len(address) > MAX_ADDRESS_LENGTH:
            raise InvalidQuery(f"Give a docs URL or an entry key of at most {MAX_ADDRESS_LENGTH} characters.")
        address = " ".join(without_controls(address).split())
        if not address:
            raise EntryNotFound("No entry has an empty address: give a docs URL or an entry key.")
        wanted = self.version_named(version)
        dialect = self.database.dialect
        async with self.database.reader() as reader:
            place = located(address, self.info)
            if place is not None:
                found_in, page, anchor = place
                rows = await reader.fetch(*dialect.entry_at(page=page, anchor=anchor, position=found_in.position))
                if not rows:
                    raise EntryNotFound(f"No entry of the {found_in.version} docs is at {address}.")
                address = rows[0]["key"]
                if version is None:
                    wanted = found_in
            position = wanted.position if version is not None or place is not None else None
            rows = await reader.fetch(*dialect.entry_keyed(address, position=position))
            elsewhere = await reader.fetch(*dialect.entry_keyed(address, position=None)) if not rows else []
        if elsewhere:
            newest = self.info.at(elsewhere[0]["position"])
            raise EntryNotFound(
                f"{elsewhere[0]['name']} is not in the {wanted.version} docs; the newest that documents it is "
                f"{newest.version} (ask for that version)."
            )
        if not rows:
            raise EntryNotFound(f"No entry of these docs has the key or URL {address}.")
        row = rows[0]
        hit = self._hits.hit(row, _NOTHING_TYPED, searched=self.alone(self.info.at(row["position"])))
        text, truncated = bounded(row["body"] or row["summary"] or "")
        return EntryText(hit=hit, key=row["key"], text=text, truncated=truncated)

    def resolved(self, query: SearchQuery) -> SearchQuery:
        """`query` with its filters in the docs' own spelling; InvalidQuery for an unknown or ambiguous one."""
        filters = query.filters
        resolved = {
            name: self._resolve_each(name, value, abbreviated=name in filters.typed)
            if name == "docset"
            else _resolve(
                value, self._by_key[name], what=name, abbreviated=name in filters.typed, offered=self._offered(name)
            )
            for name, value in filters.items()
        }
        # Resolved, the values are exact: `type:meth` and `type:method` then share one cache entry.
        query = query.without_stray_punctuation(self.name_starts, self.name_ends)
        return dataclasses.replace(query, filters=NO_FILTERS.replace(**resolved))

    def _resolve_each(self, name: str, value: str | None, *, abbreviated: bool) -> str | None:
        """A list of values (`docset=flask,werkzeug`), each resolved, in the order the index lists them."""
        if value is None:
            return None
        parts = {
            found
            for part in (filter_key(part) for part in value.split(","))
            if part
            and (
                found := _resolve(
                    part, self._by_key[name], what=name, abbreviated=abbreviated, offered=self._offered(name)
                )
            )
        }
        order = self.info.docsets
        return ",".join(sorted(parts, key=lambda part: order.index(part) if part in order else len(order))) or None

    def _offered(self, name: str) -> list[str]:
        """The values of filter `name` worth suggesting: not the folders the docset's profile hides (`includes`)."""
        hidden = set(self.info.profile.hidden_areas) if name == "area" else set()
        return sorted(value for value in self.known[name] if value not in hidden)


# An entry read by address has no words to mark in its text.
_NOTHING_TYPED = parse_query("", max_length=1)
# Scopes whose counts are kept: each version alone, and the docset choices in use.
OVERVIEWS_KEPT = 256
# Questions whose nearest documents are kept (a few kB each): the questions a worker was asked lately.
NEAREST_KEPT = 512


def _resolve(
    key: str | None, known: dict[str | None, str], *, what: str, abbreviated: bool, offered: list[str]
) -> str | None:
    """The docs' spelling of a filter value. Typed into the query, a unique prefix is enough, so the
    results keep coming while `type:method` is being typed, and an ambiguous one lists its candidates."""
    if key is None:
        return None
    if key in known:
        return known[key]
    shown = set(offered)
    candidates = (
        sorted(name for other, name in known.items() if other and other.startswith(key) and name in shown)
        if abbreviated
        else []
    )
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise InvalidQuery(f"Which {what}? “{key}” could be: {', '.join(candidates)}.")
    raise InvalidQuery(f"Unknown {what} “{key}”. Try one of: {', '.join(offered)}.")


def _names(result: SearchResult, *, from_tier: int = TIER_NAME_PREFIX) -> bool:
    """Whether a hit shown was found by a name source (`from_tier` up): by default, a name the query starts.

    Only other text matched (`asyncore.loop` in 3.15): worth asking the other versions for the name.
    Asking costs a second statement, so most keystrokes (real prefixes) do not.
    """
    return any(hit.tier >= from_tier for hit in result.hits)


def _worth_correcting(result: SearchResult) -> bool:
    """Few hits and none of them a name match, or a name typed that nothing is called: worth trying a
    corrected spelling.

    A name prefix hit means the user is typing a real name (`io.RawIOB`), not misspelling one. A word
    written as code is (`ClientSesion`, `render_tempalte`) finds headings that say the real name in other
    words, enough hits to look found; only a name answers it.
    """
    if not result.query.words or _names(result, from_tier=TIER_MEMBER_PREFIX):
        return False
    return result.total < FEW_RESULTS or _written_as_a_name(result.query.text)


def _written_as_a_name(text: str) -> bool:
    """One word with a capital, an underscore or a dot: `ClientSesion`, `Enviroment`, `get_flashed_mesages`."""
    return " " not in text and ("_" in text or "." in text or text != text.lower())
