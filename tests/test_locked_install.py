"""The environment the suite runs in is exactly the lock: every package at its pinned version."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

from packaging.requirements import Requirement

from tests.conftest import ROOT

LOCKED = ROOT / "requirements" / "dev.txt"


def locked_pins(path: Path) -> dict[str, str]:
    """name → version for every pin of an exported requirements file whose markers hold here."""
    pins: dict[str, str] = {}
    for line in path.read_text().splitlines():
        if not line or line[0] in " #-":
            continue  # hashes, comments, `# via` notes
        requirement = Requirement(line.rstrip(" \\"))
        if requirement.marker is None or requirement.marker.evaluate():
            (specifier,) = requirement.specifier
            pins[requirement.name] = specifier.version
    return pins


def test_every_locked_package_is_installed_at_its_locked_version() -> None:
    pins = locked_pins(LOCKED)
    assert len(pins) > 50 and {"fastapi", "sqlalchemy", "aiosqlite", "playwright"} <= set(pins)
    installed = {name: importlib.metadata.version(name) for name in pins}
    assert installed == pins, {name: (installed[name], pins[name]) for name in pins if installed[name] != pins[name]}


def test_runtime_pins_are_a_subset_of_the_test_pins() -> None:
    runtime = locked_pins(ROOT / "requirements" / "runtime.txt")
    assert runtime and runtime.items() <= locked_pins(LOCKED).items()
