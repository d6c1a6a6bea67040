"""Turning parsed pages and inventory objects into searchable entries.

An entry is identified by (page, anchor). Where an object and a section share an
anchor (a module and its page's heading), the object absorbs the section so the
two never show as duplicate results; labels and docs become keywords of the
entry they name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from parser.inventory import InventoryObject
from parser.pages import Block, Link, ParsedPage
from parser.schema import VersionNote, removed_by, version_notes_to_json

BREADCRUMB_SEPARATOR = " › "
# "6.13. Conditional expressions": readers type the words, not the numbering.
_SECTION_NUMBER = re.compile(r"^\d+(\.\d+)*\.?\s+")

_STD_KINDS = {
    "cmdoption": "option",
    "option": "option",
    "envvar": "envvar",
    "term": "term",
    "opcode": "opcode",
    "pdbcommand": "pdb command",
    "2to3fixer": "2to3 fixer",
}


@dataclass(slots=True)
class Entry:
    page: str
    anchor: str
    name: str
    kind: str
    domain: str
    area: str
    title: str
    breadcrumb: str
    signature: str = ""
    summary: str = ""
    body: str = ""
    keywords: set[str] = field(default_factory=set)
    version_notes: list[VersionNote] = field(default_factory=list)
    popularity: int = 0
    builtin: bool = False
    # The entry this one is another name of (`requests.sessions.Session` of `requests.Session`): parser/entries.py.
    alias_of: Entry | None = None

    @property
    def alias(self) -> bool:
        return self.alias_of is not None

    @property
    def name_lower(self) -> str:
        return self.name.lower()

    @property
    def last_lower(self) -> str:
        if self.domain == "py":
            return self.name.rsplit(".", 1)[-1].lower()
        return self.name.lower()

    def removed_by(self, version: str) -> bool:
        """Whether this version's docs show the entry as already removed (a stub page, a member of one)."""
        return removed_by(self.version_notes, version)

    @property
    def version_notes_json(self) -> str:
        return version_notes_to_json(self.version_notes)

    @property
    def keywords_text(self) -> str:
        return "\n".join(sorted(self.keywords))


def kind_of(obj: InventoryObject) -> str:
    """A short, human kind name: 'method', 'c function', 'option', ..."""
    if obj.domain == "py":
        return obj.role
    if obj.domain == "std":
        return _STD_KINDS.get(obj.role, obj.role)
    return f"{obj.domain} {obj.role}"


def area_of(page: str) -> str:
    """The docs area a page belongs to: its top folder, or 'general' at the top level."""
    head, separator, _ = page.partition("/")
    return head if separator else "general"


