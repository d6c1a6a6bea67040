"""Report sections: the index build, and what one query costs, one at a time (no load)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import statistics
import time
from pathlib import Path

from bench.breakdown import (
    ranked_statement,
    raw_sqlite,
)
from bench.report import DB, Report, percentile, service_ms
from bench.server import ROOT
from bench.topten import RECORDED, compare, digested, record
from parser.build import VersionSource, build_versions
from parser.cli import configured_sources
from parser.sources import fetch_lexicon, read_lexicon
from parser.vectors import embedded_text, vectors_for
from testbed.question_suite import QUESTION_TEST, QUESTION_TUNE
from testbed.scoring import SuiteScore, score
from web.search.filters import Filters
from web.search.query import parse_query
from web.services import open_services
from web.settings import Settings

# Texts embedded from scratch to time the model: enough for a steady figure, a minute at most.
EMBEDDING_SAMPLE = 400


def index_build(report: Report, scratch: Path) -> tuple[Path, Path]:
    """Build the shipped index (Python's four versions and the libraries) once, Python's four versions alone
    once, and 3.11 alone three times; returns the Python-only and the single-version files."""
    report.line("## Index build")
    report.line()
    shipped = configured_sources()
    sources = [source for source in shipped if source.docset is None]  # Python's versions
    lexicon = fetch_lexicon(read_lexicon())
    every = build_versions(shipped, scratch / "shipped.db", lexicon=lexicon)
    python = build_versions(sources, scratch / "python.db", lexicon=lexicon)
    single_docs = sources[-1].docs  # 3.11, the version the single-version figures were measured on
    times = []
    for _ in range(3):
        result = build_versions([VersionSource(single_docs, version="3.11")], scratch / "single.db")
        times.append(result.seconds)
    report.table(
        "Build | seconds | docs.db size | pages | entries | distinct texts",
        [
            f"Python {', '.join(python.versions)} and {len(every.versions) - len(python.versions)} libraries "
            f"(shipped), once | {every.seconds:.1f} s | {every.size / 1e6:.1f} MB | "
            f"{every.pages:,} | {every.entries:,} | {every.documents:,}",
            f"Python {', '.join(python.versions)} alone, once | {python.seconds:.1f} s | {python.size / 1e6:.1f} MB | "
            f"{python.pages:,} | {python.entries:,} | {python.documents:,}",
            f"3.11 alone, median of 3 | {statistics.median(times):.1f} s | {result.size / 1e6:.1f} MB | "
            f"{result.pages:,} | {result.entries:,} | {result.documents:,}",
        ],
    )
    report.line("Targets: under a minute; the shipped file at most 95 MB (GitHub refuses files over 100 MB).\n")
    embedding_cost(report)
    return scratch / "python.db", scratch / "single.db"


def query_cost(report: Report, queries: list[str], python: Path, single: Path) -> None:
    """Raw SQLite vs the same statement through SQLAlchemy + aiosqlite vs the whole search service,
    on the shipped index (Python and the libraries), on Python's four versions alone and on 3.11 built
    alone, in the same run."""
    report.line("## Where a query's time goes: the libraries beside Python, four versions in one index vs one")
    report.line()
    sample = [query for query in queries if query.strip()][:800]
    rows = []
    for label, db, version in (
        ("shipped (Python + libraries), searching 3.15 and every library (default)", DB, "3.15"),
        ("Python's 4 versions alone, searching 3.15", python, "3.15"),
        ("Python's 4 versions alone, searching 3.11", python, "3.11"),
        ("3.11 built alone", single, "3.11"),
    ):
        raw = _raw_sqlite_ms(db, sample, version)
        layered, service = asyncio.run(_layered_ms(db, sample, version))
        for layer, timings in (
            ("raw sqlite3, the ranking statement", raw),
            ("same statement via SQLAlchemy async + aiosqlite", layered),
            ("SearchService.search (statements + hits + snippets)", service),
        ):
            rows.append(
                f"{label} | {layer} | {percentile(timings, 50):.3f} | {percentile(timings, 99):.3f} "
                f"| {statistics.mean(timings):.3f}"
            )
    report.table("Index | Layer (same 800 keystroke queries, one at a time) | p50 ms | p99 ms | mean ms", rows)
    report.line(
        "Targets: the shipped index within 1.2x of Python's four versions alone, and those within 1.2x of the "
        "single-version one, at p50 and p99.\n"
    )


def question_cost(report: Report, queries: list[str]) -> None:
    """The question path (web/search/questions.py, web/search/semantic.py) against the keystrokes, through the
    whole search service, with the sentence model and without it."""
    report.line("## Questions in plain English vs keystrokes (SearchService.search, 3.15)")
    report.line()
    questions = [golden.query for golden in (*QUESTION_TUNE, *QUESTION_TEST)]
    keystrokes = [query for query in queries if query.strip()][:800]
    rows = []
    for label, sample, semantic in (
        (f"{len(questions)} held-out questions, words and meaning", questions, True),
        (f"{len(questions)} held-out questions, words alone (PYDOCS_SEMANTIC=false)", questions, False),
        ("800 keystroke queries", keystrokes, True),
    ):
        settings = Settings(db_path=DB, search_cache_size=0, semantic=semantic)
        timings = asyncio.run(service_ms(settings, sample))
        rows.append(
            f"{label} | {percentile(timings, 50):.2f} | {percentile(timings, 99):.2f} | {statistics.mean(timings):.2f}"
        )
    embedding = asyncio.run(_nearest_ms(questions))
    rows.append(
        f"the model alone: a question's 100 nearest documents | {percentile(embedding, 50):.2f} | "
        f"{percentile(embedding, 99):.2f} | {statistics.mean(embedding):.2f}"
    )
    report.table("Queries (one at a time, result cache off) | p50 ms | p99 ms | mean ms", rows)
    report.line("Target: a question's p99 at most 30 ms with the model; keystrokes never embedded.\n")


async def _nearest_ms(questions: list[str]) -> list[float]:
    async with open_services(Settings(db_path=DB, search_cache_size=0)) as services:
        index = services.search.semantic
        assert index is not None
        timings = []
        for text in questions:
            started = time.perf_counter()
            index.nearest(
                text,
                positions=services.search.scope_of(services.search.resolved(parse_query("", max_length=1))).positions,
            )
            timings.append((time.perf_counter() - started) * 1000)
        return timings


def question_relevance(report: Report) -> None:
    """The held-out suite's halves (testbed/question_suite.py), with the model and without, in two versions."""
    report.line("## Held-out questions: tune half and test half (in-memory SQLite)")
    report.line()
    rows: list[str] = []
    for semantic in (True, False):
        scores = asyncio.run(halves(Settings(db_path=DB, search_cache_size=0, semantic=semantic)))
        label = "words and meaning" if semantic else "words alone"
        rows.extend(f"{label} | {half} | {version} | {found.row()}" for (half, version), found in scores.items())
    report.table("Ranking | Half (180 each) | Version | success@1 | success@5 | MRR", rows)
    report.line(
        "Weights were chosen on the tune half only (it holds the 51 questions the words were tuned on); the test "
        "half is questions nobody tuned on, the honest figure. Target: 0.60 / 0.85.\n"
    )


async def halves(settings: Settings) -> dict[tuple[str, str], SuiteScore]:
    async with open_services(settings) as services:
        return {
            (half, version): await score(services, suite, version)
            for half, suite in (("tune", QUESTION_TUNE), ("test", QUESTION_TEST))
            for version in ("3.15", "3.11")
        }


def embedding_cost(report: Report) -> None:
    """What the vectors cost a build from scratch and the file (a build reuses the shipped docs.db's own)."""
    with contextlib.closing(sqlite3.connect(f"{DB.as_uri()}?mode=ro", uri=True)) as connection:
        texts = [
            embedded_text(*row)
            for row in connection.execute(
                """SELECT e.name, d.title, d.breadcrumb, d.summary
                   FROM documents AS d JOIN entries AS e ON e.id = d.entry_id"""
            )
        ]
        stored = connection.execute("SELECT count(*), sum(length(vector)) FROM document_vectors").fetchone()
    sample = texts[:: max(1, len(texts) // EMBEDDING_SAMPLE)][:EMBEDDING_SAMPLE]
    started = time.perf_counter()
    vectors_for(sample, cache=None, shipped=None)
    per_text = (time.perf_counter() - started) / len(sample)
    report.line(
        f"Vectors: {stored[0]:,} documents' vectors, {stored[1] / 1e6:.1f} MB of 4-bit values in docs.db. "
        "Embedding from "
        f"scratch (no cache, no shipped docs.db to reuse) took {per_text * 1000:.1f} ms a text over {len(sample)} "
        f"texts (model load included): ~{per_text * len(set(texts)) / 60:.0f} min for the {len(set(texts)):,} "
        "distinct texts. The builds above reused the shipped docs.db's vectors.\n"
    )


def _raw_sqlite_ms(db: Path, queries: list[str], version: str) -> list[float]:
    connection, scope = raw_sqlite(db, version)
    timings = []
    for text in queries:
        statement = ranked_statement(db, text, scope)
        started = time.perf_counter()
        connection.execute(statement.sql, statement.parameters).fetchall()
        timings.append((time.perf_counter() - started) * 1000)
    connection.close()
    return timings


async def _layered_ms(db: Path, queries: list[str], version: str) -> tuple[list[float], list[float]]:
    layered: list[float] = []
    service_times: list[float] = []
    settings = Settings(db_path=db, pool_size=2, search_cache_size=0)  # the service takes its own connection
    async with open_services(settings) as services, services.database.reader() as reader:
        dialect = services.database.dialect
        search = services.search
        scope = search.scope_of(search.resolved(parse_query("", max_length=1, filters=Filters(version=version))))
        for text in queries:
            query = parse_query(text, max_length=200, filters=Filters(version=version))
            statement = dialect.ranked(query, scope=scope, limit=10)
            started = time.perf_counter()
            await reader.fetch(*statement)
            layered.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            await services.search.search(query, limit=10)
            service_times.append((time.perf_counter() - started) * 1000)
    return layered, service_times


def same_results(report: Report) -> None:
    """Every keystroke's top 10 and partial against the record of main (bench/topten.py)."""
    report.line(f"## Same results as recorded ({RECORDED.relative_to(ROOT)})")
    report.line()
    now = digested(record(DB))
    differences = compare(json.loads(RECORDED.read_text()), now)
    keystrokes = now["keystrokes"]
    assert isinstance(keystrokes, dict)
    report.line(
        f"{len(differences)} differences over {len(keystrokes):,} keystrokes (top 10 URLs, totals, corrections, "
        "the htmx partial byte for byte) and the golden suite per class."
        + (" Changed: " + "; ".join(differences[:10]) if differences else "")
        + "\n"
    )
