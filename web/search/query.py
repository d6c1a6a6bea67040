"""Parsing what a user typed into a SearchQuery: filters, the text as a name, the words to match.

No engine's syntax is written here: each dialect (web/search/dialects/) turns a SearchQuery into its own.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass

from web.search.filters import BY_TYPED_WORD, NO_FILTERS, Filters, merged

# `type:method join`, `in:tutorial docstrings`, `version:3.13 zip`: the filter words a user may type.
_FILTER = re.compile(rf"(?<!\S)({'|'.join(BY_TYPED_WORD)}):(\S*)", re.IGNORECASE)
_QUERY_WORD = re.compile(r"\w+")
# A word written as the C API names things: `PyList_Append`, `Py_INCREF`, `_PyObject_GC_New`, `METH_VARARGS`.
_C_NAME = re.compile(r"_?Py[A-Z_]|[A-Z][A-Z0-9]*_[A-Z0-9_]*$")
# Typing `de*` expands to thousands of terms; only longer prefixes are worth it.
MIN_PREFIX_LENGTH = 3
MAX_WORDS = 12
# Words that carry no meaning in a docs search ("read a file", "how to sort");
# dropped from full-text matching when other words remain.
STOP_WORDS = frozenset(
    "a an and are as at be by can do does for from how i in into is it of on or the to use using what when "
    "where which why with".split()
)


class InvalidQuery(ValueError):
    """The query cannot be searched; the message is shown to the user as is."""


@dataclass(frozen=True, slots=True)
class SearchQuery:
    text: str  # what is searched: the typed text without filters, whitespace folded
    filters: Filters
    as_name: str  # the text in lower case, trailing "()" dropped: compared with entry names
    typed_name: str  # the same with its case kept: `click.option` typed is the decorator, not click.Option
    last_segment: str  # the last dotted segment of `as_name`
    words: tuple[str, ...]
    typing: bool  # no trailing space: the last word may be unfinished
    # Every word as typed, stop words included, when dropping them lost a phrase ("with statement"):
    # a heading that says exactly that is what was meant.
    phrase: tuple[str, ...] = ()
    # Two words that no title holds together ("open file"), asked again as a question (service.py).
    asked: bool = False
    # Libraries a word of the query named ("django migrations"), that word taken out of what is matched.
    named_docsets: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.as_name

    @property
    def plain_words(self) -> str:
        """Every word typed, stop words too, without marks: what the sentence model reads of a question, so that
        quotes or operators typed around the same words give the same answers."""
        return " ".join(_QUERY_WORD.findall(self.as_name))

    @property
    def pythonic(self) -> bool:
        """Whether the user means Python, not the C API: a query all in lower case (`len`, `iterator protocol`),
        or words none of which is written as a C name. "How do I reverse a list" has the capitals any English
        sentence has (its first letter, "I"), and meant `list.reverse`, not `PyList_Reverse`."""
        if self.text == self.text.lower():
            return True
        return " " in self.text.strip() and not any(_C_NAME.match(word) for word in _QUERY_WORD.findall(self.text))

    @property
    def searches_text(self) -> bool:
        """Whether body text is worth searching: for words, not for an identifier being typed.

        `str.rep` or `cached_pro` is a name (name lookups serve it), and one or two
        letters match nearly every entry's text; both would cost a full-text
        scan for hits nobody reads.
        """
        if not self.words or (" " not in self.as_name and any(mark in self.as_name for mark in "._")):
            return False
        return len(self.words) > 1 or len(self.words[0]) >= MIN_PREFIX_LENGTH

    @property
    def asks(self) -> bool:
        """A question ("reverse a list", "how do I read json", "merge two dictionaries"): answered by
        what entries say they do rather than by a title holding every word. Two words alone are more
        often a concept's name ("dict comprehension", "context manager"), which titles answer best."""
        if self.asked:
            return True
        return self.searches_text and (len(self.words) > 2 or (len(self.words) == 2 and bool(self.phrase)))

    @property
    def may_ask(self) -> bool:
        """Words that are not a question yet, but could be asked as one when they find little."""
        return self.searches_text and not self.asks and len(self.words) >= 2

    def naming(self, words: dict[str, str]) -> SearchQuery:
        """The query with the words that name a library (`words`: word → docset) taken out and the docsets
        they name kept: "django migrations" matches "Migrations" in Django's docs, not every title saying
        Django. A query that is nothing but such words is left as it is."""
        named = {words[word] for word in self.words if word in words}
        kept = [token for token in self.text.split() if token.lower().strip("?!.,;:'\"()") not in words]
        if not named or not kept or len(kept) == len(self.text.split()):
            return self
        return dataclasses.replace(
            _build(" ".join(kept), filters=self.filters, typing=self.typing), named_docsets=tuple(sorted(named))
        )

    def with_text(self, text: str) -> SearchQuery:
        """The same filters over other words: used for spelling corrections."""
        return _build(text, filters=self.filters, typing=False)

    def without_stray_punctuation(self, name_starts: frozenset[str], name_ends: frozenset[str]) -> SearchQuery:
        """The query compared with names without a leading or trailing mark that no name starts or ends with.

        `/itertools.gro` is the `/` shortcut typed into the box, not part of a name; `/dev/poll` is a name.
        `name_starts` and `name_ends` are the two-character starts and ends of names that have such a mark.
        The text itself (what the page says was searched) and its words stay as typed.
        """
        text = self.typed_name
        while len(text) > 1 and not _is_word_character(text[0]) and text[:2].lower() not in name_starts:
            text = text[1:]
        while len(text) > 1 and not _is_word_character(text[-1]) and text[-2:].lower() not in name_ends:
            if text.endswith("()"):
                break  # a call, which names are compared without anyway
            text = text[:-1]
        if text == self.typed_name:
            return self
        typed_name, as_name, last_segment = _name_forms(text)
        return dataclasses.replace(self, as_name=as_name, typed_name=typed_name, last_segment=last_segment)


