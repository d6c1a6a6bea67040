"""PostgreSQL for the bench: a throwaway server holding the shipped index, the golden suite on a backend,
and the report section that sets both backends side by side.

The server is Debian's (testbed/postgres_cluster.py) on a unix socket, loaded with the
shipped docs.db by the loader's own command line; it shares the machine's cores with
the web server and wrk, as a database on the same host would.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from bench.cost import halves
from bench.report import DB, Report, partials, percentile, service_ms
from bench.server import ROOT, running
from testbed.golden_queries import GOLDEN, QUESTION_GOLDEN
from testbed.postgres_cluster import throwaway_cluster
from testbed.question_suite import QUESTION_TEST, QUESTION_TUNE
from web.search.filters import Filters
from web.search.query import parse_query
from web.services import open_services
from web.settings import Settings


@contextlib.contextmanager
def loaded_postgres(db: Path) -> Iterator[tuple[str, float]]:
    """A PostgreSQL server holding `db`, loaded as `make load-postgres` loads it: (its URL, load seconds)."""
    with throwaway_cluster() as cluster:
        started = time.monotonic()
        environment = {**os.environ, "PYDOCS_DATABASE_URL": cluster.url}
        command = [sys.executable, "-m", "parser.postgres_load", str(db)]
        subprocess.run(command, env=environment, cwd=ROOT, check=True, capture_output=True)
        yield cluster.url, time.monotonic() - started


async def golden_by_class(settings: Settings) -> dict[str, str]:
    """Success@1 per class of the golden suite, each asked in the version its target is a path of."""
    found: dict[str, list[bool]] = defaultdict(list)
    async with open_services(settings) as services:
        for golden in (*GOLDEN, *QUESTION_GOLDEN):
            query = parse_query(golden.query, max_length=200, filters=Filters(version=golden.target_version))
            result = await services.search.search(query, limit=1)
            home = services.database.info.find(golden.target_version)
            assert home is not None, f"no version {golden.target_version} in the index"
            targets = {home.base_url + target for target in golden.targets(golden.target_version)}
            first = result.shown[0] if result.shown else None
            found[golden.query_class].append(
                first is not None and any(link.url in targets for link in first.version_links)
            )
    return {name: f"{sum(hits)}/{len(hits)}" for name, hits in sorted(found.items())}


def backends_side_by_side(report: Report, query_file: Path) -> None:
    report.line("## Backends side by side: docs.db in memory vs PostgreSQL")
    report.line()
    with loaded_postgres(DB) as (url, load_seconds):
        backends = {"in-memory SQLite": {}, "PostgreSQL": {"PYDOCS_DATABASE_URL": url}}
        rows = []
        for workers in ("1", "2"):
            for connections in (1, 16, 64):
                for label, extra in backends.items():
                    environment = {"PYDOCS_WORKERS": workers, "PYDOCS_SEARCH_CACHE_SIZE": "0", **extra}
                    with running(environment) as server:
                        load = partials(server, query_file, connections)
                        rows.append(f"{workers} | {connections} | {label} | {load.row()} | {server.rss_mb():.0f}")
        report.table("Workers | Connections | Backend | Requests/s | p50 ms | p99 ms | Errors | Web RSS MB", rows)
        golden = {}
        question_rows = []
        half_rows: list[str] = []
        questions = [golden.query for golden in (*QUESTION_TUNE, *QUESTION_TEST)]
        for label, extra in backends.items():
            settings = Settings(db_path=DB, search_cache_size=0, database_url=url if extra else None)
            golden[label] = asyncio.run(golden_by_class(settings))
            timings = asyncio.run(service_ms(settings, questions))
            question_rows.append(f"{label} | {percentile(timings, 50):.2f} | {percentile(timings, 99):.2f}")
            scores = asyncio.run(halves(settings))
            half_rows.extend(
                f"{label} | {half} | {version} | {found.row()}" for (half, version), found in scores.items()
            )
    report.table(
        f"{len(questions)} held-out questions, SearchService.search, one at a time | p50 ms | p99 ms", question_rows
    )
    report.table("Backend | Half | Version | success@1 | success@5 | MRR", half_rows)
    report.table(
        "Golden class | success@1, " + " | success@1, ".join(backends),
        [f"{name} | " + " | ".join(golden[label][name] for label in backends) for name in golden["PostgreSQL"]],
    )
    report.line(
        f"The htmx results partial, result cache off, the keystroke list above. PostgreSQL is a local server "
        f"on a unix socket sharing the 2 cores with the web server and wrk; its own processes are not in the "
        f"RSS column. `make load-postgres` took {load_seconds:.1f} s for the shipped docs.db.\n"
    )