class PageEntries:
    """The entries of one page and the map from its anchors to them."""

    def __init__(self, page: str, parsed: ParsedPage | None, objects: Sequence[InventoryObject]) -> None:
        self.page = page
        self.parsed = parsed
        self.area = area_of(page)
        self.entries: list[Entry] = []
        self._by_block: dict[Block, Entry] = {}
        self._by_anchor: dict[str, Entry] = {}
        # Another name of an object whose anchor spells its name comes after it: the first owns the anchor,
        # so links to it count for the name listed (inventories sort `sqlalchemy.sql.type_api.TypeDecorator`
        # before `sqlalchemy.types.TypeDecorator`, which had no links).
        spelled = {obj.anchor for obj in objects if obj.name == obj.anchor}
        for obj in sorted(objects, key=lambda obj: obj.anchor in spelled and obj.name != obj.anchor):
            if not obj.is_alias:
                self._add_object(obj)
        mark_aliases(self.entries)
        if parsed is not None:
            self._add_sections(parsed)
        for obj in objects:
            if obj.is_alias:
                self._add_label(obj)

    @property
    def page_entry(self) -> Entry | None:
        top = self.parsed.top if self.parsed else None
        return self._by_block.get(top) if top is not None else None

    def entry_for_anchor(self, anchor: str) -> Entry | None:
        """The entry whose content holds `anchor` ('' is the page itself)."""
        if anchor in self._by_anchor:
            return self._by_anchor[anchor]
        block = self.parsed.anchor_owners.get(anchor) if (self.parsed and anchor) else None
        return self.entry_for_block(block)

    def entry_for_block(self, block: Block | None) -> Entry | None:
        while block is not None:
            if block in self._by_block:
                return self._by_block[block]
            block = block.parent
        return self.page_entry

    def _add_object(self, obj: InventoryObject) -> None:
        block = self.parsed.anchor_owners.get(obj.anchor) if self.parsed else None
        if block is not None and block.kind == "object":
            entry = self._object_entry(obj, block, title=_own_title(obj))
            entry.signature = block.signatures.get(obj.anchor, block.title)
            self._by_block.setdefault(block, entry)
        elif block is not None and block.kind == "section" and block not in self._by_block:
            # A module (or similar) declared at a heading describes that whole section.
            entry = self._object_entry(obj, block, title=block.title)
            self._by_block[block] = entry
        else:
            entry = self._object_entry(obj, None, title=_own_title(obj))
            entry.breadcrumb = self._breadcrumb(block, include_self=True)
        self._by_anchor.setdefault(obj.anchor, entry)
        self.entries.append(entry)

    def _object_entry(self, obj: InventoryObject, block: Block | None, *, title: str) -> Entry:
        entry = Entry(
            page=self.page,
            anchor=obj.anchor,
            name=obj.name,
            kind=kind_of(obj),
            domain=obj.domain,
            area=self.area,
            title=title,
            breadcrumb="",
        )
        if block is not None:
            _fill_content(entry, block)
            if not self._is_top(block):
                entry.breadcrumb = self._breadcrumb(block.parent, include_self=True)
        return entry

    def _is_top(self, block: Block) -> bool:
        return self.parsed is not None and block is self.parsed.top

    def _add_sections(self, parsed: ParsedPage) -> None:
        for block in parsed.blocks:
            if block.kind != "section" or block in self._by_block:
                continue
            is_page = self._is_top(block)
            entry = Entry(
                page=self.page,
                anchor="" if is_page else block.anchor,
                name=_SECTION_NUMBER.sub("", block.title),
                kind="page" if is_page else "section",
                domain="",
                area=self.area,
                title=block.title,
                breadcrumb="" if is_page else self._breadcrumb(block.parent, include_self=True),
            )
            _fill_content(entry, block)
            self._by_block[block] = entry
            self.entries.append(entry)

    def _add_label(self, obj: InventoryObject) -> None:
        if obj.display_name == obj.name and obj.role == "label":
            return  # a bare label id such as 'func-str' names nothing a reader would type
        entry = self.entry_for_anchor(obj.anchor)
        if entry is not None and obj.display_name.lower() not in {entry.title.lower(), entry.name.lower()}:
            entry.keywords.add(obj.display_name)

    def _breadcrumb(self, block: Block | None, *, include_self: bool) -> str:
        """'Page › Section › …' for content inside `block`."""
        crumbs: list[str] = []
        if block is not None:
            crumbs = block.trail + ([block.title] if include_self and block.kind == "section" else [])
        page_title = self.parsed.title if self.parsed else ""
        if page_title and (not crumbs or crumbs[0] != page_title):
            crumbs.insert(0, page_title)
        return BREADCRUMB_SEPARATOR.join(crumbs)


def _own_title(obj: InventoryObject) -> str:
    """An object's headline when it differs from its name ('' otherwise: the name is the headline).

    Keeping the name out of the title column keeps identifiers from counting as
    title words in full-text ranking, where titles outweigh body text.
    """
    return obj.display_name if obj.display_name != obj.name else ""


def _fill_content(entry: Entry, block: Block) -> None:
    entry.summary = block.summary
    entry.body = block.text
    entry.version_notes = list(block.version_notes)


def mark_aliases(entries: Iterable[Entry]) -> None:
    """Flag the other names of an object documented under one anchor with its own name.

    A library documents `requests.Session` once and its inventory names it twice, as the anchor says and
    by the module that defines it (`requests.sessions.Session`); listing both shows one description twice.
    The name the anchor spells is the one the docs present; where no name is the anchor (`timeit.-r`
    beside `timeit.--repeat`, both typed), none is an alias.
    """
    by_anchor: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.domain and entry.anchor:
            by_anchor.setdefault(entry.anchor, []).append(entry)
    for anchor, named in by_anchor.items():
        canonical = next((entry for entry in named if entry.name == anchor), None)
        if canonical is not None:
            for entry in named:
                if entry is not canonical:
                    entry.alias_of = canonical


def mark_builtins(entries: Iterable[Entry]) -> None:
    """Flag top-level Python names (len, str) and members of top-level classes (str.join).

    They are what a bare name most often means; the flag is a fact about the docs, marked
    only in a docset whose profile says it has built-ins, and the ranking weighs it.
    """
    python = [entry for entry in entries if entry.domain == "py"]
    top_classes = {entry.name for entry in python if entry.kind == "class" and "." not in entry.name}
    for entry in python:
        owner, _, member = entry.name.rpartition(".")
        entry.builtin = not owner or (owner in top_classes and bool(member))


def count_popularity(pages: dict[str, PageEntries], links: Iterable[tuple[str, Link]]) -> None:
    """Add one to an entry for every internal link from another entry to it."""
    for source_page, link in links:
        target_page = pages.get(link.page)
        source = pages.get(source_page)
        if target_page is None or source is None:
            continue
        target = target_page.entry_for_anchor(link.anchor)
        if target is not None and target is not source.entry_for_block(link.source):
            target.popularity += 1
