"""Plain-text helpers: whitespace, first sentences, version notes."""

from __future__ import annotations

import re

_WHITESPACE = re.compile(r"\s+")
# A sentence ends at . ! or ? followed by space and a capital, a quote or a
# bracket; abbreviations like "e.g." are protected before splitting.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(`“‘\[])")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "cf.", "Ex.", "No.")
_VERSION = re.compile(r"\b(\d+\.\d+(?:\.\d+)?)\b")
_HEADERLINK = "¶"

SUMMARY_LIMIT = 300

VERSION_CLASSES = {
    "versionadded": "added",
    "versionchanged": "changed",
    "deprecated": "deprecated",
    "deprecated-removed": "deprecated",
}


def clean(text: str) -> str:
    """Collapse whitespace and drop Sphinx's ¶ permalink marks."""
    return _WHITESPACE.sub(" ", text.replace(_HEADERLINK, "")).strip()


# Marks a line break inside a code example while a block's text is gathered: any whitespace would be
# collapsed by clean(), and an example's output read on its input's line (`>>> f() [1, 2]`).
CODE_LINE_BREAK = "\ue000"
_SPACED_BREAKS = re.compile(r" *\ue000[\ue000 ]*")


def clean_keeping_code_lines(text: str) -> str:
    """clean(), but each CODE_LINE_BREAK becomes one newline (runs of them, and blank lines, one)."""
    return _SPACED_BREAKS.sub("\n", clean(text)).strip("\n ")


def first_sentence(text: str) -> str:
    """The first sentence of `text`, cut at SUMMARY_LIMIT characters."""
    text = clean(text)
    protected = text
    for abbreviation in _ABBREVIATIONS:
        protected = protected.replace(abbreviation, abbreviation.replace(".", "\0"))
    sentence = _SENTENCE_END.split(protected, maxsplit=1)[0].replace("\0", ".")
    if len(sentence) > SUMMARY_LIMIT:
        cut = sentence[:SUMMARY_LIMIT].rsplit(" ", 1)[0]
        return cut + "…"
    return sentence


# "Deprecated since version 3.4, removed in version 3.12." (a stub page's), never "will be removed in".
_REMOVED = re.compile(r"(?<!will be )\bremoved in version (\d+\.\d+)", re.IGNORECASE)


def removal_of(text: str) -> str:
    """The version a deprecated-removed note says the thing was removed in, if it already was; else ''."""
    match = _REMOVED.search(text)
    return match.group(1) if match else ""


def version_of(text: str) -> str:
    """The first version number in a 'New in version 3.9.'-style note, or ''."""
    match = _VERSION.search(text)
    return match.group(1) if match else ""


def version_key(version: str) -> tuple[int, ...]:
    """`3.12` → (3, 12), for comparing versions; anything unreadable sorts first."""
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return ()
