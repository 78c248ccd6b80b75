"""CPU profile of `items.list({limit: 100})` in the TypeScript SDK against raw fetch.

    python -m bench.profile_typescript --label before|after [--entry dist/esm/index.js]

Starts the app on loopback (uvicorn, as bench/sdk_typescript.py does), then runs
bench/ts/list-profile.mjs under `node --cpu-prof` once per side (raw fetch + json(), the SDK),
and writes the top of each profile (self and inclusive time per function) to
bench/results/profile-typescript-list.md, one section per label, so a change to the runtime
is published with the profile before and after it. The JSON beside it keeps every label's data.
Client CPU per call (process.cpuUsage) is the overhead measure least disturbed by a loaded
machine: the server's time is not in it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx

from bench import environment as env
from bench.measure import run_process
from bench.payloads import mixed_items
from bench.sdk_typescript import LIST_LIMIT, TS_DIR, sdk_entry
from bench.server import fresh_database, seed_conversation, uvicorn_server

RESULTS = env.BENCH / "results"
NAME = "profile-typescript-list"
TOP = 15


def _frame_key(frame: dict[str, Any], sdk_root: Path) -> tuple[str, bool]:
    """`function (file:line)`, and whether the frame is the SDK's own code."""
    name = frame["functionName"] or "(anonymous)"
    url: str = frame["url"]
    if not url:
        return name, False
    path = url.removeprefix("file://")
    ours = path.startswith(str(sdk_root))
    short = str(Path(path).relative_to(sdk_root)) if ours else path.rsplit("/", 1)[-1]
    return f"{name} ({short}:{frame['lineNumber'] + 1})", ours


