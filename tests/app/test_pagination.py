"""Cursor pagination over 250 items: every limit, both orders, exact page metadata."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.app.helpers import add_items, assert_error, create_conversation, text_message

TOTAL = 250


@pytest.fixture
async def conversation_ids(client: httpx.AsyncClient) -> tuple[str, list[str]]:
    """A conversation of 250 items; returns its id and the item ids in insertion order."""
    conversation = await create_conversation(client)
    ids: list[str] = []
    for start in range(0, TOTAL, 20):
        batch = [text_message(f"m{n}") for n in range(start, min(start + 20, TOTAL))]
        page = await add_items(client, conversation["id"], batch)
        ids.extend(item["id"] for item in page["data"])
    return conversation["id"], ids


async def walk(
    client: httpx.AsyncClient, conversation_id: str, limit: int, order: str
) -> list[dict[str, Any]]:
    """Follow `after = last_id` to the end, checking each page's metadata."""
    pages: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": limit, "order": order}
    while True:
        response = await client.get(f"/v1/conversations/{conversation_id}/items", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        pages.append(page)
        if not page["has_more"]:
            return pages
        params["after"] = page["last_id"]


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("limit", [1, 7, 100])
async def test_walk_every_page(
    client: httpx.AsyncClient, conversation_ids: tuple[str, list[str]], limit: int, order: str
) -> None:
    conversation_id, inserted = conversation_ids
    expected = inserted if order == "asc" else inserted[::-1]
    pages = await walk(client, conversation_id, limit, order)

    seen: list[str] = []
    for page in pages:
        ids = [item["id"] for item in page["data"]]
        assert page["object"] == "list"
        assert 1 <= len(ids) <= limit
        assert page["first_id"] == ids[0] and page["last_id"] == ids[-1]
        seen.extend(ids)
        assert page["has_more"] == (len(seen) < TOTAL)
    assert seen == expected
    assert len(pages) == -(-TOTAL // limit)


async def test_page_after_the_last_item_is_empty(
    client: httpx.AsyncClient, conversation_ids: tuple[str, list[str]]
) -> None:
    conversation_id, inserted = conversation_ids
    response = await client.get(
        f"/v1/conversations/{conversation_id}/items", params={"after": inserted[-1], "order": "asc"}
    )
    assert response.json() == {
        "object": "list",
        "data": [],
        "first_id": None,
        "last_id": None,
        "has_more": False,
    }


async def test_default_page_is_20_newest_first(
    client: httpx.AsyncClient, conversation_ids: tuple[str, list[str]]
) -> None:
    conversation_id, inserted = conversation_ids
    page = (await client.get(f"/v1/conversations/{conversation_id}/items")).json()
    assert [item["id"] for item in page["data"]] == inserted[::-1][:20]
    assert page["has_more"] is True


async def test_exact_has_more_at_the_boundary(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client, items=[text_message(str(n)) for n in range(5)])
    base = f"/v1/conversations/{conversation['id']}/items"
    assert (await client.get(base, params={"limit": 5})).json()["has_more"] is False
    assert (await client.get(base, params={"limit": 4})).json()["has_more"] is True


async def test_empty_conversation_page(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client)
    page = (await client.get(f"/v1/conversations/{conversation['id']}/items")).json()
    assert page == {
        "object": "list",
        "data": [],
        "first_id": None,
        "last_id": None,
        "has_more": False,
    }


async def test_unknown_after_is_a_400(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client, items=[text_message("x")])
    other = await create_conversation(client, items=[text_message("y", id="msg_other")])
    for after in ["msg_nope", "msg_other"]:
        response = await client.get(
            f"/v1/conversations/{conversation['id']}/items", params={"after": after}
        )
        assert_error(response, 400, param="after", code="invalid_value")
    assert other["id"] != conversation["id"]
