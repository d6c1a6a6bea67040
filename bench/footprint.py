"""Report sections: the home page's cache, the bytes before a first result, memory over time."""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

import httpx

from bench.load import measure, wrk
from bench.report import DB, HTMX, MEMORY_REQUESTS, RUNS, SECONDS, Report
from bench.server import running
from parser.sources import read_versions

STARTUP_RUNS = 3


def home_page(report: Report, home_file: Path) -> None:
    report.line("## Home page: `@cache_response` vs not")
    report.line()
    rows = []
    for label, size in (("cached", "64"), ("not cached", "0")):
        with running({"PYDOCS_WORKERS": "1", "PYDOCS_PAGE_CACHE_SIZE": size}) as server:
            load = measure(server.base, "/", home_file, connections=16, seconds=SECONDS, runs=RUNS)
            rows.append(f"{label} | 16 | {load.row()}")
    report.table("Home page | Connections | Requests/s | p50 ms | p99 ms | Errors", rows)


def first_result_bytes(report: Report) -> None:
    report.line("## Bytes before the first result, for a new visitor")
    report.line()
    with running({"PYDOCS_WORKERS": "1"}) as server, httpx.Client(base_url=server.base) as client:
        home = client.get("/")
        assets = _asset_urls(home.text)
        asset_bytes = sum(len(client.get(url).content) for url in assets)
        keystroke = client.get("/search", params={"q": "str.jo"}, headers=HTMX)
        ours = len(home.content) + asset_bytes + len(keystroke.content)
    sphinx_files = [
        "search.html",
        "searchindex.js",
        "_static/searchtools.js",
        "_static/language_data.js",
        "_static/doctools.js",
        "_static/documentation_options.js",
        "_static/jquery.js",
        "_static/underscore.js",
        "_static/sphinx_highlight.js",
    ]
    docs = next(entry for entry in read_versions() if entry.version == "3.11").html()  # Sphinx 5.3's own search
    sphinx = sum((docs / name).stat().st_size for name in sphinx_files if (docs / name).exists())
    page = (docs / "library/stdtypes.html").stat().st_size
    report.table(
        "Site | Bytes (uncompressed) | Share of Sphinx's",
        [
            f"this site: home page + CSS/JS/htmx + one keystroke's partial | {ours:,} | {ours / sphinx:.1%}",
            "docs.python.org design: search.html + searchindex.js + its scripts, before any snippet fetch"
            f" | {sphinx:,} | 100%",
        ],
    )
    report.line(
        f"Sphinx then fetches one whole page per result to build snippets (library/stdtypes.html alone is "
        f"{page:,} bytes), so its real figure is higher still. Target: under 1%.\n"
    )


def _asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def worker_startup(report: Report) -> None:
    """What the sentence model costs a worker: time from launch to serving, and memory, with it and without."""
    rows = []
    for semantic in ("true", "false"):
        launches, sizes = [], []
        for _ in range(STARTUP_RUNS):
            started = time.monotonic()
            with running({"PYDOCS_WORKERS": "1", "PYDOCS_SEMANTIC": semantic}) as server:
                launches.append(time.monotonic() - started)
                sizes.append(server.rss_mb())
        label = "words and meaning (default)" if semantic == "true" else "words alone (PYDOCS_SEMANTIC=false)"
        rows.append(f"{label} | {statistics.median(launches):.2f} | {statistics.median(sizes):.0f}")
    report.table(f"One worker | launch to first /healthz, s (median of {STARTUP_RUNS}) | RSS after startup, MB", rows)
    report.line(
        "The difference is the question model (onnxruntime's graph of its float32 weights, built at startup), "
        "every document's vector (int8, in a second onnxruntime graph), and the libraries that run them.\n"
    )


def memory(report: Report, query_file: Path) -> None:
    report.line("## Memory over 100,000 requests")
    report.line()
    with running({"PYDOCS_WORKERS": "1", "PYDOCS_SEARCH_CACHE_SIZE": "2048"}) as server:
        health = httpx.get(f"{server.base}/healthz").json()
        report.line(
            f"Startup: docs.db ({DB.stat().st_size / 1e6:.1f} MB, {health['entries']:,} entry-versions) copied "
            f"into memory in {health['copy_seconds'] * 1000:.0f} ms; each worker holds its own copy.\n"
        )
        rows = [f"0 (after startup) | {server.rss_mb():.1f}"]
        done = 0
        while done < MEMORY_REQUESTS:
            done += wrk(server.base, "/search?q=", query_file, connections=16, seconds=10, htmx=True).requests
            rows.append(f"{done:,} | {server.rss_mb():.1f}")
    report.table("Requests served | RSS MB (1 worker, result cache 2,048)", rows)
    report.line("Target: flat beyond noise once the caches have filled.\n")
