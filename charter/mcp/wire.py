"""The stdio wire of ``charter mcp``: one JSON-RPC 2.0 message a line, each line screened before the
SDK reads it.

The SDK's stdio transport (:func:`mcp.server.stdio.stdio_server`) reads a line whole however long
it is, drops a line it cannot parse without a word to the client (who then waits for ever), reads
a request whose id is ``null``, ``true`` or ``1.0`` as a notification (never answered), echoes any
id however long, and once stdin closes its server cancels the requests still in flight, so a
client that writes its requests and closes stdin loses some answers.

charter keeps the SDK for everything else (parsing a line into a message, dispatch, the handshake,
writing answers, moving stray output on fd 1 out of the way) and narrows only what the transport
reads, through its documented ``stdin`` argument: a :class:`Screen` that

- reads at most :data:`MAX_LINE` bytes of a line, and answers a longer one with an error;
- answers every line that is not a message the SDK accepts, as JSON-RPC 2.0 says: -32700 Parse
  error for what is not JSON, -32600 Invalid Request for the rest, with the message's id when it
  can be told and ``null`` when not; a blank line is no message, and gets no answer;
- refuses an id longer than :data:`MAX_ID` characters (or an integer wider than 64 bits), with
  id ``null``, so no answer echoes more than that;
- answers a batch (a JSON array) with one Invalid Request, id ``null``: MCP 2025-06-18 removed
  JSON-RPC batching, the SDK cannot dispatch one, and its own client would fail on an array in reply;
- once stdin closes, holds the transport open until every request it let through has been
  answered (or cancelled by the client), for at most :data:`DRAIN_SECONDS`.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol

import anyio
import pydantic_core
from mcp.server.lowlevel.server import Server
from mcp.server.models import InitializationOptions
from mcp.server.stdio import stdio_server
from mcp.shared.dispatcher import as_request_id, coerce_request_id
from mcp.shared.jsonrpc_dispatcher import cancelled_request_id_from_params
from mcp.shared.message import SessionMessage
from mcp_types import (
    INVALID_REQUEST,
    PARSE_ERROR,
    ErrorData,
    JSONRPCError,
    JSONRPCMessage,
    JSONRPCNotification,
    JSONRPCRequest,
    JSONRPCResponse,
    RequestId,
    jsonrpc_message_adapter,
)
from pydantic import ValidationError

MAX_LINE = 1024 * 1024  # bytes in one message: requests to charter are small, and 1 MiB leaves room
MAX_ID = 256  # characters of a string id; every client in use sends an integer or a UUID
ID_BITS = 64  # an integer id fits a signed 64-bit integer
DRAIN_SECONDS = 30.0  # the tools answer in well under a second; this only stops a stuck one keeping the process
CHUNK = 64 * 1024  # bytes read from stdin at a time
JSON_SPACE = b" \t\r\n"  # JSON's whitespace, and only it: a line of nothing else is no message

Read = Callable[[], Awaitable[bytes]]
"""The next bytes of stdin, ``b""`` at its end."""


class Output(Protocol):
    """Where the SDK's transport takes messages to write (its write stream)."""

    async def send(self, item: SessionMessage, /) -> None: ...
    async def aclose(self) -> None: ...


async def read_stdin() -> bytes:
    # A worker thread, as the SDK's transport reads; abandoned on cancel, so a read that waits for
    # input never holds up shutdown.
    try:
        return await anyio.to_thread.run_sync(os.read, 0, CHUNK, abandon_on_cancel=True)
    except OSError:
        return b""  # no stdin to read (closed before charter started): the same as its end


async def lines(read: Read, limit: int = MAX_LINE) -> AsyncIterator[bytes | None]:
    """Each line of the input without its line break, or ``None`` for a line longer than ``limit``
    bytes, which is skipped without being kept: memory holds at most one limit and one chunk."""
    pending = bytearray()
    skipping = False  # inside a line already too long: drop bytes up to its end
    while chunk := await read():
        pending += chunk
        start = 0
        while (end := pending.find(b"\n", start)) >= 0:
            yield None if skipping or end - start > limit else bytes(pending[start:end])
            skipping, start = False, end + 1
        del pending[:start]
        if len(pending) > limit:
            skipping = True
            pending.clear()
    if skipping or len(pending) > limit:
        yield None
    elif pending:
        yield bytes(pending)  # a last message without its line break


@dataclass(frozen=True)
class Accepted:
    """A line the SDK will read as this message."""

    text: str
    message: JSONRPCMessage


def error(code: int, message: str, id: RequestId | None = None) -> JSONRPCError:
    return JSONRPCError(jsonrpc="2.0", id=id, error=ErrorData(code=code, message=message))


def screen(line: bytes | None) -> Accepted | JSONRPCError | None:
    """What to do with one line: pass it to the SDK, answer it here, or (a blank line) nothing."""
    if line is None:
        return error(INVALID_REQUEST, f"Invalid Request: a message is at most {MAX_LINE} bytes")
    if not line.strip(JSON_SPACE):
        return None
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return error(PARSE_ERROR, "Parse error: the line is not UTF-8")
    try:
        # The SDK's parser (jiter), with its leniency (NaN) and its limit: 200 levels of nesting.
        value = pydantic_core.from_json(text)
    except ValueError as exc:
        return error(PARSE_ERROR, f"Parse error: {str(exc)[:120]}")
    if isinstance(value, list):
        return error(INVALID_REQUEST, "Invalid Request: batches are not supported; send one message a line")
    if not isinstance(value, dict):
        return error(INVALID_REQUEST, "Invalid Request: a message is a JSON object")
    if problem := _problem(value):
        return error(INVALID_REQUEST, f"Invalid Request: {problem}", _echoed_id(value))
    try:
        # The very call the SDK's transport makes on the line, so what passes here passes there.
        message = jsonrpc_message_adapter.validate_json(text, by_name=False)
    except ValidationError:
        reason = "not a JSON-RPC 2.0 request, notification or response"
        return error(INVALID_REQUEST, f"Invalid Request: {reason}", _echoed_id(value))
    return Accepted(text, message)


