"""Benchmark: time to the first event of a TypeScript stream, against the server's first byte.

bench/sse_app.py (uvicorn on loopback) sends its first event after `first_ms`, then one event
every `gap_ms`, so the stream ends long after it starts. bench/ts/sse-first-event.ts (bundled
with esbuild from templates/typescript/runtime/, the runtime of this checkout) times, side by side
and alternating, raw `fetch` reading the body (the floor: the server's time to first byte) and
the SDK's `Stream` (`responseKind: 'events'`) up to its first event. A streaming request that
was buffered would deliver its first event only at the end of the stream; the table shows it
arrives a whole stream earlier.
"""

from __future__ import annotations

import json
import statistics
from typing import Any

from bench import environment as env
from bench.context import BenchContext
from bench.measure import run_process
from bench.report import BenchResult
from bench.server import fresh_database, uvicorn_server
from bench.sse_typescript import _esbuild

TS_DIR = env.BENCH / "ts"
EVENTS = 6
FIRST_MS = 20
GAP_MS = 40


def _median(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def _range(rows: list[dict[str, float]], key: str) -> str:
    values = [row[key] for row in rows]
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def run(ctx: BenchContext) -> BenchResult:
    result = BenchResult(
        "ttfe_typescript",
        "TypeScript SDK: time to first stream event against the server's first byte",
    )
    esbuild = _esbuild()
    if esbuild is None or env.node_version() is None:
        result.unavailable.append("node or esbuild is missing: " + env.missing_node_tools_reason())
        return result
    scratch = ctx.scratch_dir("ttfe_typescript")
    out = scratch / "sse-first-event.mjs"
    build = run_process(
        [esbuild, str(TS_DIR / "sse-first-event.ts"), "--bundle", "--format=esm",
         "--platform=node", "--target=es2022", f"--outfile={out}", "--log-level=warning"],
        cwd=env.ROOT, env=env.child_env(), timeout_s=120,
    )
    if not build.ok:
        result.unavailable.append(f"esbuild could not bundle sse-first-event.ts: "
                                  f"{build.failure_excerpt()}")
        return result
    calls = 5 if ctx.quick else 40
    # The app needs no database; uvicorn_server wants a path for its log file.
    database = fresh_database(scratch, "sse")
    with uvicorn_server(database, factory="bench.sse_app:create_app") as base_url:
        measured = run_process(
            ["node", str(out), base_url, str(EVENTS), str(FIRST_MS), str(GAP_MS), str(calls),
             str(ctx.repeat.warmup + 1)],
            cwd=scratch, env=env.child_env(), timeout_s=600,
        )
    if not measured.ok:
        result.unavailable.append(f"the stream run failed: {measured.failure_excerpt()}")
        return result
    samples: dict[str, list[dict[str, float]]] = json.loads(measured.stdout)["samples"]
    raw, sdk = samples["raw"], samples["sdk"]
    table = result.table(
        f"{len(raw)} streams per side, {EVENTS} events (first after {FIRST_MS} ms, then one "
        f"every {GAP_MS} ms), ms from the call, median (min–max)",
        ["side", "response headers", "first byte / first event", "end of stream"],
    )
    table.add("raw fetch (server's first byte)", _range(raw, "headers_ms"),
              _range(raw, "first_ms"), _range(raw, "end_ms"))
    table.add("SDK Stream (first event)", _range(sdk, "headers_ms"),
              _range(sdk, "first_ms"), _range(sdk, "end_ms"))
    first_raw, first_sdk = _median(raw, "first_ms"), _median(sdk, "first_ms")
    end_sdk = _median(sdk, "end_ms")
    # Not buffered: every SDK first event came before its own stream's last gap began.
    unbuffered = all(row["first_ms"] < row["end_ms"] - GAP_MS for row in sdk)
    ratios = result.table("Side by side", ["measure", "value"])
    ratios.add("SDK first event − server first byte, ms (median)", round(first_sdk - first_raw, 2))
    ratios.add("SDK first event ÷ server first byte (median)", round(first_sdk / first_raw, 3))
    ratios.add("SDK first event ÷ SDK end of stream (median)", round(first_sdk / end_sdk, 3))
    ratios.add("every SDK first event before the stream's last gap", "yes" if unbuffered else "NO")
    result.goal("the first event is not buffered (it arrives before the stream ends)",
                f"first event {first_sdk:.1f} ms, end {end_sdk:.1f} ms", unbuffered)
    data: dict[str, Any] = {
        "events": EVENTS, "first_ms": FIRST_MS, "gap_ms": GAP_MS, "samples": samples,
        "first_event_minus_first_byte_ms": first_sdk - first_raw,
        "first_event_over_first_byte": first_sdk / first_raw,
        "unbuffered": unbuffered,
    }
    result.data["ttfe"] = data
    result.notes += [
        "Measured under load: the machine's 2 cores are shared with other jobs; only the side "
        "by side numbers of one run compare.",
        "Raw: `fetch` with `accept: text/event-stream`, timed to the first body chunk: the "
        "server's time to first byte, the floor for any client. SDK: a `BaseClient` subclass "
        "calling `request({ responseKind: 'events' })` as a generated streaming method does, "
        "timed to the first item of `for await`, i.e. the first byte plus decoding and "
        "`JSON.parse` of one event.",
    ]
    return result
