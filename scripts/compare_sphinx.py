"""Run the golden queries through Sphinx's own search and ours; print success@1, @5 and MRR per class.

Sphinx's search is the `searchtools.js` shipped in each docs build, run in headless
Chromium against the build served on loopback (as docs.python.org runs it, minus
the network). Ours is SearchService over data/docs.db. Each golden query is asked of
the build its targets are paths in: the name and concept suite of 3.11 (Sphinx 5.3),
the questions of 3.15 (Sphinx 9.2).

With --docsets, each library's golden suite (testbed/docset_golden.py) is asked of that
library's own build and of ours twice: with every docset searched at once, as the site
searches by default (harder: Sphinx's search sees one library's pages only), and within
the library's docset alone (`docset:flask`), as its own build's search sees it.
Debian's library builds link `_static/searchtools.js` and friends to its libjs-sphinxdoc
package instead of shipping them; those links are served from the fetched package.

    .venv/bin/python scripts/compare_sphinx.py             # the fetched python3.X-doc builds
    .venv/bin/python scripts/compare_sphinx.py --docsets   # each library's build (python-*-doc)
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import http.server
import os
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote, urlsplit

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parser.sources import fetch, fetch_scripts, read_libraries, read_scripts, read_versions  # noqa: E402
from testbed.chromium import launch_chromium  # noqa: E402
from testbed.docset_golden import DOCSET_GOLDEN, NAME_CLASSES, DocsetGolden  # noqa: E402
from testbed.golden_queries import GOLDEN, QUESTION_GOLDEN, Golden  # noqa: E402
from testbed.scoring import docset_rank_of  # noqa: E402
from web.search.filters import Filters  # noqa: E402
from web.search.query import parse_query  # noqa: E402
from web.services import open_services  # noqa: E402
from web.settings import Settings  # noqa: E402

TOP = 10
Query = TypeVar("Query", Golden, DocsetGolden)
SUITE = [*GOLDEN, *QUESTION_GOLDEN]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docsets", action="store_true", help="compare on each library's suite and build")
    if parser.parse_args().docsets:
        return _compare_docsets()
    builds = {entry.version: entry.html() for entry in read_versions()}
    ours = asyncio.run(_our_results())
    sphinx: dict[Golden, list[str]] = {}
    for version in sorted({golden.target_version for golden in SUITE}):
        with _serve(builds[version]) as base:
            sphinx.update(_sphinx_results(base, [golden for golden in SUITE if golden.target_version == version]))
    _print_table(ours, sphinx)
    return 0


async def _our_results() -> dict[Golden, list[str]]:
    results: dict[Golden, list[str]] = {}
    async with open_services(Settings(db_path=ROOT / "data" / "docs.db", search_cache_size=0)) as services:
        for golden in SUITE:
            # Asked in the build the targets are paths in, as the Sphinx side is.
            base_url = services.database.info.find(golden.target_version).base_url  # type: ignore[union-attr]
            query = parse_query(golden.query, max_length=200, filters=Filters(version=golden.target_version))
            found = await services.search.search(query, limit=TOP)
            results[golden] = [hit.url.removeprefix(base_url) for hit in found.shown]
    return results


def _compare_docsets() -> int:
    libraries = read_libraries()
    builds = dict(zip((library.docset for library in libraries), fetch(libraries), strict=True))
    shared = fetch_scripts(read_scripts())
    dirhtml = {library.docset: library.dirhtml for library in libraries}
    ours, scoped = asyncio.run(_our_docset_ranks(dirhtml))
    sphinx: dict[DocsetGolden, int | None] = {}
    for library in libraries:
        suite = [golden for golden in DOCSET_GOLDEN if golden.docset == library.docset]
        with _serve(builds[library.docset], shared) as base:
            found = _sphinx_results(base, suite)
        sphinx.update({golden: _place(found[golden], golden.target) for golden in suite})
    _print_docset_table({"ours": ours, "ours, docset: alone": scoped, "Sphinx": sphinx})
    return 0


Ranks = dict[DocsetGolden, int | None]


async def _our_docset_ranks(dirhtml: dict[str, bool]) -> tuple[Ranks, Ranks]:
    """Every docset searched at once, as the site searches by default; then each query in its library's docset
    alone, as its own build's search sees it."""
    async with open_services(Settings(db_path=ROOT / "data" / "docs.db", search_cache_size=0)) as services:

        async def ranks(*, scoped: bool) -> Ranks:
            return {
                golden: await docset_rank_of(services, golden, dirhtml=dirhtml[golden.docset], scoped=scoped)
                for golden in DOCSET_GOLDEN
            }

        return await ranks(scoped=False), await ranks(scoped=True)


def _place(found: list[str], target: str) -> int | None:
    return next((place for place, path in enumerate(found, start=1) if path == target), None)


