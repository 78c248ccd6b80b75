"""The SQLAlchemy async engine, schema creation and transactions, for SQLite and PostgreSQL.

The backend is chosen by the URL scheme alone: `sqlite+aiosqlite://...` (embedded; in-memory
when no path is given) or `postgresql+asyncpg://...`. Each API declares its tables on the
shared `METADATA`; `Database.ensure_schema` creates them once, lazily and idempotently, so the
service works whether or not the ASGI lifespan ran (httpx's `ASGITransport` does not run it).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from sqlalchemy import Connection, MetaData, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

METADATA = MetaData()
# Upgrades of tables that already exist (`create_all` only creates missing tables). Each one
# runs at every start, after `create_all`, and must be idempotent; APIs append theirs.
MIGRATIONS: list[Callable[[Connection], None]] = []


class Database:
    """One engine plus the locking each backend needs for safe concurrent use."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self.engine: AsyncEngine = create_async_engine(self.url, **self._engine_options())
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _enable_sqlite_foreign_keys)
        self._schema_ready = False
        self._schema_lock = asyncio.Lock()
        # SQLite allows one writer at a time, and an in-memory database is one shared
        # connection, so every SQLite transaction runs alone. PostgreSQL relies on row locks.
        self._sqlite_lock = asyncio.Lock() if self.is_sqlite else None

    def _engine_options(self) -> dict[str, Any]:
        if not self.is_sqlite:
            return {"pool_pre_ping": True}
        database = self.url.database
        if not database or database == ":memory:":
            # One shared connection, or every new connection would see an empty database.
            return {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        return {"connect_args": {"timeout": 30}}

    async def ensure_schema(self) -> None:
        """Create every table once (idempotent, safe to call on every request)."""
        if self._schema_ready:
            return
        async with self._schema_lock:
            if self._schema_ready:
                return
            async with self.engine.begin() as connection:
                await connection.run_sync(METADATA.create_all, checkfirst=True)
                for migration in MIGRATIONS:
                    await connection.run_sync(migration)
            self._schema_ready = True

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """One transaction: committed when the block succeeds, rolled back when it raises."""
        await self.ensure_schema()
        async with contextlib.AsyncExitStack() as stack:
            if self._sqlite_lock is not None:
                await stack.enter_async_context(self._sqlite_lock)
            connection = await stack.enter_async_context(self.engine.begin())
            yield connection

    async def dispose(self) -> None:
        """Close every pooled connection.

        The engine stays usable; an in-memory SQLite database is gone afterwards, so the schema
        is marked for re-creation on next use.
        """
        await self.engine.dispose()
        self._schema_ready = False


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
