"""Reading one entry whole, by its URL or its key: what `/api/entry` and the MCP server's `read_entry` return.

A search hit shows a snippet; a reader (a person following up, a coding assistant) needs the
entry's own text: its signature, description, examples with their prompts, and history. The
text is the stored body, bounded, so one call can never return a whole page of the docs.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from web.search.database import DocsetInfo, VersionInfo
from web.search.hits import Hit

# About 3,000 tokens: a class with its methods' summaries, not a whole module page.
MAX_TEXT_CHARACTERS = 12_000
# Longer than any URL or key of the docs; a longer one is refused before it is looked up.
MAX_ADDRESS_LENGTH = 500


class EntryNotFound(LookupError):
    """No entry at that address (in that version); the message says so in one sentence."""


@dataclass(frozen=True, slots=True)
class EntryText:
    hit: Hit  # name, kind, URL, version, signature, summary, history: as a search shows it
    key: str  # its identity across versions (`py:class:asyncio.TaskGroup`): read it again in another version
    text: str  # the entry's own text, at most MAX_TEXT_CHARACTERS
    truncated: bool

    @property
    def history(self) -> str:
        """Its history in one line, in the docs' words: "Added in version 3.11; changed in 3.12"."""
        hit, parts = self.hit, []
        if hit.added_in:
            parts.append(f"Added in version {hit.added_in}")
        if hit.removed_in:
            parts.append(f"removed in version {hit.removed_in}")
        if hit.changed_in:
            parts.append(f"changed in {', '.join(hit.changed_in)}")
        if hit.deprecations:
            parts.append(f"deprecation noted in {', '.join(version for version in hit.deprecations if version)}")
        line = "; ".join(parts)
        return line[:1].upper() + line[1:]

    def markdown(self) -> str:
        """The entry as Markdown-like text for a model: heading, URL, signature, history, then its text."""
        hit = self.hit
        lines = [f"# {hit.name} ({hit.kind}), Python {hit.version} docs", hit.url, f"Key: {self.key}"]
        if hit.signature and hit.signature != hit.name:
            lines.append(f"Signature: `{hit.signature}`")
        if self.history:
            lines.append(f"History: {self.history}.")
        lines.append(f"Documented in: {', '.join(link.version for link in hit.newest_first)}")
        lines += ["", self.text]
        if self.truncated:
            lines += ["", f"[cut at {MAX_TEXT_CHARACTERS:,} characters: the rest is at {hit.url}]"]
        return "\n".join(lines)


def bounded(text: str) -> tuple[str, bool]:
    """`text` cut at MAX_TEXT_CHARACTERS, at a line end where there is one; and whether it was cut."""
    if len(text) <= MAX_TEXT_CHARACTERS:
        return text, False
    cut = text[:MAX_TEXT_CHARACTERS]
    return cut[: cut.rfind("\n")] if "\n" in cut else cut, True


def located(address: str, info: DocsetInfo) -> tuple[VersionInfo, str, str] | None:
    """A docs URL (`https://docs.python.org/3.15/library/os.html#os.getcwd`) as (version, page, anchor); None
    when it is no URL of a version here. A bare `library/os.html#os.getcwd` is in the default version."""
    for version in info.releases.values():
        if address.startswith(version.base_url):
            return _split(version, address[len(version.base_url) :])
    if "://" not in address and ".html" in address:
        return _split(info.default, address.lstrip("/"))
    return None


def _split(version: VersionInfo, rest: str) -> tuple[VersionInfo, str, str]:
    parts = urlsplit(rest)
    return version, unquote(parts.path), unquote(parts.fragment)
