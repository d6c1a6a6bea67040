"""`make soak`: 64 connections for a few minutes over hostile and normal queries; zero 5xx, flat memory.

Loopback only, bounded in time. Prints one summary line and exits non-zero on any 5xx.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from bench.keystrokes import keystroke_queries
from bench.load import wrk
from bench.server import ROOT, running
from testbed.hostile_inputs import FTS_SYNTAX_QUERIES, MARKUP

SECONDS = int(os.environ.get("SOAK_SECONDS", "180"))
ROUND = 20  # seconds per wrk run; memory is read between runs
# The queries are taken in turn, and there are more of them than the search cache holds (2,048): nearly
# every request is a cache miss, the worst case for both speed and memory churn.
HOSTILE = [
    *FTS_SYNTAX_QUERIES,
    *MARKUP,
    "<script>alert(1)</script>",
    "'; DROP TABLE entries; --",
    "%00",
    "\x00",
    "\u202e",
    "\ud7ff",
    "type:nope join",
    "x" * 199,
    "x" * 201,
    "a " * 100,
    "é" * 150,
    "🐍" * 50,
]


def main() -> int:
    rng = random.Random(7)
    normal = keystroke_queries(ROOT / "data" / "docs.db")
    mixed = normal + [rng.choice(HOSTILE) + rng.choice(["", " len", " str.join"]) for _ in range(len(normal) // 2)]
    rng.shuffle(mixed)
    with tempfile.TemporaryDirectory() as scratch:
        query_file = Path(scratch) / "queries.txt"
        query_file.write_text("".join(quote(query, safe="") + "\n" for query in mixed))
        log = Path(scratch) / "server.log"
        with running({"PYDOCS_WORKERS": "1"}, log=log) as server:
            memory = [server.rss_mb()]
            requests = socket_errors = client_errors = server_errors = 0
            p99s = []
            for _ in range(max(1, SECONDS // ROUND)):
                load = wrk(
                    server.base, "/search?q=", query_file, connections=64, seconds=ROUND, htmx=True, count_5xx=True
                )
                requests += load.requests
                socket_errors += load.errors - load.non_2xx
                client_errors += load.non_2xx - load.server_errors
                server_errors += load.server_errors
                p99s.append(load.p99_ms)
                memory.append(server.rss_mb())
        server_log = log.read_text(errors="replace")
    sys.stdout.write(
        f"soak: {requests:,} requests over {SECONDS} s at 64 connections, {len(mixed):,} queries "
        f"({len(mixed) - len(normal):,} hostile); 5xx: {server_errors}; "
        f"4xx (hostile queries refused): {client_errors:,}; socket errors or 2 s timeouts: {socket_errors}; "
        f"p99 per round (ms): {', '.join(f'{p:.0f}' for p in p99s)}; RSS MB: {memory[0]:.1f} -> {memory[1]:.1f} -> "
        f"{memory[-1]:.1f}\n"
    )
    if server_errors or server_log.strip():
        sys.stdout.write(f"server log (last 60 lines):\n{''.join(server_log.splitlines(True)[-60:])}")
    return 1 if server_errors else 0


if __name__ == "__main__":
    sys.exit(main())
