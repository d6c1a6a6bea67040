"""A docset's profile: what is specific to one docset (area names, built-in types, kind and area weights), as data.

The parser reads `profiles/default.toml`, replaces its tables with those of the docset's own
file when there is one (`profiles/python.toml`), names the areas no file names after their
folders, and stores the result in docs.db's meta (`profile`, JSON). The web app reads it
back with the docset, so a new docset needs a line of TOML at most, never code.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

PROFILES = Path(__file__).resolve().parent / "profiles"


class ProfileError(ValueError):
    """A profile file or stored profile cannot be read; the message says which and why."""


@dataclass(frozen=True, slots=True)
class DocsetProfile:
    """What web/ needs to know of a docset beyond its entries (each field is explained in profiles/default.toml)."""

    builtins: bool = False
    stdlib_lifetimes: bool = False
    hidden_areas: tuple[str, ...] = ()
    unnamed_areas: tuple[str, ...] = ()
    c_api_areas: tuple[str, ...] = ()
    skipped_pages: tuple[str, ...] = ()
    body_limit: int = 0  # characters of an entry's own text kept (searched, shown); 0: all of it
    name_is_a_word: bool = (
        False  # its name is an everyday word too (click, requests): a query holding it may not mean it
    )
    area_labels: Mapping[str, str] = field(default_factory=dict)
    type_names: Mapping[str, str] = field(default_factory=dict)
    kind_bonus: Mapping[str, float] = field(default_factory=dict)
    kind_penalty: Mapping[str, float] = field(default_factory=dict)
    area_penalty: Mapping[str, float] = field(default_factory=dict)
    explaining_area_bonus: Mapping[str, float] = field(default_factory=dict)

    def label(self, area: str) -> str:
        return self.area_labels.get(area, area)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> DocsetProfile:
        try:
            return _profile(json.loads(text))
        except (ValueError, TypeError) as error:
            raise ProfileError(f"the stored docset profile cannot be read: {error}") from error


def profile_for(docset: str, areas: Iterable[str]) -> DocsetProfile:
    """The profile of `docset` (its identifier, `python`), with a label for each of `areas`."""
    values = _read(PROFILES / "default.toml")
    own = PROFILES / f"{docset}.toml"
    if own.is_file():
        values.update(_read(own))
    profile = _profile(values)
    # The profile's own labels first, in its order (pages list areas in it), then the other folders'.
    labels = dict(profile.area_labels) | {
        area: _label_of_folder(area) for area in sorted(areas) if area not in profile.area_labels
    }
    return _profile({**asdict(profile), "area_labels": labels})


def stored_profile(db: Path) -> DocsetProfile:
    """The profile a docs.db file holds (for tools that read the file without the web app)."""
    with contextlib.closing(sqlite3.connect(f"file:{db}?immutable=1", uri=True)) as connection:
        row = connection.execute("SELECT value FROM meta WHERE key = 'profile'").fetchone()
    if row is None:
        raise ProfileError(f"{db} holds no docset profile")
    return DocsetProfile.from_json(row[0])


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ProfileError(f"{path}: {error}") from error


def _profile(values: Mapping[str, Any]) -> DocsetProfile:
    known = set(DocsetProfile.__dataclass_fields__)
    unknown = set(values) - known
    if unknown:
        raise ProfileError(f"unknown profile fields: {', '.join(sorted(unknown))}")
    return DocsetProfile(
        builtins=bool(values.get("builtins", False)),
        stdlib_lifetimes=bool(values.get("stdlib_lifetimes", False)),
        hidden_areas=tuple(values.get("hidden_areas", ())),
        unnamed_areas=tuple(values.get("unnamed_areas", ())),
        c_api_areas=tuple(values.get("c_api_areas", ())),
        skipped_pages=tuple(values.get("skipped_pages", ())),
        body_limit=int(values.get("body_limit", 0)),
        name_is_a_word=bool(values.get("name_is_a_word", False)),
        area_labels=dict(values.get("area_labels", {})),
        type_names=dict(values.get("type_names", {})),
        kind_bonus=_weights(values.get("kind_bonus", {})),
        kind_penalty=_weights(values.get("kind_penalty", {})),
        area_penalty=_weights(values.get("area_penalty", {})),
        explaining_area_bonus=_weights(values.get("explaining_area_bonus", {})),
    )


def _weights(table: Mapping[str, object]) -> dict[str, float]:
    return {key: _weight(weight) for key, weight in table.items()}


def _weight(value: object) -> float:
    """A weight as written (30 stays 30 in the SQL); anything but a number is refused."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProfileError(f"a weight must be a number, not {value!r}")
    return value


def _label_of_folder(area: str) -> str:
    """`user-guide` → "User guide": a readable name for a folder no profile names."""
    words = area.replace("-", " ").replace("_", " ").split()
    return " ".join(words).capitalize() if words else area
