"""Benchmark 6: the app's throughput on SQLite, and list latency as a conversation grows.

The server is uvicorn on loopback with a fresh SQLite file. Throughput uses a fixed number
of requests from a small pool of concurrent connections in this process (which shares the
machine's two cores with the server, so the figures are a floor, not a capacity). Latency
is sequential: one request at a time, at conversation sizes from 100 up to 100,000 items;
a page costs O(page), so it should not grow with the size.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx

from bench.context import BenchContext
from bench.measure import Repeat, Stats
from bench.payloads import mixed_items
from bench.report import BenchResult
from bench.server import (
    add_items,
    app_unavailable,
    fresh_database,
    seed_conversation,
    uvicorn_server,
)

CONCURRENCY = 8
FULL_SIZES = (100, 1_000, 10_000, 100_000)
QUICK_SIZES = (100, 400)
LATENCY_SAMPLES = 50  # sequential requests per timed run
PAGE = 20  # the API's default page size
FLAT_TOLERANCE = 1.5  # "flat": the largest conversation's page latency within this × the smallest's


async def _requests_per_second(
    base_url: str, total: int, make_request: Callable[[httpx.AsyncClient, int], Any]
) -> float:
    """`total` requests spread over CONCURRENCY workers; requests per second of wall time."""
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30.0) as client:
        counter = iter(range(total))

        async def worker() -> None:
            for n in counter:
                response = await make_request(client, n)
                response.raise_for_status()

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        return total / (time.perf_counter() - start)


def _throughput(
    base_url: str, total: int, repeat: Repeat, make_request: Callable[[httpx.AsyncClient, int], Any]
) -> Stats:
    samples = []
    for attempt in range(repeat.warmup + repeat.runs):
        rps = asyncio.run(_requests_per_second(base_url, total, make_request))
        if attempt >= repeat.warmup:
            samples.append(rps)
    return Stats.of(samples)


def _latency_ms(
    client: httpx.Client, path: str, params: dict[str, Any], repeat: Repeat, samples: int
) -> Stats:
    """Per-request latency (ms): median over runs of each run's mean of `samples` requests."""
    means = []
    for attempt in range(repeat.warmup + repeat.runs):
        start = time.perf_counter()
        for _ in range(samples):
            client.get(path, params=params).raise_for_status()
        if attempt >= repeat.warmup:
            means.append((time.perf_counter() - start) / samples * 1000)
    return Stats.of(means)


def _fmt(stats: Stats, digits: int = 2) -> str:
    return f"{stats.median:.{digits}f} ({stats.min:.{digits}f}–{stats.max:.{digits}f})"


def run(ctx: BenchContext) -> BenchResult:
    result = BenchResult("app", "App throughput and list latency on SQLite (uvicorn, loopback)")
    reason = app_unavailable()
    if reason:
        result.unavailable.append(reason)
        result.goal("list latency flat from 100 to 100,000 items", "not measured", None)
        return result
    total = 40 if ctx.quick else 1_000
    sizes = QUICK_SIZES if ctx.quick else FULL_SIZES
    samples = 10 if ctx.quick else LATENCY_SAMPLES
    database = fresh_database(ctx.scratch_dir("app"), "throughput")
    with (
        uvicorn_server(database) as base_url,
        httpx.Client(base_url=base_url, timeout=30.0) as client,
    ):
        page_conversation = seed_conversation(client, mixed_items(100 if ctx.quick else 1_000))
        one_item = mixed_items(1)

        async def create_conversation(http: httpx.AsyncClient, n: int) -> httpx.Response:
            return await http.post("/v1/conversations", json={"metadata": {"n": str(n)}})

        async def create_item(http: httpx.AsyncClient, n: int) -> httpx.Response:
            return await http.post(
                f"/v1/conversations/{page_conversation}/items", json={"items": one_item}
            )

        async def list_page(http: httpx.AsyncClient, n: int) -> httpx.Response:
            return await http.get(
                f"/v1/conversations/{page_conversation}/items", params={"limit": PAGE}
            )

        table = result.table(
            f"Throughput ({total} requests per run, {CONCURRENCY} concurrent connections)",
            ["operation", "requests/s, median (min–max)"],
        )
        rps: dict[str, Any] = {}
        for label, request in (
            ("create conversation", create_conversation),
            ("create item (1 message)", create_item),
            (f"list a page (limit={PAGE})", list_page),
        ):
            stats = _throughput(base_url, total, ctx.repeat, request)
            table.add(label, _fmt(stats, 0))
            rps[label] = stats.to_json()
        result.data["requests_per_second"] = rps

        latency = result.table(
            f"List latency by conversation size (ms per request, {samples} sequential "
            "requests per run)",
            [
                "items in conversation",
                f"first page desc (limit={PAGE})",
                f"page after a middle cursor, asc (limit={PAGE})",
                "seconds to fill it",
            ],
        )
        # One conversation per size, all filled first, then measured round-robin, so a burst
        # of load on the shared machine lands on every size alike.
        conversations: dict[int, tuple[str, str, float]] = {}
        for size in sizes:
            started = time.perf_counter()
            conversation = seed_conversation(client, [])
            ids = add_items(client, conversation, mixed_items(size))
            conversations[size] = (conversation, ids[len(ids) // 2], time.perf_counter() - started)
        first: dict[int, list[float]] = {size: [] for size in sizes}
        middle: dict[int, list[float]] = {size: [] for size in sizes}
        one_run = Repeat(warmup=0, runs=1)
        for attempt in range(ctx.repeat.warmup + ctx.repeat.runs):
            for size, (conversation, middle_id, _) in conversations.items():
                path = f"/v1/conversations/{conversation}/items"
                f = _latency_ms(client, path, {"limit": PAGE}, one_run, samples).median
                m = _latency_ms(
                    client,
                    path,
                    {"limit": PAGE, "order": "asc", "after": middle_id},
                    one_run,
                    samples,
                ).median
                if attempt >= ctx.repeat.warmup:
                    first[size].append(f)
                    middle[size].append(m)
        points: list[dict[str, Any]] = []
        for size in sizes:
            f_stats, m_stats = Stats.of(first[size]), Stats.of(middle[size])
            latency.add(size, _fmt(f_stats), _fmt(m_stats), round(conversations[size][2], 1))
            points.append(
                {
                    "items": size,
                    "first_page_ms": f_stats.to_json(),
                    "middle_page_ms": m_stats.to_json(),
                    "fill_s": conversations[size][2],
                }
            )
        result.data["latency"] = points

    first_ms = [p["first_page_ms"]["median"] for p in points]
    middle_ms = [p["middle_page_ms"]["median"] for p in points]
    worst = max(first_ms[-1] / first_ms[0], middle_ms[-1] / middle_ms[0])
    result.goal(
        f"list latency flat from {sizes[0]:,} to {sizes[-1]:,} items "
        f"(largest ≤ {FLAT_TOLERANCE}× smallest)",
        f"first page {first_ms[0]:.2f} → {first_ms[-1]:.2f} ms, middle page "
        f"{middle_ms[0]:.2f} → {middle_ms[-1]:.2f} ms (×{worst:.2f})",
        worst <= FLAT_TOLERANCE,
    )
    result.notes += [
        "The load generator runs in the benchmark's own process on the same two cores as the "
        "server; each figure is what one client process could drive, not the server's ceiling.",
        "The conversation grows through the API (20 items per request), the same mixed item "
        "types the SDK benchmarks use.",
    ]
    return result
