"""``with_raw_response``: status, headers and a lazily parsed value."""

from __future__ import annotations

import pytest
from rt_pkg._exceptions import APIResponseValidationError, NotFoundError
from rt_pkg._response import APIResponse, AsyncAPIResponse, to_raw_response_wrapper

from .fake_sdk import AsyncCursorPage, AsyncFake, Conversation, Fake, Message, SyncCursorPage
from .helpers import conversation, error_body, ids, message, page
from .scripted import Reply, ScriptedTransport

HEADERS = {"x-request-id": "req_raw", "x-ratelimit-remaining": "41"}


def test_raw_response_exposes_status_headers_and_parse() -> None:
    transport = ScriptedTransport(Reply(201, json=conversation(), headers=HEADERS))
    client = Fake(http_client=transport.sync_client())
    raw = client.conversations.with_raw_response.create(metadata={"a": "b"})
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 201
    assert raw.headers["x-ratelimit-remaining"] == "41"
    assert raw.request_id == "req_raw"
    assert raw.http_response.request.method == "POST"
    assert raw.json() == conversation()
    assert '"conv_1"' in raw.text
    parsed = raw.parse()
    assert isinstance(parsed, Conversation)
    assert raw.parse() is parsed  # parsed once
    assert transport.json_bodies() == [{"metadata": {"a": "b"}}]
    assert "APIResponse [201] POST" in repr(raw)


def test_raw_flag_does_not_leak_into_later_calls() -> None:
    transport = ScriptedTransport(Reply(json=conversation()), Reply(json=conversation()))
    client = Fake(http_client=transport.sync_client())
    client.conversations.with_raw_response.retrieve("conv_1")
    assert isinstance(client.conversations.retrieve("conv_1"), Conversation)


def test_raw_list_parses_into_a_working_page() -> None:
    transport = ScriptedTransport(
        Reply(json=page([message("m1")], has_more=True, last_id="m1"), headers=HEADERS),
        Reply(json=page([message("m2")], has_more=False, last_id="m2")),
    )
    client = Fake(http_client=transport.sync_client())
    raw = client.conversations.items.with_raw_response.list("conv_1")
    assert raw.request_id == "req_raw"
    first = raw.parse()
    assert isinstance(first, SyncCursorPage)
    assert ids(first) == ["m1", "m2"]


def test_raw_response_still_raises_for_errors() -> None:
    transport = ScriptedTransport(
        Reply(404, json=error_body("gone", "invalid_request_error", None, "not_found"))
    )
    client = Fake(http_client=transport.sync_client())
    with pytest.raises(NotFoundError):
        client.conversations.with_raw_response.retrieve("conv_1")


def test_raw_response_defers_body_validation_to_parse() -> None:
    transport = ScriptedTransport(Reply(200, body="<html>", headers={"content-type": "text/html"}))
    raw = Fake(http_client=transport.sync_client()).conversations.with_raw_response.retrieve("c")
    assert raw.status_code == 200
    assert raw.text == "<html>"
    with pytest.raises(APIResponseValidationError):
        raw.parse()
    with pytest.raises(APIResponseValidationError):
        raw.json()


def test_wrapping_a_method_that_makes_no_request_is_an_error() -> None:
    def no_request() -> int:
        return 1

    with pytest.raises(TypeError, match="made no request"):
        to_raw_response_wrapper(no_request)()


async def test_async_raw_response() -> None:
    transport = ScriptedTransport(
        Reply(201, json=conversation(), headers=HEADERS),
        Reply(json=message("m1")),
        Reply(json=page([message("m1")], has_more=False, last_id="m1")),
    )
    client = AsyncFake(http_client=transport.async_client())
    raw = await client.conversations.with_raw_response.create()
    assert isinstance(raw, AsyncAPIResponse)
    assert (raw.status_code, raw.request_id) == (201, "req_raw")
    created = await raw.parse()
    assert isinstance(created, Conversation)
    item_raw = await client.conversations.items.with_raw_response.retrieve(
        "m1", conversation_id="c"
    )
    assert isinstance(await item_raw.parse(), Message)
    page_raw = await client.conversations.items.with_raw_response.list("c")
    first = await page_raw.parse()
    assert isinstance(first, AsyncCursorPage)
    assert ids([item async for item in first]) == ["m1"]
    transport.add(Reply(json=conversation()))
    assert isinstance(await client.conversations.retrieve("c"), Conversation)  # flag reset