def _problem(value: dict[str, Any]) -> str | None:
    """What is wrong with a message the SDK would misread or echo too much of, in a few words."""
    if value.get("jsonrpc") != "2.0":
        return '"jsonrpc" must be "2.0"'
    if "method" not in value:
        return None  # a response, or nothing: the SDK's own check below decides
    if not isinstance(value["method"], str):
        return '"method" must be a string'
    if "result" in value or "error" in value:
        # The SDK would read it as a reply, and never answer it.
        return 'a request has no "result" or "error"'
    if "id" in value and (why := _bad_id(value["id"])):
        return why
    if value.get("params") is not None and not isinstance(value["params"], dict):
        return '"params" must be an object'
    return None


def _bad_id(id: object) -> str | None:
    if as_request_id(id) is None:
        # The SDK would read {"id": null} or {"id": true} as a notification, and never answer it.
        return '"id" must be a string or an integer'
    if isinstance(id, str) and len(id) > MAX_ID:
        return f'"id" must be at most {MAX_ID} characters'
    if isinstance(id, int) and not -(2 ** (ID_BITS - 1)) <= id < 2 ** (ID_BITS - 1):
        return f'"id" must be an integer of at most {ID_BITS} bits'
    return None


def _echoed_id(value: dict[str, Any]) -> RequestId | None:
    """The id to answer with: the message's own when it is a fit one and the message is not a reply;
    otherwise null, as JSON-RPC 2.0 says for an id that cannot be told."""
    id = value.get("id")
    if "result" in value or "error" in value or _bad_id(id):
        return None
    return as_request_id(id)


class Ledger:
    """The requests let through and not yet answered, keyed as the SDK's dispatcher correlates ids
    (7 and "7" are one), so that shutdown can wait for their answers."""

    def __init__(self) -> None:
        self._open: Counter[RequestId] = Counter()
        self._changed = anyio.Event()

    def note(self, message: JSONRPCMessage) -> None:
        """A message on its way in: a request to wait for, or a cancellation that ends the wait
        (the SDK never answers a request the client cancelled)."""
        if isinstance(message, JSONRPCRequest):
            self._open[coerce_request_id(message.id)] += 1
        elif isinstance(message, JSONRPCNotification) and message.method == "notifications/cancelled":
            cancelled = cancelled_request_id_from_params(message.params)
            if cancelled is not None:
                self.close(cancelled)

    def close(self, id: RequestId) -> None:
        key = coerce_request_id(id)
        if self._open[key] > 0:
            self._open[key] -= 1
            if not self._open[key]:
                del self._open[key]
            self._changed.set()
            self._changed = anyio.Event()

    async def settled(self) -> None:
        while self._open:
            await self._changed.wait()


class Answers:
    """The SDK server's output stream, crossing each request off the ledger as its answer goes out."""

    def __init__(self, inner: Output, ledger: Ledger) -> None:
        self._inner = inner
        self._ledger = ledger

    async def send(self, item: SessionMessage, /) -> None:
        await self._inner.send(item)
        message = item.message
        if isinstance(message, JSONRPCResponse | JSONRPCError) and message.id is not None:
            self._ledger.close(message.id)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def __aenter__(self) -> Answers:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


class Screen(anyio.AsyncFile[str]):
    """Standard input as the SDK's transport reads it (``async for line in stdin``): only the lines
    it accepts. Every other line is answered here, on the transport's own output stream."""

    def __init__(self, ledger: Ledger, read: Read = read_stdin) -> None:
        # The transport only iterates stdin: anything else it might call reads an empty file,
        # never the wire behind the screen.
        super().__init__(io.StringIO())
        self._ledger = ledger
        self._read = read
        self._out: Output | None = None
        self._ready = anyio.Event()

    def answer_on(self, out: Output) -> None:
        """The transport's output, known only once it runs; reading waits for it."""
        self._out = out
        self._ready.set()

    async def __aiter__(self) -> AsyncIterator[str]:
        await self._ready.wait()
        assert self._out is not None
        async for line in lines(self._read):
            verdict = screen(line)
            if isinstance(verdict, Accepted):
                self._ledger.note(verdict.message)  # before the SDK can answer it
                yield verdict.text
            elif verdict is not None:
                try:
                    await self._out.send(SessionMessage(verdict))
                except (anyio.BrokenResourceError, anyio.ClosedResourceError):
                    return  # the server has stopped: nothing more can be answered
        # stdin is closed: the transport ends when this does, and its server then cancels what is
        # still running, so first let every request read be answered.
        with anyio.move_on_after(DRAIN_SECONDS):
            await self._ledger.settled()


async def serve(server: Server[Any], options: InitializationOptions, read: Read = read_stdin) -> None:
    """Serve ``server`` on this process's stdin and stdout until stdin closes and all is answered."""
    ledger = Ledger()
    stdin = Screen(ledger, read)
    async with stdio_server(stdin=stdin) as (read_stream, write_stream):
        stdin.answer_on(write_stream)
        await server.run(read_stream, Answers(write_stream, ledger), options)
