"""objects.inv decoding: real inventories in, typed objects or a precise error out."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from parser.inventory import InventoryError, decode_inventory, read_inventory
from tests.conftest import FLASK_MINI, PYTHON_MINI

HEADER = (
    b"# Sphinx inventory version 2\n# Project: Demo\n# Version: 1.0\n"
    b"# The remainder of this file is compressed using zlib.\n"
)


def test_reads_project_version_and_objects() -> None:
    inventory = read_inventory(PYTHON_MINI / "objects.inv")
    assert (inventory.project, inventory.version) == ("Python", "3.11")
    cache = next(obj for obj in inventory.objects if obj.name == "functools.cache")
    assert (cache.domain, cache.role, cache.page, cache.anchor) == (
        "py",
        "function",
        "library/functools.html",
        "functools.cache",
    )


def test_expands_sphinx_abbreviations_in_uri_and_display_name() -> None:
    inventory = decode_inventory(HEADER + zlib.compress(b"spam.eggs py:function 1 spam.html#$ -\n"))
    (obj,) = inventory.objects
    assert (obj.anchor, obj.display_name) == ("spam.eggs", "spam.eggs")


def test_drops_c_parameters_and_grammar_tokens() -> None:
    inventory = read_inventory(PYTHON_MINI / "objects.inv")
    roles = {obj.qualified_role for obj in inventory.objects}
    assert "c:function" in roles
    assert not roles & {"c:functionParam", "std:token"}


def test_labels_and_docs_are_aliases() -> None:
    inventory = read_inventory(PYTHON_MINI / "objects.inv")
    aliases = {obj.qualified_role for obj in inventory.objects if obj.is_alias}
    assert aliases == {"std:label", "std:doc"}


def test_reads_another_projects_inventory() -> None:
    inventory = read_inventory(FLASK_MINI / "objects.inv")
    assert inventory.project == "Flask"
    assert any(obj.name == "SECRET_KEY" and obj.page == "config.html" for obj in inventory.objects)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not an inventory at all",
        HEADER + b"this is not zlib data",
        HEADER + zlib.compress(b"spam py:function 1 spam.html#$ -\n")[:8],
        b"# Sphinx inventory version 1\n# Project: Demo\n# Version: 1.0\nspam mod spam.html\n",
    ],
    ids=["empty", "text", "not-zlib", "truncated", "version-1"],
)
def test_corrupt_inventory_raises_inventory_error(data: bytes) -> None:
    with pytest.raises(InventoryError, match="not a valid Sphinx inventory"):
        decode_inventory(data)


def test_missing_inventory_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="cannot read"):
        read_inventory(tmp_path / "objects.inv")
