"""Storage guarantees on every backend: concurrency, transactions, the page index."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import inspect, select, text

from app.conversations import service as service_module
from app.conversations.tables import conversation_items
from app.database import METADATA, Database, DriverConnection
from tests.app.helpers import assert_error, create_conversation, text_message

WRITERS = 8
ITEMS_PER_WRITER = 50


def database_of(app: FastAPI) -> Database:
    database: Database = app.state.database
    return database


async def test_concurrent_writers_lose_nothing(app: FastAPI, client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client)
    conversation_id = conversation["id"]

    async def writer(number: int) -> list[str]:
        ids = []
        for n in range(ITEMS_PER_WRITER):
            response = await client.post(
                f"/v1/conversations/{conversation_id}/items",
                json={"items": [text_message(f"w{number}-{n}")]},
            )
            assert response.status_code == 200, response.text
            ids.append(response.json()["data"][0]["id"])
        return ids

    written = [
        item_id for ids in await asyncio.gather(*map(writer, range(WRITERS))) for item_id in ids
    ]
    assert len(set(written)) == WRITERS * ITEMS_PER_WRITER

    listed: list[str] = []
    params: dict[str, Any] = {"limit": 100, "order": "asc"}
    while True:
        page = (
            await client.get(f"/v1/conversations/{conversation_id}/items", params=params)
        ).json()
        listed.extend(item["id"] for item in page["data"])
        if not page["has_more"]:
            break
        params["after"] = page["last_id"]
    assert sorted(listed) == sorted(written)

    async with database_of(app).transaction() as connection:
        sequences = (
            (
                await connection.execute(
                    select(conversation_items.c.sequence).where(
                        conversation_items.c.conversation_id == conversation_id
                    )
                )
            )
            .scalars()
            .all()
        )
    assert len(sequences) == len(set(sequences)) == WRITERS * ITEMS_PER_WRITER
    # Each writer's own items keep their relative order.
    for number in range(WRITERS):
        contents = [i for i in listed if i in written[number * 50 : (number + 1) * 50]]
        assert contents == written[number * 50 : (number + 1) * 50]


async def test_concurrent_batches_interleave_without_collisions(client: httpx.AsyncClient) -> None:
    conversation = await create_conversation(client)
    base = f"/v1/conversations/{conversation['id']}/items"

    async def batch(number: int) -> None:
        items = [text_message(f"{number}-{n}", id=f"msg_{number}_{n}") for n in range(20)]
        response = await client.post(base, json={"items": items})
        assert response.status_code == 200, response.text

    await asyncio.gather(*map(batch, range(WRITERS)))
    page = (await client.get(base, params={"limit": 100, "order": "asc"})).json()["data"]
    listed = [item["id"] for item in page]
    page2 = (
        await client.get(base, params={"limit": 100, "order": "asc", "after": listed[-1]})
    ).json()["data"]
    listed += [item["id"] for item in page2]
    assert len(listed) == len(set(listed)) == WRITERS * 20
    # A batch is one transaction, so its items are contiguous and in request order.
    for number in range(WRITERS):
        start = listed.index(f"msg_{number}_0")
        assert listed[start : start + 20] == [f"msg_{number}_{n}" for n in range(20)]


@pytest.fixture
def fail_on_third_item(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make id assignment fail on the third item of a request, after two were written."""
    calls = {"count": 0}
    original = service_module.new_item_id

    def flaky(item_type: str) -> str:
        calls["count"] += 1
        if calls["count"] == 3:
            raise RuntimeError("storage failure in the middle of a batch")
        return original(item_type)

    monkeypatch.setattr(service_module, "new_item_id", flaky)
    yield


async def test_failed_batch_leaves_no_partial_write(
    client: httpx.AsyncClient, fail_on_third_item: None
) -> None:
    conversation = await create_conversation(client, items=[text_message("kept", id="msg_kept")])
    base = f"/v1/conversations/{conversation['id']}/items"
    response = await client.post(
        base, json={"items": [text_message("a"), text_message("b"), text_message("c")]}
    )
    assert_error(response, 500, error_type="server_error", code="internal_error")
    listed = (await client.get(base)).json()["data"]
    assert [item["id"] for item in listed] == ["msg_kept"]
    # The sequence counter was rolled back too: the next write gets the next position.
    retry = await client.post(base, json={"items": [text_message("d", id="msg_d")]})
    assert retry.status_code == 200
    listed = (await client.get(base, params={"order": "asc"})).json()["data"]
    assert [item["id"] for item in listed] == ["msg_kept", "msg_d"]


async def test_page_index_exists(app: FastAPI, client: httpx.AsyncClient) -> None:
    await create_conversation(client)  # creates the schema

    def indexed_columns(sync_connection: Any) -> list[list[str]]:
        inspector = inspect(sync_connection)
        return [
            index["column_names"]
            for index in inspector.get_indexes("conversation_items")
            if index["unique"]
        ]

    async with database_of(app).transaction() as connection:
        columns = await connection.run_sync(indexed_columns)
    assert ["conversation_id", "sequence"] in columns


@pytest.mark.parametrize("order", ["asc", "desc"])
async def test_sqlite_page_query_walks_the_index(
    sqlite_app: FastAPI,
    sqlite_client: httpx.AsyncClient,
    order: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The page query is an index range scan with no sort: its cost is O(page)."""
    conversation = await create_conversation(
        sqlite_client, items=[text_message(str(n), id=f"m{n}") for n in range(10)]
    )
    statements: list[tuple[str, Any]] = []
    # The page is read on the driver's connection (app.database.DriverConnection): record
    # the SQL and parameters it sends.
    fetch = DriverConnection.fetch

    async def capture(self: DriverConnection, statement: Any, params: dict[str, Any]) -> Any:
        sql, args = self._prepare(statement, params)
        if "ORDER BY" in sql and "payload_json" in sql:
            statements.append((sql, tuple(args)))
        return await fetch(self, statement, params)

    monkeypatch.setattr(DriverConnection, "fetch", capture)
    response = await sqlite_client.get(
        f"/v1/conversations/{conversation['id']}/items",
        params={"after": "m4", "limit": 3, "order": order},
    )
    monkeypatch.undo()
    assert response.status_code == 200
    assert len(statements) == 1
    statement, parameters = statements[0]
    async with database_of(sqlite_app).transaction() as connection:
        plan_rows = await connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        plan = " ".join(str(row[-1]) for row in plan_rows)
    assert "ix_conversation_items_sequence" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


async def test_schema_creation_is_idempotent(app: FastAPI, client: httpx.AsyncClient) -> None:
    database = database_of(app)
    await asyncio.gather(*(database.ensure_schema() for _ in range(5)))
    async with database.engine.begin() as connection:
        await connection.run_sync(METADATA.create_all, checkfirst=True)
        assert (await connection.execute(text("SELECT 1"))).scalar_one() == 1
    assert (await client.get("/v1/health")).status_code == 200
