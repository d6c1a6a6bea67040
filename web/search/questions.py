"""Questions in plain English: which words of one to weigh, and the names they point at.

"how do I reverse a list" is no name and rarely a title: it is answered by the entry whose
name and first sentence hold its words (`list.reverse`: "Reverse the items of the list in
place"). A SearchQuery that `asks` gets an answer source (web/search/dialects/) that scores entries by
how much of the question they cover, each word weighed by how rare it is in the docs, plus
two hints only a question carries: a word that *is* the entry's name (`reverse`, `sleep`,
`round`), and a word naming the built-in type that owns it (`list` → list.*).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from web.search.query import MIN_PREFIX_LENGTH, SearchQuery
from web.search.ranking import COMMON_SEEKING_DOCUMENTS

# More words than this add little and cost a full-text lookup each.
MAX_QUESTION_WORDS = 6
# Words a question is phrased with that no answer is about ("check if a file exists", "is there a way
# to"), beyond the stop words every query drops: they still count where an entry holds them, but do not
# find candidates, being in thousands of entries.
QUESTION_FILLER = frozenset("if whether there way my me some any possible want need get check make".split())


# How a question opens, which says nothing of what it asks: the sentence model reads the rest (its time
# grows with every word; measured on the tune half, answers were the same with or without these).
_FRAMING = re.compile(
    r"^(?:(?:how|what) (?:do|can|could|should|would|does) (?:i|you|we|one)|how to|is there a way to"
    r"|what is the (?:best|right|easiest) way to)\s+"
)


def meaning_text(query: SearchQuery) -> str:
    """What the sentence model reads of a question: its plain words, without the opening that frames it."""
    return _FRAMING.sub("", query.plain_words) or query.plain_words


@dataclass(frozen=True, slots=True)
class CommonWords:
    """The docs' common words a question weighs apart (read once at startup by each database)."""

    in_answers: Mapping[str, int]  # more than COMMON_SEEKING_DOCUMENTS answer columns hold it: how many
    in_bodies: frozenset[str]  # more than BODY_COMMON_SHARE of the documents' bodies hold it

    @classmethod
    def of(cls, rows: Iterable[Sequence[Any]]) -> CommonWords:
        """From COMMON_WORDS_SQL's rows (word, in_answers, in_many_bodies)."""
        rows = [tuple(row) for row in rows]
        return cls(
            in_answers={word: answers for word, answers, _ in rows if answers > COMMON_SEEKING_DOCUMENTS},
            in_bodies=frozenset(word for word, _, in_many_bodies in rows if in_many_bodies),
        )


NO_COMMON_WORDS = CommonWords(in_answers={}, in_bodies=frozenset())


@dataclass(frozen=True, slots=True)
class Question:
    """The parts of a question the answer source weighs."""

    words: tuple[str, ...]  # the content words, as full-text terms (the last a prefix while typing)
    prefix_last: bool  # the last word is still being typed
    name_forms: tuple[str, ...]  # what an entry's last name segment may be to name the answer
    owners: tuple[str, ...]  # the built-in types the question names: ('list',)
    # The words that find candidates. A type's name ("list", "string"), a filler word ("if") or a word the
    # index calls common (`object`: COMMON_SEEKING_DOCUMENTS) is in thousands of entries: ranking them all
    # costs more than the rest of the question, and the owner hint finds a type's members.
    seeking: tuple[int, ...]
    # The words whose place in an entry's body does not count: in a sixth of all bodies (BODY_COMMON_SHARE), it
    # says little of which answers. A last word still being typed is a prefix, and counts.
    body_ignored: tuple[int, ...] = ()


def question_of(
    query: SearchQuery, *, type_names: Mapping[str, str], common_words: CommonWords | None = None
) -> Question | None:
    """The question `query` asks, or None when it is a name or a single word.

    `type_names` (the docset's profile) maps what people call its built-in types to their names;
    `common_words`, the docs' words too common to seek candidates or to count in a body."""
    if not query.asks:
        return None
    words = query.words[:MAX_QUESTION_WORDS]
    if all(len(word) == 1 for word in words):
        return None  # "3 á y î s" asks nothing, and its one-letter words are in most documents: costly to rank

    # Names run words together: "deep copy" → deepcopy, "list dir" → listdir.
    joined = (first + second for first, second in zip(words, words[1:], strict=False))
    # A type's own name ("list") says whose member answers, not which: that is `owners`.
    singular = (form for word in words if word not in type_names for form in (word, word.removesuffix("s")))
    forms = dict.fromkeys(form for form in (*singular, *joined) if len(form) >= 3)
    owners = dict.fromkeys(type_names[word] for word in words if word in type_names)
    prefix_last = query.typing and len(words[-1]) >= MIN_PREFIX_LENGTH and len(words) == len(query.words)
    seeking = tuple(index for index, word in enumerate(words) if word not in type_names and word not in QUESTION_FILLER)
    common = common_words or NO_COMMON_WORDS
    finished = words[:-1] if prefix_last else words
    return Question(
        words=words,
        prefix_last=prefix_last,
        name_forms=tuple(forms),
        owners=tuple(owners),
        seeking=_uncommon(words, seeking or tuple(range(len(words))), common.in_answers),
        body_ignored=tuple(index for index, word in enumerate(finished) if word in common.in_bodies),
    )


def _uncommon(words: tuple[str, ...], seeking: tuple[int, ...], common: Mapping[str, int]) -> tuple[int, ...]:
    """The seeking words but the common ones; the rarest of them if all are common."""
    kept = tuple(index for index in seeking if words[index] not in common)
    return kept or (min(seeking, key=lambda index: common[words[index]]),)
