"""The JSON API's shapes, typed so they appear in the OpenAPI schema at /docs."""

from __future__ import annotations

from pydantic import BaseModel, Field

from web.search.hits import Hit, SearchResult
from web.search.query import MAX_PAGE
from web.search.reading import EntryText


class VersionNoteOut(BaseModel):
    kind: str = Field(description="added, changed, deprecated or removed")
    version: str


class HitOut(BaseModel):
    url: str = Field(description="Absolute URL of the entry, with its #anchor")
    name: str
    kind: str
    area: str
    title: str
    breadcrumb: str
    signature: str
    summary: str
    snippet: str = Field(
        description="HTML: escaped text with <mark> around matched words, and <br> between the lines of a code example"
    )
    version_notes: list[VersionNoteOut]
    version: str = Field(description="The docs version `url` points into (its docset's version)")
    docset: str = Field(description="The docset it is from: python, flask, django, …")
    docset_name: str = Field(description="That docset's name, as its docs give it: Python, Flask")
    in_version: bool = Field(description="False: the version searched lacks it; `url` is the newest that has it")
    versions: list[str] = Field(description="Every version documenting it, oldest first")
    added_in: str | None = Field(
        default=None, description="The release that added it, from the docs' own note or typeshed"
    )
    removed_in: str | None = Field(
        default=None, description="The release that removed it (a module, or a member of one)"
    )
    removed_here: bool = Field(description="The version searched shows it as removed: a stub page, ranked last")
    score: float | None = Field(default=None, description="Only with explain=1")
    tier: int | None = Field(default=None, description="Only with explain=1")

    @classmethod
    def of(cls, hit: Hit, *, explain: bool) -> HitOut:
        return cls(
            url=hit.url,
            name=hit.name,
            kind=hit.kind,
            area=hit.area,
            title=hit.title,
            breadcrumb=hit.breadcrumb,
            signature=hit.signature,
            summary=hit.summary,
            snippet=str(hit.snippet),
            version_notes=[VersionNoteOut(kind=note.kind, version=note.version) for note in hit.version_notes],
            version=hit.version,
            docset=hit.docset,
            docset_name=hit.docset_name,
            in_version=hit.in_version,
            versions=list(hit.versions),
            added_in=hit.added_in,
            removed_in=hit.removed_in,
            removed_here=hit.removed_here,
            score=hit.score if explain else None,
            tier=hit.tier if explain else None,
        )


class SearchOut(BaseModel):
    query: str
    version: str = Field(description="The docs version searched")
    total: int = Field(description="Matches found in that version; capped at a few hundred")
    total_is_capped: bool = Field(description="`total` is a lower bound: a source stopped at its limit")
    elsewhere: int = Field(
        description="Results after the version's own, not in `total`: names it lacks that other versions document"
    )
    results: list[HitOut] = Field(description="Its hits, then names it lacks that other versions document")
    page: int = Field(description="This page of results, from 1")
    next_page: int | None = Field(
        default=None, description=f"The next page, when there are more results and paging goes there (to {MAX_PAGE})"
    )
    corrected_query: str | None = Field(default=None, description="Set when a misspelling was corrected")

    @classmethod
    def of(cls, result: SearchResult, *, explain: bool, page: int = 1) -> SearchOut:
        return cls(
            query=result.query.text,
            version=result.version,
            total=result.total,
            total_is_capped=result.total_is_capped,
            elsewhere=len(result.missing),
            results=[HitOut.of(hit, explain=explain) for hit in result.shown],
            page=page,
            next_page=page + 1 if result.next_offset is not None and page < MAX_PAGE else None,
            corrected_query=result.corrected_query,
        )


class VersionOut(BaseModel):
    version: str
    entries: int
    url: str = Field(description="Where that version is published")


class VersionsOut(BaseModel):
    default: str
    versions: list[VersionOut] = Field(description="Newest first")


class DocsetOut(BaseModel):
    docset: str = Field(description="What `docset=` and a typed `docset:` take")
    name: str
    versions: list[VersionOut] = Field(description="Newest first; a search covers the newest, or the one chosen")
    entries: int = Field(description="Entries in its newest version")
    switchable: bool = Field(description="True for the docset whose version `version=` chooses (Python)")


class DocsetsOut(BaseModel):
    docsets: list[DocsetOut] = Field(description="Python first, then the libraries searched beside it")


class EntryOut(BaseModel):
    """One entry whole, as the MCP server's read_entry gives it (`markdown`), and its parts."""

    key: str = Field(description="Its identity across versions: ask again with another `version`")
    entry: HitOut = Field(description="What a search hit shows of it (the snippet is its summary)")
    text: str = Field(description="Its own text: description, examples with their >>> prompts, notes")
    truncated: bool = Field(description="The text was cut; the rest is at the entry's URL")
    history: str = Field(description='One line: "Added in version 3.11; changed in 3.12"')
    markdown: str = Field(description="All of the above as Markdown-like text, for a model")

    @classmethod
    def of(cls, entry: EntryText) -> EntryOut:
        return cls(
            key=entry.key,
            entry=HitOut.of(entry.hit, explain=False),
            text=entry.text,
            truncated=entry.truncated,
            history=entry.history,
            markdown=entry.markdown(),
        )


class ErrorOut(BaseModel):
    detail: str


class HealthOut(BaseModel):
    status: str
    docset: str
    docset_name: str
    docset_version: str
    schema_version: int
    entries: int
    copy_seconds: float
    storage: str
