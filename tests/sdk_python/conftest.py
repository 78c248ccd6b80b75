"""Fixtures: the generated Python SDK (imported from ``sdks/python/src`` via ``sys.path``)
driving the real app in-process, sync through a loop-bridging transport and async through
``httpx.ASGITransport``."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import httpx
import pytest

SDK_SRC = Path(__file__).resolve().parents[2] / "sdks" / "python" / "src"
if str(SDK_SRC) not in sys.path:
    sys.path.insert(0, str(SDK_SRC))

from app.main import create_app  # noqa: E402
from app.settings import Settings  # noqa: E402

SQLITE_MEMORY_URL = "sqlite+aiosqlite://"
BASE_URL = "http://testserver/"


class SyncASGITransport(httpx.BaseTransport):
    """A sync httpx transport that runs an ASGI app on a private event loop thread.

    httpx only ships an async ASGI transport; the sync client needs the app's coroutines run
    somewhere, and one long-lived loop keeps the app's database engine on a single loop."""

    def __init__(self, app: Any) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._inner = httpx.ASGITransport(app=app)

    def run(self, coro: Any) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coro, self._loop)
        return future.result(timeout=60)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            request_body = request.read()
            async_request = httpx.Request(
                request.method, request.url, headers=request.headers, content=request_body
            )
            response = await self._inner.handle_async_request(async_request)
            body = b"".join([chunk async for chunk in response.aiter_raw()])
            await response.aclose()
            return response.status_code, list(response.headers.raw), body

        status, headers, body = self.run(send())
        return httpx.Response(status, headers=headers, content=body, request=request)

    def close(self) -> None:
        if self._loop.is_closed():
            return
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        self._loop.close()


@pytest.fixture
def sync_client() -> Iterator[Any]:
    from parley_client import Parley

    app = create_app(Settings(database_url=SQLITE_MEMORY_URL))
    transport = SyncASGITransport(app)
    http = httpx.Client(transport=transport, base_url=BASE_URL)
    client = Parley(base_url=BASE_URL, api_key="test-key", http_client=http, max_retries=0)
    try:
        yield client
    finally:
        transport.run(app.state.database.dispose())
        http.close()  # also closes the transport and its loop


@pytest.fixture
async def async_client() -> AsyncIterator[Any]:
    from parley_client import AsyncParley

    app = create_app(Settings(database_url=SQLITE_MEMORY_URL))
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)
    client = AsyncParley(base_url=BASE_URL, api_key="test-key", http_client=http, max_retries=0)
    try:
        yield client
    finally:
        await http.aclose()
        await app.state.database.dispose()
