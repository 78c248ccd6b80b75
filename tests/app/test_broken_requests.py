"""Broken requests get the error envelope, and the same connection keeps working afterwards.

Each case runs in-process (ASGITransport) and against a real uvicorn server over one
keep-alive connection, whose local port proves that the connection was reused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.conversations.service import SqlConversationService
from app.main import create_app
from app.settings import Settings
from tests.app.helpers import assert_error, create_conversation
from tests.app.live_server import serve_on_loopback

MISSING = "conv_" + "f" * 48
SMALL_LIMIT = 4096


def broken_requests(conversation_id: str) -> list[tuple[str, dict[str, Any], int, dict[str, Any]]]:
    """(name, httpx request kwargs, status, expected error fields)."""
    items = f"/v1/conversations/{conversation_id}/items"
    json_header = {"content-type": "application/json"}
    return [
        (
            "malformed-json",
            {"method": "POST", "url": items, "content": b'{"items": [', "headers": json_header},
            400,
            {"code": "invalid_json"},
        ),
        (
            "not-utf8",
            {
                "method": "POST",
                "url": items,
                "content": b'{"items": [{"type": "message", "role": "user", "content": "'
                + b"\xff\xfe\xfa"
                + b'"}]}',
                "headers": json_header,
            },
            400,
            {"code": "invalid_encoding"},
        ),
        (
            "nan-is-not-json",
            {
                "method": "POST",
                "url": items,
                "content": b'{"items": [{"type": "message", "role": "user", "content": "x", '
                b'"score": NaN}]}',
                "headers": json_header,
            },
            400,
            {"code": "invalid_json"},
        ),
        (
            "not-json-content-type",
            {
                "method": "POST",
                "url": items,
                "content": b"items=1",
                "headers": {"content-type": "application/x-www-form-urlencoded"},
            },
            415,
            {"code": "unsupported_media_type"},
        ),
        (
            "text-body",
            {
                "method": "POST",
                "url": "/v1/conversations",
                "content": b"hello",
                "headers": {"content-type": "text/plain"},
            },
            415,
            {"code": "unsupported_media_type"},
        ),
        (
            "oversized",
            {
                "method": "POST",
                "url": "/v1/conversations",
                "json": {"metadata": {"k": "v" * 500} | {f"x{n}": "y" * 500 for n in range(12)}},
            },
            413,
            {"code": "request_too_large"},
        ),
        ("unknown-route", {"method": "GET", "url": "/v1/nothing/here"}, 404, {"code": "not_found"}),
        (
            "wrong-method",
            {"method": "PUT", "url": f"/v1/conversations/{conversation_id}"},
            405,
            {"code": "method_not_allowed"},
        ),
        (
            "malformed-id",
            {"method": "GET", "url": "/v1/conversations/conv_NOT-HEX"},
            400,
            {"param": "conversation_id", "code": "invalid_value"},
        ),
        (
            "unknown-id",
            {"method": "GET", "url": f"/v1/conversations/{MISSING}"},
            404,
            {"param": "conversation_id", "code": "not_found"},
        ),
        ("json-array-body", {"method": "POST", "url": items, "json": [1, 2]}, 400, {}),
        (
            "missing-body",
            {"method": "POST", "url": f"/v1/conversations/{conversation_id}"},
            400,
            {"code": "missing_required_parameter"},
        ),
    ]


CASE_NAMES = [case[0] for case in broken_requests(MISSING)]


def check_error(response: httpx.Response, status: int, expected: dict[str, Any]) -> None:
    error = assert_error(response, status, param=expected.get("param"), code=expected.get("code"))
    if status == 405:
        # HEAD is served wherever GET is (app.middleware.HeadMiddleware).
        assert response.headers["allow"] == "GET, POST, DELETE, HEAD"
    assert error["message"]


@pytest.fixture
def small_body_app() -> FastAPI:
    """The app with a 4 KiB body limit, so the oversized case stays small."""
    return create_app(Settings(database_url="sqlite+aiosqlite://", max_body_bytes=SMALL_LIMIT))


@pytest.mark.parametrize("case", CASE_NAMES)
async def test_broken_request_in_process(small_body_app: FastAPI, case: str) -> None:
    transport = httpx.ASGITransport(app=small_body_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        conversation = await create_conversation(client)
        _, request, status, expected = next(
            c for c in broken_requests(conversation["id"]) if c[0] == case
        )
        check_error(await client.request(**request), status, expected)
        again = await client.get(f"/v1/conversations/{conversation['id']}")
        assert again.status_code == 200 and again.json() == conversation
    await small_body_app.state.database.dispose()


@pytest.fixture
def live_client(small_body_app: FastAPI) -> Iterator[httpx.Client]:
    """A keep-alive client of the app served by uvicorn on loopback."""
    with serve_on_loopback(small_body_app) as base_url, httpx.Client(base_url=base_url) as client:
        yield client


def local_port(response: httpx.Response) -> int:
    """The client-side port of the connection that carried `response`."""
    stream = response.extensions["network_stream"]
    port: int = stream.get_extra_info("client_addr")[1]
    return port


def test_broken_requests_over_one_keep_alive_connection(live_client: httpx.Client) -> None:
    created = live_client.post("/v1/conversations", json={})
    assert created.status_code == 200
    conversation = created.json()
    port = local_port(created)
    for name, request, status, expected in broken_requests(conversation["id"]):
        check_error(live_client.request(**request), status, expected)
        again = live_client.get(f"/v1/conversations/{conversation['id']}")
        assert again.status_code == 200, name
        assert local_port(again) == port, f"{name}: the connection was not kept alive"


@pytest.fixture
def failing_retrieve(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Make the service raise a secret-bearing exception on `retrieve_conversation`."""

    async def explode(self: SqlConversationService, conversation_id: str) -> None:
        raise RuntimeError("SECRET internal detail /etc/passwd")

    def install() -> None:
        monkeypatch.setattr(SqlConversationService, "retrieve_conversation", explode)

    return install


async def test_service_exception_is_a_clean_500(
    sqlite_client: httpx.AsyncClient, failing_retrieve: Callable[[], None]
) -> None:
    conversation = await create_conversation(sqlite_client)
    failing_retrieve()
    response = await sqlite_client.get(f"/v1/conversations/{conversation['id']}")
    error = assert_error(response, 500, error_type="server_error", code="internal_error")
    assert response.headers["x-request-id"] in error["message"]
    assert "SECRET" not in response.text and "RuntimeError" not in response.text
    # The same client still works for routes that do not fail.
    assert (
        await sqlite_client.get(f"/v1/conversations/{conversation['id']}/items")
    ).status_code == 200


def test_service_exception_over_a_real_connection(
    live_client: httpx.Client, failing_retrieve: Callable[[], None]
) -> None:
    conversation = live_client.post("/v1/conversations", json={}).json()
    failing_retrieve()
    response = live_client.get(f"/v1/conversations/{conversation['id']}")
    error = assert_error(response, 500, error_type="server_error", code="internal_error")
    assert response.headers["x-request-id"] in error["message"]
    assert "SECRET" not in response.text
    again = live_client.get(f"/v1/conversations/{conversation['id']}/items")
    assert again.status_code == 200 and local_port(again) == local_port(response)


async def test_every_response_has_a_request_id(sqlite_client: httpx.AsyncClient) -> None:
    ids = {(await sqlite_client.get("/v1/health")).headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3
