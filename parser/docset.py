"""One Sphinx HTML build folder → the entries of one docs version (nothing written yet)."""

from __future__ import annotations

import fnmatch
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from parser.entries import Entry, PageEntries, count_popularity
from parser.genindex import IndexLink, index_files, read_index_links
from parser.inventory import Inventory, InventoryError, InventoryObject, read_inventory
from parser.pages import Link, PageError, ParsedPage, parse_page
from parser.profile import ProfileError, profile_for

# Public homes of docsets whose inventory names them; others need --base-url.
KNOWN_BASE_URLS = {"Python": "https://docs.python.org/{version}/"}
# Sphinx's title for a page with no heading.
UNTITLED = "<no title>"
_GENERATED_PAGES = re.compile(r"^(genindex.*|search|.*modindex)\.html$")


class BuildError(Exception):
    """The build cannot start or finish; the message says why in one line."""


@dataclass(slots=True)
class Docset:
    """The entries of one build folder, in a stable order, with what the build report counts."""

    docset: str  # `python`: the project's name as an identifier
    name: str  # `Python`
    version: str  # as the inventory says: `3.15`
    base_url: str
    entries: list[Entry]
    pages: int
    keywords: int
    warnings: list[str] = field(default_factory=list)
    provenance: str = ""  # what docs.db records as the version's source
    dirhtml: bool = False  # published as `ref/models/` for the build's `ref/models.html` (Django)

    def published_path(self, page: str) -> str:
        """Where `page` is found after base_url: itself, or its folder-style address on a dirhtml site."""
        return published_path(page, dirhtml=self.dirhtml)


def published_path(page: str, *, dirhtml: bool) -> str:
    """`ref/models.html` as a site publishes it: the same, or `ref/models/` where it serves folders (Django)."""
    if not dirhtml:
        return page
    stem = page.removesuffix(".html")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def read_docset(
    docs: Path, *, base_url: str | None = None, docset: str | None = None, progress: bool = False
) -> Docset:
    """Read the Sphinx HTML build in `docs`; raises BuildError when it is not one. `docset` is its
    identifier (default: the project its inventory names, as `flask`)."""
    inventory = _read_build_inventory(docs)
    docset = docset or re.sub(r"[^a-z0-9]+", "-", inventory.project.lower()).strip("-") or "docs"
    try:
        profile = profile_for(docset, ())
    except ProfileError as error:
        raise BuildError(str(error)) from error
    skipped = profile.skipped_pages
    pages = list_pages(docs)
    if not pages:
        raise BuildError(f"{docs} is not a Sphinx HTML build: it has objects.inv but no pages")
    # Pages the docset's profile names as no reading matter (404.html, include fragments): not entries.
    pages = [page for page in pages if not _matches(page, skipped)]
    objects_by_page: dict[str, list[InventoryObject]] = defaultdict(list)
    for obj in inventory.objects:
        if not _matches(obj.page, skipped):
            objects_by_page[obj.page].append(obj)

    parsed, warnings = _parse_pages(docs, pages, objects_by_page, progress=progress)
    assembled = {
        page: PageEntries(page, parsed.get(page), objects_by_page.get(page, ()))
        for page in sorted(set(pages) | set(objects_by_page))
    }
    keyword_count = _attach_keywords(assembled, _index_links(docs))
    count_popularity(assembled, _all_links(parsed))
    entries = sorted(
        (entry for page in assembled.values() for entry in page.entries),
        # An entry's other names after it (parser/entries.py): the writer gives them its id.
        key=lambda entry: (entry.page, entry.anchor, entry.alias, entry.kind, entry.name),
    )
    entries = _without_wrapper_pages(entries)
    if profile.body_limit:
        for entry in entries:
            entry.body = cut_text(entry.body, profile.body_limit)
    return Docset(
        docset=docset,
        name=inventory.project,
        version=inventory.version,
        base_url=base_url or _default_base_url(inventory, docs),
        entries=entries,
        pages=len(parsed),
        keywords=keyword_count,
        warnings=warnings,
    )


# Own text below which a page named after an object on it only wraps that object's description.
WRAPPER_PAGE_TEXT = 300


