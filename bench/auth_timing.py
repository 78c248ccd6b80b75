"""Benchmark: a foreign conversation and a missing one take the same time to be refused.

Tenant isolation answers another owner's conversation with the 404 of a missing one; if it
were measurably slower or faster, timing would tell an attacker which ids exist. Bob asks for
Alice's conversations and for ids that exist nowhere, in a shuffled interleaving (so drift on
the shared machine lands on both alike), in-process over ASGI on a SQLite file (no network
noise). The check is statistical: a two-sided Mann-Whitney U test on the two latency samples,
plus the relative difference of their medians.
"""

from __future__ import annotations

import asyncio
import json
import math
import random
import secrets
import statistics
import time
from pathlib import Path
from typing import Any

import httpx

from bench.context import BenchContext
from bench.report import BenchResult
from bench.server import app_unavailable, fresh_database, sqlite_url

ALICE = "alice-bench-token-0123456789"
BOB = "bob-bench-token-0123456789ab"
P_THRESHOLD = 0.01  # "distinguishable" only below this p-value
MEDIAN_TOLERANCE = 0.05  # and the medians within 5 % of each other


def mann_whitney_p(a: list[float], b: list[float]) -> float:
    """Two-sided p-value of the Mann-Whitney U test (normal approximation, tie-corrected)."""
    pooled = sorted([(value, 0) for value in a] + [(value, 1) for value in b])
    ranks = [0.0] * len(pooled)
    ties = 0.0
    i = 0
    while i < len(pooled):
        j = i
        while j + 1 < len(pooled) and pooled[j + 1][0] == pooled[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        count = j - i + 1
        ties += count**3 - count
        i = j + 1
    n1, n2 = len(a), len(b)
    rank_sum = sum(rank for rank, (_, group) in zip(ranks, pooled, strict=True) if group == 0)
    u = rank_sum - n1 * (n1 + 1) / 2
    n = n1 + n2
    variance = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)))
    if variance <= 0:
        return 1.0
    z = (u - n1 * n2 / 2) / math.sqrt(variance)
    return math.erfc(abs(z) / math.sqrt(2))


async def _measure(database: Path, conversations: int, samples: int) -> dict[str, list[float]]:
    from app.auth.config import AuthSettings
    from app.main import create_app
    from app.settings import Settings

    tokens = database.with_suffix(".tokens.json")
    tokens.write_text(json.dumps({ALICE: "alice", BOB: "bob"}), encoding="utf-8")
    app = create_app(
        Settings(
            database_url=sqlite_url(database), auth=AuthSettings(static_tokens_file=str(tokens))
        )
    )
    timings: dict[str, list[float]] = {"foreign": [], "missing": []}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            alice = {"authorization": f"Bearer {ALICE}"}
            bob = {"authorization": f"Bearer {BOB}"}
            ids = []
            for n in range(conversations):
                response = await client.post(
                    "/v1/conversations", headers=alice, json={"metadata": {"n": str(n)}}
                )
                ids.append(response.json()["id"])
            plan = [("foreign", random.choice(ids)) for _ in range(samples)]
            plan += [("missing", "conv_" + secrets.token_hex(24)) for _ in range(samples)]
            random.shuffle(plan)
            for _ in range(min(50, samples)):  # warm-up, not recorded
                await client.get(f"/v1/conversations/{ids[0]}", headers=bob)
            for kind, conversation_id in plan:
                started = time.perf_counter()
                response = await client.get(f"/v1/conversations/{conversation_id}", headers=bob)
                elapsed = time.perf_counter() - started
                if response.status_code != 404:
                    raise RuntimeError(f"{kind} lookup answered {response.status_code}")
                timings[kind].append(elapsed * 1e6)
    return timings


def run(ctx: BenchContext) -> BenchResult:
    result = BenchResult(
        "auth_timing", "Tenant isolation: foreign vs missing conversation lookups (timing)"
    )
    reason = app_unavailable()
    if reason:
        result.unavailable.append(reason)
        return result
    conversations = 50 if ctx.quick else 2_000
    samples = 300 if ctx.quick else 3_000
    database = fresh_database(ctx.scratch_dir("auth_timing"), "timing")
    timings = asyncio.run(_measure(database, conversations, samples))
    foreign, missing = timings["foreign"], timings["missing"]
    p_value = mann_whitney_p(foreign, missing)
    medians = {kind: statistics.median(values) for kind, values in timings.items()}
    difference = abs(medians["foreign"] - medians["missing"]) / medians["missing"]
    table = result.table(
        f"GET another owner's conversation vs a missing one ({samples} each, interleaved; µs)",
        ["lookup", "median", "p10", "p90"],
    )
    summary: dict[str, Any] = {}
    for kind, values in timings.items():
        deciles = statistics.quantiles(values, n=10)
        table.add(kind, round(medians[kind], 1), round(deciles[0], 1), round(deciles[-1], 1))
        summary[kind] = {"median_us": medians[kind], "p10_us": deciles[0], "p90_us": deciles[-1]}
    result.data.update(summary=summary, mann_whitney_p=p_value, median_difference=difference)
    result.goal(
        f"indistinguishable: Mann-Whitney p ≥ {P_THRESHOLD} and medians within "
        f"{MEDIAN_TOLERANCE:.0%}",
        f"p = {p_value:.3f}, medians differ by {difference:.1%}",
        p_value >= P_THRESHOLD and difference <= MEDIAN_TOLERANCE,
    )
    result.notes += [
        "Both lookups run the same statement (`WHERE id = ? AND owner = ?` on the primary key) "
        "and fail the same way, so any difference would come from the database's cache, not "
        "from the code path.",
        f"{conversations} conversations of Alice's; Bob asks, in-process over ASGI on SQLite.",
    ]
    return result
