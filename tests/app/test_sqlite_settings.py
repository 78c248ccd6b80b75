"""The embedded default's SQLite settings: WAL, a busy timeout, the documented `synchronous`,
read-only reader connections apart from the one writer."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from app.database import SQLITE_BUSY_TIMEOUT_MS, SQLITE_SYNCHRONOUS, Database

_SYNCHRONOUS_LEVELS = {"OFF": 0, "NORMAL": 1, "FULL": 2, "EXTRA": 3}


async def _pragma(connection: AsyncConnection, name: str) -> object:
    result = await connection.execute(text(f"PRAGMA {name}"))
    return result.scalar_one()


async def test_writer_and_readers_use_wal_a_busy_timeout_and_the_documented_sync(
    tmp_path: Path,
) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'parley.db'}")
    try:
        await database.ensure_schema()
        async with database.transaction() as writer:
            assert await _pragma(writer, "journal_mode") == "wal"
            assert await _pragma(writer, "busy_timeout") == SQLITE_BUSY_TIMEOUT_MS
            assert await _pragma(writer, "synchronous") == _SYNCHRONOUS_LEVELS[SQLITE_SYNCHRONOUS]
            assert await _pragma(writer, "query_only") == 0
            async with database.read() as reader:
                # A connection of its own: a read does not wait for the open write.
                assert await _pragma(reader, "query_only") == 1
                assert await _pragma(reader, "journal_mode") == "wal"
                assert await _pragma(reader, "busy_timeout") == SQLITE_BUSY_TIMEOUT_MS
        assert SQLITE_SYNCHRONOUS == "FULL"  # what the README and app/database.py document
    finally:
        await database.dispose()
