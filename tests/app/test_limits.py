"""Every enforced limit at the boundary and one past it; failures name the right `param`."""

from __future__ import annotations

import httpx
import pytest

from tests.app.helpers import assert_error, create_conversation, text_message


@pytest.mark.parametrize("count", [1, 20])
async def test_items_per_request_within_limit(sqlite_client: httpx.AsyncClient, count: int) -> None:
    conversation = await create_conversation(sqlite_client)
    response = await sqlite_client.post(
        f"/v1/conversations/{conversation['id']}/items",
        json={"items": [text_message(str(n)) for n in range(count)]},
    )
    assert response.status_code == 200 and len(response.json()["data"]) == count


async def test_21_items_is_too_many(sqlite_client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(sqlite_client)
    response = await sqlite_client.post(
        f"/v1/conversations/{conversation['id']}/items",
        json={"items": [text_message(str(n)) for n in range(21)]},
    )
    assert_error(response, 400, param="items", code="too_many_items")
    listed = await sqlite_client.get(f"/v1/conversations/{conversation['id']}/items")
    assert listed.json()["data"] == []


async def test_zero_items_is_too_few(sqlite_client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(sqlite_client)
    response = await sqlite_client.post(
        f"/v1/conversations/{conversation['id']}/items", json={"items": []}
    )
    assert_error(response, 400, param="items")


async def test_create_conversation_item_limit(sqlite_client: httpx.AsyncClient) -> None:
    items = [text_message(str(n)) for n in range(21)]
    ok = await sqlite_client.post("/v1/conversations", json={"items": items[:20]})
    assert ok.status_code == 200
    assert_error(
        await sqlite_client.post("/v1/conversations", json={"items": items}),
        400,
        param="items",
        code="too_many_items",
    )


@pytest.mark.parametrize(
    ("meta", "param"),
    [
        ({f"k{n}": "v" for n in range(17)}, "metadata"),
        ({"k" * 65: "v"}, "metadata." + "k" * 65),
        ({"k": "v" * 513}, "metadata.k"),
        ({"": "v"}, "metadata."),
        ({"k": 1}, "metadata.k"),
    ],
    ids=["17-pairs", "65-char-key", "513-char-value", "empty-key", "non-string-value"],
)
async def test_metadata_past_the_limits(
    sqlite_client: httpx.AsyncClient, meta: dict[str, object], param: str
) -> None:
    assert_error(
        await sqlite_client.post("/v1/conversations", json={"metadata": meta}), 400, param=param
    )
    conversation = await create_conversation(sqlite_client)
    response = await sqlite_client.post(
        f"/v1/conversations/{conversation['id']}", json={"metadata": meta}
    )
    assert_error(response, 400, param=param)


async def test_metadata_at_the_limits(sqlite_client: httpx.AsyncClient) -> None:
    meta = {f"{n:02d}" + "k" * 62: "v" * 512 for n in range(16)}
    assert all(len(key) == 64 for key in meta)
    conversation = await create_conversation(sqlite_client, metadata=meta)
    assert conversation["metadata"] == meta
    response = await sqlite_client.post(
        f"/v1/conversations/{conversation['id']}", json={"metadata": meta}
    )
    assert response.status_code == 200 and response.json()["metadata"] == meta


@pytest.mark.parametrize(
    ("limit", "ok"), [(0, False), (1, True), (100, True), (101, False), ("x", False)]
)
async def test_list_limit(sqlite_client: httpx.AsyncClient, limit: object, ok: bool) -> None:
    conversation = await create_conversation(sqlite_client)
    response = await sqlite_client.get(
        f"/v1/conversations/{conversation['id']}/items", params={"limit": limit}
    )
    if ok:
        assert response.status_code == 200
    else:
        assert_error(response, 400, param="limit", code="invalid_value")


async def test_bad_order_and_include(sqlite_client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(sqlite_client, items=[text_message("x", id="m1")])
    base = f"/v1/conversations/{conversation['id']}/items"
    assert_error(await sqlite_client.get(base, params={"order": "up"}), 400, param="order")
    assert_error(
        await sqlite_client.get(base, params={"include": "everything"}), 400, param="include"
    )
    assert_error(
        await sqlite_client.get(f"{base}/m1", params={"include": "nope"}), 400, param="include"
    )
    assert_error(
        await sqlite_client.post(
            base, params={"include": "nope"}, json={"items": [text_message("y")]}
        ),
        400,
        param="include",
    )


@pytest.mark.parametrize(
    ("item", "param"),
    [
        ({"type": "message", "role": "robot", "content": "x"}, "items.0.role"),
        ({"type": "message", "content": "x"}, "items.0.role"),
        ({"type": "nonsense"}, "items.0.type"),
        ({"role": "user", "content": "x"}, "items.0.type"),
        (
            {"type": "message", "role": "user", "content": [{"type": "input_text"}]},
            "items.0.content.0.text",
        ),
        (
            {
                "type": "message",
                "role": "user",
                "content": [
                    {
                        "type": "output_text",
                        "text": "t",
                        "annotations": [{"type": "file_path", "file_id": "f"}],
                    }
                ],
            },
            "items.0.content.0.annotations.0.index",
        ),
        ({"type": "web_search_call", "status": "completed"}, "items.0.id"),
        ({"type": "message", "id": "", "role": "user", "content": "x"}, "items.0.id"),
    ],
)
async def test_invalid_items_name_the_field(
    sqlite_client: httpx.AsyncClient, item: dict[str, object], param: str
) -> None:
    conversation = await create_conversation(sqlite_client)
    response = await sqlite_client.post(
        f"/v1/conversations/{conversation['id']}/items", json={"items": [text_message("ok"), item]}
    )
    assert_error(response, 400, param=param.replace("items.0", "items.1"))


async def test_unknown_parameter(sqlite_client: httpx.AsyncClient) -> None:
    response = await sqlite_client.post("/v1/conversations", json={"itemz": []})
    assert_error(response, 400, param="itemz", code="unknown_parameter")
