"""What one search covers: the positions in docs.db of the docs versions searched together.

By default that is the lead docset's version chosen (Python 3.15) and every library's version;
`docset:` narrows it. Statements name the positions as a fixed number of parameters
(`ev.position IN (:scope_0, …)`, the unused ones -1, which no version has), so a statement's text
stays the same whatever the scope, and is written once per shape as before.
"""

from __future__ import annotations

from dataclasses import dataclass

NO_POSITION = -1  # fills the parameters a scope does not use


@dataclass(frozen=True, slots=True)
class Scope:
    positions: tuple[int, ...]  # the versions searched; at most one per docset
    lead: int | None  # the lead docset's version searched (what history compares with); None: not searched

    def __contains__(self, position: object) -> bool:
        return position in self.positions

    def parameters(self, size: int) -> dict[str, int]:
        """`scope_0` … `scope_{size-1}`: the positions, then NO_POSITION."""
        padded = (*self.positions, *(NO_POSITION,) * (size - len(self.positions)))
        return {f"scope_{index}": position for index, position in enumerate(padded[:size])}


def in_scope(column: str, size: int) -> str:
    """`column IN (:scope_0, …)`: the condition that a version row is one of the scope's."""
    return f"{column} IN ({', '.join(f':scope_{index}' for index in range(size))})"
