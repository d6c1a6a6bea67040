"""Offline indexer: a Sphinx HTML build (pages, objects.inv, general index) → docs.db."""
