"""The docs' areas (top folders of a build) as pages name them; templates see these as globals."""

from __future__ import annotations

AREA_LABELS = {
    "tutorial": "Tutorial",
    "library": "Library reference",
    "builtins": "Built-ins",
    "reference": "Language reference",
    "howto": "HOWTOs",
    "faq": "FAQ",
    "c-api": "C API",
    "using": "Using Python",
    "extending": "Extending and embedding",
    "whatsnew": "What’s New",
    "installing": "Installing modules",
    "distributing": "Distributing modules",
    "deprecations": "Deprecations",
    "general": "Glossary and other pages",
    "install": "Installing modules (legacy)",
    "distutils": "Distutils (legacy)",
}
# Folders that hold no reading matter of their own (Sphinx include fragments): not offered as an area.
HIDDEN_AREAS = frozenset({"includes"})
# Areas a breadcrumb need not name: the page title says more ("Glossary", not "general › Glossary").
UNNAMED_AREAS = frozenset({"general"})
