"""Tenant isolation: two principals across every route, on both backends and through real clients.

Every cross-owner access is a 404 whose body is the body for a missing id, and the owner's
data is untouched afterwards. Also: the admin principal, and the one-time owner migration.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from fastapi import FastAPI
from openai import OpenAI

from app.auth.config import AuthSettings
from tests.app.auth_support import (
    ADMIN_TOKEN,
    ALICE_TOKEN,
    BOB_TOKEN,
    bearer,
    make_app,
    write_static_tokens,
)
from tests.app.conftest import SQLITE_MEMORY_URL
from tests.app.helpers import assert_error, text_message
from tests.app.live_server import serve_on_loopback

MISSING_CONVERSATION = "conv_" + "e" * 48


@pytest.fixture
def two_principal_app(database_url: str, tmp_path: Path) -> FastAPI:
    auth = AuthSettings(
        static_tokens_file=write_static_tokens(tmp_path), admin_principal="ops", api_keys=True
    )
    return make_app(database_url, auth=auth)


@pytest.fixture
async def http(two_principal_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=two_principal_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
    await two_principal_app.state.database.dispose()


def _foreign_requests(conversation_id: str, item_id: str) -> list[tuple[str, str, Any]]:
    """(method, path, json body) for every route that names a conversation."""
    base = f"/v1/conversations/{conversation_id}"
    return [
        ("GET", base, None),
        ("POST", base, {"metadata": {"owner": "bob"}}),
        ("DELETE", base, None),
        ("POST", f"{base}/items", {"items": [text_message("bob was here", id=item_id)]}),
        ("GET", f"{base}/items", None),
        ("GET", f"{base}/items?after={item_id}", None),
        ("GET", f"{base}/items/{item_id}", None),
        ("DELETE", f"{base}/items/{item_id}", None),
        ("HEAD", base, None),
    ]


async def _snapshot(client: httpx.AsyncClient, conversation_id: str, token: str) -> Any:
    conversation = await client.get(f"/v1/conversations/{conversation_id}", headers=bearer(token))
    items = await client.get(
        f"/v1/conversations/{conversation_id}/items?order=asc&limit=100", headers=bearer(token)
    )
    assert conversation.status_code == items.status_code == 200
    return conversation.json(), items.json()


async def test_every_cross_owner_access_is_a_404(http: httpx.AsyncClient) -> None:
    created = await http.post(
        "/v1/conversations",
        headers=bearer(ALICE_TOKEN),
        json={"metadata": {"owner": "alice"}, "items": [text_message("hi", id="msg_shared")]},
    )
    assert created.status_code == 200
    conversation_id = created.json()["id"]
    before = await _snapshot(http, conversation_id, ALICE_TOKEN)

    for method, path, body in _foreign_requests(conversation_id, "msg_shared"):
        foreign = await http.request(method, path, headers=bearer(BOB_TOKEN), json=body)
        missing_path = path.replace(conversation_id, MISSING_CONVERSATION)
        missing = await http.request(method, missing_path, headers=bearer(BOB_TOKEN), json=body)
        assert foreign.status_code == missing.status_code == 404, (method, path, foreign.text)
        if method != "HEAD":
            assert_error(foreign, 404, param="conversation_id", code="not_found")
            assert foreign.text.replace(conversation_id, MISSING_CONVERSATION) == missing.text

    assert await _snapshot(http, conversation_id, ALICE_TOKEN) == before


async def test_same_client_item_ids_do_not_meet(http: httpx.AsyncClient) -> None:
    conversations = {}
    for token in (ALICE_TOKEN, BOB_TOKEN):
        response = await http.post(
            "/v1/conversations",
            headers=bearer(token),
            json={"items": [text_message(f"from {token[:5]}", id="msg_same")]},
        )
        conversations[token] = response.json()["id"]
    for token, conversation_id in conversations.items():
        item = await http.get(
            f"/v1/conversations/{conversation_id}/items/msg_same", headers=bearer(token)
        )
        assert item.json()["content"] == f"from {token[:5]}"


async def test_the_admin_principal_reads_and_changes_everything(http: httpx.AsyncClient) -> None:
    created = await http.post("/v1/conversations", headers=bearer(ALICE_TOKEN), json={})
    path = f"/v1/conversations/{created.json()['id']}"
    assert (await http.get(path, headers=bearer(ADMIN_TOKEN))).status_code == 200
    updated = await http.post(path, headers=bearer(ADMIN_TOKEN), json={"metadata": {"by": "ops"}})
    assert updated.status_code == 200
    assert (await http.get(path, headers=bearer(ALICE_TOKEN))).json()["metadata"] == {"by": "ops"}
    assert (await http.get(path, headers=bearer(BOB_TOKEN))).status_code == 404


async def test_no_admin_unless_configured(tmp_path: Path) -> None:
    app = make_app(
        SQLITE_MEMORY_URL, auth=AuthSettings(static_tokens_file=write_static_tokens(tmp_path))
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        created = await client.post("/v1/conversations", headers=bearer(ALICE_TOKEN), json={})
        path = f"/v1/conversations/{created.json()['id']}"
        assert (await client.get(path, headers=bearer(ADMIN_TOKEN))).status_code == 404


# --- through real clients ----------------------------------------------------------------


@pytest.fixture
def live_url(two_principal_app: FastAPI) -> Iterator[str]:
    with serve_on_loopback(two_principal_app) as base_url:
        yield base_url


def _openai(base_url: str, token: str) -> OpenAI:
    return OpenAI(base_url=f"{base_url}/v1", api_key=token, max_retries=0)


def test_isolation_through_the_openai_client(live_url: str) -> None:
    alice, bob = _openai(live_url, ALICE_TOKEN), _openai(live_url, BOB_TOKEN)
    conversation = alice.conversations.create(
        items=[{"type": "message", "role": "user", "content": "secret"}], metadata={"k": "v"}
    )
    item_id = alice.conversations.items.list(conversation.id).data[0].id
    assert item_id is not None
    attempts = [
        lambda: bob.conversations.retrieve(conversation.id),
        lambda: bob.conversations.update(conversation.id, metadata={"k": "bob"}),
        lambda: bob.conversations.delete(conversation.id),
        lambda: bob.conversations.items.create(
            conversation.id, items=[{"type": "message", "role": "user", "content": "x"}]
        ),
        lambda: bob.conversations.items.list(conversation.id),
        lambda: bob.conversations.items.retrieve(item_id, conversation_id=conversation.id),
        lambda: bob.conversations.items.delete(item_id, conversation_id=conversation.id),
    ]
    for attempt in attempts:
        with pytest.raises(openai.NotFoundError) as raised:
            attempt()
        assert raised.value.status_code == 404
    assert alice.conversations.retrieve(conversation.id).metadata == {"k": "v"}
    items = list(alice.conversations.items.list(conversation.id))
    assert [item.id for item in items] == [item_id]
    with pytest.raises(openai.AuthenticationError):
        _openai(live_url, "wrong-token-0000000000000").conversations.retrieve(conversation.id)


def test_isolation_through_the_parley_sdk(live_url: str) -> None:
    import parley_client

    alice = parley_client.Parley(base_url=live_url, api_key=ALICE_TOKEN, max_retries=0)
    bob = parley_client.Parley(base_url=live_url, api_key=BOB_TOKEN, max_retries=0)
    conversation = alice.conversations.create(
        items=[{"type": "message", "role": "user", "content": "secret"}], metadata={"k": "v"}
    )
    item_id = alice.conversations.items.list(conversation.id).data[0].id
    assert item_id is not None
    attempts = [
        lambda: bob.conversations.retrieve(conversation.id),
        lambda: bob.conversations.update(conversation.id, metadata={"k": "bob"}),
        lambda: bob.conversations.delete(conversation.id),
        lambda: bob.conversations.items.create(
            conversation.id, items=[{"type": "message", "role": "user", "content": "x"}]
        ),
        lambda: bob.conversations.items.list(conversation.id),
        lambda: bob.conversations.items.retrieve(item_id, conversation_id=conversation.id),
        lambda: bob.conversations.items.delete(item_id, conversation_id=conversation.id),
    ]
    for attempt in attempts:
        with pytest.raises(parley_client.NotFoundError):
            attempt()
    assert alice.conversations.retrieve(conversation.id).metadata == {"k": "v"}
    assert [item.id for item in alice.conversations.items.list(conversation.id)] == [item_id]
    with pytest.raises(parley_client.AuthenticationError):
        parley_client.Parley(base_url=live_url, api_key=None, max_retries=0).health.check()


# --- migration of a database from before owners ---------------------------------------------


def _old_schema_database(path: Path) -> str:
    """A SQLite file with the pre-owner schema and one conversation with one item."""
    connection = sqlite3.connect(path)
    connection.executescript(
        """
        CREATE TABLE conversations (
            id VARCHAR(64) PRIMARY KEY, created_at BIGINT NOT NULL,
            metadata_json TEXT NOT NULL, next_sequence BIGINT NOT NULL);
        CREATE TABLE conversation_items (
            pk INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_id VARCHAR(64) NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            item_id VARCHAR(512) NOT NULL, sequence BIGINT NOT NULL,
            item_type VARCHAR(64) NOT NULL, payload_json TEXT NOT NULL,
            CONSTRAINT uq_conversation_items_item_id UNIQUE (conversation_id, item_id));
        CREATE UNIQUE INDEX ix_conversation_items_sequence
            ON conversation_items (conversation_id, sequence);
        """
    )
    conversation_id = "conv_" + "a" * 48
    connection.execute(
        'INSERT INTO conversations VALUES (?, 1700000000, \'{"old": "yes"}\', 1)',
        (conversation_id,),
    )
    connection.execute(
        "INSERT INTO conversation_items (conversation_id, item_id, sequence, item_type, "
        "payload_json) VALUES (?, 'msg_old', 0, 'message', ?)",
        (
            conversation_id,
            '{"type": "message", "role": "user", "content": "old", "id": "msg_old"}',
        ),
    )
    connection.commit()
    connection.close()
    return conversation_id


async def test_existing_rows_migrate_to_the_anonymous_owner_once(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conversation_id = _old_schema_database(db)
    url = f"sqlite+aiosqlite:///{db}"
    tokens = write_static_tokens(tmp_path)
    for _start in range(2):  # the second start finds the column and changes nothing
        open_app = make_app(url, auth=AuthSettings())
        transport = httpx.ASGITransport(app=open_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get(f"/v1/conversations/{conversation_id}")
            assert response.status_code == 200 and response.json()["metadata"] == {"old": "yes"}
            items = await client.get(f"/v1/conversations/{conversation_id}/items")
            assert [item["id"] for item in items.json()["data"]] == ["msg_old"]
        await open_app.state.database.dispose()

    protected = make_app(url, auth=AuthSettings(static_tokens_file=tokens))
    transport = httpx.ASGITransport(app=protected)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get(
            f"/v1/conversations/{conversation_id}", headers=bearer(ALICE_TOKEN)
        )
        assert response.status_code == 404
    await protected.state.database.dispose()
    owners = sqlite3.connect(db).execute("SELECT owner FROM conversations").fetchall()
    assert owners == [("anonymous",)]


@pytest.mark.postgres
async def test_postgres_rows_migrate_to_the_anonymous_owner_once(
    postgres_server: Any, tmp_path: Path
) -> None:
    """The same migration on PostgreSQL, in a database of its own with the pre-owner schema."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import create_async_engine

    if postgres_server.url is None:
        pytest.skip(f"PostgreSQL unavailable: {postgres_server.unavailable_reason}")
    admin = create_async_engine(postgres_server.url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text("DROP DATABASE IF EXISTS parley_migration"))
        await connection.execute(text("CREATE DATABASE parley_migration"))
    await admin.dispose()
    url = (
        make_url(postgres_server.url)
        .set(database="parley_migration")
        .render_as_string(hide_password=False)
    )
    old = create_async_engine(url)
    conversation_id = "conv_" + "b" * 48
    async with old.begin() as connection:
        await connection.execute(
            text(
                "CREATE TABLE conversations (id VARCHAR(64) PRIMARY KEY, created_at BIGINT NOT "
                "NULL, metadata_json TEXT NOT NULL, next_sequence BIGINT NOT NULL)"
            )
        )
        await connection.execute(
            text("INSERT INTO conversations VALUES (:id, 1700000000, '{}', 0)"),
            {"id": conversation_id},
        )
    await old.dispose()
    tokens = write_static_tokens(tmp_path)
    for auth, token, status in (
        (AuthSettings(), None, 200),
        (AuthSettings(), None, 200),  # the second start changes nothing
        (AuthSettings(static_tokens_file=tokens), ALICE_TOKEN, 404),
    ):
        app = make_app(url, auth=auth)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            headers = bearer(token) if token else {}
            response = await client.get(f"/v1/conversations/{conversation_id}", headers=headers)
            assert response.status_code == status, response.text
            created = await client.post("/v1/conversations", headers=headers, json={})
            assert created.status_code == 200
        await app.state.database.dispose()
    check = create_async_engine(url)
    async with check.connect() as connection:
        owners = (
            await connection.execute(
                text("SELECT owner FROM conversations WHERE id = :id"), {"id": conversation_id}
            )
        ).all()
    await check.dispose()
    assert [row[0] for row in owners] == ["anonymous"]
