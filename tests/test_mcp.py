"""``charter mcp``, driven by the MCP SDK's own stdio client as an AI assistant would: start,
list the tools, call each on the example organisation, and get clear errors for bad calls."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import anyio
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from tests.conftest import ROOT, TODAY, OrgDir

TOOLS = ["ask", "role", "person", "team", "outcome", "who_is", "findings"]


def session(org: Path, work: Callable[[ClientSession], Awaitable[Any]], command: list[str] | None = None) -> Any:
    """``work`` done by the SDK's own client over stdio, on ``charter mcp`` (or ``command``)."""
    command = command or [sys.executable, "-m", "charter", "mcp", "--org", str(org)]
    params = StdioServerParameters(
        command=command[0],
        args=command[1:],
        env={"CHARTER_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT)},
    )

    async def main() -> Any:
        with (
            anyio.fail_after(60),
            open(os.devnull, "w") as quiet,  # the server's log of failed calls, which the tests read instead
        ):
            async with stdio_client(params, errlog=quiet) as (read, write), ClientSession(read, write) as client:
                await client.initialize()
                return await work(client)

    # In a thread of its own: a worker that also drives the browser has an event loop running.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(anyio.run, main).result()


def test_every_tool_answers_on_the_example_organisation() -> None:
    async def work(client: ClientSession) -> dict[str, Any]:
        listed = await client.list_tools()
        calls: dict[str, dict[str, Any]] = {
            "ask": {"question": "who approves a discount", "limit": 2},
            "role": {"id": "head-of-sales"},
            "person": {"id": "priya-raman"},
            "team": {"id": "sales"},
            "outcome": {"id": "issue-resolved-24h"},
            "who_is": {"outcome": "issue-resolved-24h", "step": "log-and-own", "letter": "A"},
            "findings": {},
        }
        results = {name: await client.call_tool(name, arguments) for name, arguments in calls.items()}
        return {"tools": listed.tools, "results": results}

    found = session(ROOT / "org", work)
    assert [t.name for t in found["tools"]] == TOOLS
    assert all(t.annotations is not None and t.annotations.read_only_hint for t in found["tools"])
    results = found["results"]
    assert not any(r.is_error for r in results.values())
    asked = results["ask"].structured_content
    assert asked["answers"][0]["role"] == "head-of-sales"
    assert results["ask"].content[0].text.startswith("1. Head of Sales (head-of-sales) — Sales\n")
    role = results["role"].structured_content
    assert (role["title"], role["holders"][0]["email"]) == ("Head of Sales", "priya.raman@kestrelpayables.com")
    assert "Approving discounts within the price list's bands, up to 15%" in results["role"].content[0].text
    assert results["person"].structured_content["roles"][0]["id"] == "head-of-sales"
    assert results["team"].structured_content["lead"]["id"] == "head-of-sales"
    steps = {s["id"]: s for s in results["outcome"].structured_content["steps"]}
    assert "accountable" in steps["log-and-own"]["letters"]
    who = results["who_is"].structured_content
    assert who["letter"] == "accountable"
    assert who["holders"] == steps["log-and-own"]["letters"]["accountable"]
    assert results["who_is"].content[0].text.startswith("Accountable for '")
    assert results["findings"].structured_content["errors"] == 0


def test_bad_calls_get_clear_errors() -> None:
    async def work(client: ClientSession) -> list[Any]:
        return [
            await client.call_tool("role", {"id": "head-of-salez"}),
            await client.call_tool("who_is", {"outcome": "issue-resolved-24h", "step": "log-and-own", "letter": "Z"}),
            await client.call_tool("ask", {"question": 5}),
            await client.call_tool("ask", {"question": "who is the"}),
            await client.call_tool("findings", {"severity": "loud"}),
        ]

    errors = session(ROOT / "org", work)
    assert all(r.is_error for r in errors)
    texts = [r.content[0].text for r in errors]
    assert "no role 'head-of-salez'; did you mean 'head-of-sales'?" in texts[0]
    assert "no letter 'Z' in RACI; the letters are responsible, accountable, consulted, informed" in texts[1]
    assert "Input should be a valid string" in texts[2]
    assert "the question has no subject in it" in texts[3]
    assert "severity must be all, error, warning or info" in texts[4]


def test_an_organisation_with_errors_starts_and_reports_them(minimal: OrgDir) -> None:
    minimal.write("roles/agent.yaml", "id: [broken\n")

    async def work(client: ClientSession) -> list[Any]:
        return [await client.call_tool("findings", {}), await client.call_tool("role", {"id": "agent"})]

    findings, role = session(minimal.path, work)
    assert not findings.is_error
    assert findings.structured_content["errors"] >= 1
    assert findings.structured_content["problems"][0]["code"] == "CH004"
    assert role.is_error
    assert "call `findings` to see them" in role.content[0].text


def test_a_malformed_request_gets_a_json_rpc_error_and_the_server_goes_on() -> None:
    lines = (
        b"this is not json\n"
        b'{"jsonrpc":"2.0","id":1,"method":"no/such/method"}\n'
        b'{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"protocolVersion":"2025-06-18",'
        b'"capabilities":{},"clientInfo":{"name":"t","version":"1"}}}\n'
    )
    done = subprocess.run(
        [sys.executable, "-m", "charter", "mcp", "--org", str(ROOT / "org")],
        input=lines,
        capture_output=True,
        timeout=60,
        env={"CHARTER_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    out = done.stdout.decode().splitlines()
    assert out[0].startswith('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error: ')
    assert (
        out[1]
        == '{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found","data":"no/such/method"}}'
    )
    assert '"serverInfo":{"name":"charter"' in out[2]
    assert b"Traceback" not in done.stderr
