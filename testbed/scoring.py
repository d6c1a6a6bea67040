"""Where a golden query's target ranks, and what a suite scores: shared by the relevance tests and the bench."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parser.docset import published_path
from testbed.docset_golden import DocsetGolden
from testbed.golden_queries import Golden
from web.search.filters import Filters
from web.search.hits import Hit
from web.search.query import parse_query
from web.services import Services


def is_target(hit: Hit, golden: Golden, services: Services, version: str) -> bool:
    """The hit is a golden entry: its URL in the targets' build is one of the targets."""
    build = version if version in golden.answers_in else golden.target_version
    home = services.database.info.find(build)
    assert home is not None, f"no version {build} in docs.db"
    urls = {home.base_url + target for target in golden.targets(version)}
    return any(link.url in urls for link in hit.version_links)


async def rank_of(services: Services, golden: Golden, version: str) -> int | None:
    """The target's place in the first ten hits for `golden.query` searched in `version`, or None."""
    result = await services.search.search(
        parse_query(golden.query, max_length=200, filters=Filters(version=version)), limit=10
    )
    return next(
        (place for place, hit in enumerate(result.shown, start=1) if is_target(hit, golden, services, version)), None
    )


@dataclass(frozen=True, slots=True)
class SuiteScore:
    ranks: tuple[int | None, ...]

    def success_at(self, places: int) -> float:
        return sum(1 for rank in self.ranks if rank is not None and rank <= places) / len(self.ranks)

    @property
    def reciprocal_rank(self) -> float:
        return sum(1 / rank for rank in self.ranks if rank is not None) / len(self.ranks)

    def row(self) -> str:
        """`S@1 | S@5 | MRR` for a report table."""
        return f"{self.success_at(1):.2f} | {self.success_at(5):.2f} | {self.reciprocal_rank:.2f}"


async def score(services: Services, suite: Sequence[Golden], version: str) -> SuiteScore:
    return SuiteScore(tuple([await rank_of(services, golden, version) for golden in suite]))


async def docset_rank_of(
    services: Services, golden: DocsetGolden, *, dirhtml: bool, scoped: bool = False
) -> int | None:
    """The target's place in the first ten hits for a library's golden query, searched as a user would:
    every docset at once, nothing narrowed; `scoped`: in its own docset alone (`docset:flask`)."""
    library = next(version for version in services.database.info.libraries if version.docset == golden.docset)
    page, _, anchor = golden.target.partition("#")
    url = library.base_url + published_path(page, dirhtml=dirhtml) + (f"#{anchor}" if anchor else "")
    filters = Filters(docset=golden.docset) if scoped else Filters()
    result = await services.search.search(parse_query(golden.query, max_length=200, filters=filters), limit=10)
    return next((place for place, hit in enumerate(result.shown, start=1) if hit.url == url), None)
