""" "Did you mean": near-miss words corrected over the docs' own identifier vocabulary.

Only words missing from the vocabulary are corrected, and only to a known term
within a small edit distance, so identifiers are never "corrected" into English.
"""

from __future__ import annotations

import re

from web.database import Reader
from web.dialects import Dialect

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MIN_LENGTH = 4
CANDIDATES = 200


def allowed_distance(word: str) -> int:
    """One edit for short words, two from seven characters on."""
    return 1 if len(word) < 7 else 2


async def correct_words(reader: Reader, dialect: Dialect, text: str) -> str | None:
    """`text` with unknown words replaced by their nearest known term; None if nothing changed."""
    changed = False
    corrected: list[str] = []
    for token in re.split(r"(\s+|\.)", text):
        replacement = await _correct(reader, dialect, token) if _IDENTIFIER.fullmatch(token) else None
        corrected.append(replacement or token)
        changed = changed or replacement is not None
    return "".join(corrected) if changed else None


async def _correct(reader: Reader, dialect: Dialect, word: str) -> str | None:
    lower = word.lower()
    if len(lower) < MIN_LENGTH:
        return None
    if await reader.fetch(*dialect.known_term(lower)):
        return None
    candidates = dialect.spelling_candidates(lower, limit=CANDIDATES)
    if candidates is None:
        return None
    rows = await reader.fetch(*candidates)
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