# Longer than any kind or area name ("c function", "pdb command"), short enough to quote in a message.
MAX_FILTER_LENGTH = 40
# Values of one filter given together (`docset=flask,werkzeug,jinja2`): more than there are docsets is no list.
MAX_FILTER_VALUES = 32
BLANK_FILTER = "(blank)"


def without_typed(raw: str, field: str) -> str:
    """`raw` without the filters of `field` typed in it (`version:3.11` for "version")."""

    def keep(match: re.Match[str]) -> str:
        return "" if BY_TYPED_WORD[match.group(1).lower()] == field else match.group(0)

    return " ".join(_FILTER.sub(keep, raw).split())


def parse_query(raw: str, *, max_length: int, filters: Filters = NO_FILTERS) -> SearchQuery:
    """Parse raw user input; filters typed in the text win over `filters` (the parameters sent)."""
    if len(raw) > max_length:
        raise InvalidQuery(f"That query is {len(raw):,} characters long; the limit is {max_length}.")
    cleaned = without_controls(raw)
    typing = not cleaned[-1:].isspace()
    typed: dict[str, str] = {}

    def take_filter(match: re.Match[str]) -> str:
        typed[BY_TYPED_WORD[match.group(1).lower()]] = filter_key(match.group(2)) or ""
        return " "

    text = _FILTER.sub(take_filter, cleaned)
    sent = {name: filter_key(value) for name, value in filters.items()}
    return _build(text, filters=merged(sent, typed), typing=typing)


def _build(text: str, *, filters: Filters, typing: bool) -> SearchQuery:
    text = " ".join(text.split())
    typed_name, as_name, last_segment = _name_forms(text)
    every_word = tuple(_QUERY_WORD.findall(as_name))
    meaningful = tuple(word for word in every_word if word not in STOP_WORDS)
    words = (meaningful or every_word)[:MAX_WORDS]
    phrase = every_word[:MAX_WORDS] if len(every_word) > 1 and words != every_word else ()
    return SearchQuery(
        text=text,
        filters=filters,
        as_name=as_name,
        typed_name=typed_name,
        last_segment=last_segment,
        words=words,
        typing=typing,
        phrase=phrase,
    )


def _name_forms(text: str) -> tuple[str, str, str]:
    """The text as a name (no trailing `()`) as typed, then as compared with entry names (lower case), and
    the latter's last dotted segment."""
    typed = text
    while typed.endswith("()"):
        typed = typed[:-2].rstrip()
    as_name = typed.lower()
    return typed, as_name, as_name.rsplit(".", 1)[-1] if " " not in as_name else as_name


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


def filter_key(value: str | None) -> str | None:
    """How a filter value is compared: `C-Function`, `c function` and `c-function` are one kind.

    Only an empty value means "any" (the form sends one); a blank or unprintable one is
    refused like any unknown value. Cut short and rid of control characters, because an
    unknown value is quoted back in the error message.
    """
    if not value:
        return None
    if "," in value:  # several values (`docset=flask,werkzeug`): each one cut short, a few of them at most
        return ",".join(filter_key(part) or "" for part in value.split(",")[:MAX_FILTER_VALUES])
    cleaned = without_controls(value[:MAX_FILTER_LENGTH])
    return " ".join(cleaned.replace("-", " ").lower().split()) or BLANK_FILTER


def without_controls(text: str) -> str:
    """`text` with every control, format or unpaired-surrogate character turned into a space."""
    return "".join(" " if _is_control(character) else character for character in text)


def _is_control(character: str) -> bool:
    """Control, format and unpaired-surrogate characters never reach SQLite."""
    return unicodedata.category(character) in {"Cc", "Cf", "Cs", "Co", "Cn"} and character not in " "


# Pages past this are never read by people, only by crawlers; each costs a full ranking.
MAX_PAGE = 30


def checked_page(page: int | None) -> int:
    """The requested page of results (1 when none); outside 1..MAX_PAGE is the user's error."""
    if page is None:
        return 1
    if not 1 <= page <= MAX_PAGE:
        raise InvalidQuery(f"page must be between 1 and {MAX_PAGE}.")
    return page


def checked_limit(limit: int | None, *, default: int, maximum: int) -> int:
    """The requested page size, or the default; outside 1..maximum is the user's error."""
    if limit is None:
        return default
    if not 1 <= limit <= maximum:
        raise InvalidQuery(f"limit must be between 1 and {maximum}.")
    return limit
