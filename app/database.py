"""The SQLAlchemy async engine, schema creation and transactions, for SQLite and PostgreSQL.

The backend is chosen by the URL scheme alone: `sqlite+aiosqlite://...` (embedded; in-memory
when no path is given) or `postgresql+asyncpg://...`. Each API declares its tables on the
shared `METADATA`; `Database.ensure_schema` creates them once, lazily and idempotently, so the
service works whether or not the ASGI lifespan ran (httpx's `ASGITransport` does not run it).

Callers say what a transaction is for: `transaction()` may write, `read()` only reads.

- **SQLite file** (the embedded default): WAL, so readers never block the writer nor it them.
  Writes go through one writer connection, taken in turn (an asyncio lock, FIFO), each
  transaction `BEGIN IMMEDIATE` so it holds SQLite's write lock from its first statement (a
  second process, such as `python -m app keys`, waits on the busy timeout instead of failing
  a lock upgrade). Reads run concurrently on a pool of read-only autocommit connections: each
  statement reads one consistent snapshot of committed data. A write is committed
  before its response is sent, so any later read, on any connection, sees it
  (read-your-writes). `synchronous=FULL`: the WAL is fsynced at every commit, so every
  acknowledged write survives a power loss (NORMAL would only survive a process crash).
- **SQLite in memory** (tests): one shared connection, so every transaction runs alone.
- **PostgreSQL**: a connection pool; writers that touch the same rows are serialised by row
  locks (a write locks its conversation row first), so several worker processes, or hosts,
  can share one
  database. Reads are autocommit statements, each on its own snapshot, on a second pool of
  autocommit connections, which also serves `driver_transaction()` (the hot path's writes,
  in asyncpg transactions): each worker holds up to two pools of SQLAlchemy's default size.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Callable
from typing import Any

from sqlalchemy import Connection, MetaData, event, text
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

METADATA = MetaData()
# Upgrades of tables that already exist (`create_all` only creates missing tables). Each one
# runs at every start, after `create_all`, and must be idempotent; APIs append theirs.
MIGRATIONS: list[Callable[[Connection], None]] = []

# How long a SQLite statement waits for another process's lock before failing.
SQLITE_BUSY_TIMEOUT_MS = 30_000
# The durability level of every SQLite connection (see the module docstring).
SQLITE_SYNCHRONOUS = "FULL"
# Concurrent readers of a SQLite file (each is a connection with its own thread).
SQLITE_READERS = 4
# Connections per worker in PostgreSQL's autocommit pool (reads and hot-path writes), opened
# as needed and kept: SQLAlchemy's default ceiling (5 + 10 overflow), without the churn.
POSTGRES_POOL_SIZE = 15
# The PostgreSQL advisory lock that serialises schema creation (any fixed 64-bit number).
_SCHEMA_LOCK_KEY = 0x5041524C4559


class Database:
    """The engines of one database, plus the locking each backend needs."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        database = self.url.database
        self.is_memory = self.is_sqlite and (not database or database == ":memory:")
        self._schema_ready = False
        self._schema_lock = asyncio.Lock()
        # SQLite has one writer at a time (and in memory, one connection for everything).
        self._write_lock = asyncio.Lock() if self.is_sqlite else None
        if not self.is_sqlite:
            self.engine: AsyncEngine = create_async_engine(
                self.url,
                pool_pre_ping=True,
                # Names each worker's sessions in pg_stat_activity.
                connect_args={"server_settings": {"application_name": f"parley-{os.getpid()}"}},
            )
            # Reads and the hot path's own transactions: autocommit connections, so the
            # pre-ping is one `;` (not BEGIN, `;`, ROLLBACK) and no isolation is set per read.
            # Its connections are kept (no overflow): an overflow connection is closed on
            # return, so 8 concurrent requests on 5 pooled connections would connect anew
            # for 3 of them each time. asyncpg's own pool (the floor's) keeps up to its max.
            self._reader: AsyncEngine = create_async_engine(
                self.url,
                pool_pre_ping=True,
                pool_size=POSTGRES_POOL_SIZE,
                max_overflow=0,
                isolation_level="AUTOCOMMIT",
                connect_args={"server_settings": {"application_name": f"parley-{os.getpid()}"}},
            )
        elif self.is_memory:
            # One shared connection, or every new connection would see an empty database.
            self.engine = create_async_engine(
                self.url, poolclass=StaticPool, connect_args={"check_same_thread": False}
            )
            event.listen(self.engine.sync_engine, "connect", _sqlite_memory_connect)
            self._reader = self.engine
        else:
            # The writer: one connection, taken in turn under `_write_lock`.
            # No reset on return: every transaction on it ends in COMMIT or ROLLBACK (both
            # `transaction()` and `driver_transaction()`), so a reset would be a wasted trip.
            self.engine = create_async_engine(
                self.url, pool_size=1, max_overflow=0, pool_reset_on_return=None
            )
            event.listen(self.engine.sync_engine, "connect", _sqlite_writer_connect)
            event.listen(self.engine.sync_engine, "begin", _sqlite_begin_immediate)
            # Readers: autocommit, so a read is one statement on one snapshot, with no
            # BEGIN, COMMIT or reset-on-return round trips to the driver's thread.
            self._reader = create_async_engine(
                self.url,
                pool_size=SQLITE_READERS,
                max_overflow=0,
                isolation_level="AUTOCOMMIT",
                pool_reset_on_return=None,
            )
            event.listen(self._reader.sync_engine, "connect", _sqlite_reader_connect)

    async def ensure_schema(self) -> None:
        """Create every table once (idempotent, safe to call on every request)."""
        if self._schema_ready:
            return
        async with self._schema_lock:
            if self._schema_ready:
                return
            async with self.transaction(ensure_schema=False) as connection:
                if not self.is_sqlite:
                    # Workers and hosts starting together would race `create_all`'s
                    # check-then-create; the lock is held until this transaction ends.
                    await connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK_KEY}
                    )
                await connection.run_sync(METADATA.create_all, checkfirst=True)
                for migration in MIGRATIONS:
                    await connection.run_sync(migration)
            self._schema_ready = True

    @contextlib.asynccontextmanager
    async def transaction(self, *, ensure_schema: bool = True) -> AsyncIterator[AsyncConnection]:
        """A transaction that may write: committed when the block succeeds, else rolled back.

        On SQLite it holds the one writer connection for the whole block: keep it short.
        """
        if ensure_schema:
            await self.ensure_schema()
        async with contextlib.AsyncExitStack() as stack:
            if self._write_lock is not None:
                await stack.enter_async_context(self._write_lock)
            connection = await stack.enter_async_context(self.engine.begin())
            yield connection

    @contextlib.asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A connection for reads: each statement sees the data committed when it started.

        Autocommit (no transaction around the statements): a read that needs one consistent
        view is written as one statement, as every read of the service is. Never waits for a
        writer on SQLite files or PostgreSQL; in-memory SQLite has one connection, so there
        it takes its turn like a write.
        """
        if self.is_memory:
            async with self.transaction() as connection:
                yield connection
            return
        await self.ensure_schema()
        async with self._reader.connect() as connection:
            yield connection

    @contextlib.asynccontextmanager
    async def driver_transaction(self) -> AsyncIterator[DriverConnection]:
        """`transaction()` on the driver's own connection, for the hot path's statements.

        The same locking and durability as `transaction()` (the SQLite writer in turn, `BEGIN
        IMMEDIATE`; a PostgreSQL transaction), without SQLAlchemy's per-statement work: a
        statement is one trip to the driver (SQLite: its thread; PostgreSQL: the server).
        """
        await self.ensure_schema()
        async with contextlib.AsyncExitStack() as stack:
            if self._write_lock is not None:
                await stack.enter_async_context(self._write_lock)
            # PostgreSQL: an autocommit connection; the transaction is asyncpg's own, below.
            engine = self.engine if self.is_sqlite else self._reader
            connection = await stack.enter_async_context(engine.connect())
            driver = DriverConnection(
                self, (await connection.get_raw_connection()).driver_connection
            )
            if self.is_sqlite:
                await driver.raw.execute("BEGIN" if self.is_memory else "BEGIN IMMEDIATE")
                try:
                    yield driver
                except BaseException:
                    await driver.raw.execute("ROLLBACK")
                    raise
                await driver.raw.execute("COMMIT")
            else:
                async with driver.raw.transaction():
                    yield driver

    @contextlib.asynccontextmanager
    async def driver_read(self) -> AsyncIterator[DriverConnection]:
        """`read()` on the driver's own connection: autocommit, one snapshot per statement."""
        if self.is_memory:
            async with self.driver_transaction() as driver:
                yield driver
            return
        await self.ensure_schema()
        async with self._reader.connect() as connection:
            yield DriverConnection(self, (await connection.get_raw_connection()).driver_connection)

    async def dispose(self) -> None:
        """Close every pooled connection.

        The engine stays usable; an in-memory SQLite database is gone afterwards, so the schema
        is marked for re-creation on next use.
        """
        await self.engine.dispose()
        if self._reader is not self.engine:
            await self._reader.dispose()
        self._schema_ready = False


