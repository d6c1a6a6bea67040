"""Hostile query strings shared by the tests and `make soak`."""

from __future__ import annotations

# FTS5 and query syntax that must be searched as plain text: every one answers 200.
FTS_SYNTAX_QUERIES = [
    '"',
    "'",
    "(",
    ")",
    "*",
    "^",
    ":",
    "NEAR(a b)",
    "a AND",
    "OR",
    "NOT x",
    "-x",
    'x" OR "y',
    "\x00\x01",
    "{}",
    "a:b:c",
    "{title}: x",
    "col:umn",
    "type:",
    "in:",
]

# Markup that must never come back unescaped.
MARKUP = ["<script>", "</script>", '"><img src=x onerror=alert(1)>', "&amp;", "<!--", "]]>"]
