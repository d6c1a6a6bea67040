"""Reading one Sphinx HTML page into blocks: sections and object descriptions.

A block owns the text, first sentence, version notes and anchors that lie inside
it but not inside a nested block, so every word of a page belongs to exactly
one searchable entry.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from parser.schema import VersionNote
from parser.text import (
    CODE_LINE_BREAK,
    VERSION_CLASSES,
    clean,
    clean_keeping_code_lines,
    first_sentence,
    removal_of,
    version_of,
)

# Sections deeper than h4 fold into their parent: they are too small to stand alone.
DEEPEST_SECTION_LEVEL = 4
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "nav", "form"})
_SKIPPED_CLASSES = frozenset({"headerlink", "toctree-wrapper", "linenos", "sphinxsidebar", "viewcode-link"})
# Tags after which a space keeps words of neighbouring blocks apart.
_BLOCK_TAGS = frozenset(
    {"p", "div", "section", "dt", "dd", "li", "tr", "td", "th", "pre", "br", "table", "dl"} | set(_HEADINGS)
)
# Content that never supplies an entry's first sentence.
_NOT_SUMMARY_CLASSES = frozenset(VERSION_CLASSES) | {"admonition", "versionmodified", "sidebar"}
_MAIN_XPATHS = ("//*[@role='main']", "//div[contains(@class, 'body')]", "//article")


class PageError(Exception):
    """A page that cannot be read or has no content to index."""


@dataclass(eq=False, slots=True)
class Block:
    """A section (h1–h4 with an id) or an object description (a <dt> with an id)."""

    kind: Literal["section", "object"]
    anchor: str
    title: str
    level: int
    parent: Block | None
    signatures: dict[str, str] = field(default_factory=dict)
    chunks: list[str] = field(default_factory=list)
    summary: str = ""
    version_notes: list[VersionNote] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The block's own words, whitespace collapsed; a code example keeps its lines (newlines)."""
        return clean_keeping_code_lines("".join(self.chunks))

    @property
    def trail(self) -> list[str]:
        """Titles of the enclosing sections, outermost first."""
        titles: list[str] = []
        block = self.parent
        while block is not None:
            if block.kind == "section":
                titles.append(block.title)
            block = block.parent
        return titles[::-1]


@dataclass(frozen=True, slots=True)
class Link:
    source: Block | None
    page: str
    anchor: str


@dataclass(slots=True)
class ParsedPage:
    path: str
    title: str
    blocks: list[Block]
    anchor_owners: dict[str, Block]
    links: list[Link]

    @property
    def top(self) -> Block | None:
        """The page's first section: it stands for the page as a whole."""
        sections = [block for block in self.blocks if block.kind == "section"]
        return sections[0] if sections else None


def parse_page(html: bytes, *, path: str, object_anchors: Collection[str]) -> ParsedPage:
    """Split a page into blocks; `object_anchors` are the <dt> ids that objects.inv names."""
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as error:
        raise PageError(f"{path}: not parseable as HTML ({error})") from error
    main = _find_main(root)
    if main is None:
        raise PageError(f"{path}: no main content")
    reader = _PageReader(path, frozenset(object_anchors))
    root_block = Block(kind="section", anchor="", title=_page_title(root, main), level=0, parent=None)
    reader.set_root(root_block, main)
    reader.walk(main, root_block)
    reader.settle_targets(None)
    blocks = reader.blocks
    _describe_empty_sections(blocks)
    if not any(block.kind == "section" for block in blocks):
        # A page without an id'd heading still is an entry: the root stands for it.
        blocks.insert(0, root_block)
    return ParsedPage(
        path=path,
        title=root_block.title,
        blocks=blocks,
        anchor_owners=reader.anchor_owners,
        links=reader.links,
    )


# How many of an empty section's parts stand in for its text.
CONTENTS_SHOWN = 3


def _describe_empty_sections(blocks: list[Block]) -> None:
    """A section with no words of its own ("Running an asyncio Program", all of it in asyncio.run's
    description) gets what it holds as its text: each part's headline and first sentence. Else its
    hit would show nothing under the title, and a search could not say what is in it."""
    parts: dict[Block, list[Block]] = {}
    for block in blocks:
        if block.parent is not None:
            parts.setdefault(block.parent, []).append(block)
    for section, held in parts.items():
        if section.kind == "section" and not section.summary and not section.text:
            lines = [f"{part.title} — {part.summary}" if part.summary else part.title for part in held[:CONTENTS_SHOWN]]
            section.chunks = [CODE_LINE_BREAK.join(lines)]


def _find_main(root: HtmlElement) -> HtmlElement | None:
    """The content area of a Sphinx theme, or a bare body that at least has a heading."""
    for xpath in _MAIN_XPATHS:
        found = root.xpath(xpath)
        if found:
            element: HtmlElement = found[0]
            return element
    body = root.find("body")
    return body if body is not None and body.find(".//h1") is not None else None


