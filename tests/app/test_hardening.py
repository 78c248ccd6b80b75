"""Inputs tried as an attacker would, and the HTTP hygiene every response has."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
from fastapi import FastAPI

from app.json_route import MAX_JSON_DEPTH, json_depth
from app.main import create_app
from app.settings import Settings
from tests.app.conftest import SQLITE_MEMORY_URL
from tests.app.helpers import assert_error, create_conversation, text_message
from tests.app.live_server import serve_on_loopback

JSON_HEADERS = {"content-type": "application/json"}


async def _post_items(client: httpx.AsyncClient, body: bytes) -> httpx.Response:
    conversation = await create_conversation(client)
    return await client.post(
        f"/v1/conversations/{conversation['id']}/items", content=body, headers=JSON_HEADERS
    )


@pytest.mark.parametrize("depth", [300, 10_000, 200_000])
async def test_deep_nesting_is_a_400_not_a_500(client: httpx.AsyncClient, depth: int) -> None:
    extra = "[" * depth + "]" * depth
    body = f'{{"items": [{{"type": "message", "role": "user", "content": "x", "x": {extra}}}]}}'
    response = await _post_items(client, body.encode())
    error = assert_error(response, 400, code="nesting_too_deep")
    assert str(MAX_JSON_DEPTH) in error["message"]


async def test_nesting_at_the_limit_is_stored(sqlite_client: httpx.AsyncClient) -> None:
    levels = MAX_JSON_DEPTH - 4  # body, items list, item object and the field's own value
    extra = "[" * levels + "1" + "]" * levels
    body = f'{{"items": [{{"type": "message", "role": "user", "content": "x", "x": {extra}}}]}}'
    response = await _post_items(sqlite_client, body.encode())
    assert response.status_code == 200, response.text
    assert json_depth(response.text) >= levels


def test_json_depth_ignores_brackets_in_strings() -> None:
    assert json_depth('{"a": "[[[[{{{{", "b": [1, {"c": "]]]\\"[["}]}') == 3
    assert json_depth("[]") == 1 and json_depth('"x"') == 0


@pytest.mark.parametrize("number", ["1e400", "-1e400", "1" * 5000])
async def test_non_finite_and_unparsable_numbers_are_a_400(
    client: httpx.AsyncClient, number: str
) -> None:
    body = (
        '{"items": [{"type": "message", "role": "assistant", "content": [{"type": "output_text", '
        f'"text": "t", "annotations": [], '
        f'"logprobs": [{{"token": "t", "logprob": {number}}}]}}]}}]}}'
    )
    response = await _post_items(client, body.encode())
    assert_error(response, 400)
    assert response.json()["error"]["code"] in ("invalid_json", "invalid_number")


@pytest.mark.parametrize(
    ("body", "param"),
    [
        (
            b'{"items": [{"type": "message", "role": "user", "content": "\\udc00"}]}',
            "items.0.content",
        ),
        (
            b'{"items": [{"type": "message", "role": "user", "content": '
            b'[{"type": "input_text", "text": "a\\ud800b"}]}]}',
            "items.0.content.0.text",
        ),
        (
            b'{"items": [{"type": "message", "role": "user", "content": "x", "\\udfff": 1}]}',
            "items.0",
        ),
    ],
)
async def test_lone_surrogates_are_a_400(
    client: httpx.AsyncClient, body: bytes, param: str
) -> None:
    response = await _post_items(client, body)
    assert_error(response, 400, param=param, code="invalid_encoding")


async def test_surrogate_in_metadata_is_treated_alike(sqlite_client: httpx.AsyncClient) -> None:
    response = await sqlite_client.post(
        "/v1/conversations", content=b'{"metadata": {"k": "\\udc00"}}', headers=JSON_HEADERS
    )
    assert_error(response, 400, param="metadata.k", code="invalid_encoding")


async def test_a_paired_surrogate_is_a_character(sqlite_client: httpx.AsyncClient) -> None:
    response = await _post_items(
        sqlite_client,
        b'{"items": [{"type": "message", "role": "user", "content": "\\ud83d\\ude00"}]}',
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"][0]["content"] == "\U0001f600"


async def test_head_wherever_get_works(sqlite_client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(sqlite_client)
    for path in (
        f"/v1/conversations/{conversation['id']}",
        f"/v1/conversations/{conversation['id']}/items",
        "/v1/health",
        "/v1/version",
        "/v1/inspect/routes",
    ):
        get = await sqlite_client.get(path)
        head = await sqlite_client.head(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b""
        assert head.headers["content-length"] == get.headers["content-length"]
    missing = await sqlite_client.head("/v1/conversations/conv_" + "0" * 48)
    assert missing.status_code == 404 and missing.content == b""


async def test_head_on_a_post_only_route_is_a_405(sqlite_client: httpx.AsyncClient) -> None:
    response = await sqlite_client.head("/v1/conversations")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    # And a GET path lists HEAD among its methods.
    conversation = await create_conversation(sqlite_client)
    put = await sqlite_client.put(f"/v1/conversations/{conversation['id']}")
    assert put.headers["allow"] == "GET, POST, DELETE, HEAD"


async def test_hygiene_headers_on_every_response(sqlite_client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(sqlite_client)
    responses = [
        await sqlite_client.get(f"/v1/conversations/{conversation['id']}"),
        await sqlite_client.get("/v1/conversations/conv_" + "0" * 48),
        await sqlite_client.get("/nowhere"),
        await sqlite_client.post("/v1/conversations", content=b"{", headers=JSON_HEADERS),
        await sqlite_client.get("/openapi.json"),
    ]
    for response in responses:
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"


async def test_docs_can_be_turned_off() -> None:
    for enabled, status in ((True, 200), (False, 404)):
        app = create_app(Settings(database_url=SQLITE_MEMORY_URL, docs_enabled=enabled))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/docs")).status_code == status
            assert (await client.get("/redoc")).status_code == status
            assert (await client.get("/openapi.json")).status_code == 200


@pytest.mark.parametrize(
    ("sent", "echoed"),
    [
        ("abc-123", True),
        ("trace:4bf92f3577b34da6a3ce929d0e0e4736@svc.v1", True),
        ("x" * 128, True),
        ("x" * 129, False),
        ("has space", False),
        ("<script>", False),
        ("", False),
    ],
)
async def test_client_request_id_is_echoed_when_well_formed(
    sqlite_client: httpx.AsyncClient, sent: str, echoed: bool
) -> None:
    response = await sqlite_client.get("/v1/health", headers={"x-request-id": sent})
    if echoed:
        assert response.headers["x-request-id"] == sent
    else:
        assert response.headers["x-request-id"].startswith("req_")


def test_no_server_header_and_limits_over_a_real_connection(sqlite_app: FastAPI) -> None:
    with serve_on_loopback(sqlite_app) as base_url:
        response = httpx.get(f"{base_url}/v1/health")
    assert response.status_code == 200
    assert "server" not in response.headers


@pytest.fixture
def quick_timeout_app() -> FastAPI:
    return create_app(
        Settings(
            database_url=SQLITE_MEMORY_URL,
            header_timeout_seconds=1.0,
            body_timeout_seconds=1.0,
            max_connections=200,
        )
    )


def _open_half_sent(port: int, payload: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=15)
    sock.sendall(payload)
    return sock


def _closed_by_server(sock: socket.socket) -> bool:
    """Wait (bounded by the socket timeout) until the server closes or answers."""
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                return True
            if b"408" in data.split(b"\r\n", 1)[0]:
                return True
    except TimeoutError:
        return False
    except OSError:
        return True  # reset by the server


def test_idle_half_sent_connections_are_closed_while_others_are_served(
    quick_timeout_app: FastAPI,
) -> None:
    half_header = b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: "
    half_body = (
        b"POST /v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\n\r\n{"
    )
    with serve_on_loopback(quick_timeout_app) as base_url:
        port = int(base_url.rsplit(":", 1)[1])
        idle = [_open_half_sent(port, half_header) for _ in range(40)]
        idle += [_open_half_sent(port, half_body) for _ in range(10)]
        idle += [socket.create_connection(("127.0.0.1", port), timeout=15) for _ in range(10)]
        results: list[bool] = []
        stop = threading.Event()

        def serve_normally() -> None:
            with httpx.Client(base_url=base_url) as client:
                while not stop.is_set():
                    results.append(client.get("/v1/health").status_code == 200)
                    time.sleep(0.05)

        worker = threading.Thread(target=serve_normally)
        worker.start()
        try:
            closed = [_closed_by_server(sock) for sock in idle]
        finally:
            stop.set()
            worker.join(timeout=20)
            for sock in idle:
                sock.close()
    assert all(closed), f"{closed.count(False)} of {len(closed)} idle connections stayed open"
    assert results and all(results)


def test_a_slow_body_gets_a_408_and_the_connection_closed(quick_timeout_app: FastAPI) -> None:
    with serve_on_loopback(quick_timeout_app) as base_url:
        port = int(base_url.rsplit(":", 1)[1])
        sock = _open_half_sent(
            port,
            b"POST /v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n{",
        )
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        finally:
            sock.close()
    assert received.startswith(b"HTTP/1.1 408 ")
    assert b"connection: close" in received.lower()
    assert b'"code":"request_timeout"' in received


def test_trickled_header_does_not_extend_the_deadline(quick_timeout_app: FastAPI) -> None:
    with serve_on_loopback(quick_timeout_app) as base_url:
        port = int(base_url.rsplit(":", 1)[1])
        sock = _open_half_sent(port, b"GET /v1/health HTTP/1.1\r\n")
        sock.settimeout(0.2)
        closed = False
        try:
            for _ in range(100):  # at most ~20 s, one header byte every 0.2 s
                try:
                    sock.sendall(b"X")
                    if sock.recv(1) == b"":
                        closed = True
                        break
                except TimeoutError:
                    continue
                except OSError:
                    closed = True
                    break
        finally:
            sock.close()
    assert closed


async def test_items_still_work_after_hardening(sqlite_client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(sqlite_client)
    response = await sqlite_client.post(
        f"/v1/conversations/{conversation['id']}/items",
        json={"items": [text_message("héllo ✓", x={"deep": [[[{"ok": 1.5}]]]})]},
    )
    assert response.status_code == 200, response.text
