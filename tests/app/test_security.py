"""Abuse of the auth layer: header injection, oversized and misplaced credentials, leaky logs."""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.auth.config import AuthSettings
from tests.app.auth_support import ALICE_TOKEN, BOB_TOKEN, bearer, make_app, write_static_tokens
from tests.app.conftest import SQLITE_MEMORY_URL
from tests.app.helpers import assert_error
from tests.app.live_server import serve_on_loopback


@pytest.fixture
def protected_app(tmp_path: Path) -> FastAPI:
    auth = AuthSettings(
        static_tokens_file=write_static_tokens(tmp_path),
        api_keys=True,
        trusted_header="x-authenticated-user",
        trusted_proxies=("127.0.0.1",),
    )
    return make_app(SQLITE_MEMORY_URL, auth=auth)


@pytest.fixture
async def client(protected_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=protected_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def _raw(
    app: FastAPI, headers: list[tuple[bytes, bytes]], path: str = "/v1/health"
) -> tuple[int, list[tuple[bytes, bytes]]]:
    """Call the ASGI app with exactly these header bytes (no client library cleans them)."""
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    start = next(message for message in sent if message["type"] == "http.response.start")
    return start["status"], start["headers"]


async def test_request_id_header_injection_is_not_echoed(protected_app: FastAPI) -> None:
    status, headers = await _raw(
        protected_app,
        [
            (b"authorization", f"Bearer {ALICE_TOKEN}".encode()),
            (b"x-request-id", b"abc\r\nset-cookie: session=evil"),
        ],
    )
    assert status == 200
    names = [name.lower() for name, _ in headers]
    assert b"set-cookie" not in names
    request_id = dict(headers)[b"x-request-id"]
    assert request_id.startswith(b"req_") and b"\r" not in request_id and b"\n" not in request_id


@pytest.mark.parametrize(
    "value", [b"alice\r\nx-admin: 1", b"alice bob", b"anonymous", b"", b"a" * 300, b"\xff\xfe"]
)
async def test_trusted_header_values_are_validated(protected_app: FastAPI, value: bytes) -> None:
    status, _ = await _raw(protected_app, [(b"x-authenticated-user", value)])
    assert status == 401


async def test_authorization_header_injection(protected_app: FastAPI) -> None:
    status, headers = await _raw(
        protected_app, [(b"authorization", f"Bearer {ALICE_TOKEN}\r\nx-evil: 1".encode())]
    )
    assert status == 401 and b"x-evil" not in [name for name, _ in headers]


async def test_two_authorization_headers_are_refused(protected_app: FastAPI) -> None:
    status, _ = await _raw(
        protected_app,
        [
            (b"authorization", f"Bearer {ALICE_TOKEN}".encode()),
            (b"authorization", f"Bearer {BOB_TOKEN}".encode()),
        ],
    )
    assert status == 401


@pytest.mark.parametrize("size", [4097, 8000, 15_000])
async def test_oversized_authorization_header(client: httpx.AsyncClient, size: int) -> None:
    token = "A" * size
    response = await client.get("/v1/health", headers=bearer(token))
    assert_error(response, 401, error_type="authentication_error")
    assert token not in response.text and len(response.content) < 500


def test_oversized_header_over_a_real_connection(protected_app: FastAPI) -> None:
    """A 64 kB header gets a 4xx (the server's limit or the auth layer), never a 500 or a hang."""
    with serve_on_loopback(protected_app) as base_url:
        port = int(base_url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(
                b"GET /v1/health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + b"A" * 64_000
                + b"\r\n\r\n"
            )
            status_line = sock.recv(4096).split(b"\r\n", 1)[0]
        healthy = httpx.get(f"{base_url}/v1/health", headers=bearer(ALICE_TOKEN))
    assert status_line.split(b" ")[1] in (b"400", b"401", b"431")
    assert healthy.status_code == 200


@pytest.mark.parametrize("name", ["api_key", "access_token", "token", "key", "API_KEY"])
async def test_a_token_in_the_query_string_is_refused(client: httpx.AsyncClient, name: str) -> None:
    only_query = await client.get(f"/v1/health?{name}={ALICE_TOKEN}")
    assert_error(only_query, 401, error_type="authentication_error")
    assert "Authorization header" in only_query.json()["error"]["message"]
    # Even next to a valid header: the URL has already leaked the secret.
    both = await client.get(f"/v1/health?{name}={ALICE_TOKEN}", headers=bearer(ALICE_TOKEN))
    assert both.status_code == 401
    assert ALICE_TOKEN not in only_query.text + both.text


async def test_unknown_v1_routes_need_credentials_too(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/nothing-here")).status_code == 401
    assert (await client.get("/v1/nothing-here", headers=bearer(ALICE_TOKEN))).status_code == 404
    assert (await client.get("/openapi.json")).status_code == 200


async def test_no_credentials_in_logs(
    protected_app: FastAPI, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    key, _ = await protected_app.state.authenticator.api_keys.create("carol")
    revoked, info = await protected_app.state.authenticator.api_keys.create("carol")
    await protected_app.state.authenticator.api_keys.revoke(info.key_id)
    secrets_used = [ALICE_TOKEN, key, revoked, "wrong-token-1234567890abcdef", "A" * 5000]
    with caplog.at_level(logging.DEBUG):
        for secret in secrets_used:
            await client.get("/v1/health", headers=bearer(secret))
            await client.post("/v1/conversations", headers=bearer(secret), json={})
            await client.get(f"/v1/health?api_key={secret}")
            await client.get("/v1/health", headers={"authorization": f"Basic {secret}"})
    # The service's records (the test's own HTTP client logs its request URLs, by design).
    records = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    text = "\n".join(f"{r.getMessage()} {r.args} {r.exc_text}" for r in records)
    assert records, "nothing was logged, so the check proves nothing"
    assert any(record.name == "app.access" for record in records)
    assert any("authentication failed" in record.getMessage() for record in records)
    for secret in secrets_used:
        assert secret not in text
        assert secret[-20:] not in text


def test_uvicorn_logs_no_query_string(
    protected_app: FastAPI, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG), serve_on_loopback(protected_app) as base_url:
        httpx.get(f"{base_url}/v1/health?api_key={ALICE_TOKEN}")
    captured = capfd.readouterr()
    records = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert any(r.name == "app.access" and "/v1/health" in r.getMessage() for r in records)
    assert ALICE_TOKEN not in captured.out + captured.err
    assert all(ALICE_TOKEN not in r.getMessage() for r in records)
