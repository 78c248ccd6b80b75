"""Per-principal token buckets, in requests per minute, with separate read and write limits.

By default the buckets live in this process's memory: with several worker processes each one
counts on its own, so the effective limit is the configured one times the number of workers.
`rate_limits.backend = "database"` keeps them in the service's database instead (one row per
bucket, updated under a row lock), so every worker sharing a PostgreSQL database shares one
limit; it costs one small transaction per request.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Column, Float, String, Table, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.database import METADATA, Database

# Past this many buckets, the ones that are full again (idle principals) are forgotten.
_PRUNE_AT = 10_000


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass(frozen=True)
class Decision:
    """The outcome of one request against its bucket, and the headers that report it."""

    allowed: bool
    limit: int
    remaining: int
    reset_seconds: float  # until the bucket is full again
    retry_after_seconds: float  # until one request is allowed (0 when allowed)

    def headers(self) -> list[tuple[bytes, bytes]]:
        """OpenAI's rate-limit headers, plus `Retry-After` (whole seconds) on a refusal."""
        headers = [
            (b"x-ratelimit-limit-requests", str(self.limit).encode()),
            (b"x-ratelimit-remaining-requests", str(self.remaining).encode()),
            (b"x-ratelimit-reset-requests", format_duration(self.reset_seconds).encode()),
        ]
        if not self.allowed:
            headers.append(
                (b"retry-after", str(max(1, math.ceil(self.retry_after_seconds))).encode())
            )
        return headers


def format_duration(seconds: float) -> str:
    """OpenAI's duration format: `17ms`, `1s`, `6m0s`, `1m30.5s`."""
    if seconds < 1:
        return f"{math.ceil(seconds * 1000)}ms"
    minutes, rest = divmod(round(seconds, 3), 60)
    text = f"{rest:.3f}".rstrip("0").rstrip(".") + "s"
    return f"{int(minutes)}m{text}" if minutes else text


rate_limit_buckets = Table(
    "rate_limit_buckets",
    METADATA,
    Column("bucket", String(300), primary_key=True),
    Column("tokens", Float, nullable=False),
    Column("updated", Float, nullable=False),
)


def _refill(tokens: float, elapsed: float, per_minute: int) -> float:
    return min(float(per_minute), tokens + max(0.0, elapsed) * per_minute / 60.0)


def _decide(tokens: float, per_minute: int) -> tuple[float, Decision]:
    """Spend one token if there is one; the tokens left and the decision."""
    rate = per_minute / 60.0
    allowed = tokens >= 1.0
    if allowed:
        tokens -= 1.0
    return tokens, Decision(
        allowed=allowed,
        limit=per_minute,
        remaining=int(tokens),
        reset_seconds=(per_minute - tokens) / rate,
        retry_after_seconds=0.0 if allowed else (1.0 - tokens) / rate,
    )


class Buckets(Protocol):
    per_minute: int

    async def take(self, key: str) -> Decision: ...


class DatabaseTokenBuckets:
    """The same buckets as rows of `rate_limit_buckets`, shared by every worker."""

    def __init__(
        self, database: Database, per_minute: int, clock: Callable[[], float] = time.time
    ) -> None:
        self.per_minute = per_minute
        self._database = database
        self.clock = clock

    async def take(self, key: str) -> Decision:
        now = self.clock()
        dialect = postgresql if not self._database.is_sqlite else sqlite
        async with self._database.transaction() as connection:
            await connection.execute(
                dialect.insert(rate_limit_buckets)
                .values(bucket=key, tokens=float(self.per_minute), updated=now)
                .on_conflict_do_nothing(index_elements=["bucket"])
            )
            row = (
                await connection.execute(
                    select(rate_limit_buckets.c.tokens, rate_limit_buckets.c.updated)
                    .where(rate_limit_buckets.c.bucket == key)
                    .with_for_update()
                )
            ).one()
            tokens = _refill(row.tokens, now - row.updated, self.per_minute)
            tokens, decision = _decide(tokens, self.per_minute)
            await connection.execute(
                update(rate_limit_buckets)
                .where(rate_limit_buckets.c.bucket == key)
                .values(tokens=tokens, updated=max(now, row.updated))
            )
        return decision


class TokenBuckets:
    """One bucket of `per_minute` requests per key, refilled continuously."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._rate = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}

    async def take(self, key: str) -> Decision:
        """Spend one token of `key`'s bucket if it has one (no await: atomic in asyncio)."""
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= _PRUNE_AT:
                self._prune(now)
            bucket = self._buckets[key] = _Bucket(float(self.per_minute), now)
        else:
            bucket.tokens = min(
                float(self.per_minute), bucket.tokens + (now - bucket.updated) * self._rate
            )
            bucket.updated = now
        bucket.tokens, decision = _decide(bucket.tokens, self.per_minute)
        return decision

    def _prune(self, now: float) -> None:
        full = [
            key
            for key, bucket in self._buckets.items()
            if bucket.tokens + (now - bucket.updated) * self._rate >= self.per_minute
        ]
        for key in full:
            del self._buckets[key]


class RateLimiter:
    """The read and write buckets of the service; a missing limit is unlimited."""

    def __init__(
        self,
        read_per_minute: int | None,
        write_per_minute: int | None,
        clock: Callable[[], float] = time.monotonic,
        *,
        database: Database | None = None,
    ) -> None:
        def buckets(per_minute: int | None, kind: str) -> Buckets | None:
            if not per_minute:
                return None
            if database is not None:
                return _Prefixed(DatabaseTokenBuckets(database, per_minute), kind)
            return TokenBuckets(per_minute, clock)

        self.read = buckets(read_per_minute, "read")
        self.write = buckets(write_per_minute, "write")

    def use_clock(self, clock: Callable[[], float]) -> None:
        """Count time with `clock` from now on (tests freeze or advance it)."""
        for buckets in (self.read, self.write):
            if isinstance(buckets, TokenBuckets):
                buckets.clock = clock
            elif isinstance(buckets, _Prefixed):
                buckets.inner.clock = clock

    async def take(self, owner: str, method: str) -> Decision | None:
        buckets = self.read if method in ("GET", "HEAD", "OPTIONS") else self.write
        return await buckets.take(owner) if buckets is not None else None


class _Prefixed:
    """Database buckets of one kind: reads and writes share the table, not the rows."""

    def __init__(self, inner: DatabaseTokenBuckets, kind: str) -> None:
        self.inner = inner
        self.kind = kind
        self.per_minute = inner.per_minute

    async def take(self, key: str) -> Decision:
        return await self.inner.take(f"{self.kind}:{key}")
