"""Pressroom as an MCP server, driven by the official SDK's client over both transports.

``pressroom mcp`` as a subprocess over stdio, then a real ``pressroom serve`` (with a token) over
streamable HTTP at ``/mcp``, on one data folder holding the sample corpus: the listings, every tool,
the document resource, the prompts, the errors, and the token.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from mcp import Client, MCPError, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.types import INVALID_PARAMS

from tests.conftest import ROOT, SAMPLE

pytestmark = [pytest.mark.slow, pytest.mark.integration]
PRESSROOM = [sys.executable, "-m", "pressroom"]
TOKEN = "mcp-test-token-0123456789"
TOOLS = {"ask", "search", "find", "get_document", "list_documents", "brief", "quotes", "timeline", "entities",
         "entity", "screen"}
QUESTION = "When was the European Ports Alliance launched?"


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSROOM_")}
    return {**env, "PRESSROOM_HOME": str(home), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT), **extra}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the sample corpus (one ingest for the module)."""
    folder = tmp_path_factory.mktemp("mcp")
    done = subprocess.run([*PRESSROOM, "ingest", str(SAMPLE)], env=_env(folder), cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return folder


async def _exercise(client: Client) -> dict:
    """List everything and call every tool; return what the checks below need."""
    tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.output_schema and tool.input_schema["type"] == "object", tool.name
        assert tool.annotations.read_only_hint and not tool.annotations.destructive_hint, tool.name
    assert "verbatim" in tools["ask"].description and "never instructions" in tools["ask"].description
    templates = (await client.list_resource_templates()).resource_templates
    assert [t.uri_template for t in templates] == ["pressroom://documents/{source_id}"]
    prompts = {p.name for p in (await client.list_prompts()).prompts}
    assert prompts == {"brief_me", "fact_check"}
    prompt = await client.get_prompt("fact_check", {"claim": "The Alliance was launched in March."})
    assert "The Alliance was launched in March." in prompt.messages[0].content.text
    # A prompt not there, or without its argument, is the client's error: invalid params, one line
    # (before: code 0, "Unknown prompt: nope", and a traceback in the server's log).
    for name, arguments, said in (("nope", {}, "unknown prompt 'nope'"), ("brief_me", {}, "needs topic"),
                                  ("brief_me", {"topic": " "}, "needs topic")):  # fmt: skip
        with pytest.raises(MCPError) as refused:
            await client.get_prompt(name, arguments)
        assert refused.value.code == INVALID_PARAMS and said in refused.value.message, refused.value

    async def call(name: str, arguments: dict) -> dict:
        result = await client.call_tool(name, arguments)
        assert not result.is_error, (name, result.content)
        return result.structured_content

    found = {
        "docs": await call("list_documents", {"limit": 3}),
        "dated": await call("list_documents", {"filters": {"date_from": "2024-03"}}),
        "ask": await call("ask", {"question": QUESTION}),
        "search": await call("search", {"query": "drug trafficking in ports", "limit": 3}),
        "find": await call("find", {"query": '"European Ports Alliance" OR ports*', "per_page": 2}),
        "brief": await call("brief", {"topic": "European Ports Alliance"}),
        "quotes": await call("quotes", {}),
        "timeline": await call("timeline", {"since": "2024-01", "until": "2024-12"}),
        "people": await call("entities", {"kind": "person", "limit": 5}),
        "entity": await call("entity", {"name": "Verlinden"}),
        "screen": await call("screen", {"names": ["Annelies Verlinden", "Zebulon Quarterfield"]}),
    }
    cited = found["ask"]["citations"][0]
    found["range"] = await call("get_document", {"source_id": cited["source_id"], "start": cited["start"],
                                                 "end": cited["end"]})
    found["texts"] = {}
    for c in found["ask"]["citations"]:
        read = await client.read_resource(f"pressroom://documents/{c['source_id']}")
        found["texts"][c["source_id"]] = read.contents[0].text
    found["unknown"] = await client.call_tool("get_document", {"source_id": "no-such-document.txt"})
    found["bad_date"] = await client.call_tool("ask", {"question": QUESTION, "filters": {"date_from": "2024-13"}})
    found["too_long"] = await client.call_tool("search", {"query": "x" * 2001})
    found["bad_query"] = await client.call_tool("find", {"query": "ports AND (drugs"})
    found["no_question"] = await client.call_tool("ask", {})  # arguments off the schema: one line too
    found["zero_limit"] = await client.call_tool("search", {"query": "ports", "limit": 0})
    with pytest.raises(MCPError, match="no-such-document"):
        await client.read_resource("pressroom://documents/no-such-document.txt")
    return found


def _check(found: dict) -> None:
    assert found["docs"]["total"] == 5 and len(found["docs"]["documents"]) == 3
    assert 0 < found["dated"]["total"] < 5
    assert all(d["date"] >= "2024-03" for d in found["dated"]["documents"])
    answer = found["ask"]
    assert not answer["abstained"] and answer["citations"] and "[1]" in answer["answer"]
    for c in answer["citations"]:  # every quote stands, word for word, where its offsets say
        assert c["quote"] and found["texts"][c["source_id"]][c["start"]:c["end"]] == c["quote"]
        assert c["date"] and "url" in c
    assert found["range"]["text"] == answer["citations"][0]["quote"]
    assert len(found["search"]["hits"]) == 3 and found["search"]["hits"][0]["rank"] == 1
    matched = found["find"]  # every match counted, one page of two shown, each snippet where it says
    assert matched["total"] >= 2 and len(matched["hits"]) == 2 and matched["pages"] == -(-matched["total"] // 2)
    assert sum(matched["facets"]["lang"].values()) == matched["total"]
    assert found["brief"]["markdown"].strip() and found["brief"]["sources"]
    assert found["quotes"]["quotes"] and all(q["source_id"] for q in found["quotes"]["quotes"])
    events = found["timeline"]["events"]
    assert events and all("2024" in e["when"] and e["source_id"] for e in events)
    people = [e["name"] for e in found["people"]["entities"]]
    assert "Annelies Verlinden" in people and all(e["kind"] == "person" for e in found["people"]["entities"])
    assert found["entity"]["name"] == "Annelies Verlinden" and found["entity"]["documents"]
    screened = {r["name"]: r for r in found["screen"]["results"]}
    assert screened["Annelies Verlinden"]["documents"] == 4 and screened["Zebulon Quarterfield"]["documents"] == 0
    for name, needle in (("unknown", "no-such-document.txt"), ("bad_date", "no month 13"),
                         ("too_long", "at most 2000"), ("bad_query", "never closed"),
                         ("no_question", "ask: the argument 'question' is required"),
                         ("zero_limit", "search: 'limit' should be greater than or equal to 1 (got 0)")):
        result = found[name]
        assert result.is_error and needle in result.content[0].text, (name, result.content)
        assert "\n" not in result.content[0].text and "pydantic" not in result.content[0].text  # one line


def test_stdio(home: Path) -> None:
    params = StdioServerParameters(command=sys.executable, args=["-m", "pressroom", "mcp"], cwd=str(ROOT),
                                   env=_env(home))

    async def run() -> dict:
        async with Client(params, read_timeout_seconds=300) as client:
            return await _exercise(client)

    _check(asyncio.run(run()))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served(home: Path) -> Iterator[str]:
    """``pressroom serve`` with a token on the data folder (after the stdio test let go of it)."""
    port = _free_port()
    server = subprocess.Popen([*PRESSROOM, "serve", "--port", str(port)], env=_env(home, PRESSROOM_TOKEN=TOKEN),
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while not (home / "server.json").exists():
            assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield json.loads((home / "server.json").read_text())["url"] + "/mcp"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_streamable_http(served: str, home: Path) -> None:
    async def run() -> dict:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with httpx2.AsyncClient(headers=headers, timeout=300) as http, \
                Client(streamable_http_client(served, http_client=http), read_timeout_seconds=300) as client:
            return await _exercise(client)

    _check(asyncio.run(run()))

    # Without the token: refused before any MCP is spoken.
    hello = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
             "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                        "clientInfo": {"name": "t", "version": "0"}}}
    refused = httpx2.post(served, json=hello, headers={"Accept": "application/json, text/event-stream"})
    assert refused.status_code == 401 and "token" in refused.json()["detail"]

    # While serve holds the index, `pressroom mcp` says where to connect instead, on one line.
    alone = subprocess.run([*PRESSROOM, "mcp"], env=_env(home), cwd=ROOT, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=120)
    assert alone.returncode == 2 and alone.stderr.count("\n") == 1 and served in alone.stderr


def test_tool_calls_that_search_share_the_rate_limit(embedder, tmp_path: Path) -> None:
    """Over the allowance, `ask` over MCP is refused like /api/ask; the handshake, listings and
    documents are not counted."""
    from tests.conftest import start_server

    server = start_server(embedder, tmp_path, [], rate_limit=2)  # an empty index: only the counting matters

    async def run() -> tuple[list[bool], str]:
        async with Client(server.url + "/mcp", read_timeout_seconds=120) as client:
            await client.list_tools()
            await client.call_tool("list_documents", {})
            allowed = [not (await client.call_tool("ask", {"question": QUESTION})).is_error for _ in range(2)]
            with pytest.raises(MCPError) as refused:
                await client.call_tool("search", {"query": "ports"})
            return allowed, str(refused.value)

    try:
        allowed, refused = asyncio.run(run())
    finally:
        server.stop()
    assert allowed == [True, True]
    assert "too many questions" in refused and "PRESSROOM_RATE_LIMIT" in refused, refused


# Arguments that miss a tool's schema, and what the one line says (before: pydantic's report over four
# lines and more, "1 validation error for askArguments ... For further information visit
# https://errors.pydantic.dev/...").
OFF_SCHEMA = (
    ("ask", {}, "ask: the argument 'question' is required"),
    ("ask", {"question": 5}, "ask: 'question' should be a valid string (got 5)"),
    ("ask", {"question": QUESTION, "filters": [1]}, "ask: 'filters' should be an object (got [1])"),
    ("ask", {"question": QUESTION, "filters": {"colour": "red"}}, "ask: 'filters' has no field 'colour'"),
    ("ask", {"question": QUESTION, "mode": "poetic"},
     "ask: 'mode' should be 'extractive' or 'generative' (got 'poetic')"),
    ("ask", {"question": QUESTION, "filters": {"date_from": 2024, "lang": ["en"]}},  # several: joined with "; "
     "ask: 'filters.date_from' should be a valid string (got 2024); "
     "'filters.lang' should be a valid string (got ['en'])"),
    ("search", {"query": "ports", "limit": 0}, "search: 'limit' should be greater than or equal to 1 (got 0)"),
    ("search", {"query": "ports", "limit": "abc"}, "search: 'limit' should be a valid integer"),
    ("brief", {"topic": ""}, "brief: 'topic' should have at least 1 character (got '')"),
    ("entity", {"name": ""}, "entity: 'name' should have at least 1 character (got '')"),
    ("screen", {"names": []}, "screen: 'names' should have at least 1 item"),
    ("screen", {"names": "Verlinden"}, "screen: 'names' should be a valid list (got 'Verlinden')"),
    ("screen", {"names": ["Verlinden", 7]}, "screen: 'names.1' should be a valid string (got 7)"),
    ("find", {"query": "ports", "per_page": 10**6},
     "find: 'per_page' should be less than or equal to 100 (got 1000000)"),
    ("find", {"query": "ports", "sort": "size"}, "find: 'sort' should be 'relevance' or 'date' (got 'size')"),
    ("entities", {"kind": "animal"}, "entities: 'kind' should be 'person', 'org' or 'place' (got 'animal')"),
    ("list_documents", {"offset": -1}, "list_documents: 'offset' should be greater than or equal to 0 (got -1)"),
)  # fmt: skip


def test_arguments_off_the_schema_are_one_line(embedder, tmp_path: Path) -> None:
    """Each mistake in a tool's arguments is an error result of one line naming the tool, the argument, the
    reason and (shortened) the value given; never pydantic's report."""
    from tests.conftest import start_server

    server = start_server(embedder, tmp_path, [], rate_limit=0)  # an empty index: the arguments are all it checks

    async def run() -> list:
        async with Client(server.url + "/mcp", read_timeout_seconds=120) as client:
            said = [await client.call_tool(name, arguments) for name, arguments, _ in OFF_SCHEMA]
            said.append(await client.call_tool("ask", {"question": "x", "mode": "\n" * 40 + "y" * 500}))
            return said

    try:
        said = asyncio.run(run())
    finally:
        server.stop()
    for (name, arguments, expected), result in zip(OFF_SCHEMA, said, strict=False):
        text = result.content[0].text
        assert result.is_error and text.startswith(expected), (name, arguments, text)
        assert "\n" not in text and "errors.pydantic.dev" not in text and "validation error" not in text, text
    long = said[-1].content[0].text  # the value given, cut short and still on one line
    assert long.startswith("ask: 'mode' should be 'extractive' or 'generative' (got '\\n\\n")
    assert "\n" not in long and long.endswith("...)") and len(long) < 140, long
