"""The generated SDK against the real app in-process: sync and async."""

from __future__ import annotations

from typing import Any

import pytest

ITEMS: list[dict[str, Any]] = [
    {"type": "message", "role": "user", "content": "hello"},
    {"type": "message", "role": "assistant", "content": [
        {"type": "output_text", "text": "hi", "annotations": [
            {"type": "file_citation", "file_id": "f", "filename": "a.txt", "index": 1},
            {"type": "url_citation", "url": "https://x", "title": "t", "start_index": 0,
             "end_index": 1},
        ]},
        {"type": "refusal", "refusal": "no"},
    ]},
    {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
    {"type": "function_call_output", "call_id": "c1", "output": "done"},
]


def test_sync_round_trip(sync_client: Any) -> None:
    import parley_client
    from parley_client.types import Conversation

    conv = sync_client.conversations.create(items=ITEMS, metadata={"k": "v"})
    assert isinstance(conv, Conversation) and conv.metadata == {"k": "v"}
    items = list(sync_client.conversations.items.list(conv.id, order="asc"))
    assert [i.type for i in items] == [i["type"] for i in ITEMS]
    assert type(items[0]).__name__ == "MessageItem"
    assert items[2].to_dict()["arguments"] == "{}"
    got = sync_client.conversations.items.retrieve(items[1].id, conversation_id=conv.id)
    assert got.to_dict() == items[1].to_dict()
    raw = sync_client.conversations.with_raw_response.retrieve(conv.id)
    assert raw.status_code == 200 and raw.parse().id == conv.id
    with pytest.raises(parley_client.NotFoundError) as not_found:
        sync_client.conversations.retrieve("conv_" + "0" * 48)
    assert not_found.value.request_id and not_found.value.code == "not_found"
    with pytest.raises(parley_client.BadRequestError) as bad:
        sync_client.conversations.retrieve("nope")
    assert bad.value.param == "conversation_id"
    assert sync_client.health.check().status == "OK"
    assert sync_client.version.retrieve().version
    assert sync_client.inspect.routes.list().data


async def test_async_pagination_walks_250_items(async_client: Any) -> None:
    conv = await async_client.conversations.create()
    for start in range(0, 250, 20):
        batch = [{"type": "message", "role": "user", "content": f"m{n}"}
                 for n in range(start, min(start + 20, 250))]
        await async_client.conversations.items.create(conv.id, items=batch)
    seen = [item.content async for item in async_client.conversations.items.list(
        conv.id, limit=30, order="asc")]
    assert seen == [f"m{n}" for n in range(250)]
    deleted = await async_client.conversations.delete(conv.id)
    assert deleted.deleted is True
