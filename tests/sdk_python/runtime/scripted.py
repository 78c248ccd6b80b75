"""A scripted fault transport: replays canned replies and failures, and counts connections.

Every reply body is served through a ``TrackedStream`` so a test can check that each response
the transport handed out was closed again (``opened == closed``): no leaked connections.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Union

import httpx


@dataclass
class Reply:
    status: int = 200
    json: object = None
    body: bytes | str | None = None
    """Raw body; when set it wins over ``json``."""
    headers: Mapping[str, str] = field(default_factory=dict)
    fail_after_first_chunk: bool = False
    """Send part of the body, then break the connection (``httpx.ReadError``)."""

    def content(self) -> bytes:
        if self.body is not None:
            return self.body.encode() if isinstance(self.body, str) else self.body
        if self.json is None:
            return b""
        return json.dumps(self.json).encode()


# A runtime alias, so Union rather than |: these tests also run on Python 3.9.
Step = Union[Reply, Exception, Callable[[httpx.Request], Reply]]  # noqa: UP007


class TrackedStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, transport: ScriptedTransport, content: bytes, fail: bool) -> None:
        self._transport = transport
        self._content = content
        self._fail = fail
        self._closed = False

    def _chunks(self) -> Iterator[bytes]:
        if self._fail:
            yield self._content[: len(self._content) // 2]
            raise httpx.ReadError("connection reset while reading the body")
        yield self._content

    def __iter__(self) -> Iterator[bytes]:
        yield from self._chunks()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._chunks():
            yield chunk

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._transport.closed += 1

    async def aclose(self) -> None:
        self.close()


class ScriptedTransport:
    """Answers each request with the next step of the script; fails on an unexpected request."""

    def __init__(self, *steps: Step) -> None:
        self.steps: deque[Step] = deque(steps)
        self.requests: list[httpx.Request] = []
        self.opened = 0
        self.closed = 0
        self.unclosed_at_each_request: list[int] = []
        """Responses still open when each request arrived: all 0 if closed before a retry."""

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        self.unclosed_at_each_request.append(self.opened - self.closed)
        if not self.steps:
            raise AssertionError(f"unexpected request: {request.method} {request.url}")
        step = self.steps.popleft()
        if isinstance(step, Exception):
            raise step
        reply = step if isinstance(step, Reply) else step(request)
        headers = {"content-type": "application/json", **reply.headers}
        self.opened += 1
        return httpx.Response(
            reply.status,
            headers=headers,
            stream=TrackedStream(self, reply.content(), reply.fail_after_first_chunk),
            request=request,
        )

    def add(self, *steps: Step) -> None:
        self.steps.extend(steps)

    def sync_client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handle))

    def async_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handle))

    @property
    def leaked(self) -> int:
        return self.opened - self.closed

    def headers(self, name: str) -> list[str | None]:
        return [request.headers.get(name) for request in self.requests]

    def json_bodies(self) -> list[object]:
        return [
            json.loads(request.content) if request.content else None for request in self.requests
        ]
