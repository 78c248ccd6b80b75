"""Retries: which failures are retried, how long the client waits, what each attempt carries."""

from __future__ import annotations

import email.utils

import httpx
import pytest
from rt_pkg._base_client import RetryPolicy, SyncAPIClient
from rt_pkg._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    InternalServerError,
    RateLimitError,
)
from rt_pkg._retries import retry_after_seconds

from .fake_sdk import AsyncFake, Conversation, Fake
from .helpers import BASE, conversation
from .scripted import Reply, ScriptedTransport

RETRIED = [408, 409, 429, 500, 502, 503, 504, 599]
NOT_RETRIED = [400, 401, 403, 404, 405, 413, 415, 422]


def backoff_bounds(retry: int, initial: float = 0.5, cap: float = 8.0) -> tuple[float, float]:
    full = min(initial * 2**retry, cap)
    return full * 0.75, full


def sync_client(transport: ScriptedTransport, **kwargs: object) -> Fake:
    return Fake(http_client=transport.sync_client(), **kwargs)  # type: ignore[arg-type]


def async_client(transport: ScriptedTransport, **kwargs: object) -> AsyncFake:
    return AsyncFake(http_client=transport.async_client(), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("status", RETRIED)
def test_retried_statuses_use_every_retry_then_raise(status: int, sleeps: list[float]) -> None:
    transport = ScriptedTransport(*[Reply(status, json={"error": {"message": "busy"}})] * 3)
    client = sync_client(transport)
    with pytest.raises(APIStatusError) as caught:
        client.conversations.retrieve("conv_1")
    assert caught.value.status_code == status
    assert len(transport.requests) == 3  # 1 attempt + max_retries=2
    assert len(sleeps) == 2
    for retry, delay in enumerate(sleeps):
        low, high = backoff_bounds(retry)
        assert low <= delay <= high
    assert transport.unclosed_at_each_request == [0, 0, 0]  # closed before each retry
    assert transport.leaked == 0  # and when giving up


@pytest.mark.parametrize("status", NOT_RETRIED)
def test_other_statuses_are_not_retried(status: int, sleeps: list[float]) -> None:
    transport = ScriptedTransport(Reply(status, json={"error": {"message": "no"}}))
    with pytest.raises(APIStatusError):
        sync_client(transport).conversations.retrieve("conv_1")
    assert len(transport.requests) == 1
    assert sleeps == []
    assert transport.leaked == 0


def test_success_after_retries_returns_the_model(sleeps: list[float]) -> None:
    transport = ScriptedTransport(Reply(503), Reply(429), Reply(200, json=conversation()))
    result = sync_client(transport).conversations.retrieve("conv_1")
    assert isinstance(result, Conversation)
    assert len(transport.requests) == 3
    assert len(sleeps) == 2
    assert transport.leaked == 0


def test_backoff_doubles_and_caps_at_eight_seconds(sleeps: list[float]) -> None:
    transport = ScriptedTransport(*[Reply(500)] * 7)
    with pytest.raises(InternalServerError):
        sync_client(transport, max_retries=6).conversations.retrieve("conv_1")
    assert len(sleeps) == 6
    for retry, delay in enumerate(sleeps):
        low, high = backoff_bounds(retry)
        assert low <= delay <= high, (retry, delay)
    assert sleeps[-1] >= 6.0  # capped at 8 minus at most 25 %


def test_max_retries_zero_and_per_request_override(sleeps: list[float]) -> None:
    transport = ScriptedTransport(Reply(500))
    client = sync_client(transport, max_retries=0)
    with pytest.raises(InternalServerError):
        client.conversations.retrieve("conv_1")
    assert len(transport.requests) == 1

    transport.add(*[Reply(500)] * 4, Reply(200, json=conversation()))
    derived = client.with_options(max_retries=4)
    assert derived.conversations.retrieve("conv_1").id == "conv_1"
    assert len(transport.requests) == 6
    assert client.max_retries == 0  # the original is unchanged


def test_retry_policy_is_configurable(sleeps: list[float]) -> None:
    policy = RetryPolicy(
        initial_delay=0.1,
        max_delay=0.15,
        jitter=0.0,
        retry_statuses=frozenset({418}),
        retry_server_errors=False,
    )
    transport = ScriptedTransport(Reply(418), Reply(418), Reply(418))
    client = sync_client(transport, retry_policy=policy)
    with pytest.raises(APIStatusError):
        client.conversations.retrieve("conv_1")
    assert sleeps == [0.1, 0.15]  # exact: no jitter; capped at max_delay

    transport.add(Reply(500))
    with pytest.raises(InternalServerError):
        client.conversations.retrieve("conv_1")
    assert len(transport.requests) == 4  # 500 is no longer retried


def test_retry_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="jitter"):
        RetryPolicy(jitter=1.5)
    with pytest.raises(ValueError, match="negative"):
        RetryPolicy(initial_delay=-1)


