"""Module lifetimes from typeshed's `stdlib/VERSIONS`: when each standard-library module came and went.

typeshed keeps, for every stdlib module, the first Python that had it and the last one, if
it is gone (`tomllib: 3.11-`, `asynchat: 3.0-3.11`). It is the one machine-readable record of
that, kept by the people who type-check against every release, and it ships inside the
`typeshed_client` wheel (locked like every dependency; a data file, nothing is imported).
The build turns it into "added" and "removed" notes on a module and its members, never
from where an entry first appears in the index.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from parser.entries import Entry
from parser.schema import VersionNote
from parser.text import version_key

# typeshed writes 3.0 for "as old as Python 3": no version added it, so no note is claimed.
_ALWAYS = (3, 0)


class LifetimeError(ValueError):
    """typeshed's VERSIONS cannot be read; the message says why."""


@dataclass(frozen=True, slots=True)
class Lifetime:
    first: str  # the first version that has the module
    last: str | None = None  # the last one, if it is gone

    @property
    def added(self) -> str | None:
        return self.first if version_key(self.first) > _ALWAYS else None

    @property
    def removed(self) -> str | None:
        """The version that no longer has it: the one after `last`."""
        if self.last is None:
            return None
        major, minor = version_key(self.last)
        return f"{major}.{minor + 1}"


def read_lifetimes(text: str | None = None) -> dict[str, Lifetime]:
    """Every module of typeshed's VERSIONS (the installed typeshed_client's, unless `text` is given)."""
    if text is None:
        try:
            text = (importlib.resources.files("typeshed_client") / "typeshed" / "VERSIONS").read_text("utf-8")
        except (ModuleNotFoundError, OSError) as error:
            raise LifetimeError(f"typeshed's stdlib/VERSIONS is not installed (typeshed_client): {error}") from error
    lifetimes = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.partition("#")[0].strip()
        if not line:
            continue
        module, colon, span = line.partition(":")
        first, dash, last = span.strip().partition("-")
        if not colon or not dash or not version_key(first) or (last and not version_key(last)):
            raise LifetimeError(f"typeshed's VERSIONS, line {number}: cannot read {line!r}")
        lifetimes[module.strip()] = Lifetime(first.strip(), last.strip() or None)
    return lifetimes


def lifetime_of(name: str, lifetimes: Mapping[str, Lifetime]) -> Lifetime | None:
    """The lifetime of the most specific module that holds `name` (`os.path.join` → os.path, else os)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        found = lifetimes.get(".".join(parts[:end]))
        if found is not None:
            return found
    return None


def date_entries(entries: Iterable[Entry], lifetimes: Mapping[str, Lifetime]) -> None:
    """Give each entry the removal and addition notes that are true of it as a whole.

    A docs' own "removed in" note dates a module (its stub page, 3.13's `imp`); on anything else it
    concerns a part (a parameter), as nested "New in" notes do. Then each Python-domain entry of a
    stdlib module (`lifetimes`, empty for other docsets) is dated by its module's lifetime where its
    own notes do not already: "added" for a module that came after Python 3.0, "removed" for a
    module, and its members, once the module is gone.
    """
    for entry in entries:
        if entry.kind != "module":
            entry.version_notes[:] = [note for note in entry.version_notes if note.kind != "removed"]
        if entry.domain != "py":
            continue
        lifetime = lifetime_of(entry.name, lifetimes)
        if lifetime is None:
            continue
        kinds = {note.kind for note in entry.version_notes}
        if lifetime.added and "added" not in kinds and entry.kind == "module":
            entry.version_notes.append(VersionNote(kind="added", version=lifetime.added))
        if lifetime.removed and "removed" not in kinds:
            entry.version_notes.append(VersionNote(kind="removed", version=lifetime.removed))
