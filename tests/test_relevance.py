"""Relevance on the real shipped docs.db: golden queries must find their target near the top.

The suite runs on the default version (3.15) and on 3.11, which the targets are written for: in
3.15 the same entry counts wherever its page moved. VERSION_GOLDEN asks about versions themselves.
Each backend answers the whole suite: the in-memory SQLite copy and PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from testbed.golden_queries import GOLDEN, QUESTION_GOLDEN, VERSION_GOLDEN, Golden
from testbed.question_suite import QUESTION_TEST, QUESTION_TUNE
from testbed.scoring import rank_of, score
from tests.conftest import SHIPPED_DB
from web.search.filters import Filters
from web.search.query import parse_query
from web.services import Services, open_services
from web.settings import Settings

# Classes where a miss is a bug: every query must meet its bound.
STRICT_CLASSES = {"exact dotted name", "bare member name", "as you type", "module", "typo", "c api"}
# Concepts have several good answers; the suite as a whole must still meet the goal.
MIN_SUCCESS_AT_1 = 0.8
MIN_WITHIN_BOUND = 0.9
# Questions in plain English ("how do I reverse a list"): the answer first most of the time, nearly
# always on the first screen.
QUESTION_MIN_SUCCESS_AT_1 = 0.6
QUESTION_MIN_SUCCESS_AT_5 = 0.85
# The held-out suite (testbed/question_suite.py), words and meaning together: floors a little under what
# each half measured when the weights were chosen (on the tune half only), so a change that loses answers
# fails. The test half is the honest number; README and BENCHMARKS.md quote both.
HALF_FLOORS = {"tune": (0.45, 0.70), "test": (0.30, 0.60)}
SUITE_VERSIONS = ("3.15", "3.11")


@pytest_asyncio.fixture(scope="module", loop_scope="module", params=["memory", "postgresql"])
async def shipped(request: pytest.FixtureRequest) -> AsyncIterator[Services]:
    """The shipped index on each backend: docs.db in memory, and loaded into a real PostgreSQL server."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    async with open_services(Settings(db_path=SHIPPED_DB, database_url=url, search_cache_size=0)) as services:
        yield services


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("version", SUITE_VERSIONS)
@pytest.mark.parametrize(
    "golden", [golden for golden in GOLDEN if golden.query_class in STRICT_CLASSES], ids=lambda golden: golden.query
)
async def test_strict_query_finds_its_target(shipped: Services, golden: Golden, version: str) -> None:
    rank = await rank_of(shipped, golden, version)
    assert rank is not None and rank <= golden.within, f"{golden.query!r} in {version}: {golden.target} ranked {rank}"


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("golden", VERSION_GOLDEN, ids=lambda golden: f"{golden.query} in {golden.version}")
async def test_version_query_finds_its_target(shipped: Services, golden: Golden) -> None:
    assert golden.version is not None
    rank = await rank_of(shipped, golden, golden.version)
    assert rank is not None and rank <= golden.within, f"{golden.query!r} in {golden.version}: ranked {rank}"


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("version", SUITE_VERSIONS)
async def test_whole_suite_meets_the_goal(shipped: Services, version: str) -> None:
    assert len(GOLDEN) >= 60
    ranks = {golden: await rank_of(shipped, golden, version) for golden in GOLDEN}
    first = sum(1 for rank in ranks.values() if rank == 1) / len(GOLDEN)
    within = sum(1 for golden, rank in ranks.items() if rank is not None and rank <= golden.within) / len(GOLDEN)
    by_class: dict[str, list[bool]] = defaultdict(list)
    for golden, rank in ranks.items():
        by_class[golden.query_class].append(rank is not None and rank <= golden.within)
    report = {name: f"{sum(hits)}/{len(hits)}" for name, hits in by_class.items()}
    assert first >= MIN_SUCCESS_AT_1, f"{version}: success@1 {first:.2f}; by class {report}"
    assert within >= MIN_WITHIN_BOUND, f"{version}: within bound {within:.2f}; by class {report}"


