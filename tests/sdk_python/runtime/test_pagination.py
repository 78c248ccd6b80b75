"""Auto-pagination: walking every item across pages, page-level control, stop conditions."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from rt_pkg._exceptions import APIResponseValidationError
from rt_pkg._pagination import BaseSyncPage

from .fake_sdk import (
    AsyncCursorPage,
    AsyncFake,
    Fake,
    Message,
    SyncCursorPage,
    UnknownConversationItem,
)
from .helpers import ids, message, page
from .scripted import Reply, ScriptedTransport


def three_pages() -> list[Reply]:
    return [
        Reply(json=page([message("m1"), message("m2")], has_more=True, last_id="m2")),
        Reply(json=page([message("m3")], has_more=True, last_id="m3")),
        Reply(json=page([message("m4")], has_more=False, last_id="m4")),
    ]


def after_params(transport: ScriptedTransport) -> list[str | None]:
    return [request.url.params.get("after") for request in transport.requests]


def test_iterating_a_page_walks_every_item_of_every_page() -> None:
    transport = ScriptedTransport(*three_pages())
    client = Fake(http_client=transport.sync_client())
    items = list(client.conversations.items.list("conv_1", limit=2, extra_headers={"X-Trace": "t"}))
    assert ids(items) == ["m1", "m2", "m3", "m4"]
    assert all(isinstance(item, Message) for item in items)
    assert after_params(transport) == [None, "m2", "m3"]
    # Later pages keep the original query and per-request options.
    assert [request.url.params.get("limit") for request in transport.requests] == ["2"] * 3
    assert transport.headers("X-Trace") == ["t"] * 3
    assert all(
        request.url.path == "/v1/conversations/conv_1/items" for request in transport.requests
    )
    assert transport.leaked == 0


def test_page_level_control() -> None:
    transport = ScriptedTransport(*three_pages())
    first = Fake(http_client=transport.sync_client()).conversations.items.list("conv_1")
    assert isinstance(first, SyncCursorPage)
    assert ids(first.data) == ["m1", "m2"]
    assert first.envelope["first_id"] == "m1"
    assert first.has_next_page()
    second = first.next_page()
    assert ids(second.data) == ["m3"]
    pages = list(second.iter_pages())
    assert [ids(p.data) for p in pages] == [["m3"], ["m4"]]
    last = pages[-1]
    assert not last.has_next_page()
    with pytest.raises(RuntimeError, match="No next page"):
        last.next_page()
    assert len(transport.requests) == 3  # iter_pages starts from the page it is called on


@pytest.mark.parametrize(
    "second_page",
    [
        page([], has_more=True, last_id="m9"),  # empty page
        page([message("m3")], has_more=True, last_id=None),  # no cursor
        {"data": [message("m3")], "has_more": True},  # cursor field absent
        page([message("m3")], has_more=True, last_id=""),  # empty cursor
        page([message("m3")], has_more=True, last_id="m2"),  # the same cursor again: a loop
        page([message("m3")], has_more=False, last_id="m3"),  # has_more false
    ],
    ids=["empty", "null-cursor", "no-cursor-field", "empty-cursor", "repeated-cursor", "no-more"],
)
def test_pagination_stops(second_page: dict[str, Any]) -> None:
    transport = ScriptedTransport(
        Reply(json=page([message("m1"), message("m2")], has_more=True, last_id="m2")),
        Reply(json=second_page),
    )
    items = list(Fake(http_client=transport.sync_client()).conversations.items.list("conv_1"))
    assert len(transport.requests) == 2
    assert ids(items) == ["m1", "m2"] + [i["id"] for i in second_page["data"]]


def test_walks_250_items_in_pages_of_100() -> None:
    def serve(request: httpx.Request) -> Reply:
        start = int(request.url.params.get("after", "-1").removeprefix("m")) + 1
        ids = list(range(start, min(start + 100, 250)))
        return Reply(
            json=page(
                [message(f"m{i}") for i in ids], has_more=ids[-1] < 249, last_id=f"m{ids[-1]}"
            )
        )

    transport = ScriptedTransport(serve, serve, serve)
    items = list(
        Fake(http_client=transport.sync_client()).conversations.items.list("conv_1", limit=100)
    )
    assert ids(items) == [f"m{i}" for i in range(250)]
    assert len(transport.requests) == 3


def test_a_retried_page_continues_the_walk(sleeps: list[float]) -> None:
    pages = three_pages()
    transport = ScriptedTransport(pages[0], Reply(503), pages[1], pages[2])
    items = list(Fake(http_client=transport.sync_client()).conversations.items.list("conv_1"))
    assert len(items) == 4
    assert after_params(transport) == [None, "m2", "m2", "m3"]
    assert len(sleeps) == 1


def test_unknown_variants_inside_pages() -> None:
    body = page([message("m1"), {"type": "new_kind", "id": "n1"}], has_more=False, last_id="n1")
    transport = ScriptedTransport(Reply(json=body), Reply(json=body))
    loose = list(Fake(http_client=transport.sync_client()).conversations.items.list("c"))
    assert type(loose[1]) is UnknownConversationItem
    assert loose[1].discriminator_value == "new_kind"
    strict = Fake(http_client=transport.sync_client(), strict_response_validation=True)
    with pytest.raises(APIResponseValidationError, match="unknown variant"):
        strict.conversations.items.list("c")


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ([message("m1")], "JSON object page"),
        ({"data": {"m1": 1}, "has_more": False}, "list in page field 'data'"),
        ({"items": [], "has_more": False}, "list in page field 'data'"),
        ({"data": [], "has_more": "yes"}, "boolean in page field 'has_more'"),
    ],
)
def test_malformed_pages_raise_validation_errors(body: object, needle: str) -> None:
    transport = ScriptedTransport(Reply(json=body))
    with pytest.raises(APIResponseValidationError, match=needle) as caught:
        Fake(http_client=transport.sync_client()).conversations.items.list("c")
    assert caught.value.status == 200


def test_cursor_from_the_last_item_when_the_envelope_has_none() -> None:
    class ItemCursorPage(BaseSyncPage[Any]):
        _cursor_field = None
        _cursor_item_field = "id"

    transport = ScriptedTransport(
        Reply(json={"data": [message("m1")], "has_more": True}),
        Reply(json={"data": [message("m2")], "has_more": False}),
    )
    client = Fake(http_client=transport.sync_client())
    first = client._get_api_list("/things", page=ItemCursorPage, model=dict)
    assert [item["id"] for item in first] == ["m1", "m2"]
    assert after_params(transport) == [None, "m1"]


# -- async ------------------------------------------------------------------------------------


async def test_async_for_walks_every_item_without_awaiting_first() -> None:
    transport = ScriptedTransport(*three_pages())
    client = AsyncFake(http_client=transport.async_client())
    items = [item async for item in client.conversations.items.list("conv_1", limit=2)]
    assert ids(items) == ["m1", "m2", "m3", "m4"]
    assert after_params(transport) == [None, "m2", "m3"]
    assert transport.leaked == 0


async def test_async_page_level_control() -> None:
    transport = ScriptedTransport(*three_pages())
    client = AsyncFake(http_client=transport.async_client())
    first = await client.conversations.items.list("conv_1")
    assert isinstance(first, AsyncCursorPage)
    assert first.has_next_page()
    second = await first.next_page()
    assert ids(second.data) == ["m3"]
    seen = [ids(p.data) async for p in second.iter_pages()]
    assert seen == [["m3"], ["m4"]]
    transport.add(*three_pages()[1:])
    walked = [item async for item in first]  # iterating a page walks on from that page
    assert ids(walked) == ["m1", "m2", "m3", "m4"]


async def test_async_pagination_stops_on_empty_page() -> None:
    transport = ScriptedTransport(
        Reply(json=page([message("m1")], has_more=True, last_id="m1")),
        Reply(json=page([], has_more=True, last_id="m1x")),
    )
    client = AsyncFake(http_client=transport.async_client())
    assert ids([item async for item in client.conversations.items.list("c")]) == ["m1"]
    assert len(transport.requests) == 2


def test_page_aliases_are_the_same_object_per_item_type_and_still_typed() -> None:
    # Cached by the item type's identity (typing's own cache hashes the whole union each call).
    from typing import get_args, get_origin

    from .fake_sdk import ConversationItem

    first = SyncCursorPage[ConversationItem]
    assert SyncCursorPage[ConversationItem] is first
    assert get_origin(first) is SyncCursorPage
    assert get_args(first) == (ConversationItem,)
    assert SyncCursorPage[Message] is not first
    assert get_args(SyncCursorPage[Message]) == (Message,)
    assert get_args(AsyncCursorPage[ConversationItem]) == (ConversationItem,)
    assert get_origin(AsyncCursorPage[ConversationItem]) is AsyncCursorPage
