"""Report section: a coding assistant's search (MCP `search_docs`) beside the JSON API's, same queries, same run."""

from __future__ import annotations

import asyncio
import statistics
import time

import httpx
from mcp.client.client import Client

from bench.report import Report, percentile
from bench.server import running
from testbed.golden_queries import QUESTION_GOLDEN

# Each query is asked this many times by each route, alternating, after one unmeasured pass.
ROUNDS = 3


def mcp_beside_api(report: Report, queries: list[str]) -> None:
    report.line("## Coding assistants: MCP `search_docs` vs `/api/search` (1 worker, result cache off)")
    report.line()
    sample = [query for query in queries if query.strip()][::10] + [golden.query for golden in QUESTION_GOLDEN]
    with running({"PYDOCS_WORKERS": "1", "PYDOCS_SEARCH_CACHE_SIZE": "0"}) as server:
        api, mcp = asyncio.run(_timings(server.base, sample))
    rows = [
        f"{label} | {len(timings):,} | {percentile(timings, 50):.2f} | {percentile(timings, 99):.2f} "
        f"| {statistics.mean(timings):.2f}"
        for label, timings in (("`GET /api/search?q=…&limit=10`", api), ("MCP `search_docs(query, limit=10)`", mcp))
    ]
    report.table("Route (one client, one request at a time) | Calls | p50 ms | p99 ms | mean ms", rows)
    report.line(
        "Both run the same search; the difference is MCP's JSON-RPC framing, the SDK's argument validation and its "
        "tool dispatch, each call a stateless request of its own.\n"
    )


async def _timings(base: str, queries: list[str]) -> tuple[list[float], list[float]]:
    api: list[float] = []
    mcp: list[float] = []
    async with httpx.AsyncClient(base_url=base) as http, Client(f"{base}/mcp") as assistant:
        for query in queries:  # warm both paths once
            await http.get("/api/search", params={"q": query, "limit": 10})
            await assistant.call_tool("search_docs", {"query": query, "limit": 10})
        for _ in range(ROUNDS):
            for query in queries:
                started = time.perf_counter()
                await http.get("/api/search", params={"q": query, "limit": 10})
                api.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                await assistant.call_tool("search_docs", {"query": query, "limit": 10})
                mcp.append((time.perf_counter() - started) * 1000)
    return api, mcp
