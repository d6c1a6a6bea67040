"""`python -m bench`: run every measurement and write BENCHMARKS.md (about 12 minutes)."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from bench.assistants import mcp_beside_api
from bench.backends import backends_side_by_side
from bench.cost import index_build, query_cost, question_cost, question_relevance, same_results
from bench.footprint import first_result_bytes, home_page, memory, worker_startup
from bench.keystroke_load import event_loops, keystroke_breakdown, original_design, search_load, storage_modes
from bench.keystrokes import keystroke_queries
from bench.report import DB, OUTPUT, Report


def main() -> int:
    started = time.monotonic()
    report = Report()
    queries = keystroke_queries(DB)
    with tempfile.TemporaryDirectory() as scratch:
        query_file = Path(scratch) / "queries.txt"
        query_file.write_text("".join(quote(query) + "\n" for query in queries))
        home_file = Path(scratch) / "home.txt"
        home_file.write_text("\n")
        report.header(len(queries))
        python, single = index_build(report, Path(scratch))
        query_cost(report, queries, python, single)
        question_cost(report, queries)
        question_relevance(report)
        same_results(report)
        under_load = keystroke_breakdown(report, queries, query_file)
        search_load(report, query_file, under_load)
        event_loops(report, query_file)
        storage_modes(report, query_file)
        original_design(report, query_file)
        backends_side_by_side(report, query_file)
        mcp_beside_api(report, queries)
        home_page(report, home_file)
        first_result_bytes(report)
        memory(report, query_file)
        worker_startup(report)
    report.line(f"\n_Whole run: {time.monotonic() - started:.0f} s._")
    OUTPUT.write_text(report.text())
    sys.stdout.write(f"wrote {OUTPUT}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
