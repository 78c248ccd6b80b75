"""Per-principal token buckets, in requests per minute, with separate read and write limits.

The buckets live in this process's memory: with several worker processes each one counts on
its own, so the effective limit is the configured one times the number of workers.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

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


class TokenBuckets:
    """One bucket of `per_minute` requests per key, refilled continuously."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._rate = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def take(self, key: str) -> Decision:
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
        allowed = bucket.tokens >= 1.0
        if allowed:
            bucket.tokens -= 1.0
        return Decision(
            allowed=allowed,
            limit=self.per_minute,
            remaining=int(bucket.tokens),
            reset_seconds=(self.per_minute - bucket.tokens) / self._rate,
            retry_after_seconds=0.0 if allowed else (1.0 - bucket.tokens) / self._rate,
        )

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
    ) -> None:
        self.read = TokenBuckets(read_per_minute, clock) if read_per_minute else None
        self.write = TokenBuckets(write_per_minute, clock) if write_per_minute else None

    def use_clock(self, clock: Callable[[], float]) -> None:
        """Count time with `clock` from now on (tests freeze or advance it)."""
        for buckets in (self.read, self.write):
            if buckets is not None:
                buckets.clock = clock

    def take(self, owner: str, method: str) -> Decision | None:
        buckets = self.read if method in ("GET", "HEAD", "OPTIONS") else self.write
        return buckets.take(owner) if buckets is not None else None