@pytest.mark.asyncio(loop_scope="module")
async def test_questions_find_their_answer(shipped: Services) -> None:
    assert len(QUESTION_GOLDEN) >= 40
    ranks = {golden: await rank_of(shipped, golden, "3.15") for golden in QUESTION_GOLDEN}
    misses = [f"{golden.query!r}: {rank}" for golden, rank in ranks.items() if rank != 1]
    first = sum(1 for rank in ranks.values() if rank == 1) / len(ranks)
    top_five = sum(1 for rank in ranks.values() if rank is not None and rank <= 5) / len(ranks)
    assert first >= QUESTION_MIN_SUCCESS_AT_1, f"success@1 {first:.2f}; not first: {misses}"
    assert top_five >= QUESTION_MIN_SUCCESS_AT_5, f"success@5 {top_five:.2f}; not first: {misses}"


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("version", SUITE_VERSIONS)
@pytest.mark.parametrize("half", ["tune", "test"])
async def test_held_out_questions_meet_their_floor(shipped: Services, half: str, version: str) -> None:
    """Only scores are printed: the test half's misses are not for reading while tuning."""
    suite = QUESTION_TUNE if half == "tune" else QUESTION_TEST
    assert len(suite) >= 75
    found = await score(shipped, suite, version)
    first, top_five = HALF_FLOORS[half]
    assert found.success_at(1) >= first and found.success_at(5) >= top_five, f"{half} half in {version}: {found.row()}"


@pytest.mark.asyncio(loop_scope="module")
async def test_meaning_answers_what_words_alone_miss(shipped: Services) -> None:
    """The semantic retriever earns its place: the tune half loses answers without it."""
    with_meaning = await score(shipped, QUESTION_TUNE, "3.15")
    semantic, shipped.search.semantic = shipped.search.semantic, None
    try:
        words_alone = await score(shipped, QUESTION_TUNE, "3.15")
    finally:
        shipped.search.semantic = semantic
    assert with_meaning.success_at(1) >= words_alone.success_at(1) + 0.1, (with_meaning.row(), words_alone.row())
    assert with_meaning.success_at(5) >= words_alone.success_at(5) + 0.08, (with_meaning.row(), words_alone.row())


async def _top(shipped: Services, text: str) -> tuple[int, list[str]]:
    result = await shipped.search.search(parse_query(text, max_length=200, filters=Filters(version="3.15")), limit=10)
    return result.total, [hit.name for hit in result.shown]


@pytest.mark.asyncio(loop_scope="module")
async def test_a_finished_last_word_of_a_question_is_taken_whole(shipped: Services) -> None:
    """Typed with no space after it, "file" is still a word the docs use whole in thousands of documents:
    it means file, not every word starting with it (filecmp, fileinput): the same answers as once the
    space is typed."""
    assert await _top(shipped, "read json from a file") == await _top(shipped, "read json from a file ")


@pytest.mark.asyncio(loop_scope="module")
async def test_a_rare_whole_word_at_the_end_of_a_question_is_still_a_prefix(shipped: Services) -> None:
    """`lis` is a word in a few documents, but typed at the end of a question it is the start of `list`."""
    _, names = await _top(shipped, "how do I reverse a lis")
    assert "list.reverse" in names[:3], names


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("text", ["open file", "read file", "string methods"])
async def test_two_plain_words_find_more_than_the_titles_holding_both(shipped: Services, text: str) -> None:
    """Too common for the body-text source, two words alone found a handful ("open file": 4); asked as a
    question too, they find what answers them, after what they matched."""
    alone = await shipped.search.search(parse_query(text, max_length=200, filters=Filters(version="3.15")), limit=10)
    assert alone.total >= 20 and len(alone.shown) == 10, (alone.total, [hit.name for hit in alone.shown])
    # Page after page: the same total on each, every entry once, as many as the total says.
    seen: list[int] = []
    totals = set()
    for offset in range(0, 2000, 50):
        page = await shipped.search.search(
            parse_query(text, max_length=200, filters=Filters(version="3.15")), limit=50, offset=offset
        )
        totals.add(page.total)
        seen.extend(hit.entry_id for hit in page.hits)
        if page.next_offset is None:
            break
    assert len(totals) == 1 and len(seen) == len(set(seen)) == totals.pop(), (totals, len(seen), len(set(seen)))


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(
    ("text", "corrected", "answer"),
    [
        ("how do i revrese a list", "how do i reverse a list", "list.reverse"),
        ("revrse list", "reverse list", "list.reverse"),
        ("open a file for appending", None, "open"),  # `appending` is no API name, but the docs say it
        ("lsit comprehension", "list comprehension", "list comprehension"),  # no trigram in common with list
    ],
)
async def test_a_misspelt_word_of_a_question_is_corrected(
    shipped: Services, text: str, corrected: str | None, answer: str
) -> None:
    """A question always finds candidates by meaning, so it is never "found little": a word that no document
    holds is corrected before it is searched, and only such a word."""
    result = await shipped.search.search(parse_query(text, max_length=200, filters=Filters(version="3.15")), limit=5)
    assert result.corrected_query == corrected
    assert answer in [hit.name for hit in result.shown[:3]], [hit.name for hit in result.shown]
