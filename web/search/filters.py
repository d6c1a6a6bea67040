"""Filters: what narrows a search besides its words, one value from the URL or the typed text to the SQL.

Each filter is declared once, in FIELDS: the words a user may type before its colon
(`type:method`, `in:tutorial`, `version:3.13`), and the SQL condition it puts on a hit,
if it narrows rows rather than choosing the version searched. A Filters value travels
on the Query; the search service resolves its values to the docs' own spelling, and the
dialects ask it for its conditions and parameters. A new filter is a field here, its
known values in the service, and its parameter where routes declare theirs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # the URL parameter and the attribute of Filters
    typed_as: tuple[str, ...]  # what a user types before the colon
    # The condition on a hit's entry `e` and its version row `ev`, with the value as `:name`;
    # None for a filter that chooses what is searched rather than narrowing it (the version).
    condition: str | None = None
    # The values there are (column `value`), read once at startup; None: known otherwise (versions).
    values: str | None = None
    # Alone, with no words, it picks a list worth browsing: a kind, an area or a docset does, a version not.
    browsable: bool = True


FIELDS = (
    Field("kind", ("type", "kind"), "e.kind = :kind", "SELECT DISTINCT kind AS value FROM entries"),
    Field("area", ("in", "area"), "ev.area = :area", "SELECT DISTINCT area AS value FROM entry_versions"),
    # Chooses what is searched, like the version (web/search/scope.py): one docset or several (`flask,werkzeug`).
    Field("docset", ("docset",), None, "SELECT docset AS value FROM docsets"),
    Field("version", ("version",), browsable=False),
)
NARROWING = tuple(field for field in FIELDS if field.condition is not None)
BY_TYPED_WORD = {word: field.name for field in FIELDS for word in field.typed_as}


@dataclass(frozen=True, slots=True)
class Filters:
    """The value of every filter (None: any), and which of them were typed into the query."""

    kind: str | None = None
    area: str | None = None
    docset: str | None = None
    version: str | None = None  # None: the default (newest) version
    # Typed into the text (`type:meth`) rather than sent as parameters: these may be abbreviated.
    typed: frozenset[str] = frozenset()

    def value(self, name: str) -> str | None:
        found: str | None = getattr(self, name)
        return found

    def items(self) -> Iterator[tuple[str, str | None]]:
        for field in FIELDS:
            yield field.name, self.value(field.name)

    def replace(self, **values: str | None) -> Filters:
        return dataclasses.replace(self, **values)  # type: ignore[arg-type]

    @property
    def browses(self) -> bool:
        """Whether, with no words, these filters pick a list worth browsing (a kind, an area)."""
        return any(self.value(field.name) is not None for field in FIELDS if field.browsable)

    @property
    def narrowing(self) -> tuple[str, ...]:
        """The names of the filters that narrow this search: what its statement's shape depends on."""
        return tuple(field.name for field in NARROWING if self.value(field.name) is not None)

    @property
    def where(self) -> str:
        """` AND condition` for each filter that narrows, to follow a WHERE clause."""
        return conditions(self.narrowing)

    @property
    def parameters(self) -> dict[str, str | None]:
        """Every narrowing filter's value, bound by name (None where unset)."""
        return {field.name: self.value(field.name) for field in NARROWING}


NO_FILTERS = Filters()


def conditions(narrowing: tuple[str, ...]) -> str:
    """` AND condition` for each named filter (a statement's shape, see `Filters.narrowing`), in FIELDS order."""
    return "".join(f" AND {field.condition}" for field in NARROWING if field.name in narrowing)


def merged(sent: Mapping[str, str | None], typed: Mapping[str, str]) -> Filters:
    """Filters typed in the text win over the same filters sent as parameters: the form always sends its
    menus and the version shown, defaults the user did not type; what is typed is what was meant."""
    values = {field.name: typed.get(field.name) or sent.get(field.name) or None for field in FIELDS}
    was_typed = frozenset(name for name, value in typed.items() if value)
    return Filters(**values, typed=was_typed)