def _without_wrapper_pages(entries: list[Entry]) -> list[Entry]:
    """Without the pages that only wrap one object's description (NumPy's generated `numpy.argsort`
    page holds the function `numpy.argsort` and a line): the object is the entry, the page a duplicate hit."""
    objects = {(entry.page, entry.name) for entry in entries if entry.domain}
    return [
        entry
        for entry in entries
        if not (entry.kind == "page" and (entry.page, entry.name) in objects and len(entry.body) < WRAPPER_PAGE_TEXT)
    ]


def cut_text(text: str, limit: int) -> str:
    """`text` cut at its last space before `limit` characters, with "…" saying more was there."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip() + "…"


def _matches(page: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(page, pattern) for pattern in patterns)


def list_pages(docs: Path) -> list[str]:
    """Content pages of a build, as sorted paths relative to it; generated pages excluded."""
    pages = []
    for path in docs.rglob("*.html"):
        relative = path.relative_to(docs)
        if any(part.startswith(("_", ".")) for part in relative.parts):
            continue  # _static, _sources, _modules (viewcode), _images
        if _GENERATED_PAGES.match(relative.as_posix()):
            continue
        pages.append(relative.as_posix())
    return sorted(pages)


def _read_build_inventory(docs: Path) -> Inventory:
    if not docs.is_dir():
        raise BuildError(f"docs folder not found: {docs}")
    inventory_path = docs / "objects.inv"
    if not inventory_path.is_file():
        raise BuildError(f"{docs} is not a Sphinx HTML build: no objects.inv in it")
    try:
        return read_inventory(inventory_path)
    except InventoryError as error:
        raise BuildError(str(error)) from error


def _parse_pages(
    docs: Path, pages: list[str], objects_by_page: dict[str, list[InventoryObject]], *, progress: bool
) -> tuple[dict[str, ParsedPage], list[str]]:
    parsed: dict[str, ParsedPage] = {}
    warnings: list[str] = []
    for page in tqdm(pages, desc="pages", unit="page", disable=not progress, leave=False):
        anchors = {obj.anchor for obj in objects_by_page.get(page, ()) if not obj.is_alias}
        try:
            content = parse_page((docs / page).read_bytes(), path=page, object_anchors=anchors)
            if content.title.startswith(UNTITLED) and not any(obj.domain != "std" for obj in objects_by_page[page]):
                continue  # a redirect stub or an include fragment: Sphinx found no heading to name it by
            parsed[page] = content
        except OSError as error:
            warnings.append(f"skipped {page}: {error.strerror}")
        except PageError as error:
            warnings.append(f"skipped {error}")
    return parsed, warnings


def _index_links(docs: Path) -> list[IndexLink]:
    links: set[IndexLink] = set()
    for path in index_files(docs):
        try:
            links.update(read_index_links(path.read_bytes(), path=path.relative_to(docs).as_posix()))
        except (OSError, ValueError):
            continue  # the index only adds keywords; a build without them is still whole
    return sorted(links)


def _attach_keywords(pages: dict[str, PageEntries], links: list[IndexLink]) -> int:
    """Give each index phrase to the entry that holds its anchor; count the ones kept."""
    attached = 0
    for link in links:
        page = pages.get(link.page)
        entry = page.entry_for_anchor(link.anchor) if page else None
        if entry is None or _repeats_name(entry, link):
            continue
        if link.phrase not in entry.keywords:
            entry.keywords.add(link.phrase)
            attached += 1
    return attached


def _repeats_name(entry: Entry, link: IndexLink) -> bool:
    """An object's own index line ('len() (built-in function)') adds nothing to its name."""
    return bool(entry.domain) and link.anchor == entry.anchor


def _all_links(parsed: dict[str, ParsedPage]) -> Iterator[tuple[str, Link]]:
    for page, content in parsed.items():
        for link in content.links:
            yield page, link


def _default_base_url(inventory: Inventory, docs: Path) -> str:
    template = KNOWN_BASE_URLS.get(inventory.project)
    if template:
        return template.format(version=inventory.version)
    return docs.resolve().as_uri() + "/"
