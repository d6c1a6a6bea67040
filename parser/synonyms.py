"""Synonyms from WordNet, kept where they name an API: what connects a question's words to the docs' names.

"add an item to a list" never says `append`, nor "pick a random item" `choice`; WordNet
puts add/append and pick/choice in one synset. Only the most common senses of a word
count (WordNet lists a word's synsets most frequent first), and only synonyms that are
the last segment of a documented name, so the table stays small and every row can matter.

WordNet's database format is wndb(5WN): `index.<pos>` lists each lemma's synset offsets,
`data.<pos>` each synset's words. Read here directly: a few lines of a documented format,
against NLTK's reader, which wants files Debian's wordnet-base does not ship (lexnames).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator
from pathlib import Path

# Parts of speech a question's words come as: "remove" (verb), "pick"/"choice" (noun).
PARTS_OF_SPEECH = ("verb", "noun")
# A word's most frequent senses; rarer ones join words nobody means ("make" → shuffle, a card game).
SENSES = 3


class LexiconError(Exception):
    """The WordNet folder cannot be read; the message says which file and why."""


def synonyms(folder: Path, names: Collection[str]) -> dict[str, tuple[str, ...]]:
    """Every English word → the names (among `names`, lower case) that WordNet says mean the same."""
    found: dict[str, set[str]] = defaultdict(set)
    for part in PARTS_OF_SPEECH:
        members = dict(_synsets(folder / f"data.{part}"))
        for lemma, offsets in _senses(folder / f"index.{part}"):
            for offset in offsets[:SENSES]:
                found[lemma].update(word for word in members.get(offset, ()) if word != lemma and word in names)
    return {term: tuple(sorted(words)) for term, words in sorted(found.items()) if words}


def _lines(path: Path) -> Iterator[list[str]]:
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.startswith("  "):  # the licence header
                    yield line.split()
    except OSError as error:
        raise LexiconError(f"{path}: {error.strerror}") from error


def _senses(path: Path) -> Iterator[tuple[str, list[str]]]:
    """(lemma, its synset offsets, most frequent first) for one-word lemmas."""
    for fields in _lines(path):
        lemma, pointer_count = fields[0], int(fields[3])
        if lemma.isalpha():
            yield lemma.lower(), fields[4 + pointer_count + 2 :]


def _synsets(path: Path) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(offset, its one-word lemmas in lower case)."""
    for fields in _lines(path):
        count = int(fields[3], 16)
        words = (fields[4 + 2 * index].lower() for index in range(count))
        yield fields[0], tuple(word for word in words if word.isalpha())