def _pragmas(dbapi_connection: Any, *statements: str) -> None:
    cursor = dbapi_connection.cursor()
    for statement in statements:
        cursor.execute(statement)
    cursor.close()


def _sqlite_memory_connect(dbapi_connection: Any, _record: Any) -> None:
    _pragmas(dbapi_connection, "PRAGMA foreign_keys=ON")


def _sqlite_file_connect(dbapi_connection: Any, *extra: str) -> None:
    # Transactions are begun by the "begin" listeners below, not by the driver: the driver
    # would begin only before DML, so a multi-statement read would see several snapshots.
    dbapi_connection.isolation_level = None
    _pragmas(
        dbapi_connection,
        f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
        "PRAGMA journal_mode=WAL",
        f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}",
        "PRAGMA foreign_keys=ON",
        *extra,
    )


def _sqlite_writer_connect(dbapi_connection: Any, _record: Any) -> None:
    _sqlite_file_connect(dbapi_connection)


def _sqlite_reader_connect(dbapi_connection: Any, _record: Any) -> None:
    _sqlite_file_connect(dbapi_connection, "PRAGMA query_only=ON")


def _sqlite_begin_immediate(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


class DriverStatement:
    """A Core statement compiled once per dialect into the driver's own SQL and parameters.

    Bind parameters are named (`bindparam("cid")`); `args` turns a dict of them into the
    positional tuple the compiled SQL takes (qmark for SQLite, `$n` for asyncpg).
    """

    def __init__(self, statement: Any, column_keys: list[str] | None = None) -> None:
        self._statement = statement
        self._column_keys = column_keys
        self._compiled: dict[str, tuple[str, tuple[str, ...], dict[str, Any]]] = {}

    def compiled(self, dialect: Dialect) -> tuple[str, tuple[str, ...], dict[str, Any]]:
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = self._statement.compile(dialect=dialect, column_keys=self._column_keys)
            names = tuple(compiled.positiontup or ())
            # Parameters the statement fixes itself (such as SQLite's `OFFSET 0`).
            fixed = {
                name: bind.effective_value
                for name, bind in compiled.binds.items()
                if not bind.required
            }
            found = self._compiled[dialect.name] = (compiled.string, names, fixed)
        return found


class DriverConnection:
    """The driver connection of a `Database` (aiosqlite or asyncpg) and how to run on it."""

    def __init__(self, database: Database, raw: Any) -> None:
        self.raw = raw
        self._dialect = database.engine.dialect
        self._sqlite = database.is_sqlite

    def _prepare(self, statement: DriverStatement, params: dict[str, Any]) -> tuple[str, list[Any]]:
        sql, names, fixed = statement.compiled(self._dialect)
        return sql, [params[name] if name in params else fixed[name] for name in names]

    async def fetch(self, statement: DriverStatement, params: dict[str, Any]) -> list[Any]:
        """The rows (tuples) of one statement."""
        sql, args = self._prepare(statement, params)
        if self._sqlite:
            return list(await self.raw.execute_fetchall(sql, args))
        return list(await self.raw.fetch(sql, *args))

    async def executemany(self, statement: DriverStatement, rows: list[dict[str, Any]]) -> None:
        """One statement for every row of `rows`, in one call to the driver."""
        prepared = [self._prepare(statement, row) for row in rows]
        sql = prepared[0][0]
        if len(prepared) == 1:  # asyncpg's executemany is a pipeline: dearer for one row
            args = prepared[0][1]
            await (self.raw.execute(sql, args) if self._sqlite else self.raw.execute(sql, *args))
            return
        await self.raw.executemany(sql, [args for _, args in prepared])
