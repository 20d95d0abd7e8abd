"""The SDK's ``MCPServer`` as ``charter mcp`` runs it: on the screened wire of :mod:`charter.mcp.wire`,
with every error a JSON-RPC code and a short plain sentence, and one line on stderr for what fails.

Left to itself the SDK answers a request whose handler raises with code 0 and the exception's
text, logs it with a traceback, answers an unknown ``prompts/get`` that way, and puts pydantic's
report in a tool's error (the input echoed, "For further information visit
https://errors.pydantic.dev/..."). Each is narrowed at the SDK's own seam: a server middleware for
request errors, the ``get_prompt`` and ``call_tool`` methods, and a log handler.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import pydantic_core
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.context import Context
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.shared.exceptions import MCPError
from mcp_types import INTERNAL_ERROR, INVALID_PARAMS, CallToolResult, GetPromptResult, InputRequiredResult
from pydantic import ValidationError

from charter.mcp import wire

MAX_TEXT = 300  # characters in an error message, or in data echoed with one
MAX_TOOL_TEXT = 1000  # characters in a tool's error, which the assistant reads to try again
MAX_SHOWN = 80  # characters of a value the client sent, quoted back in a message
SHOWN_ERRORS = 3  # validation errors named in one message

logger = logging.getLogger("charter.mcp")


def brief(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` on one line and at most ``limit`` characters, cut with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def shown(value: str) -> str:
    """A value the client sent, as a message quotes it: cut short, so no answer echoes much."""
    return brief(value, MAX_SHOWN)


def plain(exc: ValidationError) -> str:
    """Which fields are wrong and how, in pydantic's own words but none of its internals
    (no input echoed, no URL): ``question: Input should be a valid string``."""
    errors = exc.errors(include_url=False, include_input=False, include_context=False)
    said = [f"{'.'.join(str(part) for part in e['loc']) or 'value'}: {e['msg']}" for e in errors[:SHOWN_ERRORS]]
    more = len(errors) - SHOWN_ERRORS
    return brief("; ".join(said) + (f"; and {more} more" if more > 0 else ""))


def _bounded(exc: MCPError) -> MCPError:
    """The SDK's own error, kept as it is unless its message or data would echo too much."""
    data = exc.data
    if data is not None and len(pydantic_core.to_json(data, fallback=str)) > MAX_TEXT:
        data = None
    if data is exc.data and len(exc.message) <= MAX_TEXT:
        return exc
    return MCPError(code=exc.code, message=brief(exc.message), data=data)


async def plain_errors(ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
    """Server middleware: every request that fails is answered with a JSON-RPC code and a short
    sentence. Invalid params name the fields; anything unforeseen is -32603 Internal error, with
    one line on stderr (the SDK's fallback is code 0 with the exception's text)."""
    try:
        return await call_next(ctx)
    except MCPError as exc:
        raise _bounded(exc) from None
    except ValidationError as exc:
        raise MCPError(code=INVALID_PARAMS, message=f"Invalid params: {plain(exc)}") from None
    except Exception as exc:
        logger.error("%s failed", shown(ctx.method), exc_info=exc)
        if ctx.request_id is None:
            return None  # a notification: nobody to answer
        raise MCPError(code=INTERNAL_ERROR, message="Internal error") from None


class OneLine(logging.Formatter):
    """A log record on one line, the exception named but no traceback: stderr is where a client
    shows a server's log, and a traceback there reads as a crash."""

    def format(self, record: logging.LogRecord) -> str:
        text = f"charter mcp: {record.levelname.lower()}: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            text += f" ({type(exc).__name__}: {exc})"
        return brief(text, 1000)


def quiet_logging() -> None:
    """Warnings and errors only, each on one line; ``CHARTER_DEBUG=1`` keeps the SDK's logging,
    tracebacks and all, as it keeps them for the rest of charter."""
    if os.environ.get("CHARTER_DEBUG"):
        return
    root = logging.getLogger()
    for handler in list(root.handlers):  # the SDK's, set when MCPServer is made
        root.removeHandler(handler)
    handler = logging.StreamHandler()  # stderr, where the SDK logs too
    handler.setFormatter(OneLine())
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


class CharterMCP(MCPServer[Any]):
    """``MCPServer`` with charter's wire and plain errors; everything else is the SDK's."""

    def __init__(self, name: str, version: str, instructions: str) -> None:
        super().__init__(
            name, version=version, instructions=instructions, log_level="WARNING", middleware=[plain_errors]
        )

    async def run_stdio_async(self) -> None:
        quiet_logging()
        lowlevel = self._lowlevel_server  # what the SDK's own run_stdio_async serves
        await wire.serve(lowlevel, lowlevel.create_initialization_options())

    async def get_prompt(
        self, name: str, arguments: dict[str, Any] | None = None, context: Context[Any, Any] | None = None
    ) -> GetPromptResult | InputRequiredResult:
        # The SDK raises a bare ValueError for an unknown prompt: code 0 and a traceback. The
        # specification's answer is -32602 Invalid params.
        names = [prompt.name for prompt in await self.list_prompts()]
        if name not in names:
            said = "prompts/list names them" if names else "charter has no prompts; its answers are tools (tools/list)"
            raise MCPError(code=INVALID_PARAMS, message=f"Unknown prompt '{shown(name)}': {said}")
        return await super().get_prompt(name, arguments, context)

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        if name not in [tool.name for tool in await self.list_tools()]:
            raise ToolError(f"Unknown tool '{shown(name)}': tools/list names them")
        try:
            return await super().call_tool(name, arguments, context)
        except UnexpectedToolError:
            raise  # its message is already only "Error executing tool <name>"
        except ToolError as exc:
            cause = exc.__cause__
            if isinstance(cause, ValidationError):  # a known tool, so its name is short
                raise ToolError(f"Invalid arguments for {name}: {plain(cause)}") from cause
            raise ToolError(brief(str(exc), MAX_TOOL_TEXT)) from cause
