"""Every route, its happy path and its not-found behaviour, on every backend."""

from __future__ import annotations

import re
import time
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI

from app.version import __version__
from tests.app.helpers import add_items, assert_error, create_conversation, text_message

CONVERSATION_ID = re.compile(r"^conv_[0-9a-f]{48}$")
MISSING_CONVERSATION = "conv_" + "0" * 48


async def test_create_conversation_defaults(client: httpx.AsyncClient) -> None:
    before = int(time.time())
    response = await client.post("/v1/conversations", json={})
    assert response.status_code == 200, response.text
    body = response.json()
    assert CONVERSATION_ID.match(body["id"])
    assert body["object"] == "conversation"
    assert body["metadata"] == {}
    assert before <= body["created_at"] <= int(time.time()) + 1
    assert response.headers["x-request-id"].startswith("req_")


async def test_create_conversation_without_body(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/conversations")
    assert response.status_code == 200, response.text
    assert response.json()["metadata"] == {}


async def test_create_with_items_and_metadata(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(
        client, items=[text_message("one"), text_message("two")], metadata={"k": "v"}
    )
    assert conversation["metadata"] == {"k": "v"}
    listed = (
        await client.get(f"/v1/conversations/{conversation['id']}/items", params={"order": "asc"})
    ).json()
    assert [item["content"] for item in listed["data"]] == ["one", "two"]


async def test_retrieve_conversation(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client, metadata={"a": "1"})
    response = await client.get(f"/v1/conversations/{conversation['id']}")
    assert response.status_code == 200
    assert response.json() == conversation


async def test_update_replaces_metadata(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client, metadata={"a": "1", "b": "2"})
    response = await client.post(
        f"/v1/conversations/{conversation['id']}", json={"metadata": {"c": "3"}}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {**conversation, "metadata": {"c": "3"}}
    again = await client.get(f"/v1/conversations/{conversation['id']}")
    assert again.json()["metadata"] == {"c": "3"}


async def test_update_requires_metadata(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client)
    response = await client.post(f"/v1/conversations/{conversation['id']}", json={})
    assert_error(response, 400, param="metadata", code="missing_required_parameter")


async def test_delete_conversation_cascades(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client, items=[text_message("x", id="msg_keep")])
    conversation_id = conversation["id"]
    response = await client.delete(f"/v1/conversations/{conversation_id}")
    assert response.status_code == 200
    assert response.json() == {
        "id": conversation_id,
        "object": "conversation.deleted",
        "deleted": True,
    }
    assert_error(
        await client.get(f"/v1/conversations/{conversation_id}"),
        404,
        param="conversation_id",
        code="not_found",
    )
    assert_error(
        await client.get(f"/v1/conversations/{conversation_id}/items"),
        404,
        param="conversation_id",
        code="not_found",
    )
    assert_error(
        await client.get(f"/v1/conversations/{conversation_id}/items/msg_keep"),
        404,
        param="conversation_id",
        code="not_found",
    )
    assert_error(
        await client.delete(f"/v1/conversations/{conversation_id}"),
        404,
        param="conversation_id",
        code="not_found",
    )


async def test_items_create_retrieve_delete(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client)
    base = f"/v1/conversations/{conversation['id']}/items"
    page = await add_items(client, conversation["id"], [text_message("a"), text_message("b")])
    assert page["object"] == "list" and page["has_more"] is False
    first, second = page["data"]
    assert page["first_id"] == first["id"] and page["last_id"] == second["id"]

    response = await client.get(f"{base}/{first['id']}")
    assert response.status_code == 200 and response.json() == first

    response = await client.delete(f"{base}/{first['id']}")
    assert response.status_code == 200
    assert response.json() == {
        "id": first["id"],
        "object": "conversation.item.deleted",
        "deleted": True,
    }
    assert_error(await client.get(f"{base}/{first['id']}"), 404, param="item_id", code="not_found")
    assert_error(await client.delete(f"{base}/{first['id']}"), 404, param="item_id")
    remaining = (await client.get(base)).json()["data"]
    assert remaining == [second]


async def test_resent_id_replaces_in_place(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client)
    base = f"/v1/conversations/{conversation['id']}/items"
    await add_items(
        client,
        conversation["id"],
        [
            text_message("1", id="msg_a"),
            text_message("2", id="msg_b"),
            text_message("3", id="msg_c"),
        ],
    )
    replaced = await add_items(
        client,
        conversation["id"],
        [
            {
                "type": "function_call",
                "id": "msg_b",
                "call_id": "c",
                "name": "f",
                "arguments": "{}",
            },
            text_message("4", id="msg_d"),
        ],
    )
    assert [item["id"] for item in replaced["data"]] == ["msg_b", "msg_d"]
    listed = (await client.get(base, params={"order": "asc"})).json()["data"]
    assert [item["id"] for item in listed] == ["msg_a", "msg_b", "msg_c", "msg_d"]
    assert listed[1]["type"] == "function_call"


async def test_items_of_unknown_conversation(client: httpx.AsyncClient) -> None:
    base = f"/v1/conversations/{MISSING_CONVERSATION}"
    for response in [
        await client.get(base),
        await client.post(base, json={"metadata": {}}),
        await client.delete(base),
        await client.post(f"{base}/items", json={"items": [text_message("x")]}),
        await client.get(f"{base}/items"),
        await client.get(f"{base}/items/msg_1"),
        await client.delete(f"{base}/items/msg_1"),
    ]:
        assert_error(response, 404, param="conversation_id", code="not_found")


async def test_items_are_scoped_to_their_conversation(client: httpx.AsyncClient) -> None:
    one = await create_conversation(client, items=[text_message("x", id="msg_shared")])
    two = await create_conversation(client, items=[text_message("y", id="msg_shared")])
    got_one = (await client.get(f"/v1/conversations/{one['id']}/items/msg_shared")).json()
    got_two = (await client.get(f"/v1/conversations/{two['id']}/items/msg_shared")).json()
    assert (got_one["content"], got_two["content"]) == ("x", "y")


async def test_include_is_accepted(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client, items=[text_message("x", id="msg_i")])
    base = f"/v1/conversations/{conversation['id']}/items"
    include = {"include": ["message.output_text.logprobs", "file_search_call.results"]}
    assert (await client.get(base, params=include)).status_code == 200
    assert (await client.get(f"{base}/msg_i", params=include)).status_code == 200
    response = await client.post(base, params=include, json={"items": [text_message("y")]})
    assert response.status_code == 200, response.text


async def test_health_and_version(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/health")).json() == {"status": "OK", "auth": "none"}
    assert (await client.get("/v1/version")).json() == {"version": __version__}


async def test_inspect_routes_lists_every_route_in_order(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/inspect/routes")
    assert response.status_code == 200
    routes = [(entry["route"], entry["method"]) for entry in response.json()["data"]]
    assert routes == [
        ("/v1/conversations", "POST"),
        ("/v1/conversations/{conversation_id}", "GET"),
        ("/v1/conversations/{conversation_id}", "POST"),
        ("/v1/conversations/{conversation_id}", "DELETE"),
        ("/v1/conversations/{conversation_id}/items", "POST"),
        ("/v1/conversations/{conversation_id}/items", "GET"),
        ("/v1/conversations/{conversation_id}/items/{item_id}", "GET"),
        ("/v1/conversations/{conversation_id}/items/{item_id}", "DELETE"),
        ("/v1/inspect/routes", "GET"),
        ("/v1/health", "GET"),
        ("/v1/version", "GET"),
    ]
    assert all(entry["provider_types"] == [] for entry in response.json()["data"])
    v1 = await client.get("/v1/inspect/routes", params={"api_filter": "v1"})
    assert len(v1.json()["data"]) == len(routes)
    beta = await client.get("/v1/inspect/routes", params={"api_filter": "v1beta"})
    assert beta.json() == {"data": []}
    assert_error(
        await client.get("/v1/inspect/routes", params={"api_filter": "v2"}), 400, param="api_filter"
    )


async def test_route_catalogue_is_the_mounted_registry(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    """`/v1/inspect/routes` and the app's own routes come from the same registry."""
    listed = {
        (entry["route"], entry["method"].lower())
        for entry in (await client.get("/v1/inspect/routes")).json()["data"]
    }
    served = {(path, method) for path, item in app.openapi()["paths"].items() for method in item}
    assert listed == served


@pytest.mark.parametrize("item_id", ["a/b", "with space?and#hash", "ünï-😀", "..x", "%2F"])
async def test_awkward_client_ids_round_trip(client: httpx.AsyncClient, item_id: str) -> None:
    conversation = await create_conversation(client, items=[text_message("x", id=item_id)])
    url = f"/v1/conversations/{conversation['id']}/items/{quote(item_id, safe='')}"
    response = await client.get(url)
    assert response.status_code == 200, response.text
    assert response.json()["id"] == item_id
    assert (await client.delete(url)).json()["id"] == item_id
    assert (await client.get(url)).status_code == 404
