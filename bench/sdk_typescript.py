"""Benchmark 5: per-call overhead of our TypeScript SDK against raw fetch, and bundle size.

The calls run in Node (bench/ts/overhead.mjs) against uvicorn on loopback, raw and SDK
batches alternating. The bundle is esbuild's minified ESM browser build of
bench/ts/list-items.ts, a program that lists a conversation's items, gzipped at level 9.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import httpx

from bench import environment as env
from bench.context import BenchContext
from bench.measure import Stats, run_process
from bench.payloads import mixed_items
from bench.report import BenchResult
from bench.server import app_unavailable, fresh_database, seed_conversation, uvicorn_server

GOAL_RATIO = 1.10
LIST_LIMIT = 100
TS_DIR = env.BENCH / "ts"


def sdk_entry() -> tuple[Path | None, str | None]:
    """The built ESM entry of sdks/typescript, from its package.json `exports`."""
    manifest_path = env.TS_SDK / "package.json"
    if not manifest_path.exists():
        return None, "the TypeScript SDK (sdks/typescript) does not exist yet"
    manifest = json.loads(manifest_path.read_text())
    exports = manifest.get("exports", {}).get(".", {})
    target = exports.get("import", {}) if isinstance(exports, dict) else {}
    relative = (
        (target.get("default") if isinstance(target, dict) else target)
        or manifest.get("module")
        or manifest.get("main")
    )
    if not relative:
        return None, "sdks/typescript/package.json names no entry point"
    entry = (env.TS_SDK / relative).resolve()
    if not entry.exists():
        return None, (
            f"the TypeScript SDK is not built ({relative} missing): run `npm ci && "
            "npm run build` in sdks/typescript (the nox `bench` session does)"
        )
    return entry, None


def _bundle(ctx: BenchContext, result: BenchResult) -> None:
    esbuild = env.node_bin("esbuild")
    if esbuild is None:
        result.unavailable.append("esbuild is not installed: " + env.missing_node_tools_reason())
        return
    # A scratch project where `parley-client` resolves to the checkout's SDK, as it would
    # from node_modules after `npm install parley-client`.
    project = ctx.scratch_dir("bundle")
    modules = project / "node_modules"
    shutil.rmtree(modules, ignore_errors=True)
    modules.mkdir()
    (modules / "parley-client").symlink_to(env.TS_SDK, target_is_directory=True)
    shutil.copy(TS_DIR / "list-items.ts", project / "list-items.ts")
    out = project / "list-items.min.js"
    run = run_process(
        [
            esbuild,
            "list-items.ts",
            "--bundle",
            "--minify",
            "--format=esm",
            "--platform=browser",
            "--target=es2022",
            f"--outfile={out}",
            "--log-level=warning",
        ],
        cwd=project,
        env=env.child_env(),
        timeout_s=120,
    )
    if not run.ok:
        result.unavailable.append(
            f"esbuild could not bundle the list-items program: {run.failure_excerpt()}"
        )
        return
    raw = out.read_bytes()
    gz = gzip.compress(raw, compresslevel=9, mtime=0)
    table = result.table(
        "Bundle size of a program that lists items (esbuild, ESM, browser)", ["artifact", "bytes"]
    )
    table.add("minified", len(raw))
    table.add("minified + gzip -9", len(gz))
    result.data["bundle_bytes"] = {"minified": len(raw), "minified_gzip": len(gz)}


def _in_memory(result: BenchResult, samples: dict[str, dict[str, list[float]]]) -> None:
    """The client's own cost: both sides parse the same list body from an in-memory fetch."""
    table = result.table(
        "Client-side cost only: the same list body from an in-memory fetch, µs per call, "
        "median (min–max)",
        ["call", "raw Response.json()", "parley-client", "SDK − raw, µs", "SDK ÷ raw"],
    )
    data: dict[str, Any] = {}
    for label, sides in samples.items():
        raw, sdk = Stats.of(sides["raw"]), Stats.of(sides["sdk"])
        table.add(
            label,
            f"{raw.median * 1e6:.0f} ({raw.min * 1e6:.0f}–{raw.max * 1e6:.0f})",
            f"{sdk.median * 1e6:.0f} ({sdk.min * 1e6:.0f}–{sdk.max * 1e6:.0f})",
            f"{(sdk.median - raw.median) * 1e6:.0f}",
            round(sdk.median / raw.median, 3),
        )
        data[label] = {"raw_s": raw.to_json(), "sdk_s": sdk.to_json(),
                       "sdk_minus_raw_s": sdk.median - raw.median}
    result.data["in_memory"] = data


