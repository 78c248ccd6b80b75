"""Benchmark: events/s parsed by the TypeScript SDK's SSE runtime against a raw SSE parse.

`bench/ts/sse-decode.ts` (bundled with esbuild straight from templates/typescript/runtime/,
so it measures the runtime of this checkout, not a possibly stale sdks/typescript) feeds the
same 16 KiB chunks of OpenAI-style `data:` events through a `ReadableStream` to both sides:
`Stream.fromSSEResponse(..., 'json')` (the full WHATWG decoder, `[DONE]`, error checks) and a
hand-written split-on-blank-line + `JSON.parse` loop. Runs alternate sides, order flipped.
"""

from __future__ import annotations

import json

from bench import environment as env
from bench.context import BenchContext
from bench.measure import Stats, run_process
from bench.report import BenchResult

TS_DIR = env.BENCH / "ts"


def _esbuild() -> str | None:
    bundled = env.node_bin("esbuild")
    if bundled is not None:
        return bundled
    sdk_tool = env.TS_SDK / "node_modules" / ".bin" / "esbuild"
    return str(sdk_tool) if sdk_tool.exists() else None


def run(ctx: BenchContext) -> BenchResult:
    result = BenchResult("sse_typescript",
                         "TypeScript SDK: server-sent events parsed per second, against raw")
    esbuild = _esbuild()
    if esbuild is None or env.node_version() is None:
        result.unavailable.append("node or esbuild is missing: " + env.missing_node_tools_reason())
        return result
    out = ctx.scratch_dir("sse_typescript") / "sse-decode.mjs"
    build = run_process(
        [esbuild, str(TS_DIR / "sse-decode.ts"), "--bundle", "--format=esm", "--platform=node",
         "--target=es2022", f"--outfile={out}", "--log-level=warning"],
        cwd=env.ROOT, env=env.child_env(), timeout_s=120,
    )
    if not build.ok:
        result.unavailable.append(f"esbuild could not bundle sse-decode.ts: "
                                  f"{build.failure_excerpt()}")
        return result
    events = 2_000 if ctx.quick else 50_000
    measured = run_process(
        ["node", str(out), str(events), "16384", str(ctx.repeat.warmup), str(ctx.repeat.runs)],
        cwd=out.parent, env=env.child_env(), timeout_s=600,
    )
    if not measured.ok:
        result.unavailable.append(f"the decoder run failed: {measured.failure_excerpt()}")
        return result
    report = json.loads(measured.stdout)
    raw, sdk = Stats.of(report["samples"]["raw"]), Stats.of(report["samples"]["sdk"])
    table = result.table(
        f"{report['events']:,} events ({report['bytes']:,} bytes in {report['chunkBytes']:,}-byte "
        "chunks), events/s, median (min–max)",
        ["parser", "events/s", "µs/event", "÷ raw (time, median)"],
    )
    for label, stats in (("raw split + JSON.parse", raw), ("SDK Stream (WHATWG decoder)", sdk)):
        table.add(
            label,
            f"{1 / stats.median:,.0f} ({1 / stats.max:,.0f}–{1 / stats.min:,.0f})",
            f"{stats.median * 1e6:.2f}",
            round(stats.median / raw.median, 3),
        )
    result.data["sse"] = {"events": report["events"], "bytes": report["bytes"],
                          "raw_s_per_event": raw.to_json(), "sdk_s_per_event": sdk.to_json(),
                          "sdk_over_raw": sdk.median / raw.median}
    result.notes += [
        "Both sides read the same pre-built chunks from a `ReadableStream` in one Node process; "
        "no network. The raw loop is correct only for LF-only, one-`data:`-line events; the SDK "
        "handles every WHATWG rule (CR/CRLF, multi-line data, ids, retry, comments, BOM).",
    ]
    return result
