"""A minimal HTTP/1.1 load generator: keep-alive connections, one request in flight on each.

httpx costs more CPU per request than a small server does to answer it, and the load
generator shares the machine's two cores with the server, so a heavy client would flatten
every ratio toward 1. This one writes a request and reads `Content-Length` bytes back, no
more (uvicorn always sends a length for these responses).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# (method, path with query, JSON body or None) for the n-th request of a worker.
Request = tuple[str, str, Any]


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    @classmethod
    async def open(cls, base_url: str) -> Connection:
        parts = urlsplit(base_url)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        return cls(reader, writer)

    async def request(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        data = b"" if body is None else json.dumps(body).encode()
        head = (
            f"{method} {path} HTTP/1.1\r\nhost: bench\r\ncontent-type: application/json\r\n"
            f"content-length: {len(data)}\r\n\r\n"
        ).encode()
        self._writer.write(head + data)
        header = await self._reader.readuntil(b"\r\n\r\n")
        lines = header.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None:
            raise RuntimeError(f"{method} {path}: a response without content-length")
        return status, await self._reader.readexactly(length)

    async def close(self) -> None:
        self._writer.close()
        await self._writer.wait_closed()


@dataclass(frozen=True)
class LoadRun:
    """One run: requests per second of wall time, and every request's latency (seconds)."""

    requests_per_second: float
    latencies: list[float]


async def _load(
    base_url: str, workers: int, per_worker: int, make: Callable[[int, int], Request]
) -> LoadRun:
    connections = [await Connection.open(base_url) for _ in range(workers)]
    latencies: list[float] = []

    async def worker(number: int, connection: Connection) -> None:
        for n in range(per_worker):
            method, path, body = make(number, n)
            started = time.perf_counter()
            status, payload = await connection.request(method, path, body)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                raise RuntimeError(f"{method} {path}: {status} {payload[:200]!r}")

    started = time.perf_counter()
    try:
        await asyncio.gather(*(worker(n, c) for n, c in enumerate(connections)))
    finally:
        for connection in connections:
            await connection.close()
    elapsed = time.perf_counter() - started
    return LoadRun(workers * per_worker / elapsed, latencies)


def load(
    base_url: str, workers: int, per_worker: int, make: Callable[[int, int], Request]
) -> LoadRun:
    """`workers` connections, each sending `per_worker` requests back to back."""
    return asyncio.run(_load(base_url, workers, per_worker, make))


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile (`fraction` in 0..1)."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]
