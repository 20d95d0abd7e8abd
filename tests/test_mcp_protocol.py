"""``charter mcp`` on the wire: JSON-RPC 2.0 for every malformed line, no traceback, an answer for
every request sent before stdin closes, and nothing echoed without bound.

Each test runs the real server as a process and writes raw lines to it; every wait has a timeout,
so a server that hangs fails the test instead of stalling the suite. Most reproductions share one
transcript (one process fed them all, then stdin closed), since starting the SDK takes a second
or two; the tests that need a conversation of their own (stdin closing early, a real client, the
fuzzer) start one each."""

from __future__ import annotations

import json
import queue
import shlex
import subprocess
import sys
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar, cast

import anyio
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from mcp.client.session import ClientSession
from mcp.server.context import ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp_types import jsonrpc_message_adapter
from pydantic import ValidationError

from charter.mcp.protocol import OneLine, plain_errors
from charter.mcp.wire import lines
from tests.conftest import ROOT, TODAY, examples
from tests.test_mcp import session

COMMAND = [sys.executable, "-m", "charter", "mcp", "--org", str(ROOT / "org")]
ENV = {"CHARTER_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
MAX_LINE = 1024 * 1024  # bytes in a message, as charter promises
MAX_ID = 256  # characters in an id it echoes
WAIT = 20.0  # seconds for any one answer or exit: generous for a loaded machine, and never for ever

PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS = -32700, -32600, -32601, -32602
PYDANTIC = ("pydantic", "input_value", "input_type", "[type=", "For further information")


def line(message: object) -> bytes:
    return json.dumps(message).encode() + b"\n"


def request(id: object, method: str, params: object = None) -> bytes:
    message: dict[str, object] = {"jsonrpc": "2.0", "id": id, "method": method}
    if params is not None:
        message["params"] = params
    return line(message)


def call(id: str, tool: str, arguments: object) -> bytes:
    return request(id, "tools/call", {"name": tool, "arguments": arguments})


HANDSHAKE = request(
    "init",
    "initialize",
    {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}},
) + line({"jsonrpc": "2.0", "method": "notifications/initialized"})


def assert_response(answer: dict[str, Any]) -> None:
    """A JSON-RPC 2.0 response object: one of result and error, and an error a code and a short message."""
    assert answer["jsonrpc"] == "2.0"
    assert "id" in answer
    assert ("result" in answer) != ("error" in answer)
    if "error" in answer:
        error = answer["error"]
        assert isinstance(error["code"], int)
        assert not isinstance(error["code"], bool)
        assert error["code"] != 0
        assert isinstance(error["message"], str)
        assert 0 < len(error["message"]) <= 300


@dataclass
class Transcript:
    """Everything one server said to lines written at once, stdin then closed."""

    answers: list[dict[str, Any]]
    stderr: str
    returncode: int
    longest: int  # bytes in the longest line it wrote

    def to(self, id: object) -> dict[str, Any]:
        """The one answer with this id."""
        found = [a for a in self.answers if a.get("id") == id and type(a.get("id")) is type(id)]
        assert len(found) == 1, f"{len(found)} answers to {id!r}"
        return found[0]


def chat(data: bytes) -> Transcript:
    done = subprocess.run(COMMAND, input=data, capture_output=True, timeout=WAIT * 2, env=ENV, check=False)
    lines = done.stdout.splitlines()
    answers = [json.loads(raw) for raw in lines]
    return Transcript(answers, done.stderr.decode(), done.returncode, max(map(len, lines), default=0))


