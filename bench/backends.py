"""PostgreSQL for the bench: a throwaway server holding the shipped index, and the golden suite on a backend.

The server is Debian's (scripts/postgres_cluster.py) on a unix socket, loaded with the
shipped docs.db by the loader's own command line; it shares the machine's cores with
the web server and wrk, as a database on the same host would.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from bench.server import ROOT
from scripts.postgres_cluster import throwaway_cluster
from tests.golden_queries import GOLDEN, QUESTION_GOLDEN
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
            query = parse_query(golden.query, max_length=200, version=golden.target_version)
            result = await services.search.search(query, limit=1)
            home = services.database.info.find(golden.target_version)
            assert home is not None, f"no version {golden.target_version} in the index"
            targets = {home.base_url + target for target in golden.targets(golden.target_version)}
            first = result.shown[0] if result.shown else None
            found[golden.query_class].append(
                first is not None and any(link.url in targets for link in first.version_links)
            )
    return {name: f"{sum(hits)}/{len(hits)}" for name, hits in sorted(found.items())}