def _print_docset_table(ranks: dict[str, dict[DocsetGolden, int | None]]) -> None:
    """Per docset and searcher: names found first, and every query found within its bound (the suite's
    `within`)."""
    rows: list[tuple[str, ...]] = [
        ("docset", "queries", *(f"{label} {figure}" for label in ranks for figure in ("names s@1", "within")))
    ]
    by_docset: dict[str, list[DocsetGolden]] = defaultdict(list)
    for golden in DOCSET_GOLDEN:
        by_docset[golden.docset].append(golden)
    for docset, goldens in [*by_docset.items(), ("all", DOCSET_GOLDEN)]:
        names = [golden for golden in goldens if golden.query_class in NAME_CLASSES]
        figures = []
        for found in ranks.values():
            figures.append(f"{sum(found[golden] == 1 for golden in names) / len(names):.2f}")
            within = sum((rank := found[golden]) is not None and rank <= golden.within for golden in goldens)
            figures.append(f"{within / len(goldens):.2f}")
        rows.append((docset, str(len(goldens)), *figures))
    _write_rows(rows)
    sys.stdout.write(f"\ndocset | query | class | target | {' | '.join(f'{label} rank' for label in ranks)}\n")
    for golden in DOCSET_GOLDEN:
        places = " | ".join(str(found[golden]) for found in ranks.values())
        sys.stdout.write(f"{golden.docset} | {golden.query} | {golden.query_class} | {golden.target} | {places}\n")


def _write_rows(rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        sys.stdout.write(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + "\n")


@contextmanager
def _serve(docs: Path, shared: Sequence[Path] = ()) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(docs), shared=shared)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args: object, shared: Sequence[Path], **kwargs: object) -> None:
        self.shared = shared  # /usr/share/javascript folders of the fetched scripts packages
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def translate_path(self, path: str) -> str:
        """A file the build links into /usr/share/javascript (Debian's packaged Sphinx scripts) is served from
        the fetched package holding it; the link itself points outside the unpacked build."""
        local = super().translate_path(path)
        if os.path.islink(local) and not os.path.exists(local):
            _, found, inside = os.readlink(local).partition("javascript/")
            for folder in self.shared if found else []:
                if (folder / inside).is_file():
                    return str(folder / inside)
        return local

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        del format, args


def _sphinx_results(base: str, suite: Sequence[Query]) -> dict[Query, list[str]]:
    results: dict[Query, list[str]] = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        for golden in suite:
            results[golden] = _sphinx_search(page, base, golden.query)
        browser.close()
    return results


def _sphinx_search(page: Page, base: str, query: str) -> list[str]:
    page.goto(f"{base}search.html?q={quote(query)}")
    # searchtools.js writes its summary line when it has finished listing results (Sphinx 9 adds the
    # line at once, empty, and fills it in at the end).
    page.wait_for_function(
        "document.querySelector('#search-results p.search-summary')?.innerText.trim().length > 0",
        timeout=60_000,
    )
    hrefs = page.eval_on_selector_all("#search-results ul.search li a", "links => links.map(a => a.href)")
    targets = []
    for href in hrefs[:TOP]:
        parts = urlsplit(href)
        path = parts.path.removeprefix(urlsplit(base).path)
        targets.append(path + (f"#{parts.fragment}" if parts.fragment else ""))
    return targets


def _print_table(ours: dict[Golden, list[str]], sphinx: dict[Golden, list[str]]) -> None:
    by_class: dict[str, list[Golden]] = defaultdict(list)
    for golden in SUITE:
        by_class[golden.query_class].append(golden)
    rows: list[tuple[str, ...]] = [("class", "queries", "ours s@1", "s@5", "MRR", "Sphinx s@1", "s@5", "MRR")]
    for name, goldens in [*by_class.items(), ("all", SUITE)]:
        rows.append(
            (
                name,
                str(len(goldens)),
                *(
                    figure
                    for results in (ours, sphinx)
                    for figure in (
                        f"{_success_at(results, goldens, 1):.2f}",
                        f"{_success_at(results, goldens, 5):.2f}",
                        f"{_mrr(results, goldens):.2f}",
                    )
                ),
            )
        )
    _write_rows(rows)
    sys.stdout.write("\nquery | target | our rank | Sphinx rank\n")
    for golden in SUITE:
        sys.stdout.write(f"{golden.query} | {golden.target} | {_rank(ours, golden)} | {_rank(sphinx, golden)}\n")


def _rank(results: dict[Golden, list[str]], golden: Golden) -> int | None:
    targets = set(golden.targets(golden.target_version))
    return next((place for place, found in enumerate(results[golden], start=1) if found in targets), None)


def _success_at(results: dict[Golden, list[str]], goldens: list[Golden], top: int) -> float:
    return sum((rank := _rank(results, golden)) is not None and rank <= top for golden in goldens) / len(goldens)


def _mrr(results: dict[Golden, list[str]], goldens: list[Golden]) -> float:
    return sum(1 / rank if (rank := _rank(results, golden)) else 0 for golden in goldens) / len(goldens)


if __name__ == "__main__":
    sys.exit(main())
