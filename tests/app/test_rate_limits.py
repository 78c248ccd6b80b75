"""Per-principal token buckets: 429 with OpenAI's headers, recovery, and concurrent clients."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from app.auth.config import AuthSettings, RateLimitSettings
from app.auth.ratelimit import format_duration
from tests.app.auth_support import ALICE_TOKEN, BOB_TOKEN, bearer, make_app, write_static_tokens
from tests.app.conftest import SQLITE_MEMORY_URL
from tests.app.helpers import assert_error
from tests.app.live_server import serve_on_loopback


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _limited_app(
    tmp_path: Path, *, read: int | None, write: int | None, tokens: dict[str, str] | None = None
) -> FastAPI:
    auth = AuthSettings(static_tokens_file=write_static_tokens(tmp_path, tokens))
    return make_app(
        SQLITE_MEMORY_URL,
        auth=auth,
        rate_limits=RateLimitSettings(read_per_minute=read, write_per_minute=write),
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def limited(tmp_path: Path, clock: FakeClock) -> AsyncIterator[httpx.AsyncClient]:
    app = _limited_app(tmp_path, read=3, write=2)
    app.state.rate_limiter.use_clock(clock)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_429_with_headers_then_recovery(limited: httpx.AsyncClient, clock: FakeClock) -> None:
    alice = bearer(ALICE_TOKEN)
    remaining = []
    for _ in range(3):
        response = await limited.get("/v1/health", headers=alice)
        assert response.status_code == 200
        assert response.headers["x-ratelimit-limit-requests"] == "3"
        remaining.append(response.headers["x-ratelimit-remaining-requests"])
    assert remaining == ["2", "1", "0"]

    refused = await limited.get("/v1/health", headers=alice)
    assert_error(refused, 429, code="rate_limit_exceeded", error_type="rate_limit_error")
    assert refused.headers["retry-after"] == "20"  # 3 per minute: one token every 20 s
    assert refused.headers["x-ratelimit-limit-requests"] == "3"
    assert refused.headers["x-ratelimit-remaining-requests"] == "0"
    assert refused.headers["x-ratelimit-reset-requests"] == "1m0s"

    clock.now += 19.5
    assert (await limited.get("/v1/health", headers=alice)).status_code == 429
    clock.now += 0.5
    recovered = await limited.get("/v1/health", headers=alice)
    assert recovered.status_code == 200
    assert recovered.headers["x-ratelimit-remaining-requests"] == "0"
    clock.now += 60
    assert (await limited.get("/v1/health", headers=alice)).headers[
        "x-ratelimit-remaining-requests"
    ] == "2"


async def test_reads_and_writes_have_separate_limits(limited: httpx.AsyncClient) -> None:
    alice = bearer(ALICE_TOKEN)
    for _ in range(2):
        assert (await limited.post("/v1/conversations", headers=alice, json={})).status_code == 200
    refused = await limited.post("/v1/conversations", headers=alice, json={})
    assert refused.status_code == 429 and refused.headers["retry-after"] == "30"
    assert refused.headers["x-ratelimit-limit-requests"] == "2"
    assert (await limited.get("/v1/health", headers=alice)).status_code == 200
    assert (
        await limited.delete("/v1/conversations/conv_" + "0" * 48, headers=alice)
    ).status_code == 429


async def test_limits_are_per_principal(limited: httpx.AsyncClient) -> None:
    for _ in range(3):
        await limited.get("/v1/health", headers=bearer(ALICE_TOKEN))
    assert (await limited.get("/v1/health", headers=bearer(ALICE_TOKEN))).status_code == 429
    assert (await limited.get("/v1/health", headers=bearer(BOB_TOKEN))).status_code == 200


async def test_unauthenticated_requests_spend_nothing(limited: httpx.AsyncClient) -> None:
    for _ in range(10):
        assert (await limited.get("/v1/health")).status_code == 401
    assert (await limited.get("/v1/health", headers=bearer(ALICE_TOKEN))).status_code == 200


async def test_limits_hold_under_8_by_50_concurrent_requests(
    tmp_path: Path, clock: FakeClock
) -> None:
    tokens = {f"client-{n}-token-0123456789abcdef": f"client{n}" for n in range(8)}
    app = _limited_app(tmp_path, read=30, write=None, tokens=tokens)
    app.state.rate_limiter.use_clock(clock)  # frozen: no refill while the burst runs
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:

        async def one_client(token: str) -> list[int]:
            responses = await asyncio.gather(
                *(client.get("/v1/health", headers=bearer(token)) for _ in range(50))
            )
            return [response.status_code for response in responses]

        results = await asyncio.gather(*(one_client(token) for token in tokens))
    for statuses in results:
        assert statuses.count(200) == 30 and statuses.count(429) == 20


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.017, "17ms"), (1, "1s"), (360, "6m0s"), (90.5, "1m30.5s"), (0.0001, "1ms")],
)
def test_duration_format(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_the_python_sdk_waits_on_a_real_429_and_succeeds(tmp_path: Path) -> None:
    import parley_client

    # 60 writes a minute: one token a second, so Retry-After is 1 s once the burst is spent.
    app = _limited_app(tmp_path, read=None, write=60)
    statuses: list[int] = []
    with (
        serve_on_loopback(app) as base_url,
        httpx.Client(
            event_hooks={"response": [lambda response: statuses.append(response.status_code)]}
        ) as http_client,
    ):
        client = parley_client.Parley(
            base_url=base_url, api_key=ALICE_TOKEN, http_client=http_client, max_retries=3
        )
        created = [client.conversations.create() for _ in range(70)]
    assert len(created) == 70 and all(c.id.startswith("conv_") for c in created)
    assert 429 in statuses, "the burst never reached the limit"
    assert statuses[-1] == 200
    # Every 429 was followed by a retry that eventually succeeded.
    assert statuses.count(200) == 70


async def test_database_buckets_are_shared_by_workers(
    database_url: str, tmp_path: Path, clock: FakeClock
) -> None:
    """Two app instances (two workers) on one database share one write limit."""
    if database_url == SQLITE_MEMORY_URL:
        database_url = f"sqlite+aiosqlite:///{tmp_path}/shared.db"  # one file, two engines
    auth = AuthSettings(static_tokens_file=write_static_tokens(tmp_path))
    limits = RateLimitSettings(write_per_minute=5, read_per_minute=50, backend="database")
    workers = [make_app(database_url, auth=auth, rate_limits=limits) for _ in range(2)]
    for app in workers:
        app.state.rate_limiter.use_clock(clock)
    clients = [
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
        for app in workers
    ]
    token = bearer(ALICE_TOKEN)
    try:
        statuses = [
            (await clients[n % 2].post("/v1/conversations", headers=token, json={})).status_code
            for n in range(8)
        ]
        refused = await clients[0].post("/v1/conversations", headers=token, json={})
        assert refused.headers["retry-after"] == "12"  # 5 per minute
        assert refused.headers["x-ratelimit-remaining-requests"] == "0"
        assert (await clients[1].get("/v1/health", headers=token)).status_code == 200
        clock.now += 12
        recovered = await clients[1].post("/v1/conversations", headers=token, json={})
    finally:
        for client in clients:
            await client.aclose()
        for app in workers:
            await app.state.database.dispose()
    assert statuses == [200] * 5 + [429] * 3
    assert recovered.status_code == 200


async def test_database_buckets_hold_under_concurrency(tmp_path: Path, clock: FakeClock) -> None:
    tokens = {f"client-{n}-token-0123456789abcdef": f"client{n}" for n in range(8)}
    app = make_app(
        f"sqlite+aiosqlite:///{tmp_path}/limits.db",
        auth=AuthSettings(static_tokens_file=write_static_tokens(tmp_path, tokens)),
        rate_limits=RateLimitSettings(read_per_minute=30, backend="database"),
    )
    app.state.rate_limiter.use_clock(clock)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        results = await asyncio.gather(
            *(
                asyncio.gather(*(client.get("/v1/health", headers=bearer(t)) for _ in range(50)))
                for t in tokens
            )
        )
    await app.state.database.dispose()
    for responses in results:
        statuses = [response.status_code for response in responses]
        assert statuses.count(200) == 30 and statuses.count(429) == 20