BACKOFF = "backoff"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after": "60"}, 60.0),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after-ms": "soon", "retry-after": "2"}, 2.0),
        ({"retry-after": "61"}, BACKOFF),
        ({"retry-after-ms": "60001"}, BACKOFF),
        ({"retry-after": "-5"}, BACKOFF),
        ({"retry-after": "0"}, BACKOFF),
        ({"retry-after": "soon"}, BACKOFF),
        ({"retry-after": ""}, BACKOFF),
        ({"retry-after": "nan"}, BACKOFF),
        ({"retry-after": "inf"}, BACKOFF),
        ({"retry-after": "Wed, 99 Foo 2015 07:28:00 GMT"}, BACKOFF),
    ],
    ids=lambda value: repr(value),
)
def test_retry_after_variants(
    headers: dict[str, str], expected: object, sleeps: list[float]
) -> None:
    transport = ScriptedTransport(Reply(429, headers=headers), Reply(200, json=conversation()))
    sync_client(transport).conversations.retrieve("conv_1")
    assert len(sleeps) == 1
    if expected == BACKOFF:
        assert 0.375 <= sleeps[0] <= 0.5
    else:
        assert sleeps[0] == pytest.approx(expected)


def test_retry_after_http_date_through_the_client(sleeps: list[float]) -> None:
    import time

    in_five_seconds = email.utils.formatdate(time.time() + 5, usegmt=True)
    transport = ScriptedTransport(
        Reply(503, headers={"retry-after": in_five_seconds}), Reply(200, json=conversation())
    )
    sync_client(transport).conversations.retrieve("conv_1")
    assert 3.5 <= sleeps[0] <= 5.01  # whole-second resolution of HTTP dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0),
        ("Wed, 21 Oct 2015 07:28:10 -0000", 10.0),  # parses as naive: still GMT
        ("Wed, 21 Oct 2015 07:29:30 GMT", BACKOFF),  # 90 s away: over the 60 s limit
        ("Wed, 21 Oct 2015 07:27:00 GMT", BACKOFF),  # in the past
    ],
)
def test_retry_after_http_dates(value: str, expected: object) -> None:
    now = email.utils.parsedate_to_datetime("Wed, 21 Oct 2015 07:28:00 GMT").timestamp()
    response = httpx.Response(429, headers={"retry-after": value})
    delay = RetryPolicy().delay(0, response, random_fraction=lambda: 1.0, now=lambda: now)
    assert delay == pytest.approx(0.375 if expected == BACKOFF else expected)


def test_retry_after_seconds_parsing_order() -> None:
    headers = httpx.Headers({"retry-after-ms": "1500", "retry-after": "7"})
    assert retry_after_seconds(headers) == 1.5
    assert retry_after_seconds(httpx.Headers({})) is None
    assert retry_after_seconds(httpx.Headers({"retry-after": "garbage"})) is None


def test_x_should_retry_true_forces_a_retry(sleeps: list[float]) -> None:
    transport = ScriptedTransport(
        Reply(400, headers={"x-should-retry": "TRUE"}), Reply(200, json=conversation())
    )
    assert sync_client(transport).conversations.retrieve("conv_1").id == "conv_1"
    assert len(transport.requests) == 2


def test_x_should_retry_false_prevents_a_retry(sleeps: list[float]) -> None:
    transport = ScriptedTransport(Reply(503, headers={"x-should-retry": "false"}))
    with pytest.raises(InternalServerError):
        sync_client(transport).conversations.retrieve("conv_1")
    assert len(transport.requests) == 1
    assert sleeps == []


