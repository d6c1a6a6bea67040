""" "Did you mean": near-miss words corrected over the docs' own identifier vocabulary.

Only words missing from the vocabulary are corrected, and only to a known term
within a small edit distance, so identifiers are never "corrected" into English.
A dotted name is corrected segment by segment against the names that exist under
the part already matched (`pathlib.Path.exsits` → `pathlib.Path.exists`, not "exits").
"""

from __future__ import annotations

import re

from web.search.database import Reader, Row
from web.search.dialects import Dialect

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
MIN_LENGTH = 4
CANDIDATES = 200
# Terms of a word's first letter and length compared when its trigrams find none near enough.
ALIKE = 3000
# Names under one parent considered for its next segment (builtins' `object.` has the most, ~150).
CHILDREN = 2000


def allowed_distance(word: str) -> int:
    """One edit for short words, two from seven characters on."""
    return 1 if len(word) < 7 else 2


async def correct_words(reader: Reader, dialect: Dialect, text: str, *, only: set[str] | None = None) -> str | None:
    """`text` with unknown words replaced by their nearest known term; None if nothing changed. With `only`,
    just those words (lower case) may be corrected."""
    changed = False
    corrected: list[str] = []
    # Hyphens apart too: in `f-strng` the word to correct is `strng`.
    for token in re.split(r"(\s+|-)", text):
        if only is not None and token.lower() not in only:
            replacement = None
        elif _DOTTED.fullmatch(token):
            replacement = await _correct_dotted(reader, dialect, token)
        elif _IDENTIFIER.fullmatch(token):
            replacement = await _correct(reader, dialect, token)
        else:
            replacement = None
        corrected.append(replacement or token)
        changed = changed or replacement is not None
    return "".join(corrected) if changed else None


async def _correct_dotted(reader: Reader, dialect: Dialect, dotted: str) -> str | None:
    """Each segment against the children of the name before it; the first against the whole vocabulary."""
    first, *rest = dotted.split(".")
    fixed = [await _correct(reader, dialect, first) or first]
    for segment in rest:
        children = await _children(reader, dialect, ".".join(fixed))
        fixed.append(_nearest(segment, children) or segment)
    corrected = ".".join(fixed)
    return corrected if corrected != dotted else None


async def _children(reader: Reader, dialect: Dialect, parent: str) -> dict[str, str]:
    """The next segments of the names under `parent`, lower case → as the docs spell them."""
    start = parent.lower() + "."
    rows = await reader.fetch(*dialect.names_under(start, limit=CHILDREN))
    segments = (str(row["name"])[len(start) :].split(".", 1)[0] for row in rows)
    return {segment.lower(): segment for segment in segments if segment}


def _nearest(segment: str, children: dict[str, str]) -> str | None:
    """The child within the allowed distance of `segment`, nearest first; None if it is one already."""
    lower = segment.lower()
    if not children or lower in children:
        return None
    limit = allowed_distance(lower)
    scored = sorted((edit_distance(lower, child), child) for child in children if abs(len(child) - len(lower)) <= limit)
    return children[scored[0][1]] if scored and scored[0][0] <= limit else None


async def _correct(reader: Reader, dialect: Dialect, word: str) -> str | None:
    lower = word.lower()
    if len(lower) < MIN_LENGTH:
        return None
    if await reader.fetch(*dialect.known_term(lower)):
        return None
    candidates = dialect.spelling_candidates(lower, limit=CANDIDATES)
    rows = await reader.fetch(*candidates) if candidates is not None else []
    found = _nearest_term(lower, rows)
    if found is None:
        found = _nearest_term(lower, await reader.fetch(*dialect.terms_starting_alike(lower, limit=ALIKE)))
    return found


def _nearest_term(lower: str, rows: list[Row]) -> str | None:
    """The term of `rows` (term, weight) within the allowed distance of `lower`: nearest, then most used."""
    limit = allowed_distance(lower)
    best: tuple[int, int, str] | None = None
    for row in rows:
        term, weight = row["term"], row["weight"]
        if "." in term or abs(len(term) - len(lower)) > limit:
            continue
        distance = edit_distance(lower, term)
        if distance <= limit and (best is None or (distance, -weight, term) < best):
            best = (distance, -weight, term)
    return best[2] if best else None


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, transpositions."""
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        previous_previous, previous = previous, current
    return previous[-1]
