"""The floor of the service's stack: a bare ASGI app doing the same statements as ours.

`create_app()` (a uvicorn factory, like `app.main:create_app`) serves, for the database in
PARLEY_DATABASE_URL, with the same driver (aiosqlite or asyncpg, used directly), the same
schema (created by our `Database`) and the same durability and locking:

- POST /v1/conversations, POST /v1/conversations/{id}/items (one transaction: lock the
  conversation row, read its counter, try the replace, insert, bump the counter), and
  GET /v1/conversations/{id}/items?limit=N (one read transaction: the owner check, one page);
- SQLite: WAL, synchronous=FULL, one writer connection taken in turn with BEGIN IMMEDIATE,
  a pool of read-only reader connections; PostgreSQL: a pool, `FOR UPDATE` on the counter,
  reads at REPEATABLE READ.

No framework, no validation, no middleware: what is left is the server, the driver, the
database and JSON. Our app's throughput is compared to this.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs

from sqlalchemy.engine import make_url

import app.main  # noqa: F401 - declares every API's tables on METADATA
from app.database import SQLITE_BUSY_TIMEOUT_MS, SQLITE_READERS, SQLITE_SYNCHRONOUS, Database

OWNER = "anonymous"
Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]


class SqliteStore:
    def __init__(self, path: str) -> None:
        self.path = path
        self.lock = asyncio.Lock()
        self.writer: Any = None
        self.readers: asyncio.Queue[Any] = asyncio.Queue()

    async def open(self) -> None:
        import aiosqlite

        async def connect(*extra: str) -> Any:
            connection = await aiosqlite.connect(self.path, isolation_level=None)
            for pragma in (
                f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
                "PRAGMA journal_mode=WAL",
                f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}",
                "PRAGMA foreign_keys=ON",
                *extra,
            ):
                await connection.execute(pragma)
            return connection

        self.writer = await connect()
        for _ in range(SQLITE_READERS):
            self.readers.put_nowait(await connect("PRAGMA query_only=ON"))

    async def create_conversation(self, conversation_id: str, metadata: str) -> None:
        async with self.lock:
            await self.writer.execute("BEGIN IMMEDIATE")
            await self.writer.execute(
                "INSERT INTO conversations (id, created_at, metadata_json, next_sequence, owner)"
                " VALUES (?, ?, ?, 0, ?)",
                (conversation_id, int(time.time()), metadata, OWNER),
            )
            await self.writer.execute("COMMIT")

    async def add_item(self, conversation_id: str, item_id: str, kind: str, payload: str) -> bool:
        async with self.lock:
            db = self.writer
            await db.execute("BEGIN IMMEDIATE")
            try:
                cursor = await db.execute(
                    "SELECT next_sequence FROM conversations WHERE id = ? AND owner = ?",
                    (conversation_id, OWNER),
                )
                row = await cursor.fetchone()
                if row is None:
                    await db.execute("ROLLBACK")
                    return False
                sequence = row[0]
                cursor = await db.execute(
                    "UPDATE conversation_items SET item_type = ?, payload_json = ?"
                    " WHERE conversation_id = ? AND item_id = ?",
                    (kind, payload, conversation_id, item_id),
                )
                if cursor.rowcount == 0:
                    await db.execute(
                        "INSERT INTO conversation_items"
                        " (conversation_id, item_id, sequence, item_type, payload_json)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (conversation_id, item_id, sequence, kind, payload),
                    )
                    sequence += 1
                await db.execute(
                    "UPDATE conversations SET next_sequence = ? WHERE id = ? AND owner = ?",
                    (sequence, conversation_id, OWNER),
                )
                await db.execute("COMMIT")
            except BaseException:
                await db.execute("ROLLBACK")
                raise
            return True

    async def page(self, conversation_id: str, limit: int) -> list[str] | None:
        db = await self.readers.get()
        try:
            await db.execute("BEGIN")
            cursor = await db.execute(
                "SELECT count(*) FROM conversations WHERE id = ? AND owner = ?",
                (conversation_id, OWNER),
            )
            found = (await cursor.fetchone())[0]
            rows: list[Any] = []
            if found:
                cursor = await db.execute(
                    "SELECT payload_json FROM conversation_items WHERE conversation_id = ?"
                    " ORDER BY sequence DESC LIMIT ?",
                    (conversation_id, limit + 1),
                )
                rows = list(await cursor.fetchall())
            await db.execute("COMMIT")
        finally:
            self.readers.put_nowait(db)
        return [row[0] for row in rows] if found else None


class PostgresStore:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.pool: Any = None

    async def open(self) -> None:
        import asyncpg  # type: ignore[import-untyped]

        # SQLAlchemy's default pool is 5 connections (+10 overflow); the same ceiling here.
        self.pool = await asyncpg.create_pool(
            self.dsn,
            min_size=1,
            max_size=15,
            server_settings={"application_name": f"parley-floor-{os.getpid()}"},
        )

    async def create_conversation(self, conversation_id: str, metadata: str) -> None:
        async with self.pool.acquire() as db:
            await db.execute(
                "INSERT INTO conversations (id, created_at, metadata_json, next_sequence, owner)"
                " VALUES ($1, $2, $3, 0, $4)",
                conversation_id,
                int(time.time()),
                metadata,
                OWNER,
            )

    async def add_item(self, conversation_id: str, item_id: str, kind: str, payload: str) -> bool:
        async with self.pool.acquire() as db, db.transaction():
            sequence = await db.fetchval(
                "SELECT next_sequence FROM conversations WHERE id = $1 AND owner = $2 FOR UPDATE",
                conversation_id,
                OWNER,
            )
            if sequence is None:
                return False
            status = await db.execute(
                "UPDATE conversation_items SET item_type = $1, payload_json = $2"
                " WHERE conversation_id = $3 AND item_id = $4",
                kind,
                payload,
                conversation_id,
                item_id,
            )
            if status == "UPDATE 0":
                await db.execute(
                    "INSERT INTO conversation_items"
                    " (conversation_id, item_id, sequence, item_type, payload_json)"
                    " VALUES ($1, $2, $3, $4, $5)",
                    conversation_id,
                    item_id,
                    sequence,
                    kind,
                    payload,
                )
                sequence += 1
            await db.execute(
                "UPDATE conversations SET next_sequence = $1 WHERE id = $2 AND owner = $3",
                sequence,
                conversation_id,
                OWNER,
            )
        return True

    async def page(self, conversation_id: str, limit: int) -> list[str] | None:
        async with (
            self.pool.acquire() as db,
            db.transaction(isolation="repeatable_read", readonly=True),
        ):
            found = await db.fetchval(
                "SELECT count(*) FROM conversations WHERE id = $1 AND owner = $2",
                conversation_id,
                OWNER,
            )
            if not found:
                return None
            rows = await db.fetch(
                "SELECT payload_json FROM conversation_items WHERE conversation_id = $1"
                " ORDER BY sequence DESC LIMIT $2",
                conversation_id,
                limit + 1,
            )
        return [row[0] for row in rows]


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _respond(send: Send, status: int, body: Any) -> None:
    data = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(data))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


def create_app() -> Callable[[dict[str, Any], Receive, Send], Awaitable[None]]:
    url = make_url(os.environ["PARLEY_DATABASE_URL"])
    store: SqliteStore | PostgresStore
    if url.get_backend_name() == "sqlite":
        store = SqliteStore(str(url.database))
    else:
        store = PostgresStore(url.set(drivername="postgresql").render_as_string(False))

    @asynccontextmanager
    async def lifespan() -> AsyncIterator[None]:
        # Our own schema, exactly: the floor differs in code, not in tables or indexes.
        database = Database(os.environ["PARLEY_DATABASE_URL"])
        await database.ensure_schema()
        await database.dispose()
        await store.open()
        yield

    async def app(scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            message = await receive()
            assert message["type"] == "lifespan.startup"
            async with lifespan():
                await send({"type": "lifespan.startup.complete"})
                await receive()
            await send({"type": "lifespan.shutdown.complete"})
            return
        path: str = scope["path"]
        method: str = scope["method"]
        parts = path.strip("/").split("/")
        if path == "/v1/health":
            await _respond(send, 200, {"status": "ok"})
        elif method == "POST" and parts == ["v1", "conversations"]:
            request = json.loads(await _body(receive) or b"{}")
            conversation_id = "conv_" + secrets.token_hex(24)
            metadata = request.get("metadata") or {}
            await store.create_conversation(conversation_id, json.dumps(metadata))
            await _respond(send, 200, {"id": conversation_id, "object": "conversation"})
        elif len(parts) == 4 and parts[3] == "items" and method == "POST":
            items = json.loads(await _body(receive))["items"]
            stored = []
            for item in items:  # one item per request in the benchmark
                item = {**item, "id": item.get("id") or "msg_" + secrets.token_hex(24)}
                payload = json.dumps(item)
                if not await store.add_item(parts[2], item["id"], item["type"], payload):
                    await _respond(send, 404, {"error": {"message": "not found"}})
                    return
                stored.append(item)
            await _respond(send, 200, _page(stored, has_more=False))
        elif len(parts) == 4 and parts[3] == "items" and method == "GET":
            query = parse_qs(scope["query_string"].decode())
            limit = int(query.get("limit", ["20"])[0])
            rows = await store.page(parts[2], limit)
            if rows is None:
                await _respond(send, 404, {"error": {"message": "not found"}})
                return
            items = [json.loads(row) for row in rows[:limit]]
            await _respond(send, 200, _page(items, has_more=len(rows) > limit))
        else:
            await _respond(send, 404, {"error": {"message": "no such route"}})

    return app


def _page(items: list[Any], *, has_more: bool) -> dict[str, Any]:
    return {
        "object": "list",
        "data": items,
        "first_id": items[0]["id"] if items else None,
        "last_id": items[-1]["id"] if items else None,
        "has_more": has_more,
    }
