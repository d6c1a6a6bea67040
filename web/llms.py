"""/llms.txt (the llmstxt.org convention): what this site is and how a model can use it, from the live index."""

from __future__ import annotations

from web.mcp_server import MCP_PATH
from web.search.service import SearchService


def llms_text(base: str, search: SearchService) -> str:
    """Markdown: the site, its versions and docsets as loaded now, and how to call the API and the MCP server."""
    info = search.info
    versions = "\n".join(
        f"- Python {version.version}{' (default)' if version == info.default else ''}: "
        f"{version.entries:,} entries, {version.base_url}"
        for version in info.versions
    )
    docsets = "\n".join(
        [f"- `{info.docset}`: {info.name}, every version above (`version=` chooses; default the newest)"]
        + [
            f"- `{library.docset}`: {library.name} {library.version}, {library.entries:,} entries, {library.base_url}"
            for library in info.libraries
        ]
    )
    return f"""# pydocs-search

> Search the official {info.name} documentation as you type: API names, concepts and plain questions, in
> {len(info.versions)} versions at once, each entry followed across them, with version history from the docs'
> own notes and typeshed ("added in 3.14", "removed in 3.12").

## Versions

{versions}

## Docsets

All are searched at once unless `docset=` names some (`docset=flask,werkzeug`, or `docset:flask` typed).

{docsets}

## Use it

- [MCP server]({base}{MCP_PATH}): Streamable HTTP, stateless. Tools: `search_docs(query, version?, docset?, kind?,
  limit?)`, `read_entry(address, version?)`, `list_versions()`, `list_docsets()`.
- [Search API]({base}/api/search?q=str.join&version={info.default.version}): ranked hits as JSON; `version`,
  `kind`, `area`, `docset`, `limit`, `page`; typed filters too (`type:method join`, `version:3.11 zip`).
- [Entry API]({base}/api/entry?address=py:class:asyncio.TaskGroup): one entry whole (text, signature, history);
  `address` is a hit's URL or an entry key, `version` reads the same entry in another version.
- [Versions]({base}/api/versions), [OpenAPI]({base}/openapi.json), [API reference]({base}/docs)

## Notes

- Pass the Python version the code runs on: hits the version lacks come last, saying which version has them.
- History is never guessed from where an entry first appears in the index; where no source says, nothing is said.
"""