def test_x_should_retry_true_still_respects_max_retries(sleeps: list[float]) -> None:
    transport = ScriptedTransport(*[Reply(400, headers={"x-should-retry": "true"})] * 3)
    with pytest.raises(BadRequestError):
        sync_client(transport).conversations.retrieve("conv_1")
    assert len(transport.requests) == 3


def test_idempotency_key_is_reused_across_retries(sleeps: list[float]) -> None:
    transport = ScriptedTransport(Reply(500), Reply(409), Reply(201, json=conversation()))
    client = sync_client(transport)
    client.conversations.create(metadata={"k": "v"})
    keys = transport.headers("Idempotency-Key")
    assert len(keys) == 3
    assert keys[0] and keys[0] == keys[1] == keys[2]
    bodies = [request.content for request in transport.requests]
    assert bodies[0] == bodies[1] == bodies[2] == b'{"metadata":{"k":"v"}}'

    transport.add(Reply(201, json=conversation()))
    client.conversations.create()
    assert transport.headers("Idempotency-Key")[3] not in (None, keys[0])  # a new call, a new key


def test_idempotency_key_only_on_non_get_and_caller_keys_win(sleeps: list[float]) -> None:
    transport = ScriptedTransport(
        Reply(200, json=conversation()),
        Reply(200, json={"id": "c", "object": "conversation.deleted", "deleted": True}),
        Reply(500),
        Reply(201, json=conversation()),
        Reply(201, json=conversation()),
    )
    client = sync_client(transport)
    client.conversations.retrieve("conv_1")
    client.conversations.delete("conv_1")
    client.conversations.create(idempotency_key="mine-1")
    client.conversations.create(extra_headers={"idempotency-key": "mine-2"})
    assert transport.headers("Idempotency-Key") == [
        None,
        transport.headers("Idempotency-Key")[1],
        "mine-1",
        "mine-1",
        "mine-2",
    ]
    assert transport.headers("Idempotency-Key")[1]


def test_idempotency_header_name_is_configurable() -> None:
    transport = ScriptedTransport(Reply(200, json={}), Reply(200, json={}))
    custom = SyncAPIClient(
        base_url=BASE, http_client=transport.sync_client(), idempotency_header="X-Idem"
    )
    custom._post("/things", cast_to=object, body={})
    disabled = SyncAPIClient(
        base_url=BASE, http_client=transport.sync_client(), idempotency_header=None
    )
    disabled._post("/things", cast_to=object, body={})
    assert transport.requests[0].headers.get("X-Idem")
    assert "Idempotency-Key" not in transport.requests[0].headers
    assert "X-Idem" not in transport.requests[1].headers
    assert "Idempotency-Key" not in transport.requests[1].headers


def test_every_attempt_sends_x_retry_count(sleeps: list[float]) -> None:
    transport = ScriptedTransport(Reply(500), Reply(500), Reply(200, json=conversation()))
    sync_client(transport).conversations.retrieve("conv_1")
    assert transport.headers("x-retry-count") == ["0", "1", "2"]


def test_connection_errors_are_retried_then_raised(sleeps: list[float]) -> None:
    transport = ScriptedTransport(*[httpx.ConnectError("refused")] * 3)
    with pytest.raises(APIConnectionError) as caught:
        sync_client(transport).conversations.retrieve("conv_1")
    assert not isinstance(caught.value, APITimeoutError)
    assert caught.value.status is None
    assert caught.value.request.url.path == "/v1/conversations/conv_1"
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert len(transport.requests) == 3
    assert len(sleeps) == 2


def test_connection_error_then_success(sleeps: list[float]) -> None:
    transport = ScriptedTransport(httpx.RemoteProtocolError("eof"), Reply(200, json=conversation()))
    assert sync_client(transport).conversations.retrieve("conv_1").id == "conv_1"
    assert transport.headers("x-retry-count") == ["0", "1"]


