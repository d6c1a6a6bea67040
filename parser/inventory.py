"""Reading a Sphinx objects.inv into typed, page-addressed objects."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import sphobjinv
from sphobjinv.error import SphobjinvError

# Roles that describe no entry of their own: C parameters and grammar tokens are
# hidden from search by Sphinx itself (priority -1), labels and docs name a
# section or page that already is an entry (they become its keywords instead).
SKIPPED_ROLES = frozenset({"c:functionParam", "std:token"})
ALIAS_ROLES = frozenset({"std:label", "std:doc"})


class InventoryError(Exception):
    """objects.inv is missing, corrupt or not a version 2 inventory."""


@dataclass(frozen=True, slots=True)
class InventoryObject:
    name: str
    domain: str
    role: str
    priority: int
    page: str
    anchor: str
    display_name: str

    @property
    def qualified_role(self) -> str:
        return f"{self.domain}:{self.role}"

    @property
    def is_alias(self) -> bool:
        return self.qualified_role in ALIAS_ROLES


@dataclass(frozen=True, slots=True)
class Inventory:
    project: str
    version: str
    objects: tuple[InventoryObject, ...]


def read_inventory(path: Path) -> Inventory:
    """Decode objects.inv at `path`, raising InventoryError with a reason."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InventoryError(f"cannot read {path}: {error.strerror}") from error
    return decode_inventory(data, source=str(path))


def decode_inventory(data: bytes, *, source: str = "objects.inv") -> Inventory:
    """Decode the bytes of an objects.inv file; a pure function of its input."""
    try:
        raw = sphobjinv.Inventory(zlib=data)
    # sphobjinv reports malformed input as whatever its parsing step raised,
    # so every one of these means "this is not a valid inventory".
    except (SphobjinvError, zlib.error, TypeError, ValueError, AttributeError) as error:
        raise InventoryError(f"{source} is not a valid Sphinx inventory: {error}") from error
    objects = tuple(_convert(item) for item in raw.objects)
    kept = tuple(obj for obj in objects if obj.qualified_role not in SKIPPED_ROLES)
    return Inventory(project=raw.project, version=raw.version, objects=kept)


def _convert(item: sphobjinv.DataObjStr) -> InventoryObject:
    page, _, anchor = item.uri_expanded.partition("#")
    display = item.dispname_expanded
    return InventoryObject(
        name=item.name,
        domain=item.domain,
        role=item.role,
        priority=int(item.priority),
        page=page,
        anchor=anchor,
        display_name=display if display != "-" else item.name,
    )
