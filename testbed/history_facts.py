"""Facts of Python's history, each from its release's What's New, for checking what the site says of versions.

An AddedFact is true of an entry in every version that documents it: the release that added it.
A RemovedFact names the release that removed a module (or a member of one). A NoBadge entry is
one the index first holds as an object in a later version than the one that added it (3.11
documented `list.reverse` as a table row), which must never be said to be "New in" that version.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AddedFact:
    name: str
    added: str


@dataclass(frozen=True)
class RemovedFact:
    name: str
    removed: str


ADDED = [
    AddedFact("tomllib", "3.11"),
    AddedFact("annotationlib", "3.14"),
    AddedFact("string.templatelib", "3.14"),
    AddedFact("compression.zstd", "3.14"),
    AddedFact("zoneinfo", "3.9"),
    AddedFact("graphlib", "3.9"),
    AddedFact("contextvars", "3.7"),
    AddedFact("dataclasses", "3.7"),
    AddedFact("secrets", "3.6"),
    AddedFact("statistics", "3.4"),
    AddedFact("asyncio.TaskGroup", "3.11"),
    AddedFact("asyncio.timeout", "3.11"),
    AddedFact("contextlib.chdir", "3.11"),
    AddedFact("hashlib.file_digest", "3.11"),
    AddedFact("enum.StrEnum", "3.11"),
    AddedFact("operator.call", "3.11"),
    AddedFact("typing.Self", "3.11"),
    AddedFact("itertools.pairwise", "3.10"),
    AddedFact("itertools.batched", "3.12"),
    AddedFact("math.sumprod", "3.12"),
    AddedFact("typing.override", "3.12"),
    AddedFact("str.removeprefix", "3.9"),
    AddedFact("functools.cache", "3.9"),
    AddedFact("copy.replace", "3.13"),
    AddedFact("warnings.deprecated", "3.13"),
]

REMOVED = [
    RemovedFact("imp", "3.12"),
    RemovedFact("asynchat", "3.12"),
    RemovedFact("asyncore", "3.12"),
    RemovedFact("distutils", "3.12"),
    RemovedFact("smtpd", "3.12"),
    RemovedFact("imp.find_module", "3.12"),
    RemovedFact("asyncore.loop", "3.12"),
    RemovedFact("cgi", "3.13"),
    RemovedFact("msilib", "3.13"),
    RemovedFact("sunau", "3.13"),
    RemovedFact("telnetlib", "3.13"),
    RemovedFact("uu", "3.13"),
]

# Old features the index holds as objects only from a later version: never "New in".
NO_BADGE = ["list.reverse", "list.remove", "list.pop", "tuple.count", "bytearray.reverse"]
