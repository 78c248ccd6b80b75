"""API keys: issued and revoked by `python -m app keys`, stored only as SHA-256 hashes.

A key is `prl_<key id>_<secret>`. The key id (16 hex digits) is the primary key of its row, so
a lookup is one indexed read; the full key's SHA-256 is then compared in constant time. An
unknown key id is compared against a dummy hash, so both failures cost the same. The table
lives on the shared `METADATA`, in the same database as the data (SQLite or PostgreSQL).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import BigInteger, Column, String, Table, select, update

from app.auth.principal import is_valid_principal_name
from app.database import METADATA, Database

KEY_PREFIX = "prl_"
_KEY = re.compile(r"prl_([0-9a-f]{16})_[A-Za-z0-9_-]{43}")
_DUMMY_HASH = hashlib.sha256(b"no such key").hexdigest()

api_keys = Table(
    "api_keys",
    METADATA,
    Column("key_id", String(16), primary_key=True),
    Column("owner", String(256), nullable=False),
    Column("name", String(256), nullable=True),
    Column("key_hash", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("revoked_at", BigInteger, nullable=True),
)


@dataclass(frozen=True)
class ApiKeyInfo:
    """A key as `keys list` shows it (never the key or its hash)."""

    key_id: str
    owner: str
    name: str | None
    created_at: int
    revoked_at: int | None


def hash_key(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiKeyStore:
    """Create, list, revoke and verify keys in the service's database."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def create(self, owner: str, name: str | None = None) -> tuple[str, ApiKeyInfo]:
        """Issue a key for `owner`; the key itself is returned here and nowhere else."""
        if not is_valid_principal_name(owner):
            raise ValueError(f"{owner!r} cannot own a key (printable ASCII, not 'anonymous')")
        key_id = secrets.token_hex(8)
        key = f"{KEY_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
        info = ApiKeyInfo(key_id, owner, name, int(time.time()), None)
        async with self._database.transaction() as connection:
            await connection.execute(
                api_keys.insert().values(
                    key_id=key_id,
                    owner=owner,
                    name=name,
                    key_hash=hash_key(key),
                    created_at=info.created_at,
                )
            )
        return key, info

    async def list(self, owner: str | None = None) -> list[ApiKeyInfo]:
        query = select(api_keys).order_by(api_keys.c.created_at, api_keys.c.key_id)
        if owner is not None:
            query = query.where(api_keys.c.owner == owner)
        async with self._database.read() as connection:
            rows = (await connection.execute(query)).all()
        return [
            ApiKeyInfo(row.key_id, row.owner, row.name, row.created_at, row.revoked_at)
            for row in rows
        ]

    async def revoke(self, key_id: str) -> bool:
        """Revoke a key by its id; False when there is no such active key."""
        async with self._database.transaction() as connection:
            result = await connection.execute(
                update(api_keys)
                .where(api_keys.c.key_id == key_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=int(time.time()))
            )
        return bool(result.rowcount)

    async def verify(self, key: str) -> str | None:
        """The owner of an active `key`, else None."""
        match = _KEY.fullmatch(key)
        if match is None:
            return None
        async with self._database.read() as connection:
            row = (
                await connection.execute(
                    select(api_keys.c.owner, api_keys.c.key_hash, api_keys.c.revoked_at).where(
                        api_keys.c.key_id == match.group(1)
                    )
                )
            ).one_or_none()
        stored = row.key_hash if row is not None else _DUMMY_HASH
        matches = hmac.compare_digest(stored, hash_key(key))
        if row is None or not matches or row.revoked_at is not None:
            return None
        owner: str = row.owner
        return owner


def looks_like_api_key(token: str) -> bool:
    return token.startswith(KEY_PREFIX)
