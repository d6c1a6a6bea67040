"""Harvesting the docs' general index: author-written keywords pointing at anchors."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml.html import HtmlElement

from parser.text import clean


@dataclass(frozen=True, slots=True, order=True)
class IndexLink:
    """One general-index term, e.g. 'ternary operator' → reference/expressions.html#index-88."""

    page: str
    anchor: str
    phrase: str


def index_files(root: Path) -> list[Path]:
    """The general-index pages of a build: the single-page form when Sphinx wrote one."""
    single = root / "genindex-all.html"
    if single.is_file():
        return [single]
    return [path for path in [root / "genindex.html", *sorted(root.glob("genindex-*.html"))] if path.is_file()]


def read_index_links(html: bytes, *, path: str = "genindex.html") -> list[IndexLink]:
    """Every (phrase, target) pair of one general-index page; sub-terms carry their parent."""
    root = lxml.html.document_fromstring(html)
    directory = posixpath.dirname(path)
    links: list[IndexLink] = []
    for item in _index_items(root):
        phrase = _own_term(item)
        container = item.getparent()
        parent = container.getparent() if container is not None else None
        if parent is not None and parent.tag == "li":
            phrase = clean(f"{_own_term(parent)} {phrase}")
        if not phrase:
            continue
        for anchor_element in item.iterchildren("a"):
            target = _resolve(anchor_element.get("href") or "", directory)
            if target is not None:
                links.append(IndexLink(page=target[0], anchor=target[1], phrase=phrase))
    return links


def _index_items(root: HtmlElement) -> Iterator[HtmlElement]:
    for table in root.iter("table"):
        if "indextable" in (table.get("class") or "").split():
            yield from table.iter("li")


def _own_term(item: HtmlElement) -> str:
    """An index item's term: its first link's text, or its leading text."""
    first_link = next(item.iterchildren("a"), None)
    if first_link is not None:
        return clean(first_link.text_content())
    return clean(item.text or "")


def _resolve(href: str, directory: str) -> tuple[str, str] | None:
    if not href or "://" in href:
        return None
    page, _, anchor = href.partition("#")
    if not page.endswith(".html"):
        return None
    return posixpath.normpath(posixpath.join(directory, page)), anchor
