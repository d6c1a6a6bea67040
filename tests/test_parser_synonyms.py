"""WordNet synonyms that are API names: real WordNet lines (tests/fixtures/wordnet) in, the table out."""

from __future__ import annotations

from pathlib import Path

import pytest

from parser.build import BuildError, VersionSource, build_versions
from parser.synonyms import LexiconError, synonyms
from tests.conftest import FIXTURES, PYTHON_MINI

WORDNET = FIXTURES / "wordnet"


def test_a_word_means_the_names_its_common_senses_share_a_synset_with() -> None:
    found = synonyms(WORDNET, names={"append", "choice", "selection", "sum"})
    assert found["add"] == ("append",)  # add, append, supplement: "state or say further"
    assert found["pick"] == ("choice", "selection")  # the noun: "the person or thing chosen"
    assert found["choice"] == ("selection",)
    assert synonyms(WORDNET, names={"append"}) == {"add": ("append",)}


def test_only_documented_names_are_kept() -> None:
    assert synonyms(WORDNET, names={"pop"}) == {}


def test_a_missing_wordnet_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="data.verb"):
        synonyms(tmp_path, names={"append"})
    with pytest.raises(BuildError, match="no WordNet database there"):
        build_versions([VersionSource(PYTHON_MINI)], tmp_path / "docs.db", lexicon=tmp_path / "absent")
