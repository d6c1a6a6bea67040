"""Shared by every section of `python -m bench`: the report being written, the run's settings, helpers."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.load import Load, measure
from bench.server import ROOT, Server
from web.search.filters import Filters
from web.search.query import parse_query
from web.services import open_services
from web.settings import Settings

DB = ROOT / "data" / "docs.db"
OUTPUT = ROOT / "BENCHMARKS.md"
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
MEMORY_REQUESTS = int(os.environ.get("BENCH_MEMORY_REQUESTS", "100000"))
HTMX = {"HX-Request": "true"}


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def line(self, text: str = "") -> None:
        self.lines.append(text)
        sys.stderr.write(text + "\n")

    def table(self, head: str, rows: list[str]) -> None:
        columns = head.count("|") + 1
        self.line(head)
        self.line(" | ".join(["---"] * columns))
        for row in rows:
            self.line(row)
        self.line()

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def header(self, query_count: int) -> None:
        self.line("# Benchmarks")
        self.line()
        self.line(
            "Written by `make bench`; do not edit. Figures are medians of "
            f"{RUNS} runs of {SECONDS:g} s each (after a 1 s warm-up), measured in one session on one machine, "
            "so compare ratios within this file, not with other machines."
        )
        self.line()
        self.line(
            f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; CPUs: {os.cpu_count()}; "
            f"Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}; {platform.machine()}"
        )
        self.line(
            f"- Load: wrk (Debian) on loopback, rotating over {query_count:,} distinct as-you-type queries "
            "(prefixes of API names and concept phrases, one character at a time); wrk shares the 2 cores "
            "with the server."
        )
        self.line()


def partials(server: Server, query_file: Path, connections: int) -> Load:
    """The htmx results partial under wrk, rotating over the keystroke list."""
    return measure(
        server.base, "/search?q=", query_file, connections=connections, seconds=SECONDS, runs=RUNS, htmx=True
    )


async def service_ms(settings: Settings, queries: list[str], version: str = "3.15") -> list[float]:
    timings = []
    async with open_services(settings) as services:
        for text in queries:
            query = parse_query(text, max_length=200, filters=Filters(version=version))
            started = time.perf_counter()
            await services.search.search(query, limit=10)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def percentile(values: list[float], percentile: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * percentile / 100))]