# Lines whose id cannot be told, each answered with id null, in the order written (the server
# answers them itself, one after another); the lines with an id are answered in any order.
NULL_ID = {
    "unparsable": (b'{"jsonrpc": "2.0", "id": "cut", "method": "ping"\n', PARSE_ERROR),
    "not utf-8": (b'{"jsonrpc": "2.0", "id": "\xff", "method": "ping"}\n', PARSE_ERROR),
    "empty array": (b"[]\n", INVALID_REQUEST),
    "batch": (
        b"[" + request("in-batch-1", "ping").strip() + b"," + request("in-batch-2", "ping").strip() + b"]\n",
        INVALID_REQUEST,
    ),
    "null": (b"null\n", INVALID_REQUEST),
    "number": (b"5\n", INVALID_REQUEST),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000 + b"\n", PARSE_ERROR),
    "deep nesting in params": (
        b'{"jsonrpc": "2.0", "id": "deep", "method": "ping", "params": {"a": '
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}}\n",
        PARSE_ERROR,
    ),
    "id null": (request(None, "ping"), INVALID_REQUEST),
    "id true": (request(True, "ping"), INVALID_REQUEST),
    "id 1.0": (b'{"jsonrpc": "2.0", "id": 1.0, "method": "ping"}\n', INVALID_REQUEST),
    "10 MB id": (request("x" * 10_000_000, "ping"), INVALID_REQUEST),
    "long id": (request("y" * (MAX_ID + 1), "ping"), INVALID_REQUEST),
    "huge integer id": (request(2**80, "ping"), INVALID_REQUEST),
}
WITH_ID = [
    request("params", "ping", "x"),
    b'{"id": "no-jsonrpc", "method": "ping"}\n',
    b'{"jsonrpc": "1.0", "id": "jsonrpc-1.0", "method": "ping"}\n',
    b'{"jsonrpc": "2.0", "id": "method-number", "method": 5}\n',
    request("prompt", "prompts/get", {"name": "no-such-prompt"}),
    call("question-number", "ask", {"question": 5}),
    call("arguments-number", "ask", 5),
    call("unknown-tool", "z" * 5000, {}),
    call("long-role", "role", {"id": "r" * 500_000}),
    call("long-question", "ask", {"question": "who approves " * 10_000}),
    request("long-method", "m" * 500_000),
    request("long-uri", "resources/read", {"uri": "file:///" + "u" * 500_000}),
    request("ping", "ping"),
]


@pytest.fixture(scope="module")
def transcript() -> Transcript:
    reproductions = b"".join(raw for raw, _ in NULL_ID.values())
    return chat(HANDSHAKE + reproductions + b"".join(WITH_ID))


def null_id(transcript: Transcript, name: str) -> dict[str, Any]:
    answered = [a for a in transcript.answers if a["id"] is None]
    assert len(answered) == len(NULL_ID), "one answer, id null, to each line whose id cannot be told"
    answer = dict(zip(NULL_ID, answered, strict=True))[name]
    assert answer["error"]["code"] == NULL_ID[name][1], answer
    return answer


def test_the_server_answers_everything_and_exits_cleanly(transcript: Transcript) -> None:
    assert transcript.returncode == 0
    assert "Traceback" not in transcript.stderr
    assert len(transcript.answers) == 1 + len(NULL_ID) + len(WITH_ID)
    for answer in transcript.answers:
        assert_response(answer)
    assert transcript.to("ping")["result"] == {}


def test_params_that_are_not_an_object_get_invalid_request_with_the_id(transcript: Transcript) -> None:
    error = transcript.to("params")["error"]
    assert error == {"code": INVALID_REQUEST, "message": 'Invalid Request: "params" must be an object'}


def test_what_is_not_json_gets_a_parse_error_with_id_null(transcript: Transcript) -> None:
    assert null_id(transcript, "unparsable")["error"]["message"].startswith("Parse error: ")
    assert null_id(transcript, "not utf-8")["error"]["message"] == "Parse error: the line is not UTF-8"


def test_an_empty_array_and_a_batch_get_one_invalid_request_with_id_null(transcript: Transcript) -> None:
    # MCP 2025-06-18 removed JSON-RPC batches: one error for the array, none of its requests run.
    assert null_id(transcript, "empty array")["error"]["code"] == INVALID_REQUEST
    assert "batches are not supported" in null_id(transcript, "batch")["error"]["message"]
    assert not [a for a in transcript.answers if str(a["id"]).startswith("in-batch")]


def test_a_message_without_json_rpc_2_0_gets_invalid_request(transcript: Transcript) -> None:
    for id in ("no-jsonrpc", "jsonrpc-1.0"):
        assert transcript.to(id)["error"] == {
            "code": INVALID_REQUEST,
            "message": 'Invalid Request: "jsonrpc" must be "2.0"',
        }
    assert transcript.to("method-number")["error"]["code"] == INVALID_REQUEST
    for name in ("null", "number"):
        assert null_id(transcript, name)["error"]["message"] == "Invalid Request: a message is a JSON object"


