"""Timeouts: defaults, per client, per request, and a real server that never answers."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from rt_pkg._exceptions import APIConnectionError, APITimeoutError

from .fake_sdk import AsyncFake, Fake
from .helpers import conversation
from .scripted import Reply, ScriptedTransport


def sent_timeout(transport: ScriptedTransport, index: int = 0) -> dict[str, float | None]:
    timeout: dict[str, float | None] = transport.requests[index].extensions["timeout"]
    return timeout


def test_default_timeout_is_60s_with_5s_connect() -> None:
    transport = ScriptedTransport(Reply(json=conversation()))
    client = Fake(http_client=transport.sync_client())
    assert client.timeout == httpx.Timeout(60.0, connect=5.0)
    client.conversations.retrieve("c")
    assert sent_timeout(transport) == {"connect": 5.0, "read": 60.0, "write": 60.0, "pool": 60.0}


def test_client_request_and_derived_timeouts() -> None:
    transport = ScriptedTransport(*[Reply(json=conversation())] * 4)
    client = Fake(http_client=transport.sync_client(), timeout=10.0)
    client.conversations.retrieve("c")
    client.conversations.retrieve("c", timeout=2.5)
    client.conversations.retrieve("c", timeout=httpx.Timeout(1.0, connect=0.5))
    client.with_options(timeout=None).conversations.retrieve("c")
    assert sent_timeout(transport, 0) == dict.fromkeys(("connect", "read", "write", "pool"), 10.0)
    assert sent_timeout(transport, 1)["read"] == 2.5
    assert sent_timeout(transport, 2) == {"connect": 0.5, "read": 1.0, "write": 1.0, "pool": 1.0}
    assert sent_timeout(transport, 3) == dict.fromkeys(("connect", "read", "write", "pool"))


def test_a_caller_client_keeps_its_own_timeout_unless_it_is_httpx_default() -> None:
    transport = ScriptedTransport()
    custom = transport.sync_client()
    custom.timeout = httpx.Timeout(7.0)
    assert Fake(http_client=custom).timeout == httpx.Timeout(7.0)
    assert Fake(http_client=transport.sync_client()).timeout == httpx.Timeout(60.0, connect=5.0)
    assert Fake(http_client=custom, timeout=3.0).timeout == httpx.Timeout(3.0)


async def test_async_per_request_timeout() -> None:
    transport = ScriptedTransport(Reply(json=conversation()), Reply(json=conversation()))
    client = AsyncFake(http_client=transport.async_client())
    await client.conversations.retrieve("c")
    await client.conversations.retrieve("c", timeout=0.25)
    assert sent_timeout(transport, 0)["connect"] == 5.0
    assert sent_timeout(transport, 1)["read"] == 0.25


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP server that accepts connections and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.1)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    host, port = listener.getsockname()
    try:
        yield f"http://{host}:{port}/v1"
    finally:
        stop.set()
        thread.join(timeout=2)
        for connection in accepted:
            connection.close()
        listener.close()


def test_real_read_timeout_is_retried_then_raised(silent_server: str, sleeps: list[float]) -> None:
    started = time.monotonic()
    client = Fake(base_url=silent_server, timeout=0.2, max_retries=1)
    with client, pytest.raises(APITimeoutError) as caught:
        client.conversations.retrieve("c")
    assert isinstance(caught.value, APIConnectionError)
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert len(sleeps) == 1  # one retry, then give up
    assert time.monotonic() - started < 5


async def test_async_real_read_timeout(silent_server: str, sleeps: list[float]) -> None:
    async with AsyncFake(base_url=silent_server, max_retries=0) as client:
        with pytest.raises(APITimeoutError):
            await client.conversations.retrieve("c", timeout=0.2)
    assert sleeps == []


def test_connection_refused_is_a_connection_error(sleeps: list[float]) -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens on this port now
    client = Fake(base_url=f"http://127.0.0.1:{port}", max_retries=1)
    with client, pytest.raises(APIConnectionError) as caught:
        client.conversations.retrieve("c")
    assert not isinstance(caught.value, APITimeoutError)
    assert len(sleeps) == 1
