"""Stream lifecycle through the SDK generated from ``tests/streaming_app.py``'s spec: a dropped
``AsyncStream`` closes its connection (never iterated, or left mid-way), and a stream is retried
only before the first byte of its body (a connection that fails before any response is retried;
one that breaks mid-body is not, and the error reaches the caller).
"""

from __future__ import annotations

import asyncio
import gc
import socket
import threading
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from tests.sdk_python.test_streaming import base_url, sdk, sdk_root

__all__ = ["base_url", "sdk", "sdk_root"]  # the fixtures, shared with test_streaming


async def _open_streams(client: Any) -> int:
    stats = await client.stats.retrieve()
    for _ in range(500):  # the server notices a disconnect a moment later
        if stats.open == 0:
            break
        await asyncio.sleep(0.01)
        stats = await client.stats.retrieve()
    return int(stats.open)


async def test_a_dropped_async_stream_closes_its_connection(
    sdk: ModuleType, base_url: str
) -> None:
    async with sdk.AsyncStreamingTest(base_url=base_url, max_retries=0) as client:
        finished = (await client.stats.retrieve()).finished
        stream = await client.raw.retrieve("endless")  # never iterated, then dropped
        del stream
        gc.collect()
        stream = await client.raw.retrieve("endless")
        async for _ in stream:  # left after one event, then dropped
            break
        del stream
        gc.collect()
        assert await _open_streams(client) == 0
        assert (await client.stats.retrieve()).finished == finished + 2
        pool = client._client._transport._pool  # no connection is still held by a stream
        assert all(c.is_idle() or c.is_closed() for c in pool.connections)


# -------------------------------------------------------------- retries and the body's first byte

EVENTS = b"id: 1\ndata: tick 1\n\nid: 2\ndata: tick 2\n\n"


class ScriptedServer:
    """A loopback HTTP server answering each connection by the next step of a script:
    ``"drop"`` closes it before any response, ``"full"`` sends a whole event stream,
    ``"break"`` sends the headers and the first event, then closes mid-body."""

    def __init__(self, *steps: str) -> None:
        self.steps = list(steps)
        self.requests: list[bytes] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while self.steps:
            connection, _ = self._listener.accept()
            with connection:
                request = b""
                while b"\r\n\r\n" not in request:
                    request += connection.recv(65536)
                self.requests.append(request)
                step = self.steps.pop(0)
                if step == "drop":
                    continue
                length = len(EVENTS) if step == "full" else len(EVENTS) + 100
                connection.sendall(
                    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
                    b"connection: close\r\ncontent-length: " + str(length).encode() + b"\r\n\r\n"
                )
                connection.sendall(EVENTS if step == "full" else EVENTS.split(b"\n\n")[0] + b"\n\n")

    def close(self) -> None:
        self._listener.close()


@pytest.fixture
def scripted() -> Iterator[Any]:
    servers: list[ScriptedServer] = []

    def start(*steps: str) -> ScriptedServer:
        servers.append(ScriptedServer(*steps))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def test_a_failure_before_the_response_is_retried(sdk: ModuleType, scripted: Any) -> None:
    server = scripted("drop", "full")
    with sdk.StreamingTest(base_url=server.url, max_retries=2) as client:
        client._sleep = lambda seconds: None
        events = [e.data for e in client.raw.retrieve("anything")]
    assert events == ["tick 1", "tick 2"]
    assert [b"x-retry-count: 1" in r.lower() for r in server.requests] == [False, True]


def test_a_break_mid_body_is_not_retried(sdk: ModuleType, scripted: Any) -> None:
    server = scripted("break", "full")
    with sdk.StreamingTest(base_url=server.url, max_retries=2) as client:
        client._sleep = lambda seconds: None
        stream = client.raw.retrieve("anything")
        received = []
        with pytest.raises(Exception) as caught:  # noqa: PT011 - the transport's own error
            for event in stream:
                received.append(event.data)
    assert received == ["tick 1"]  # what arrived before the break
    assert "incomplete" in str(caught.value).lower() or "peer closed" in str(caught.value)
    assert len(server.requests) == 1  # never sent again
    assert stream.response.is_closed


async def test_async_retries_only_before_the_body(sdk: ModuleType, scripted: Any) -> None:
    server = scripted("drop", "full", "break")
    async with sdk.AsyncStreamingTest(base_url=server.url, max_retries=2) as client:

        async def no_sleep(seconds: float) -> None:
            return None

        client._sleep = no_sleep
        assert [e.data async for e in await client.raw.retrieve("a")] == ["tick 1", "tick 2"]
        received = []
        with pytest.raises(Exception):  # noqa: B017, PT011 - the transport's own error
            async for event in await client.raw.retrieve("b"):
                received.append(event.data)
    assert received == ["tick 1"]
    assert len(server.requests) == 3  # drop → retried; the break mid-body is not