def test_an_id_the_sdk_would_read_as_a_notification_gets_invalid_request(transcript: Transcript) -> None:
    for name in ("id null", "id true", "id 1.0"):
        assert null_id(transcript, name)["error"]["message"] == 'Invalid Request: "id" must be a string or an integer'


def test_deep_nesting_gets_a_parse_error(transcript: Transcript) -> None:
    for name in ("deep nesting", "deep nesting in params"):
        assert "recursion limit exceeded" in null_id(transcript, name)["error"]["message"]


def test_an_unknown_prompt_gets_invalid_params_and_no_traceback(transcript: Transcript) -> None:
    error = transcript.to("prompt")["error"]
    assert error["code"] == INVALID_PARAMS
    assert error["message"].startswith("Unknown prompt 'no-such-prompt'")
    assert "Traceback" not in transcript.stderr


def test_errors_are_short_and_plain(transcript: Transcript) -> None:
    said = json.dumps(transcript.answers)
    assert not [word for word in PYDANTIC if word in said]
    tool_error = transcript.to("question-number")["result"]
    assert tool_error["isError"]
    assert tool_error["content"][0]["text"] == "Invalid arguments for ask: question: Input should be a valid string"
    assert transcript.to("arguments-number")["error"] == {
        "code": INVALID_PARAMS,
        "message": "Invalid params: params.arguments: Input should be a valid dictionary",
    }


def test_no_answer_echoes_much_of_what_was_sent(transcript: Transcript) -> None:
    assert (
        null_id(transcript, "10 MB id")["error"]["message"] == f"Invalid Request: a message is at most {MAX_LINE} bytes"
    )
    assert (
        null_id(transcript, "long id")["error"]["message"]
        == f'Invalid Request: "id" must be at most {MAX_ID} characters'
    )
    assert null_id(transcript, "huge integer id")["error"]["code"] == INVALID_REQUEST
    assert transcript.to("long-method")["error"]["code"] == METHOD_NOT_FOUND
    assert transcript.to("long-uri")["error"]["code"] == INVALID_PARAMS
    assert "Unknown tool 'zzz" in transcript.to("unknown-tool")["result"]["content"][0]["text"]
    assert "no role 'rrr" in transcript.to("long-role")["result"]["content"][0]["text"]
    asked = transcript.to("long-question")["result"]["content"][0]["text"]
    assert asked.endswith("the question is longer than 1000 characters: ask it in fewer words")
    assert transcript.longest < 4000  # the instructions in the handshake are the longest


def test_requests_piped_at_once_are_all_answered_before_the_server_exits() -> None:
    calls = [
        call("ask", "ask", {"question": "who approves a discount"}),
        call("role", "role", {"id": "head-of-sales"}),
        call("team", "team", {"id": "sales"}),
        call("outcome", "outcome", {"id": "issue-resolved-24h"}),
        call("findings", "findings", {}),
        request("tools", "tools/list"),
    ]
    done = chat(HANDSHAKE + b"".join(calls))
    assert done.returncode == 0
    assert "Traceback" not in done.stderr
    for id in ("ask", "role", "team", "outcome", "findings"):
        assert not done.to(id)["result"].get("isError"), id
    assert len(done.to("tools")["result"]["tools"]) == 7


def test_a_real_client_works_after_malformed_input_on_the_same_connection(tmp_path: Path) -> None:
    # The client's own stream, with malformed lines written ahead of it: answers with id null
    # or an id the client never used, which it passes over.
    junk = tmp_path / "junk.jsonl"
    junk.write_bytes(b"not json\n[]\n" + request("junk", "ping", "x") + b"\xff\n" + request(None, "ping"))
    command = f"cat {shlex.quote(str(junk))} - | {shlex.join(COMMAND)}"

    async def work(client: ClientSession) -> Any:
        return await client.call_tool("role", {"id": "head-of-sales"})

    result = session(ROOT / "org", work, command=["/bin/sh", "-c", command])
    assert not result.is_error
    assert result.structured_content["title"] == "Head of Sales"


