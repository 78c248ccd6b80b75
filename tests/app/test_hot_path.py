"""The hot path (app.conversations.hot_path) answers exactly as the FastAPI routes would.

An unknown query parameter sends a request on to FastAPI (which ignores it), so each request
below is made twice, `?...` and `?...&zz=1`, and the two answers must be byte-identical.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from app.conversations.hot_path import HotPathMiddleware
from app.conversations.service import SqlConversationService
from app.database import Database
from tests.app.helpers import add_items, create_conversation, text_message
from tests.app.samples import ITEMS

MISSING = "conv_" + "0" * 48


def _same(fast: httpx.Response, slow: httpx.Response) -> None:
    assert fast.status_code == slow.status_code
    assert fast.content == slow.content
    headers = [(k, v) for k, v in fast.headers.multi_items() if k != "x-request-id"]
    assert headers == [(k, v) for k, v in slow.headers.multi_items() if k != "x-request-id"]


async def test_list_pages_are_byte_identical(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client)
    page = await add_items(
        client,
        conversation["id"],
        [text_message(f"é {n}", id=f"it/{n}") for n in range(7)]
        + [{"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"}],
    )
    base = f"/v1/conversations/{conversation['id']}/items"
    queries = [
        "",
        "limit=3",
        "limit=100&order=asc",
        f"after={page['data'][2]['id'].replace('/', '%2F')}&order=asc&limit=2",
        "include=message.output_text.logprobs&include=reasoning.encrypted_content",
        "after=nope",  # 400 from the service
    ]
    for query in queries:
        fast = await client.get(f"{base}?{query}")
        slow = await client.get(f"{base}?{query}&zz=1")
        _same(fast, slow)
    _same(
        await client.get(f"/v1/conversations/{MISSING}/items"),
        await client.get(f"/v1/conversations/{MISSING}/items?zz=1"),
    )


async def test_created_items_are_byte_identical(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client)
    base = f"/v1/conversations/{conversation['id']}/items"
    # Client-chosen ids: the second request replaces the first's items, so both answer alike.
    body = {"items": [text_message("hi", id="a"), text_message("ünï", id="b")]}
    fast = await client.post(base, json=body)
    slow = await client.post(f"{base}?zz=1", json=body)
    assert fast.status_code == 200
    _same(fast, slow)
    _same(
        await client.post(f"/v1/conversations/{MISSING}/items", json=body),
        await client.post(f"/v1/conversations/{MISSING}/items?zz=1", json=body),
    )


async def test_every_item_type_is_byte_identical(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client)
    base = f"/v1/conversations/{conversation['id']}/items"
    for start in range(0, len(ITEMS), 20):
        # Without client ids (the driver's append); the FastAPI path's ids differ, so only
        # the page of what was stored is compared byte for byte.
        fast = await client.post(base, json={"items": ITEMS[start : start + 20]})
        assert fast.status_code == 200, fast.text
    for query in ("limit=100", "limit=100&order=asc"):
        _same(await client.get(f"{base}?{query}"), await client.get(f"{base}?{query}&zz=1"))


async def test_a_replaced_item_is_listed_as_replaced(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client)
    base = f"/v1/conversations/{conversation['id']}/items"
    await add_items(client, conversation["id"], [text_message("first", id="a")])
    assert (await client.get(base)).json()["data"][0]["content"] == "first"
    await add_items(client, conversation["id"], [text_message("second", id="a")])
    listed = (await client.get(base)).json()["data"]
    assert [(item["id"], item["content"]) for item in listed] == [("a", "second")]


class _Inner:
    """The app behind the middleware: records what reached it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, bytes]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        message = await receive() if scope["method"] == "POST" else {"body": b""}
        self.calls.append((scope["method"], message["body"]))
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b""})


_MESSAGE_BODY = b'{"items": [{"type": "message", "role": "user", "content": "x"}]}'


@pytest.mark.parametrize(
    ("method", "query", "body", "passed_on"),
    [
        ("GET", "limit=20", b"", False),
        ("GET", "limit=0", b"", True),
        ("GET", "limit=101", b"", True),
        ("GET", "limit=020", b"", True),
        ("GET", "limit=1&limit=2", b"", True),
        ("GET", "order=up", b"", True),
        ("GET", "include=nope", b"", True),
        ("GET", "after=", b"", True),
        ("POST", "", b'{"items": [{"type": "message", "role": "user", "content": "x"}]}', False),
        ("POST", "", b"", True),
        ("POST", "", b'{"items": []}', True),
        ("POST", "", b'{"items": [{"type": "message"}]}', True),
        ("POST", "", b'{"items": [NaN]}', True),
        ("POST", "include=nope", b'{"items": [{"type": "message", "content": "x"}]}', True),
        # Hostile requests from the differential fuzz (test_hot_path_differential.py): each
        # is declined, so FastAPI alone says what is wrong with it.
        ("GET", "limit=%205", b"", True),
        ("GET", "limit=5;order=asc", b"", True),
        ("GET", "after=%FF", b"", True),
        ("GET", "after=a%00", b"", True),
        ("GET", "include=", b"", True),
        ("GET", "include[]=reasoning.encrypted_content", b"", True),
        ("POST", "include=%FF", _MESSAGE_BODY, True),
        ("POST", "limit=5", _MESSAGE_BODY, True),
        ("POST", "", b"\xef\xbb\xbf" + _MESSAGE_BODY, True),
        ("POST", "", _MESSAGE_BODY[:-1] + b', "extra": 1}', True),
        ("POST", "", _MESSAGE_BODY.replace(b'"x"', b'"\\udc00"'), True),
    ],
)
async def test_only_requests_it_can_answer_exactly_are_taken(
    method: str, query: str, body: bytes, passed_on: bool
) -> None:
    from app.auth.principal import ANONYMOUS, current_principal

    database = Database("sqlite+aiosqlite://")
    service = SqlConversationService(database)
    inner = _Inner()
    middleware = HotPathMiddleware(inner, service)
    token = current_principal.set(ANONYMOUS)
    try:
        conversation = await service.create_conversation(_empty_request())
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "method": method,
            "path": f"/v1/conversations/{conversation.id}/items",
            "query_string": query.encode(),
            "headers": [(b"content-type", b"application/json")],
        }
        await middleware(scope, receive, send)
    finally:
        current_principal.reset(token)
        await database.dispose()
    assert bool(inner.calls) == passed_on
    if passed_on:
        assert inner.calls == [(method, body)]  # the body is replayed whole
    else:
        assert sent[0]["status"] == 200


def _empty_request() -> Any:
    from app.conversations.models import CreateConversationRequest

    return CreateConversationRequest()
