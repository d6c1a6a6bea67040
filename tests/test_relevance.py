"""Relevance on the real shipped docs.db: golden queries must find their target near the top."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.conftest import SHIPPED_DB
from tests.golden_queries import GOLDEN, Golden
from web.query import parse_query
from web.services import Services, open_services
from web.settings import Settings

# Classes where a miss is a bug: every query must meet its bound.
STRICT_CLASSES = {"exact dotted name", "bare member name", "as you type", "module", "typo", "c api"}
# Concepts have several good answers; the suite as a whole must still meet the goal.
MIN_SUCCESS_AT_1 = 0.8
MIN_WITHIN_BOUND = 0.9


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shipped() -> AsyncIterator[Services]:
    async with open_services(Settings(db_path=SHIPPED_DB, search_cache_size=0)) as services:
        yield services


async def rank_of(shipped: Services, golden: Golden) -> int | None:
    result = await shipped.search.search(parse_query(golden.query, max_length=200), limit=10)
    urls = [hit.url.removeprefix(shipped.database.info.base_url) for hit in result.hits]
    return urls.index(golden.target) + 1 if golden.target in urls else None


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(
    "golden", [golden for golden in GOLDEN if golden.query_class in STRICT_CLASSES], ids=lambda golden: golden.query
)
async def test_strict_query_finds_its_target(shipped: Services, golden: Golden) -> None:
    rank = await rank_of(shipped, golden)
    assert rank is not None and rank <= golden.within, f"{golden.query!r}: {golden.target} ranked {rank}"


@pytest.mark.asyncio(loop_scope="module")
async def test_whole_suite_meets_the_goal(shipped: Services) -> None:
    assert len(GOLDEN) >= 60
    ranks = {golden: await rank_of(shipped, golden) for golden in GOLDEN}
    first = sum(1 for rank in ranks.values() if rank == 1) / len(GOLDEN)
    within = sum(1 for golden, rank in ranks.items() if rank is not None and rank <= golden.within) / len(GOLDEN)
    by_class: dict[str, list[bool]] = defaultdict(list)
    for golden, rank in ranks.items():
        by_class[golden.query_class].append(rank is not None and rank <= golden.within)
    report = {name: f"{sum(hits)}/{len(hits)}" for name, hits in by_class.items()}
    assert first >= MIN_SUCCESS_AT_1, f"success@1 {first:.2f}; by class {report}"
    assert within >= MIN_WITHIN_BOUND, f"within bound {within:.2f}; by class {report}"