@dataclass
class Conversation:
    """A running server, written to line by line; its answers are read by a thread, so every wait
    for one has a timeout."""

    process: subprocess.Popen[bytes]
    answers: queue.Queue[bytes] = field(default_factory=queue.Queue)
    stderr: bytearray = field(default_factory=bytearray)
    count: int = 0
    sent: bytes = b""
    broken: str = ""  # what went unanswered: from then on, what the server says is out of step

    def __post_init__(self) -> None:
        for target in (self._read_answers, self._read_stderr):
            threading.Thread(target=target, daemon=True).start()

    def _read_answers(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            self.answers.put(raw)
        self.answers.put(b"")  # the end

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        self.stderr += self.process.stderr.read()

    def send(self, data: bytes) -> None:
        """Written from a thread, so a server that stops reading fails the test instead of hanging it."""
        stdin = self.process.stdin
        assert stdin is not None
        writer = threading.Thread(target=lambda: (stdin.write(data), stdin.flush()), daemon=True)
        writer.start()
        writer.join(WAIT)
        assert not writer.is_alive(), "the server stopped reading"

    def answer(self) -> dict[str, Any]:
        assert not self.broken, self.broken
        try:
            raw = self.answers.get(timeout=WAIT)
        except queue.Empty:
            self.broken = f"no answer within {WAIT:.0f} s to a message after {self.sent[:200]!r}"
            raise AssertionError(self.broken) from None
        assert raw, "the server closed its output"
        answer: dict[str, Any] = json.loads(raw)
        return answer

    def exchange(self, data: bytes, at_least: int) -> list[dict[str, Any]]:
        """What the server answers to ``data`` (at least ``at_least`` answers), up to its answer to a
        ping sent after it: the ping's answer says the server is still there."""
        self.count += 1
        marker = f"marker-{self.count}"
        self.sent = data
        self.send(data + request(marker, "ping"))
        said: list[dict[str, Any]] = []
        pinged = False
        while not pinged or len(said) < at_least:
            answer = self.answer()
            if answer.get("id") == marker:
                assert answer["result"] == {}
                pinged = True
            else:
                said.append(answer)
        return said

    def close(self) -> str:
        assert self.process.stdin is not None
        self.process.stdin.close()
        assert self.process.wait(WAIT) == 0
        while self.answers.get(timeout=WAIT):  # up to the end of its output
            pass
        return self.stderr.decode()


@pytest.fixture
def conversation() -> Iterator[Conversation]:
    process = subprocess.Popen(COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    try:
        talk = Conversation(process)
        assert talk.exchange(HANDSHAKE, at_least=1)[0]["result"]["serverInfo"]["name"] == "charter"
        yield talk
    finally:
        process.kill()
        process.wait(WAIT)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()


# The fuzzer's material: JSON of any shape, and messages that are nearly right.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


def mostly(usual: st.SearchStrategy[object], odd: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """``usual`` eight times in ten: most messages are nearly right, so most reach the SDK."""
    return st.integers(0, 9).flatmap(lambda n: usual if n < 8 else odd)


METHODS = st.sampled_from(
    [
        "ping",
        "tools/list",
        "tools/call",
        "prompts/get",
        "prompts/list",
        "resources/read",
        "resources/list",
        "initialize",
        "logging/setLevel",
        "completion/complete",
        "notifications/cancelled",
        "notifications/initialized",
    ]
)
IDS = mostly(
    st.integers(-1000, 1000) | st.text(max_size=20).filter(lambda id: not id.startswith("marker-")),
    st.integers(-(2**70), 2**70) | st.sampled_from([None, True, False, 1.0, 1.5, [], {}, "i" * 300]),
)
ARGUMENTS = st.dictionaries(
    st.sampled_from(["question", "limit", "id", "outcome", "step", "letter", "severity"]),
    st.sampled_from(["head-of-sales", "issue-resolved-24h", "log-and-own", "A", "error"]) | JSON,
    max_size=3,
)
TOOL_CALLS = st.fixed_dictionaries(
    {"name": st.sampled_from(["ask", "role", "who_is", "findings", "nope"]), "arguments": mostly(ARGUMENTS, JSON)}
)
FIELDS = {  # each field, how often it is there (of twenty), and what it holds
    "jsonrpc": (19, mostly(st.just("2.0"), st.sampled_from(["1.0", 2.0, 2]) | JSON)),
    "id": (14, IDS),
    "method": (19, mostly(METHODS, st.text(max_size=30) | JSON)),
    "params": (10, mostly(TOOL_CALLS, JSON)),
    "result": (1, JSON),
    "error": (1, JSON),
}
HUGE = st.sampled_from(
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"jsonrpc": "2.0", "id": 1, "method": "ping", "params": {"x": "' + b"x" * (2 * MAX_LINE) + b'"}}',
        request("i" * 100_000, "ping").strip(),
        request(7, "m" * 100_000).strip(),
    ]
)


@st.composite
def messages(draw: st.DrawFn) -> bytes:
    message = {key: draw(values) for key, (often, values) in FIELDS.items() if draw(st.integers(0, 19)) >= 20 - often}
    return json.dumps(message).encode()


MALFORMED = mostly(
    messages(),
    JSON.map(lambda value: json.dumps(value).encode())
    | st.binary(max_size=100).map(lambda raw: raw.replace(b"\n", b""))
    | st.text(max_size=50).map(lambda text: text.replace("\n", "").encode("utf-8", "surrogatepass"))
    | HUGE,
)


def expected(junk: bytes) -> tuple[int, object]:
    """How many answers a line gets (0 or 1), and the id the answer may carry besides null.

    JSON-RPC 2.0: a request (a method and an id) is always answered; a valid notification or
    reply is not; anything else is, with id null where the id cannot be told."""
    try:
        value = json.loads(junk.decode("utf-8"))
    except (ValueError, RecursionError):
        return (0 if not junk.strip(b" \t\r\n") else 1), None
    if not isinstance(value, dict):
        return 1, None
    if "method" in value and "id" in value:
        return 1, value["id"]
    try:
        jsonrpc_message_adapter.validate_json(junk, by_name=False)
    except ValidationError:
        return 1, value.get("id")
    return (1 if "method" in value and ("result" in value or "error" in value) else 0), None


def test_malformed_messages_are_answered_and_the_server_goes_on(conversation: Conversation) -> None:
    @settings(
        max_examples=examples(200),
        deadline=None,
        # No shrinking: the examples share one server, so a shrunk replay would not meet the
        # state the failure met, and each failure costs a wait for an answer that does not come.
        phases=[Phase.explicit, Phase.generate],
        report_multiple_bugs=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(junk=MALFORMED)
    def feed(junk: bytes) -> None:
        count, id = expected(junk)
        said = conversation.exchange(junk + b"\n", at_least=count)
        assert len(said) == count, (junk[:200], said)
        for answer in said:
            assert_response(answer)
            assert answer["id"] is None or (answer["id"] == id and type(answer["id"]) is type(id))
            assert not [word for word in PYDANTIC if word in json.dumps(answer)]

    feed()
    after = conversation.exchange(request("tools", "tools/list"), at_least=1)
    assert len(after[0]["result"]["tools"]) == 7
    assert "Traceback" not in conversation.close()


# The pieces, in this process: what the wire tests cannot reach.


T = TypeVar("T")


def run_async(function: Callable[..., Awaitable[T]], *args: Any) -> T:
    """``anyio.run`` in a thread of its own: a worker that also drives the browser has an event
    loop running in its main thread."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(anyio.run, function, *args).result()


def test_lines_are_bounded_whatever_the_chunks_they_arrive_in() -> None:
    data = b"a\n" + b"x" * 25 + b"\nbb\n" + b"y" * 11 + b"\n\nlast"
    for size in (1, 3, 7, 64):
        chunks = iter([data[i : i + size] for i in range(0, len(data), size)])

        async def read(chunks: Iterator[bytes] = chunks) -> bytes:
            return next(chunks, b"")

        async def collect() -> list[bytes | None]:
            return [found async for found in lines(read, limit=10)]

        assert run_async(collect) == [b"a", None, b"bb", None, b"", b"last"], size


def test_an_unforeseen_failure_is_an_internal_error_said_on_one_line(caplog: pytest.LogCaptureFixture) -> None:
    async def crash(ctx: ServerRequestContext[Any, Any]) -> None:
        raise RuntimeError("a bug\nover two lines")

    ctx = cast("ServerRequestContext[Any, Any]", SimpleNamespace(method="tools/call", request_id=1))
    with pytest.raises(MCPError) as raised:
        run_async(plain_errors, ctx, crash)
    assert (raised.value.code, raised.value.message) == (-32603, "Internal error")
    logged = OneLine().format(caplog.records[-1])
    assert logged == "charter mcp: error: tools/call failed (RuntimeError: a bug over two lines)"