# A section's own top heading: the page's title, where a theme's header has an h1 of its own before it.
_SECTION_H1 = ".//section/h1 | .//div[contains(concat(' ', @class, ' '), ' section ')]/h1"


def _page_title(root: HtmlElement, main: HtmlElement) -> str:
    # Django's theme has no content element: its header's "Django 5.2.18 documentation" came first and began
    # every breadcrumb of the docset.
    for heading in (*main.xpath(_SECTION_H1), *main.iter("h1")):
        return clean(_text_without_headerlinks(heading))
    title = root.find(".//title")
    return clean(title.text_content()) if title is not None else ""


def _summary_of(paragraph: HtmlElement) -> str:
    text = clean(paragraph.text_content())
    # Python's module pages open with a "Source code: Lib/x.py" line, never a description.
    return "" if text.startswith("Source code:") else first_sentence(text)


def _classes(element: HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


# What Sphinx may wrap a lone index target in at the end of a description.
_TARGET_WRAPPERS = frozenset({"div", "blockquote"})


def _is_trailing_target(element: HtmlElement) -> bool:
    """An empty `<span class="target" id=…>` closing a <dd>, maybe inside `<blockquote><div>`: nothing
    follows it in that description (library/functions.html has one after oct() that opens open())."""
    if element.tag != "span" or "target" not in _classes(element) or not element.get("id"):
        return False
    if element.text_content().strip():
        return False
    node = element
    while node.getnext() is None and not (node.tail or "").strip():
        parent = node.getparent()
        if parent is None:
            return False
        if parent.tag == "dd":
            return True
        if parent.tag not in _TARGET_WRAPPERS or (parent.text or "").strip():
            return False
        node = parent
    return False


def _is_alias_target(element: HtmlElement) -> bool:
    """`<span id="list.append"></span>`: another name for the object described next, nothing of its own."""
    return element.tag == "span" and bool(element.get("id")) and len(element) == 0 and not (element.text or "").strip()


def _text_without_headerlinks(element: HtmlElement) -> str:
    parts: list[str] = []
    if element.text:
        parts.append(element.text)
    for child in element:
        # The ¶ permalink, and viewcode's "[source]" link after a signature: neither is part of the name.
        if isinstance(child.tag, str) and not _classes(child) & {"headerlink", "viewcode-link"}:
            parts.append(_text_without_headerlinks(child))
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)


