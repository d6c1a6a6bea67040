"""One identity per entry across docs versions, even where a page moved folders.

An API object is `domain:kind:name` (`py:function:zip`) wherever it is documented.
A page is its path in the newest version that has it; an older version's page with
no such path whose file name and title (in any case) match exactly one page missing from that
version is the same page, moved (3.15: `library/functions.html` → `builtins/functions.html`).
A section is its page's key plus its anchor.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from parser.docset import Docset
from parser.entries import Entry


def assign_keys(versions: Sequence[Docset]) -> list[list[str]]:
    """The key of every entry, per version, in the order of `versions` (newest first) and their entries."""
    page_keys = _page_keys(versions)
    keys: list[list[str]] = []
    for docset, pages in zip(versions, page_keys, strict=True):
        seen: set[str] = set()
        version_keys = []
        for entry in docset.entries:
            key = _key(entry, pages)
            if key in seen:  # the same name documented twice in one version: tell them apart by place
                key = f"{key}@{entry.page}#{entry.anchor}"
            seen.add(key)
            version_keys.append(key)
        keys.append(version_keys)
    return keys


def _key(entry: Entry, pages: dict[str, str]) -> str:
    if entry.domain:
        return f"{entry.domain}:{entry.kind}:{entry.name}"
    page = pages.get(entry.page, entry.page)
    return f"{page}#{entry.anchor}" if entry.anchor else page


def _page_keys(versions: Sequence[Docset]) -> list[dict[str, str]]:
    """Per version, page path → key; newest first, so a key is the newest path of its page."""
    known: dict[str, str] = {}  # key → title, over the versions seen so far
    result = []
    for docset in versions:
        titles = _page_titles(docset)
        keys = {page: page for page in titles if page in known}
        unmatched_keys = [key for key in known if key not in titles]
        for page, title in titles.items():
            if page in keys:
                continue
            moved = _moved_from(page, title, unmatched_keys, known)
            keys[page] = moved or page
            if moved:
                unmatched_keys.remove(moved)
        for page, key in keys.items():
            known.setdefault(key, titles[page])
        result.append(keys)
    return result


def _moved_from(page: str, title: str, candidates: list[str], titles: dict[str, str]) -> str | None:
    """The one newer page this one became: the same file name and title (`index.html` alone says nothing)."""
    # Headings changed case across versions ("Built-in Functions" → "Built-in functions").
    same = [
        key
        for key in candidates
        if posixpath.basename(key) == posixpath.basename(page) and titles[key].casefold() == title.casefold()
    ]
    return same[0] if len(same) == 1 and title else None


def _page_titles(docset: Docset) -> dict[str, str]:
    titles = {entry.page: "" for entry in docset.entries}
    for entry in docset.entries:
        if entry.kind == "page":
            titles[entry.page] = entry.title
    return titles
