"""A question's answer source, the plain-SQL parts every engine shares: its shape, its points, its candidates.

The engines supply the flags (which words an entry holds) and each word's rarity; the
score built from them is written here once (web/search/questions.py says what a question is).
"""

from __future__ import annotations

from dataclasses import dataclass

from web.search.dialects.tiers import AFTER_EVERY_NAME, Spelling, case
from web.search.questions import MAX_QUESTION_WORDS, Question
from web.search.ranking import (
    ANSWER_BODY_SHARE,
    ANSWER_CANDIDATES,
    ANSWER_CANDIDATES_WITH_MEANING,
    ANSWER_DEPRECATED_PENALTY,
    ANSWER_KIND_PENALTY,
    ANSWER_NAME_BONUS,
    ANSWER_OWNER_BONUS,
    ANSWER_SPECIAL_METHOD_PENALTY,
    ANSWER_SYNONYM_BONUS,
    ANSWER_WORD_POINTS,
    SEMANTIC_POINTS,
)

# A question's statement has as many name forms and owners as any question can, the ones it lacks NULL: its
# shape is then its word count and little else. Each shape is a statement SQLite prepares (3 ms for a
# question's) and keeps among a connection's few; 360 questions made 117 shapes, a third of them asked once.
MAX_NAME_FORMS = 3 * MAX_QUESTION_WORDS - 1  # each word and its singular, and each pair run together
MAX_OWNERS = MAX_QUESTION_WORDS


@dataclass(frozen=True, slots=True)
class AnswerShape:
    """What a question's answer statement depends on: how many words it has, whether its last word may still
    be being typed, and whether nearest documents and filters come with it."""

    words: int
    last_typed: bool = False
    semantic: bool = False  # the documents nearest the question in meaning come with it (web/search/semantic.py)
    narrowed: bool = False  # a kind or area filters the answers (the nearest documents are not filtered so)

    @property
    def word_candidates(self) -> int:
        """How many of the best entries by the question's words are candidates (ranking.py)."""
        return ANSWER_CANDIDATES_WITH_MEANING if self.semantic and not self.narrowed else ANSWER_CANDIDATES

    @classmethod
    def of(cls, question: Question | None, *, semantic: bool = False, narrowed: bool = False) -> AnswerShape | None:
        if question is None:
            return None
        return cls(len(question.words), question.prefix_last, semantic, narrowed)


def synonym_in_table(index: int | None) -> str:
    """The entry is named by a synonym of question word `index` (None: of any of its name forms), looked
    up in `synonyms` where the test is made."""
    if index is not None:
        return f"e.last_lower IN (SELECT name FROM synonyms WHERE term = :word_{index})"
    forms = ", ".join(f":name_form_{form}" for form in range(MAX_NAME_FORMS))
    return f"e.last_lower IN (SELECT name FROM synonyms WHERE term IN ({forms}))"


def answer_points(shape: AnswerShape, spelling: Spelling) -> str:
    """An entry's points for a question, from the flags its engine computes per word: `a{i}` (word i is in
    its name, title, keywords or summary), `b{i}` (in its body, where `:body_counts_{i}` says a body counts); the
    engine's `rarity(i, "answer" or "body", shape)` is ln(documents / documents with word i there), its
    `synonym(i, shape)` the synonym test."""
    rarity, synonym = spelling.rarity, spelling.synonym
    # A word counts where the entry's text holds it, or where the entry is named by its synonym: list.append
    # covers the "add" of "add an item to a list".
    covered = " + ".join(
        f"CASE WHEN a{index} OR {synonym(index, shape)}"
        f" THEN {rarity(index, 'answer', shape)}"
        f" WHEN b{index} THEN {ANSWER_BODY_SHARE} * {rarity(index, 'body', shape)} ELSE 0 END"
        for index in range(shape.words)
    )
    # The name is the word, or the start of it (`upper` for "uppercase"), four letters at least.
    named = " OR ".join(
        f"e.last_lower = :name_form_{index} OR (length(e.last_lower) >= 4"
        f" AND substr(:name_form_{index}, 1, length(e.last_lower)) = e.last_lower)"
        for index in range(MAX_NAME_FORMS)
    )
    owned = " OR ".join(
        f"substr(e.name_lower, 1, length(:owner_{index})) = :owner_{index}" for index in range(MAX_OWNERS)
    )
    # How much nearer in meaning than the last of the nearest candidates (`similarity`, a column the engine
    # gives each candidate: the floor itself for those found by words alone).
    meaning = f" + {SEMANTIC_POINTS} * (similarity - :semantic_floor)" if shape.semantic else ""
    return f"""{ANSWER_WORD_POINTS} * ({covered}){meaning}
                   + CASE WHEN {named} THEN {ANSWER_NAME_BONUS}
                          WHEN {synonym(None, shape)} THEN {ANSWER_SYNONYM_BONUS} ELSE 0 END
                   + CASE WHEN {owned} THEN {ANSWER_OWNER_BONUS} ELSE 0 END
                   - {case("e.kind", ANSWER_KIND_PENALTY)}
                   - CASE WHEN substr(e.last_lower, 1, 2) = '__' THEN {ANSWER_SPECIAL_METHOD_PENALTY} ELSE 0 END
                   - CASE WHEN d.version_notes LIKE '%"deprecated"%' THEN {ANSWER_DEPRECATED_PENALTY} ELSE 0 END"""


def semantic_documents(shape: AnswerShape, nearest_rows: str) -> str:
    """The nearest documents as candidates too (`nearest_rows`: the engine's rows of document_id,
    similarity), or nothing without them."""
    return f" UNION SELECT document_id FROM {nearest_rows} AS nearest_documents" if shape.semantic else ""


def question_parameters(question: Question) -> dict[str, object]:
    """The plain parameters of the answer statement (its words, name forms and owners, NULL past its own, and
    whether each word's body counts); each engine adds its full-text ones."""
    forms = (*question.name_forms[:MAX_NAME_FORMS], *[None] * (MAX_NAME_FORMS - len(question.name_forms)))
    owners = (*(owner + "." for owner in question.owners[:MAX_OWNERS]), *[None] * (MAX_OWNERS - len(question.owners)))
    return {
        **{f"word_{index}": word for index, word in enumerate(question.words)},
        **{f"body_counts_{index}": index not in question.body_ignored for index in range(len(question.words))},
        **{f"name_form_{index}": form for index, form in enumerate(forms)},
        **{f"owner_{index}": owner for index, owner in enumerate(owners)},
    }


def named_documents(in_version: str) -> str:
    """The documents, in the version searched, of entries a question's words (or their synonyms) name, and
    the members of the types it names: candidates whatever their text's rank (`list.append` says
    "Append value to the end of the sequence").

    Each way of being named is its own index lookup: as one WHERE of ORs, PostgreSQL read all 48,000 entries
    and every entry of the versions searched to join them (18 ms of a 40 ms question)."""
    forms = ", ".join(f":name_form_{index}" for index in range(MAX_NAME_FORMS))
    named = [
        f"SELECT id FROM entries WHERE last_lower IN ({forms})",
        f"SELECT id FROM entries WHERE last_lower IN (SELECT name FROM synonyms WHERE term IN ({forms}))",
        *(
            f"SELECT id FROM entries WHERE name_lower > :owner_{index}"
            f" AND name_lower < :owner_{index} || '{AFTER_EVERY_NAME}'"
            for index in range(MAX_OWNERS)
        ),
    ]
    return f"""SELECT ev.document_id FROM entries AS e {in_version}
               WHERE e.id IN ({" UNION ALL ".join(named)})"""