def run(ctx: BenchContext) -> BenchResult:
    result = BenchResult(
        "sdk_typescript", "TypeScript SDK overhead against raw fetch, and bundle size"
    )
    entry, reason = sdk_entry()
    node = env.node_version()
    if node is None:
        reason = reason or "node is not installed"
    app_reason = app_unavailable()
    for why in (reason, app_reason):
        if why:
            result.unavailable.append(why)
    goal = f"SDK ≤ {GOAL_RATIO}× raw fetch over loopback (median ratio)"
    if entry is None or app_reason is not None or node is None:
        result.goal(goal, "not measured", None)
        if entry is not None:
            _bundle(ctx, result)
        return result
    calls = 40 if ctx.quick else 300
    with (
        uvicorn_server(fresh_database(ctx.scratch_dir("sdk_typescript"), "loopback")) as base_url,
        httpx.Client(base_url=base_url) as http,
    ):
        conversation = seed_conversation(http, mixed_items(LIST_LIMIT + 20))
        run = run_process(
            [
                "node",
                str(TS_DIR / "overhead.mjs"),
                str(entry),
                base_url,
                conversation,
                str(calls),
                str(ctx.repeat.warmup),
                str(ctx.repeat.runs),
            ],
            cwd=TS_DIR,
            env=env.child_env(),
            timeout_s=600,
        )
    if not run.ok:
        result.unavailable.append(f"the SDK calls failed in Node: {run.failure_excerpt()}")
        result.goal(goal, "failed", False)
    else:
        report: dict[str, dict[str, dict[str, list[float]]]] = json.loads(run.stdout)
        samples = report["loopback"]
        table = result.table(
            f"Per-call time over loopback, µs, median (min–max) over runs of {calls} retrieves / "
            f"{max(calls // 3, 10)} lists",
            [
                "call",
                "raw fetch + json()",
                "parley-client",
                "SDK ÷ raw (median)",
                "SDK ÷ raw (min)",
            ],
        )
        ratios: dict[str, float] = {}
        data: dict[str, Any] = {}
        for label, sides in samples.items():
            raw, sdk = Stats.of(sides["raw"]), Stats.of(sides["sdk"])
            ratios[label] = sdk.median / raw.median
            table.add(
                label,
                f"{raw.median * 1e6:.0f} ({raw.min * 1e6:.0f}–{raw.max * 1e6:.0f})",
                f"{sdk.median * 1e6:.0f} ({sdk.min * 1e6:.0f}–{sdk.max * 1e6:.0f})",
                round(ratios[label], 3),
                round(sdk.min / raw.min, 3),
            )
            data[label] = {
                "raw_s": raw.to_json(),
                "sdk_s": sdk.to_json(),
                "sdk_over_raw": ratios[label],
                "sdk_over_raw_min": sdk.min / raw.min,
            }
        result.data["overhead"] = data
        _in_memory(result, report["in_memory"])
        result.goal(
            goal,
            ", ".join(f"{k} ×{v:.2f}" for k, v in ratios.items()),
            max(ratios.values()) <= GOAL_RATIO,
        )
    _bundle(ctx, result)
    result.notes += [
        "Raw = global `fetch(url)` + `response.json()` in the same Node process; the SDK "
        "(`new Parley({ baseURL, maxRetries: 0 })`) uses the same global fetch.",
        "Each run alternates raw and SDK in 10 slices (order flipped every slice); the min "
        "ratio compares each side's fastest run, the least disturbed by other load.",
        "Measured under load: the machine's 2 cores are shared with other jobs, so only ratios "
        "taken side by side in one run mean anything; absolute times are inflated.",
        "In-memory: a fresh `Response` of the recorded list body per call, the same for both "
        "sides; what is left is the client's own work (the SDK: request building, the timeout's "
        "AbortController, the page wrapper, `JSON.parse`, never a per-item pass).",
        "Profile of the list call: bench/results/profile-typescript-list.md "
        "(`python -m bench.profile_typescript`).",
        "Bundle: bench/ts/list-items.ts with `parley-client` resolved to sdks/typescript "
        "(its `exports`), `esbuild --bundle --minify --format=esm --platform=browser`.",
    ]
    return result
