"""The official `openai` Python client drives every conversation method against the app."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import openai
import pytest
from fastapi import FastAPI
from openai import OpenAI

from tests.app.live_server import serve_on_loopback


@pytest.fixture
def openai_client(app: FastAPI) -> Iterator[OpenAI]:
    """An `OpenAI` client whose base URL is the app, served by uvicorn on loopback."""
    with serve_on_loopback(app) as base_url, httpx.Client() as http_client:
        yield OpenAI(base_url=f"{base_url}/v1", api_key="x", http_client=http_client, max_retries=0)


def test_conversation_methods(openai_client: OpenAI) -> None:
    conversations = openai_client.conversations
    created = conversations.create(
        items=[{"type": "message", "role": "user", "content": "Hello"}],
        metadata={"topic": "demo"},
    )
    assert created.id.startswith("conv_") and created.object == "conversation"
    assert created.metadata == {"topic": "demo"}

    retrieved = conversations.retrieve(created.id)
    assert retrieved.id == created.id and retrieved.created_at == created.created_at

    updated = conversations.update(created.id, metadata={"topic": "changed"})
    assert updated.metadata == {"topic": "changed"}
    assert conversations.retrieve(created.id).metadata == {"topic": "changed"}

    deleted = conversations.delete(created.id)
    assert deleted.id == created.id and deleted.deleted is True
    with pytest.raises(openai.NotFoundError) as raised:
        conversations.retrieve(created.id)
    assert raised.value.status_code == 404
    assert raised.value.body["code"] == "not_found"  # type: ignore[index]


def test_item_methods(openai_client: OpenAI) -> None:
    conversation = openai_client.conversations.create()
    items = openai_client.conversations.items

    created_ids: list[str] = []
    for batch in range(3):
        page = items.create(
            conversation.id,
            items=[
                {"type": "message", "role": "user", "content": f"message {batch}-{n}"}
                for n in range(5)
            ],
        )
        assert len(page.data) == 5
        created_ids.extend(item.id for item in page.data)  # type: ignore[union-attr]

    first_page = items.list(conversation.id, limit=4, order="asc")
    assert first_page.has_more is True and len(first_page.data) == 4
    pages = list(first_page.iter_pages())
    assert len(pages) == 4  # 15 items, 4 per page: auto-pagination crossed 3 page boundaries
    walked = [item.id for item in items.list(conversation.id, limit=4, order="asc")]  # type: ignore[union-attr]
    assert walked == created_ids
    newest_first = [item.id for item in items.list(conversation.id, limit=6)]  # type: ignore[union-attr]
    assert newest_first == created_ids[::-1]

    item = items.retrieve(created_ids[0], conversation_id=conversation.id)
    assert item.type == "message" and item.id == created_ids[0]
    assert item.role == "user" and item.content == "message 0-0"  # type: ignore[union-attr]

    deleted = items.delete(created_ids[0], conversation_id=conversation.id)
    # The contract returns `conversation.item.deleted`; the client parses it leniently.
    assert deleted.id == created_ids[0]
    assert deleted.model_extra == {"deleted": True} or getattr(deleted, "deleted", True)
    with pytest.raises(openai.NotFoundError):
        items.retrieve(created_ids[0], conversation_id=conversation.id)
    assert [i.id for i in items.list(conversation.id, limit=100, order="asc")] == created_ids[1:]  # type: ignore[union-attr]


def test_validation_error_is_a_bad_request(openai_client: OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as raised:
        openai_client.conversations.create(metadata={"k" * 65: "v"})
    assert raised.value.status_code == 400
    assert raised.value.param == "metadata." + "k" * 65  # type: ignore[attr-defined]
