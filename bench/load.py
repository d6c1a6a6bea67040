"""Load from wrk (Debian's package), rotating over the keystroke list; results as medians of runs."""

from __future__ import annotations

import json
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROTATE = Path(__file__).with_name("rotate.lua")


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    server_errors: int = 0
    non_2xx: int = 0

    def row(self) -> str:
        return f"{self.requests_per_second:,.0f} | {self.p50_ms:.2f} | {self.p99_ms:.2f} | {self.errors}"


def wrk(
    base: str,
    path: str,
    queries: Path,
    *,
    connections: int,
    seconds: float,
    htmx: bool = False,
    count_5xx: bool = False,
) -> Load:
    """One wrk run; `path` is followed by each query in turn (e.g. '/search?q=')."""
    threads = max(1, min(2, connections))
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "-s",
        str(ROTATE),
        base,
        "--",
        str(queries),
        path,
        "htmx" if htmx else "",
        "count5xx" if count_5xx else "",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    return Load(
        requests_per_second=data["requests"] / data["seconds"],
        p50_ms=data["p50_ms"],
        p99_ms=data["p99_ms"],
        errors=data["errors"],
        requests=data["requests"],
        server_errors=data["server_errors"],
        non_2xx=data["non2xx"],
    )


def median_load(runs: list[Load]) -> Load:
    """Medians per figure over several runs (errors are summed: any error counts)."""
    return Load(
        requests_per_second=statistics.median(run.requests_per_second for run in runs),
        p50_ms=statistics.median(run.p50_ms for run in runs),
        p99_ms=statistics.median(run.p99_ms for run in runs),
        errors=sum(run.errors for run in runs),
        requests=sum(run.requests for run in runs),
    )


def measure(
    base: str, path: str, queries: Path, *, connections: int, seconds: float, runs: int, htmx: bool = False
) -> Load:
    wrk(base, path, queries, connections=connections, seconds=1, htmx=htmx)  # warm up
    return median_load(
        [wrk(base, path, queries, connections=connections, seconds=seconds, htmx=htmx) for _ in range(runs)]
    )
