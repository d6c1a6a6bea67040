"""The MCP server at /mcp, driven by the SDK's own client over real HTTP against `python -m web`; and what it
shares with everyone else: /api/entry and /llms.txt."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mcp.client.client import Client

from testbed.hostile_inputs import FTS_SYNTAX_QUERIES, MARKUP
from web.app import create_app
from web.settings import Settings


async def call(server: str, tool: str, **arguments: Any) -> tuple[bool, Any, str]:
    """(is it an error, its structured answer, its text) for one tool call in a session of its own."""
    async with Client(f"{server}/mcp") as client:
        result = await client.call_tool(tool, arguments)
    text = "\n".join(getattr(part, "text", "") for part in result.content)
    return result.is_error, result.structured_content, text


async def test_the_tools_are_listed_with_descriptions_for_a_model(live_server: str) -> None:
    async with Client(f"{live_server}/mcp") as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert set(tools) == {"search_docs", "read_entry", "list_versions", "list_docsets"}
    search = tools["search_docs"]
    assert "version" in search.input_schema["properties"] and "added_in" in (search.description or "")
    assert search.input_schema["required"] == ["query"]


async def test_search_docs_says_what_a_version_lacks(live_server: str) -> None:
    error, answer, _ = await call(live_server, "search_docs", query="imp", version="3.15", limit=3)
    assert not error and answer["version"] == "3.15"
    first = answer["results"][0]
    assert (first["name"], first["removed_in"], first["docset"]) == ("imp", "3.12", "python")
    _, answer, _ = await call(live_server, "search_docs", query="annotationlib", version="3.13")
    first = answer["results"][0]
    assert (first["name"], first["in_version"], first["added_in"]) == ("annotationlib", False, "3.14")
    _, answer, _ = await call(live_server, "search_docs", query="how do I reverse a list")
    assert answer["results"][0]["name"] == "list.reverse" and answer["results"][0]["added_in"] is None


async def test_read_entry_gives_the_entry_whole_by_url_or_key(live_server: str) -> None:
    _, answer, _ = await call(live_server, "search_docs", query="asyncio.TaskGroup", limit=1)
    url = answer["results"][0]["url"]
    error, _, text = await call(live_server, "read_entry", address=url)
    assert not error and text.startswith("# asyncio.TaskGroup (class), Python 3.15 docs\n" + url)
    assert "Signature: `class asyncio.TaskGroup`" in text and "Added in version 3.11" in text
    _, _, older = await call(live_server, "read_entry", address="py:class:asyncio.TaskGroup", version="3.11")
    assert "https://docs.python.org/3.11/library/asyncio-task.html#asyncio.TaskGroup" in older
    _, _, example = await call(live_server, "read_entry", address="py:function:zip")
    assert ">>> for item in zip([1, 2, 3], ['sugar', 'spice', 'everything nice']):" in example


async def test_versions_and_docsets_are_listed(live_server: str) -> None:
    _, versions, _ = await call(live_server, "list_versions")
    assert versions["default"] == "3.15" and [v["version"] for v in versions["versions"]] == [
        "3.15",
        "3.14",
        "3.13",
        "3.11",
    ]
    _, docsets, _ = await call(live_server, "list_docsets")
    assert docsets["result"][0]["docset"] == "python"


@pytest.mark.parametrize(
    ("tool", "arguments", "message"),
    [
        ("search_docs", {"query": ""}, "Give a query"),
        ("search_docs", {"query": "x" * 10_000}, "the limit is 200"),
        ("search_docs", {"query": "zip", "version": "2.7"}, "Unknown version “2.7”"),
        ("search_docs", {"query": "zip", "limit": 0}, "limit must be between 1 and 50"),
        ("search_docs", {"query": "zip", "limit": 10**9}, "limit must be between 1 and 50"),
        ("search_docs", {"query": "zip", "kind": "spaceship"}, "Unknown kind “spaceship”"),
        ("search_docs", {"query": "zip", "docset": "nosuchdocs"}, "Unknown docset “nosuchdocs”"),
        ("search_docs", {"query": "zip", "limit": "many"}, "limit"),
        ("search_docs", {}, "query"),
        ("read_entry", {"address": "https://docs.python.org/3.15/library/nothing.html#here"}, "No entry of the 3.15"),
        ("read_entry", {"address": "py:function:imp.find_module", "version": "3.15"}, "newest that documents it"),
        ("read_entry", {"address": "a" * 1000}, "at most 500 characters"),
        ("read_entry", {"address": "zip", "version": "4.0"}, "Unknown version “4.0”"),
    ],
)
async def test_bad_arguments_are_tool_errors_and_the_server_keeps_serving(
    live_server: str, live_server_log: Path, tool: str, arguments: dict[str, Any], message: str
) -> None:
    error, _, text = await call(live_server, tool, **arguments)
    assert error and message in text
    assert not (await call(live_server, "list_versions"))[0]
    assert "Traceback" not in live_server_log.read_text()


async def test_hostile_queries_are_answered_or_refused_never_crashed(live_server: str, live_server_log: Path) -> None:
    async with Client(f"{live_server}/mcp") as client:  # one session through all of them
        for query in [*FTS_SYNTAX_QUERIES, *MARKUP, "\x00\x1b[31m", "💥" * 50]:
            result = await client.call_tool("search_docs", {"query": query})
            assert not result.is_error or "query" in result.content[0].text.lower()
        assert not (await client.call_tool("list_versions", {})).is_error
    assert "Traceback" not in live_server_log.read_text()


def test_the_entry_api_is_read_entry_as_json(client: TestClient) -> None:
    body = client.get("/api/entry", params={"address": "py:class:asyncio.TaskGroup"}).json()
    assert body["entry"]["added_in"] == "3.11" and body["history"] == "Added in version 3.11"
    assert body["markdown"].startswith("# asyncio.TaskGroup (class), Python 3.15 docs")
    missing = client.get("/api/entry", params={"address": "py:function:no.such.thing"})
    assert missing.status_code == 404 and "No entry" in missing.json()["detail"]
    assert client.get("/api/entry").status_code == 422


def test_llms_txt_describes_the_live_index(client: TestClient) -> None:
    response = client.get("/llms.txt")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/markdown")
    text = response.text
    assert text.startswith("# pydocs-search\n\n> ") and "(http://testserver/mcp)" in text
    assert "- Python 3.15 (default): " in text and "- Python 3.11: " in text and "`python`" in text


def test_serving_mcp_leaves_the_process_logging_alone(shipped_settings: Settings) -> None:
    """The SDK's server configures the root logger as it is made; every library's INFO lines would then print."""
    root = logging.getLogger()
    before = (root.handlers[:], root.level)
    with TestClient(create_app(shipped_settings)) as started:
        assert started.get("/healthz").status_code == 200
        assert (root.handlers[:], root.level) == before
