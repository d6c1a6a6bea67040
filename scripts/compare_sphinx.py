"""Run the golden queries through Sphinx's own search and ours; print success@1 and MRR side by side.

Sphinx's search is the `searchtools.js` shipped in the docs build, run in headless
Chromium against the build served on loopback (as docs.python.org runs it, minus
the network). Ours is SearchService over data/docs.db.

    .venv/bin/python scripts/compare_sphinx.py [--docs DIR]   # default: the fetched python3.11-doc build
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import http.server
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parser.sources import read_versions  # noqa: E402
from tests.chromium import launch_chromium  # noqa: E402
from tests.golden_queries import GOLDEN, Golden  # noqa: E402
from web.query import parse_query  # noqa: E402
from web.services import open_services  # noqa: E402
from web.settings import Settings  # noqa: E402

TOP = 10


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__)
    default = next(entry for entry in read_versions() if entry.version == "3.11").html()
    options.add_argument("--docs", type=Path, default=default)
    arguments = options.parse_args()
    ours = asyncio.run(_our_results())
    with _serve(arguments.docs) as base:
        sphinx = _sphinx_results(base)
    _print_table(ours, sphinx)
    return 0


async def _our_results() -> dict[Golden, list[str]]:
    results: dict[Golden, list[str]] = {}
    async with open_services(Settings(db_path=ROOT / "data" / "docs.db")) as services:
        base_url = services.database.info.find("3.11").base_url  # type: ignore[union-attr]
        for golden in GOLDEN:
            # The Sphinx side searches the 3.11 build the golden targets are written for.
            query = parse_query(golden.query, max_length=200, version="3.11")
            found = await services.search.search(query, limit=TOP)
            results[golden] = [hit.url.removeprefix(base_url) for hit in found.hits]
    return results


@contextmanager
def _serve(docs: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(docs))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        del format, args


def _sphinx_results(base: str) -> dict[Golden, list[str]]:
    results: dict[Golden, list[str]] = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        for golden in GOLDEN:
            results[golden] = _sphinx_search(page, base, golden.query)
        browser.close()
    return results


def _sphinx_search(page: Page, base: str, query: str) -> list[str]:
    page.goto(f"{base}search.html?q={quote(query)}")
    # searchtools.js writes its summary line when it has finished listing results.
    page.wait_for_selector("#search-results p.search-summary", timeout=30_000)
    hrefs = page.eval_on_selector_all("#search-results ul.search li a", "links => links.map(a => a.href)")
    targets = []
    for href in hrefs[:TOP]:
        parts = urlsplit(href)
        path = parts.path.removeprefix(urlsplit(base).path)
        targets.append(path + (f"#{parts.fragment}" if parts.fragment else ""))
    return targets


def _print_table(ours: dict[Golden, list[str]], sphinx: dict[Golden, list[str]]) -> None:
    by_class: dict[str, list[Golden]] = defaultdict(list)
    for golden in GOLDEN:
        by_class[golden.query_class].append(golden)
    rows = [("class", "queries", "ours s@1", "ours MRR", "Sphinx s@1", "Sphinx MRR")]
    for name, goldens in [*by_class.items(), ("all", GOLDEN)]:
        rows.append(
            (
                name,
                str(len(goldens)),
                f"{_success_at_1(ours, goldens):.2f}",
                f"{_mrr(ours, goldens):.2f}",
                f"{_success_at_1(sphinx, goldens):.2f}",
                f"{_mrr(sphinx, goldens):.2f}",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        sys.stdout.write(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + "\n")
    sys.stdout.write("\nquery | target | our rank | Sphinx rank\n")
    for golden in GOLDEN:
        sys.stdout.write(f"{golden.query} | {golden.target} | {_rank(ours, golden)} | {_rank(sphinx, golden)}\n")


def _rank(results: dict[Golden, list[str]], golden: Golden) -> int | None:
    found = results[golden]
    return found.index(golden.target) + 1 if golden.target in found else None


def _success_at_1(results: dict[Golden, list[str]], goldens: list[Golden]) -> float:
    return sum(_rank(results, golden) == 1 for golden in goldens) / len(goldens)


def _mrr(results: dict[Golden, list[str]], goldens: list[Golden]) -> float:
    return sum(1 / rank if (rank := _rank(results, golden)) else 0 for golden in goldens) / len(goldens)


if __name__ == "__main__":
    sys.exit(main())