class _PageReader:
    """One pass over a page's main element, assigning content to blocks."""

    def __init__(self, path: str, object_anchors: frozenset[str]) -> None:
        self.path = path
        self.directory = posixpath.dirname(path)
        self.object_anchors = object_anchors
        self.blocks: list[Block] = []
        self.anchor_owners: dict[str, Block] = {}
        self.links: list[Link] = []
        self._summary_blocked = 0
        self._headings: set[HtmlElement] = set()
        # The element whose direct children are a block's own content (a <section>, a <dd>).
        self._roots: dict[Block, HtmlElement] = {}
        # Index targets that end an object's <dd>: `.. index::` written before the *next* object.
        self._trailing_targets: list[tuple[str, Block]] = []

    def set_root(self, block: Block, element: HtmlElement) -> None:
        self._roots[block] = element

    def walk(self, element: HtmlElement, owner: Block) -> None:
        if not isinstance(element.tag, str) or element.tag in _SKIPPED_TAGS:
            return
        classes = _classes(element)
        if classes & _SKIPPED_CLASSES or element in self._headings:
            return
        owner = self._section_owner(element, owner)
        if _is_trailing_target(element):
            self._trailing_targets.append((element.get("id") or "", owner))
            return
        if element.tag == "dl":
            self._walk_definitions(element, owner)
            return
        self._claim_anchor(element.get("id"), owner)
        self._note_version(classes, element, owner)
        self._note_link(element, owner)
        if element.tag == "p" and not owner.summary and not self._summary_blocked:
            owner.summary = _summary_of(element)
        blocks_summary = bool(classes & _NOT_SUMMARY_CLASSES)
        self._summary_blocked += blocks_summary
        self._walk_children(element, owner)
        self._summary_blocked -= blocks_summary

    def settle_targets(self, next_block: Block | None) -> None:
        """Give the trailing index targets to the block that follows them (or, at the end, their own)."""
        for anchor, owner in self._trailing_targets:
            self._claim_anchor(anchor, next_block or owner)
        self._trailing_targets.clear()

    def _walk_children(self, element: HtmlElement, owner: Block) -> None:
        if element.tag in _BLOCK_TAGS:
            owner.chunks.append(" ")
        if element.tag == "pre":
            owner.chunks.append(CODE_LINE_BREAK)
        first_chunk = len(owner.chunks)
        if element.text:
            owner.chunks.append(element.text)
        for child in element:
            self.walk(child, owner)
            if child.tail:
                owner.chunks.append(child.tail)
        if element.tag == "pre":
            # A code example keeps its lines, on lines of its own.
            owner.chunks[first_chunk:] = [chunk.replace("\n", CODE_LINE_BREAK) for chunk in owner.chunks[first_chunk:]]
            owner.chunks.append(CODE_LINE_BREAK)
        if element.tag in _BLOCK_TAGS:
            owner.chunks.append(" ")

    def _section_owner(self, element: HtmlElement, owner: Block) -> Block:
        """A new block if `element` is a section with an id and a shallow heading."""
        is_section = element.tag == "section" or (element.tag == "div" and "section" in _classes(element))
        anchor = element.get("id")
        if not is_section or not anchor:
            return owner
        heading = next((child for child in element if child.tag in _HEADINGS), None)
        if heading is None or _HEADINGS[heading.tag] > DEEPEST_SECTION_LEVEL:
            return owner
        title = clean(_text_without_headerlinks(heading))
        self._headings.add(heading)  # the title is stored apart; the body need not repeat it
        block = Block(
            kind="section",
            anchor=anchor,
            title=title,
            level=_HEADINGS[heading.tag],
            parent=self._enclosing_section(owner),
        )
        self.blocks.append(block)
        self.settle_targets(block)
        self._roots[block] = element
        return block

    @staticmethod
    def _enclosing_section(owner: Block) -> Block | None:
        block: Block | None = owner
        while block is not None and block.kind != "section":
            block = block.parent
        # The synthetic root (level 0) only supplies a title when no section exists.
        return block if block is not None and block.level > 0 else None

    def _walk_definitions(self, dl: HtmlElement, owner: Block) -> None:
        """A <dl>: object descriptions and glossary terms start blocks at their <dt>.

        Ids on the <dl> itself and on empty <span>s before a <dt> name the same object: 3.15 documents
        `list.append`, `bytearray.append` and `sequence.append` as one description, two of them aliases.
        """
        current: Block | None = None
        aliases = [dl.get("id")]
        for child in dl:
            if not isinstance(child.tag, str):
                pass
            elif child.tag == "dt":
                current = self._definition_term(child, owner, current)
                for alias in aliases:
                    self._claim_anchor(alias, current or owner)
                aliases = []
            elif _is_alias_target(child):
                aliases.append(child.get("id"))
            elif child.tag == "dd":
                target = current or owner
                if current is not None:
                    self._roots.setdefault(current, child)
                self.walk(child, target)
                current = None
            else:
                self.walk(child, owner)
            if child.tail:
                owner.chunks.append(child.tail)
        for alias in aliases:
            self._claim_anchor(alias, owner)

    def _definition_term(self, dt: HtmlElement, owner: Block, current: Block | None) -> Block | None:
        anchor = dt.get("id")
        if not anchor or anchor not in self.object_anchors:
            self.walk(dt, current or owner)
            return current
        signature = clean(_text_without_headerlinks(dt))
        if current is not None:
            # Several <dt>s before one <dd> (overloads, aliases) share its description.
            current.signatures[anchor] = signature
            self._claim_anchor(anchor, current)
            return current
        block = Block(kind="object", anchor=anchor, title=signature, level=0, parent=owner)
        block.signatures[anchor] = signature
        self.blocks.append(block)
        self.settle_targets(block)
        self._claim_anchor(anchor, block)
        for descendant in dt.iter():
            self._claim_anchor(descendant.get("id"), block)
        return block

    def _claim_anchor(self, anchor: str | None, owner: Block) -> None:
        if anchor and anchor not in self.anchor_owners:
            self.anchor_owners[anchor] = owner

    def _note_version(self, classes: set[str], element: HtmlElement, owner: Block) -> None:
        """A versionadded-style note directly in a block is about the block itself.

        Notes nested deeper (inside a list of a class's operations, say) describe
        a detail, and would make a result claim "New in 3.9" for an old class.
        """
        root = self._roots.get(owner)
        if root is not None and element.getparent() is not root:
            return
        for css_class, kind in VERSION_CLASSES.items():
            if css_class in classes:
                text = element.text_content()
                owner.version_notes.append(VersionNote(kind=kind, version=version_of(text)))
                if removal_of(text):
                    owner.version_notes.append(VersionNote(kind="removed", version=removal_of(text)))
                return

    def _note_link(self, element: HtmlElement, owner: Block) -> None:
        if element.tag != "a":
            return
        href = element.get("href")
        if not href or "://" in href or href.startswith(("mailto:", "javascript:")):
            return
        target, _, anchor = href.partition("#")
        target = target.partition("?")[0]
        if not target:
            page = self.path
        elif target.endswith(".html"):
            page = posixpath.normpath(posixpath.join(self.directory, target))
        else:
            return
        self.links.append(Link(source=owner, page=page, anchor=anchor))