@pytest.mark.parametrize(
    "exc", [httpx.ReadTimeout("slow"), httpx.ConnectTimeout("slow"), httpx.PoolTimeout("full")]
)
def test_timeouts_are_retried_then_raise_api_timeout_error(
    exc: Exception, sleeps: list[float]
) -> None:
    transport = ScriptedTransport(exc, exc, exc)
    with pytest.raises(APITimeoutError) as caught:
        sync_client(transport).conversations.retrieve("conv_1")
    assert isinstance(caught.value, APIConnectionError)
    assert len(transport.requests) == 3


def test_body_broken_mid_read_is_retried_without_leaking(sleeps: list[float]) -> None:
    transport = ScriptedTransport(
        Reply(200, json=conversation(), fail_after_first_chunk=True),
        Reply(200, json=conversation()),
    )
    assert sync_client(transport).conversations.retrieve("conv_1").id == "conv_1"
    assert transport.opened == transport.closed == 2


def test_no_connection_leaks_across_a_mixed_script(sleeps: list[float]) -> None:
    transport = ScriptedTransport(
        Reply(503),
        Reply(429, headers={"retry-after": "1"}),
        Reply(200, json=conversation()),
        Reply(404, json={"error": {"message": "gone"}}),
        Reply(500),
        Reply(500),
        Reply(500),
        Reply(200, body="<html>oops</html>", headers={"content-type": "text/html"}),
    )
    client = sync_client(transport)
    client.conversations.retrieve("conv_1")
    for _ in range(3):
        with pytest.raises(Exception):  # noqa: B017 - each raises a different error
            client.conversations.retrieve("conv_1")
    assert transport.opened == 8
    assert transport.leaked == 0


# -- async ------------------------------------------------------------------------------------


async def test_async_retries_delays_and_no_leaks(sleeps: list[float]) -> None:
    transport = ScriptedTransport(Reply(503), Reply(503), Reply(503))
    client = async_client(transport)
    with pytest.raises(InternalServerError):
        await client.conversations.retrieve("conv_1")
    assert len(transport.requests) == 3
    assert [backoff_bounds(0)[0] <= sleeps[0] <= 0.5, 0.75 <= sleeps[1] <= 1.0] == [True, True]
    assert transport.headers("x-retry-count") == ["0", "1", "2"]
    assert transport.unclosed_at_each_request == [0, 0, 0]
    assert transport.leaked == 0


async def test_async_retry_after_and_should_retry(sleeps: list[float]) -> None:
    transport = ScriptedTransport(
        Reply(429, headers={"retry-after-ms": "1200"}),
        Reply(400, headers={"x-should-retry": "true"}),
        Reply(200, json=conversation()),
    )
    result = await async_client(transport).conversations.retrieve("conv_1")
    assert result.id == "conv_1"
    assert sleeps[0] == pytest.approx(1.2)
    assert len(sleeps) == 2


async def test_async_idempotency_key_is_reused(sleeps: list[float]) -> None:
    transport = ScriptedTransport(
        httpx.ConnectError("reset"), Reply(500), Reply(201, json=conversation())
    )
    await async_client(transport).conversations.create(metadata=None)
    keys = transport.headers("Idempotency-Key")
    assert keys[0] and keys[0] == keys[1] == keys[2]


async def test_async_timeouts_raise_api_timeout_error(sleeps: list[float]) -> None:
    transport = ScriptedTransport(*[httpx.ReadTimeout("slow")] * 3)
    with pytest.raises(APITimeoutError):
        await async_client(transport).conversations.retrieve("conv_1")
    assert len(transport.requests) == 3
    assert len(sleeps) == 2


async def test_async_rate_limit_error_after_giving_up(sleeps: list[float]) -> None:
    transport = ScriptedTransport(
        *[Reply(429, json={"error": {"message": "slow down", "type": "rate_limit"}})] * 3
    )
    with pytest.raises(RateLimitError) as caught:
        await async_client(transport).conversations.retrieve("conv_1")
    assert caught.value.type == "rate_limit"
    assert transport.leaked == 0


async def test_async_body_broken_mid_read_is_retried(sleeps: list[float]) -> None:
    transport = ScriptedTransport(
        Reply(200, json=conversation(), fail_after_first_chunk=True),
        Reply(200, json=conversation()),
    )
    assert (await async_client(transport).conversations.retrieve("conv_1")).id == "conv_1"
    assert transport.opened == transport.closed == 2
