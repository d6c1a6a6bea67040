"""Cut a small Sphinx build out of a real one, for tests/fixtures/.

Copies the named pages as they are, and keeps only the objects.inv entries and
general-index links that point into them, so the fixture is a real (if tiny)
Sphinx HTML build:

    python scripts/make_fixture.py /usr/share/doc/python3.11/html tests/fixtures/python-mini \
        library/functools.html library/heapq.html ...
"""

from __future__ import annotations

import argparse
import posixpath
import shutil
import sys
from pathlib import Path

import lxml.html
import sphobjinv


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("source", type=Path)
    arguments.add_argument("target", type=Path)
    arguments.add_argument("pages", nargs="+")
    options = arguments.parse_args()
    pages = set(options.pages)
    if options.target.exists():
        shutil.rmtree(options.target)
    for page in sorted(pages):
        destination = options.target / page
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(options.source / page, destination)
    _cut_inventory(options.source / "objects.inv", options.target / "objects.inv", pages)
    for index in ("genindex-all.html", "genindex.html"):
        if (options.source / index).is_file():
            _cut_index(options.source / index, options.target / index, pages)
            break
    return 0


def _cut_inventory(source: Path, target: Path, pages: set[str]) -> None:
    inventory = sphobjinv.Inventory(fname_zlib=str(source))
    inventory.objects = [obj for obj in inventory.objects if obj.uri.partition("#")[0] in pages]
    text = inventory.data_file(contract=True)
    sphobjinv.writebytes(str(target), sphobjinv.compress(text))


def _cut_index(source: Path, target: Path, pages: set[str]) -> None:
    root = lxml.html.document_fromstring(source.read_bytes())
    directory = posixpath.dirname(source.name)
    for link in list(root.iter("a")):
        href = link.get("href") or ""
        page = href.partition("#")[0]
        if page.endswith(".html") and "://" not in href:
            if posixpath.normpath(posixpath.join(directory, page)) not in pages:
                _drop(link)
    for item in reversed(list(root.iter("li"))):
        if not list(item.iter("a")):
            item.getparent().remove(item)
    target.write_bytes(lxml.html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>"))


def _drop(element: lxml.html.HtmlElement) -> None:
    """Remove an element but keep its tail text in place."""
    parent = element.getparent()
    previous = element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


if __name__ == "__main__":
    sys.exit(main())
