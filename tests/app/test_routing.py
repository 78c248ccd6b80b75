"""Paths as the router sees them: a `--root-path` deployment, and control characters."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from app.auth.config import AuthSettings
from app.routing import route_path
from tests.app import auth_support as support
from tests.app.conftest import SQLITE_MEMORY_URL
from tests.app.helpers import assert_error


@pytest.mark.parametrize(
    ("path", "root_path", "expected"),
    [
        ("/v1/health", "", "/v1/health"),
        ("/api/v1/health", "/api", "/v1/health"),
        ("/api", "/api", ""),
        ("/apiv1/health", "/api", "/apiv1/health"),  # not under the root path
        ("/v1/health", "/api", "/v1/health"),  # a server that strips the prefix itself
    ],
)
def test_route_path(path: str, root_path: str, expected: str) -> None:
    assert route_path({"type": "http", "path": path, "root_path": root_path}) == expected


async def test_a_root_path_deployment_is_authenticated_and_served(tmp_path: Path) -> None:
    """`uvicorn --root-path /api`: every `/api/v1` call is authenticated as `/v1` would be."""
    app = support.make_app(
        SQLITE_MEMORY_URL,
        auth=AuthSettings(static_tokens_file=support.write_static_tokens(tmp_path)),
    )
    transport = httpx.ASGITransport(app=app, root_path="/api")
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver/api") as client:
        refused = await client.post("/v1/conversations", json={})
        assert_error(refused, 401, code="invalid_api_key", error_type="authentication_error")
        created = await client.post(
            "/v1/conversations", json={}, headers=support.bearer(support.ALICE_TOKEN)
        )
        assert created.status_code == 200, created.text
        conversation = created.json()["id"]
        listed = await client.get(
            f"/v1/conversations/{conversation}/items",
            headers=support.bearer(support.ALICE_TOKEN),
        )
        assert listed.status_code == 200, listed.text
        other = await client.get(
            f"/v1/conversations/{conversation}", headers=support.bearer(support.BOB_TOKEN)
        )
        assert_error(other, 404, param="conversation_id", code="not_found")
    await app.state.database.dispose()


@pytest.mark.parametrize("suffix", ["%0A", "%0D", "%00", "%09", "%7F"])
@pytest.mark.parametrize(
    "route", ["/v1/health", "/v1/conversations/{id}/items", "/v1/conversations/{id}"]
)
async def test_a_control_character_names_no_route(
    sqlite_client: httpx.AsyncClient, route: str, suffix: str
) -> None:
    created = await sqlite_client.post("/v1/conversations", json={})
    path = route.format(id=created.json()["id"]) + suffix
    response = await sqlite_client.get(path)
    assert_error(response, 404, code="not_found")
    assert response.json()["error"]["message"].startswith("Unknown route: GET /v1/")