def summarize(profile: dict[str, Any], sdk_root: Path) -> dict[str, Any]:
    """Self and inclusive milliseconds per function; idle time is left out of the shares."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    self_us: dict[int, float] = defaultdict(float)
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        self_us[node_id] += max(delta, 0)
    parent: dict[int, int] = {}
    for node in profile["nodes"]:
        for child in node.get("children", []):
            parent[child] = node["id"]
    by_self: dict[str, float] = defaultdict(float)
    by_total: dict[str, float] = defaultdict(float)
    ours: set[str] = set()
    idle = 0.0
    for node_id, micros in self_us.items():
        key, is_ours = _frame_key(nodes[node_id]["callFrame"], sdk_root)
        if key.startswith("(idle)"):
            idle += micros
            continue
        by_self[key] += micros
        # Inclusive time: charge each function on the stack once per sample, recursion or not.
        seen: set[str] = set()
        current: int | None = node_id
        while current is not None:
            frame_key, frame_ours = _frame_key(nodes[current]["callFrame"], sdk_root)
            if frame_key not in seen:
                seen.add(frame_key)
                by_total[frame_key] += micros
                if frame_ours:
                    ours.add(frame_key)
            current = parent.get(current)
        if is_ours:
            ours.add(key)
    busy = sum(by_self.values())

    def top(table: dict[str, float], keys: set[str] | None = None) -> list[dict[str, Any]]:
        rows = sorted(((k, v) for k, v in table.items() if keys is None or k in keys),
                      key=lambda kv: -kv[1])
        return [{"function": k, "ms": round(v / 1000, 2), "share": round(v / busy, 4)}
                for k, v in rows[:TOP]]

    return {
        "busy_ms": round(busy / 1000, 1),
        "idle_ms": round(idle / 1000, 1),
        "top_self": top(by_self),
        "top_sdk_inclusive": top(by_total, ours),
    }


def profile_side(node_args: list[str], side: str, calls: int, work: Path,
                 sdk_root: Path) -> dict[str, Any]:
    directory = work / side
    directory.mkdir(parents=True, exist_ok=True)
    run = run_process(
        ["node", "--cpu-prof", f"--cpu-prof-dir={directory}",
         str(TS_DIR / "list-profile.mjs"), *node_args, side, str(calls)],
        cwd=TS_DIR, env=env.child_env(), timeout_s=600,
    )
    if not run.ok:
        raise RuntimeError(f"list-profile.mjs ({side}) failed: {run.failure_excerpt()}")
    measured: dict[str, Any] = json.loads(run.stdout)
    (profile_path,) = directory.glob("*.cpuprofile")
    measured["profile"] = summarize(json.loads(profile_path.read_text()), sdk_root)
    return measured


def _table(rows: list[dict[str, Any]]) -> list[str]:
    lines = ["| function (file:line) | ms | share of busy CPU |", "|---|---|---|"]
    lines += [f"| `{r['function']}` | {r['ms']} | {r['share'] * 100:.1f} % |" for r in rows]
    return lines


def render(results: dict[str, Any]) -> str:
    lines = [
        "# CPU profile: `items.list({ limit: 100 })`, TypeScript SDK against raw fetch",
        "",
        "Written by `python -m bench.profile_typescript`. Measured under load (2 cores shared "
        "with other jobs): wall times are noisy, so each section also gives the client CPU per "
        "call (`process.cpuUsage`), which the server's time is not part of. Profiles are "
        "`node --cpu-prof` of one process per side; idle time is left out of the shares.",
        "",
    ]
    for label, data in results.items():
        raw, sdk = data["raw"], data["sdk"]
        lines += [
            f"## {label} (commit `{data['commit']}`, {data['written']})",
            "",
            "| side | calls | client CPU µs/call | wall µs/call | busy CPU in profile, ms |",
            "|---|---|---|---|---|",
        ]
        for side, row in (("raw fetch + json()", raw), ("parley-client", sdk)):
            lines.append(f"| {side} | {row['calls']} | {row['cpu_s_per_call'] * 1e6:.0f} | "
                         f"{row['wall_s_per_call'] * 1e6:.0f} | {row['profile']['busy_ms']} |")
        lines += [
            "",
            "The two sides run one after the other, so under load their times do not compare "
            "(a burst lands on one side only); the side-by-side ratios are in "
            "bench/results/sdk_typescript.md. This file is for where the time goes.",
            "",
            "### SDK side: top functions by self time",
            "",
            *_table(sdk["profile"]["top_self"]),
            "",
            "### SDK side: the SDK's own functions by inclusive time",
            "",
            *_table(sdk["profile"]["top_sdk_inclusive"]),
            "",
            "### Raw side: top functions by self time",
            "",
            *_table(raw["profile"]["top_self"]),
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_typescript",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--label", required=True, help="the section to (re)write, e.g. before")
    parser.add_argument("--entry", type=Path, help="the SDK's ESM entry (default: sdks/typescript)")
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    entry = args.entry
    if entry is None:
        entry, reason = sdk_entry()
        if entry is None:
            parser.error(reason or "no SDK entry")
    entry = entry.resolve()
    sdk_root = entry.parents[1]  # dist/ (its esm/ and cjs/ builds)
    with tempfile.TemporaryDirectory(prefix="profile-ts-") as scratch:
        work = Path(scratch)
        with (
            uvicorn_server(fresh_database(work, "profile")) as base_url,
            httpx.Client(base_url=base_url) as http,
        ):
            conversation = seed_conversation(http, mixed_items(LIST_LIMIT + 20))
            node_args = [str(entry), base_url, conversation]
            data: dict[str, Any] = {side: profile_side(node_args, side, args.calls, work, sdk_root)
                    for side in ("raw", "sdk")}
    data["commit"] = env.git_commit()
    data["written"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    args.out.mkdir(parents=True, exist_ok=True)
    store = args.out / f"{NAME}.json"
    results: dict[str, Any] = json.loads(store.read_text()) if store.exists() else {}
    results[args.label] = data
    store.write_text(json.dumps(results, indent=2) + "\n")
    (args.out / f"{NAME}.md").write_text(render(results))
    print(f"wrote {args.out / NAME}.md ({args.label})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
