"""Every item type, content part and annotation round-trips field for field, extras included."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.app.helpers import add_items, create_conversation
from tests.app.samples import ANNOTATIONS, INPUT_PARTS, ITEM_TYPES, ITEMS, OUTPUT_PARTS


def assert_sent_fields_kept(sent: Any, got: Any, path: str = "item") -> None:
    """Every field that was sent comes back with the same value (defaults may be added)."""
    if isinstance(sent, dict):
        assert isinstance(got, dict), f"{path}: expected an object, got {got!r}"
        for key, value in sent.items():
            assert key in got, f"{path}.{key} is missing"
            assert_sent_fields_kept(value, got[key], f"{path}.{key}")
    elif isinstance(sent, list):
        assert isinstance(got, list) and len(got) == len(sent), f"{path}: {got!r} != {sent!r}"
        for index, (sent_value, got_value) in enumerate(zip(sent, got, strict=True)):
            assert_sent_fields_kept(sent_value, got_value, f"{path}.{index}")
    else:
        assert got == sent and type(got) is type(sent), f"{path}: {got!r} != {sent!r}"


def test_samples_cover_every_type() -> None:
    assert {item["type"] for item in ITEMS} == ITEM_TYPES
    part_types = {part["type"] for part in INPUT_PARTS + OUTPUT_PARTS}
    assert part_types == {"input_text", "input_image", "input_file", "output_text", "refusal"}
    assert {a["type"] for a in ANNOTATIONS} == {
        "file_citation",
        "url_citation",
        "container_file_citation",
        "file_path",
    }


@pytest.mark.parametrize("sample", ITEMS, ids=[f"{i['type']}-{i['id']}" for i in ITEMS])
async def test_item_round_trips(client: httpx.AsyncClient, sample: dict[str, Any]) -> None:
    conversation = await create_conversation(client)
    created = (await add_items(client, conversation["id"], [sample]))["data"][0]
    assert_sent_fields_kept(sample, created)

    response = await client.get(f"/v1/conversations/{conversation['id']}/items/{sample['id']}")
    assert response.status_code == 200, response.text
    assert response.json() == created

    listed = (await client.get(f"/v1/conversations/{conversation['id']}/items")).json()
    assert listed["data"] == [created]


async def test_initial_items_round_trip_in_order(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client, items=ITEMS, metadata={"topic": "all"})
    response = await client.get(
        f"/v1/conversations/{conversation['id']}/items", params={"order": "asc", "limit": 100}
    )
    listed = response.json()["data"]
    assert [item["id"] for item in listed] == [item["id"] for item in ITEMS]
    for sent, got in zip(ITEMS, listed, strict=True):
        assert_sent_fields_kept(sent, got)


async def test_defaults_are_filled_and_ids_assigned(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client)
    created = (
        await add_items(
            client,
            conversation["id"],
            [
                {
                    "type": "message",
                    "role": "user",
                    "content": [
                        {"type": "input_image", "image_url": "u"},
                        {"type": "output_text", "text": "t"},
                    ],
                },
                {"type": "function_call", "call_id": "c", "name": "n", "arguments": "{}"},
            ],
        )
    )["data"]
    message, call = created
    assert message["id"].startswith("msg_") and len(message["id"]) == 4 + 48
    assert call["id"].startswith("item_") and len(call["id"]) == 5 + 48
    assert message["content"][0]["detail"] == "auto"
    assert message["content"][1]["annotations"] == []
