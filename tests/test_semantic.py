"""Questions by meaning (web/search/semantic.py): the nearest documents join a question's answer source."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from web.search.database import DatabaseError
from web.search.query import parse_query
from web.services import Services, open_services
from web.settings import Settings

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def mini(mini_db: Path) -> AsyncIterator[Services]:
    async with open_services(Settings(db_path=mini_db, search_cache_size=0)) as services:
        yield services


async def names(services: Services, text: str) -> list[str]:
    result = await services.search.search(parse_query(text, max_length=200), limit=5)
    return [hit.name for hit in result.shown]


async def test_a_question_is_answered_by_meaning_where_no_word_is_shared(mini: Services) -> None:
    """No word of the question is in lru_cache's name or first sentence ("Decorator to wrap a function with a
    memoizing callable..."): the words alone rank other things first."""
    question = "remember results of slow function calls"
    found = await names(mini, question)
    semantic, mini.search.semantic = mini.search.semantic, None
    try:
        by_words = await names(mini, question)
    finally:
        mini.search.semantic = semantic
    assert found[0] == "functools.lru_cache" and "functools.cache" in found[:3], found
    assert "functools.lru_cache" not in by_words, by_words


async def test_names_and_words_do_not_ask_the_model(mini: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """The keystroke path stays as fast as it was: only a question is embedded (or two plain words that
    found little, asked as one)."""
    index = mini.search.semantic
    assert index is not None
    monkeypatch.setattr(index, "nearest", lambda *_, **__: pytest.fail("a name was embedded"))
    for text in ("functools.partial", "heap", "lru_ca", "partial", "functools.par"):
        assert await names(mini, text), text


async def test_a_question_runs_the_model_once_for_its_pages_and_filters(
    mini: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next page ("More results") and another Kind re-rank the same question: its nearest documents are the
    same, and the model is not run again for them; another question runs it."""
    index = mini.search.semantic
    assert index is not None
    asked: list[str] = []
    nearest = index.nearest
    monkeypatch.setattr(index, "nearest", lambda text, **kw: asked.append(text) or nearest(text, **kw))
    question = "keep the results of expensive calls around"
    first = await mini.search.search(parse_query(question, max_length=200), limit=2)
    second = await mini.search.search(parse_query(question, max_length=200), limit=2, offset=2)
    typed = await mini.search.search(parse_query(f"type:function {question}", max_length=200), limit=2)
    assert first.shown and second.shown and typed.shown
    assert asked == ["keep the results of expensive calls around"]
    await mini.search.search(parse_query("sort a list of numbers", max_length=200), limit=2)
    assert asked[1:] == ["sort a list of numbers"]


async def test_nearest_documents_are_the_versions_own_and_ranked(mini: Services) -> None:
    index = mini.search.semantic
    assert index is not None
    nearest = index.nearest("remember results of slow function calls", positions=(0,), limit=7)
    assert len(nearest.documents) == 7 == len(set(nearest.documents))
    assert list(nearest.similarities) == sorted(nearest.similarities, reverse=True)
    assert nearest.floor == nearest.similarities[-1]
    placed = {int(document) for document in index.documents[index.rows_by_position[0]]}
    assert set(nearest.documents) <= placed
    assert index.nearest("remember results of slow function calls", positions=(0,), limit=7) == nearest
    assert not index.nearest("anything", positions=(99,)).documents


async def test_quotes_and_operators_around_a_question_change_nothing(mini: Services) -> None:
    assert await names(mini, 'remember "results" of slow function-calls') == await names(
        mini, "remember results of slow function calls"
    )


async def test_an_index_with_documents_lacking_a_vector_is_refused(mini_db: Path, tmp_path: Path) -> None:
    """Hand-loaded or half-copied data: one line to the operator, not a 500 on every question."""
    damaged = tmp_path / "docs.db"
    shutil.copyfile(mini_db, damaged)
    with sqlite3.connect(damaged) as connection:
        connection.execute(
            "DELETE FROM document_vectors WHERE document_id = (SELECT max(document_id) FROM document_vectors)"
        )
    with pytest.raises(DatabaseError, match="1 documents of the index have no sentence vector"):
        async with open_services(Settings(db_path=damaged)):
            pass
