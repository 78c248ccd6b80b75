"""Server-sent event streams through a Python SDK generated from ``tests/streaming_app.py``'s
spec, against its real server: sync on loopback (uvicorn), async in-process
(``httpx.ASGITransport``, which buffers the body) and on loopback for the cases that need a live
connection (``endless``, early exit, ``/v1/stats``).

Covered: typed events (a discriminated ``oneOf``), an unknown event type kept, ``[DONE]``, every
raw wire case (multi-line data, comments, id/retry, CR/LF/CRLF, BOM, a UTF-8 character split
across chunks), mid-stream errors raised as the SDK's ``APIStreamError``, leaving early
(``break``, ``close()``, ``with``, dropping the stream) closing the connection, the
``stream=True`` overloads under mypy --strict and pyright, and ``with_streaming_response``.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.cli import main
from tests.app.live_server import serve_on_loopback
from tests.sdk_python.generated_sdk import generate_python_sdk, imported
from tests.streaming_app import (
    DELTAS,
    MESSAGE_TEXT,
    MULTILINE_EVENTS,
    RAW_CASES,
    SIMPLE_EVENTS,
    SPEC,
    create_streaming_app,
)

PACKAGE = "stream_sdk"
EXPECTED = {"multiline": MULTILINE_EVENTS, **{c: SIMPLE_EVENTS for c in RAW_CASES
                                               if c != "multiline"}}


@pytest.fixture(scope="module")
def sdk_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_python_sdk(tmp_path_factory.mktemp("stream_py"), SPEC, PACKAGE, "x-st")


@pytest.fixture
def sdk(sdk_root: Path) -> Iterator[ModuleType]:
    with imported(sdk_root, PACKAGE) as package:
        yield package


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_on_loopback(create_streaming_app()) as url:
        yield url


def _tuples(events: Any) -> list[tuple[Any, ...]]:
    return [(e.event, e.data, e.id, e.retry) for e in events]


def _wait_closed(client: Any) -> Any:
    """``/v1/stats`` once no stream is open any more (the server notices a disconnect a
    moment later); bounded, and the caller asserts on the result."""
    stats = client.stats.retrieve()
    for _ in range(500):
        if stats.open == 0:
            break
        time.sleep(0.01)
        stats = client.stats.retrieve()
    return stats


# ----------------------------------------------------------------------------- the decoder


def test_decoder_yields_the_expected_events_at_every_chunk_boundary(sdk: ModuleType) -> None:
    """Every raw case, fed whole, one byte at a time, and split at every position."""
    decoder_cls = importlib.import_module(f"{PACKAGE}._streaming").SSEDecoder
    for case, wire in RAW_CASES.items():
        splits = [[wire], [wire[i:i + 1] for i in range(len(wire))]]
        splits += [[wire[:i], wire[i:]] for i in range(1, len(wire))]
        for chunks in splits:
            decoder = decoder_cls()
            events = [e for chunk in chunks for e in decoder.feed(chunk)] + decoder.flush()
            assert _tuples(events) == list(EXPECTED[case]), (case, chunks)


def test_decoder_drops_an_event_without_its_blank_line(sdk: ModuleType) -> None:
    decoder = importlib.import_module(f"{PACKAGE}._streaming").SSEDecoder()
    assert _tuples(decoder.feed(b"data: a\n\ndata: b")) == [(None, "a", None, None)]
    assert decoder.flush() == []


# ----------------------------------------------------------------------------- sync, loopback


def test_typed_events_and_the_model_without_stream(sdk: ModuleType, base_url: str) -> None:
    with sdk.StreamingTest(base_url=base_url, max_retries=0) as client:
        message = client.messages.create(prompt="hi")
        assert type(message).__name__ == "Message" and message.text == MESSAGE_TEXT
        with client.messages.create(prompt="hi", stream=True) as stream:
            assert isinstance(stream, sdk.Stream)
            assert stream.response.headers["content-type"].startswith("text/event-stream")
            events = list(stream)
        names = [type(e).__name__ for e in events]
        assert names == ["MessageStartEvent", *["ContentBlockDeltaEvent"] * len(DELTAS),
                         "MessageStopEvent"]
        assert "".join(e.delta for e in events[1:-1]) == MESSAGE_TEXT


def test_an_unknown_event_type_is_kept(sdk: ModuleType, base_url: str) -> None:
    with sdk.StreamingTest(base_url=base_url, max_retries=0) as client:
        events = list(client.messages.create(prompt="hi", stream=True, unknown_event=True))
    unknown = [e for e in events if isinstance(e, sdk.UnknownVariant)]
    assert len(unknown) == 1 and type(events[-1]).__name__ == "MessageStopEvent"
    assert unknown[0].to_dict() == {"type": "citation_added", "source": "ref-1"}


def test_done_ends_an_openai_style_stream(sdk: ModuleType, base_url: str) -> None:
    with sdk.StreamingTest(base_url=base_url, max_retries=0) as client:
        chunks = list(client.chat.completions.create(chunks=3, stream=True))
        assert [c.index for c in chunks] == [0, 1, 2]
        assert type(chunks[0]).__name__ == "ChatCompletionChunk"
        assert client.chat.completions.create(chunks=2).content == "xx"


def test_mid_stream_errors_are_typed(sdk: ModuleType, base_url: str) -> None:
    with sdk.StreamingTest(base_url=base_url, max_retries=0) as client:
        received: list[Any] = []
        with pytest.raises(sdk.APIStreamError) as named:
            for event in client.messages.create(prompt="hi", stream=True, fail_after=2):
                received.append(event)
        assert len(received) == 3  # message_start and two deltas arrived first
        assert named.value.type == "overloaded_error" and "Overloaded" in named.value.message
        assert isinstance(named.value, sdk.APIError) and named.value.event.event == "error"
        with pytest.raises(sdk.APIStreamError) as in_data:
            list(client.chat.completions.create(chunks=5, stream=True, fail_after=1))
        assert in_data.value.type == "server_error" and "boom" in in_data.value.message
        assert _wait_closed(client).open == 0


def test_every_raw_case(sdk: ModuleType, base_url: str) -> None:
    with sdk.StreamingTest(base_url=base_url, max_retries=0) as client:
        for case, expected in EXPECTED.items():
            events = list(client.raw.retrieve(case))
            assert all(isinstance(e, sdk.ServerSentEvent) for e in events)
            assert _tuples(events) == list(expected), case
        assert client.raw.retrieve("bom").__iter__().__next__().data == "κόσμε 🌍"
        with pytest.raises(sdk.NotFoundError):
            client.raw.retrieve("no-such-case")


def test_leaving_early_closes_the_connection(sdk: ModuleType, base_url: str) -> None:
    with sdk.StreamingTest(base_url=base_url, max_retries=0) as client:
        finished = client.stats.retrieve().finished
        for event in client.raw.retrieve("endless"):  # break: the dropped stream closes
            if event.id == "3":
                break
        stream = client.raw.retrieve("endless")
        assert next(iter(stream)).data == "tick 1"
        stream.close()
        with client.raw.retrieve("endless") as stream:
            next(iter(stream))
        stream = client.raw.retrieve("endless")  # never iterated, then dropped
        del stream
        gc.collect()
        stats = _wait_closed(client)
        assert stats.open == 0 and stats.finished == finished + 4


def test_with_streaming_response_does_not_read_the_body(sdk: ModuleType, base_url: str) -> None:
    with sdk.StreamingTest(base_url=base_url, max_retries=0) as client:
        with client.raw.with_streaming_response.retrieve("endless") as response:
            assert response.status_code == 200
            lines = []
            for line in response.iter_lines():
                lines.append(line)
                if len(lines) == 4:
                    break
        assert lines == ["id: 1", "data: tick 1", "", "id: 2"]
        with client.messages.with_streaming_response.create(prompt="hi") as response:
            assert response.parse().text == MESSAGE_TEXT
        with client.with_streaming_response.raw.retrieve("crlf") as response:
            assert _tuples(response.parse()) == list(SIMPLE_EVENTS)
        raw = client.raw.with_raw_response.retrieve("cr")
        assert raw.status_code == 200 and _tuples(raw.parse()) == list(SIMPLE_EVENTS)
        assert _wait_closed(client).open == 0


# ----------------------------------------------------------------------------- async


async def test_async_in_process(sdk: ModuleType) -> None:
    transport = httpx.ASGITransport(app=create_streaming_app())
    async with sdk.AsyncStreamingTest(base_url="http://streaming.test",
                               http_client=httpx.AsyncClient(transport=transport)) as client:
        stream = await client.messages.create(prompt="hi", stream=True, unknown_event=True)
        assert isinstance(stream, sdk.AsyncStream)
        events = [e async for e in stream]
        assert type(events[0]).__name__ == "MessageStartEvent"
        assert "".join(e.delta for e in events if type(e).__name__ ==
                       "ContentBlockDeltaEvent") == MESSAGE_TEXT
        assert any(isinstance(e, sdk.UnknownVariant) for e in events)
        assert (await client.messages.create(prompt="hi")).text == MESSAGE_TEXT
        chunks = [c async for c in await client.chat.completions.create(chunks=4, stream=True)]
        assert [c.index for c in chunks] == [0, 1, 2, 3]
        for case, expected in EXPECTED.items():
            got = [e async for e in await client.raw.retrieve(case)]
            assert _tuples(got) == list(expected), case
        with pytest.raises(sdk.APIStreamError) as err:
            async for _ in await client.messages.create(prompt="hi", stream=True, fail_after=0):
                pass
        assert err.value.type == "overloaded_error"
        with pytest.raises(sdk.APIStreamError):
            [c async for c in await client.chat.completions.create(
                chunks=3, stream=True, fail_after=2)]
        async with client.raw.with_streaming_response.retrieve("multiline") as response:
            assert _tuples([e async for e in await response.parse()]) == list(MULTILINE_EVENTS)


async def test_async_leaving_early_closes_the_connection(
        sdk: ModuleType, base_url: str) -> None:
    async with sdk.AsyncStreamingTest(base_url=base_url, max_retries=0) as client:
        finished = (await client.stats.retrieve()).finished
        stream = await client.raw.retrieve("endless")
        async for event in stream:
            if event.id == "2":
                break
        await stream.close()
        async with await client.raw.retrieve("endless") as stream:
            async for _ in stream:
                break
        stats = await client.stats.retrieve()
        for _ in range(500):
            if stats.open == 0:
                break
            await asyncio.sleep(0.01)
            stats = await client.stats.retrieve()
        assert stats.open == 0 and stats.finished == finished + 2


# ----------------------------------------------------------------------------- types

USER_PROGRAM = '''\
from typing import Union

from typing_extensions import assert_type

from stream_sdk import AsyncStream, ServerSentEvent, Stream
from stream_sdk import AsyncStreamingTest as AsyncClient
from stream_sdk import StreamingTest as Client
from stream_sdk.types import (
    ChatCompletion,
    ChatCompletionChunk,
    ContentBlockDeltaEvent,
    Message,
    MessageStreamEvent,
)


def sync(client: Client, flag: bool) -> str:
    assert_type(client.messages.create(prompt="p"), Message)
    assert_type(client.messages.create(prompt="p", stream=False), Message)
    stream = client.messages.create(prompt="p", stream=True)
    assert_type(stream, Stream[MessageStreamEvent])
    either = client.messages.create(prompt="p", stream=flag)
    assert_type(either, Union[Message, Stream[MessageStreamEvent]])
    chunks = client.chat.completions.create(chunks=1, stream=True)
    assert_type(chunks, Stream[ChatCompletionChunk])
    assert_type(client.chat.completions.create(chunks=1), ChatCompletion)
    text = ""
    with stream:
        for event in stream:
            if isinstance(event, ContentBlockDeltaEvent):
                text += event.delta
    raw: Stream[ServerSentEvent] = client.raw.retrieve("multiline")
    for sse in raw:
        text += sse.data + str(sse.id) + str(sse.retry) + str(sse.event)
    return text


async def run(client: AsyncClient) -> str:
    stream = await client.messages.create(prompt="p", stream=True)
    assert_type(stream, AsyncStream[MessageStreamEvent])
    assert_type(await client.messages.create(prompt="p"), Message)
    text = ""
    async with stream:
        async for event in stream:
            if isinstance(event, ContentBlockDeltaEvent):
                text += event.delta
    async for sse in await client.raw.retrieve("cr"):
        text += sse.data
    return text
'''


def type_check_user_program(src: Path, program: str, tmp: Path) -> None:
    """mypy --strict and pyright strict over ``program`` importing the SDK in ``src``."""
    (tmp / "user_program.py").write_text(program)
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir",
         str(tmp / ".mypy"), str(tmp / "user_program.py")],
        capture_output=True, text=True, timeout=600, env={"MYPYPATH": str(src), "PATH": ""},
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    (tmp / "pyrightconfig.json").write_text(json.dumps({
        "include": ["user_program.py"], "extraPaths": [str(src)],
        "typeCheckingMode": "strict", "pythonVersion": "3.9"}))
    pyright = subprocess.run(
        [str(Path(sys.executable).with_name("pyright")), "--pythonpath", sys.executable,
         "--outputjson", "-p", str(tmp / "pyrightconfig.json")],
        cwd=tmp, capture_output=True, text=True, timeout=600)
    summary = json.loads(pyright.stdout)
    assert summary["summary"]["errorCount"] == 0, pyright.stdout[-3000:]


def test_stream_overloads_type_check(sdk_root: Path, tmp_path: Path) -> None:
    type_check_user_program(sdk_root / "src", USER_PROGRAM, tmp_path)


def test_a_wrong_use_of_the_overloads_is_caught(sdk_root: Path, tmp_path: Path) -> None:
    """The check above can fail: treating the stream as the model is a type error."""
    bad = ("from stream_sdk import StreamingTest as Client\n\n\ndef f(client: Client) -> str:\n"
           "    return client.messages.create(prompt='p', stream=True).text\n")
    with pytest.raises(AssertionError):
        type_check_user_program(sdk_root / "src", bad, tmp_path)


LLAMA_PROGRAM = '''\
from typing_extensions import assert_type

from llama_stack_client import AsyncLlamaStack as AsyncClient
from llama_stack_client import AsyncStream, Stream
from llama_stack_client import LlamaStack as Client
from llama_stack_client.types import (
    OpenAiChatCompletion,
    OpenAiChatCompletionChunk,
    OpenAiResponseObject,
    OpenAiResponseObjectStream,
)


def chat(client: Client) -> None:
    stream = client.chat.completions.create(model="m", messages=[], stream=True)
    assert_type(stream, Stream[OpenAiChatCompletionChunk])
    for chunk in stream:
        print(chunk)
    assert_type(client.chat.completions.create(model="m", messages=[]), OpenAiChatCompletion)
    events = client.responses.create(input="hi", model="m", stream=True)
    assert_type(events, Stream[OpenAiResponseObjectStream])
    assert_type(client.responses.create(input="hi", model="m"), OpenAiResponseObject)


async def achat(client: AsyncClient) -> None:
    stream = await client.chat.completions.create(model="m", messages=[], stream=True)
    assert_type(stream, AsyncStream[OpenAiChatCompletionChunk])
    async for chunk in stream:
        print(chunk)
'''


@pytest.mark.slow
def test_llama_stack_stream_overloads_type_check(tmp_path: Path) -> None:
    """The real spec's chat completions and responses: ``stream=True`` is typed as the stream
    of the spec's chunk type, sync and async, under mypy --strict and pyright."""
    from tests.third_party import LLAMA_STACK

    out = tmp_path / "sdk"
    assert main(["generate", "--spec", str(LLAMA_STACK), "--lang", "python",
                 "--out", str(out)]) == 0
    chat = (out / "src" / "llama_stack_client" / "resources" / "chat.py").read_text()
    assert chat.count("@overload") == 6  # three per flavour
    type_check_user_program(out / "src", LLAMA_PROGRAM, tmp_path)
