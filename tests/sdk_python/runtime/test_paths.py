"""Path parameters: percent-encoded (``/`` included), guarded, and round-tripping."""

from __future__ import annotations

from urllib.parse import unquote

import httpx
import pytest
from rt_pkg._utils import path_template

from .fake_sdk import AsyncFake, Fake
from .helpers import Receive, Scope, Send, conversation
from .scripted import Reply, ScriptedTransport

AWKWARD_IDS = [
    "a/b",
    "x?y=1&z=2",
    "frag#ment",
    "with space",
    "naïve-ü-日本",
    "100%",
    "%2F",
    "..a",
    "a..",
    "a.b",
    "~tilde_-",
    "+plus",
    "semi;colon",
    "quote\"'",
]


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("a/b", "a%2Fb"),
        ("x?y", "x%3Fy"),
        ("a#b", "a%23b"),
        ("a b", "a%20b"),
        ("é", "%C3%A9"),
        ("100%", "100%25"),
        ("a.b-c_d~e", "a.b-c_d~e"),
    ],
)
def test_path_template_percent_encodes_everything(value: str, encoded: str) -> None:
    assert path_template("/items/{item_id}", {"item_id": value}) == f"/items/{encoded}"


def test_path_template_substitutes_several_parameters_and_ints() -> None:
    assert (
        path_template("/c/{conversation_id}/items/{index}", {"conversation_id": "c/1", "index": 3})
        == "/c/c%2F1/items/3"
    )


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_path_template_refuses_empty_dot_and_dotdot(value: str) -> None:
    with pytest.raises(ValueError, match="'conversation_id'"):
        path_template("/conversations/{conversation_id}", {"conversation_id": value})


def test_path_template_names_a_missing_parameter() -> None:
    with pytest.raises(ValueError, match="'item_id'"):
        path_template("/items/{item_id}", {})


@pytest.mark.parametrize("value", [None, 1.5, True, b"bytes"])
def test_path_template_refuses_non_string_values(value: object) -> None:
    with pytest.raises(TypeError, match="'item_id'"):
        path_template("/items/{item_id}", {"item_id": value})


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_guards_fire_before_any_request(value: str) -> None:
    transport = ScriptedTransport()  # any request would fail the test
    client = Fake(http_client=transport.sync_client())
    with pytest.raises(ValueError, match="conversation_id"):
        client.conversations.retrieve(value)
    with pytest.raises(ValueError, match="item_id"):
        client.conversations.items.retrieve(value, conversation_id="conv_1")
    assert transport.requests == []


async def test_async_guards_fire_before_any_request() -> None:
    transport = ScriptedTransport()
    client = AsyncFake(http_client=transport.async_client())
    with pytest.raises(ValueError, match="conversation_id"):
        await client.conversations.retrieve("..")
    with pytest.raises(ValueError, match="conversation_id"):
        client.conversations.items.list("")
    assert transport.requests == []


@pytest.mark.parametrize("conv_id", AWKWARD_IDS)
def test_awkward_ids_stay_one_segment_on_the_wire(conv_id: str) -> None:
    transport = ScriptedTransport(Reply(200, json=conversation(conv_id)))
    result = Fake(http_client=transport.sync_client()).conversations.retrieve(conv_id)
    raw_path = transport.requests[0].url.raw_path.decode("ascii")
    prefix = "/v1/conversations/"
    assert raw_path.startswith(prefix)
    segment = raw_path[len(prefix) :]
    assert "/" not in segment and "?" not in segment and "#" not in segment
    assert unquote(segment) == conv_id
    assert transport.requests[0].url.query == b""
    assert result.id == conv_id


async def echo_path_app(scope: Scope, receive: Receive, send: Send) -> None:
    """A real ASGI app that answers with the last raw path segment it received, decoded."""
    assert scope["type"] == "http"
    segment = scope["raw_path"].decode("ascii").rsplit("/", 1)[-1]
    body = httpx.Response(200, json=conversation(unquote(segment))).content
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def test_awkward_ids_round_trip_through_an_asgi_app() -> None:
    http_client = httpx.AsyncClient(transport=httpx.ASGITransport(app=echo_path_app))
    async with http_client:
        client = AsyncFake(http_client=http_client)
        for conv_id in AWKWARD_IDS:
            assert (await client.conversations.retrieve(conv_id)).id == conv_id
