"""Small helpers shared by the service tests."""

from __future__ import annotations

from typing import Any

import httpx

JSON = dict[str, Any]


async def create_conversation(client: httpx.AsyncClient, **body: Any) -> JSON:
    """Create a conversation and return it."""
    response = await client.post("/v1/conversations", json=body)
    assert response.status_code == 200, response.text
    conversation: JSON = response.json()
    return conversation


async def add_items(client: httpx.AsyncClient, conversation_id: str, items: list[JSON]) -> JSON:
    """Add items and return the ConversationItemList."""
    response = await client.post(
        f"/v1/conversations/{conversation_id}/items", json={"items": items}
    )
    assert response.status_code == 200, response.text
    page: JSON = response.json()
    return page


def text_message(text: str, **extra: Any) -> JSON:
    """A minimal user message."""
    return {"type": "message", "role": "user", "content": text, **extra}


def assert_error(
    response: httpx.Response,
    status: int,
    *,
    param: str | None = None,
    code: str | None = None,
    error_type: str = "invalid_request_error",
) -> JSON:
    """Check the error envelope exactly: status, keys, type, param and code."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers.get("x-request-id", "").startswith("req_")
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"message", "type", "param", "code"}, error
    assert isinstance(error["message"], str) and error["message"]
    assert error["type"] == error_type, error
    assert error["param"] == param, error
    if code is not None:
        assert error["code"] == code, error
    assert "Traceback" not in response.text
    result: JSON = error
    return result


async def assert_still_works(client: httpx.AsyncClient) -> None:
    """After a failed request, the same client can still create and read a conversation."""
    conversation = await create_conversation(client, metadata={"after": "error"})
    response = await client.get(f"/v1/conversations/{conversation['id']}")
    assert response.status_code == 200, response.text
    assert response.json() == conversation
