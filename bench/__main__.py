"""`python -m bench [--quick] [--only NAME ...] [--out DIR]`: run the benchmarks, write results.

Each benchmark writes `<out>/<name>.md` and `<name>.json`. A full run writes into
bench/results/ (committed); `--quick` is a smoke run with tiny inputs that finishes in under a
minute and writes into build/bench/results-quick/ unless `--out` says otherwise.
A component that does not exist yet is reported as not available, never a crash; a
benchmark that fails outright still writes its result file, naming the error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import environment as env
from bench.context import FULL_REPEAT, QUICK_REPEAT, BenchContext
from bench.report import BenchResult, write_result

# name → module with `run(ctx) -> BenchResult`, in the order a full run does them.
BENCHMARKS: dict[str, str] = {
    "generate": "bench.generation",
    "scaling": "bench.scaling",
    "noop": "bench.noop",
    "ir_reuse": "bench.ir_reuse",
    "sdk_python": "bench.sdk_python",
    "sdk_typescript": "bench.sdk_typescript",
    "sse_typescript": "bench.sse_typescript",
    "ttfe_typescript": "bench.ttfe_typescript",
    "sse_python": "bench.sse_python",
    "app": "bench.app_throughput",
    "service": "bench.service_throughput",
    "auth_timing": "bench.auth_timing",
    "compat": "bench.compat",
    "kotlin_stages": "bench.kotlin_stages",
}


def _load(module_name: str) -> Callable[[BenchContext], BenchResult]:
    module = importlib.import_module(module_name)
    runner: Callable[[BenchContext], BenchResult] = module.run
    return runner


def run_benchmark(name: str, ctx: BenchContext) -> BenchResult:
    """Run one benchmark; an unexpected exception becomes a result that names it."""
    try:
        return _load(BENCHMARKS[name])(ctx)
    except Exception as exc:  # report and go on to the next benchmark
        result = BenchResult(name, f"Benchmark {name}: crashed")
        result.unavailable.append(f"the benchmark itself failed: {type(exc).__name__}: {exc}")
        result.data["traceback"] = traceback.format_exc()
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="smoke mode: tiny inputs, one run, under a minute"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(BENCHMARKS),
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}",
    )
    parser.add_argument("--out", type=Path, help="results directory")
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="also time our generator as of this git revision, side by side (generate)",
    )
    parser.add_argument(
        "--only-ours",
        action="store_true",
        help="generate: time ours and the --baseline only, without the peer generators",
    )
    parser.add_argument(
        "--peer",
        action="append",
        metavar="TOOL",
        help="generate: time ours against this peer only (repeatable), e.g. openapi-typescript",
    )
    parser.add_argument(
        "--no-type-check",
        action="store_true",
        help="time only: do not type-check the generated output",
    )
    parser.add_argument(
        "--spec",
        action="append",
        metavar="TEXT",
        help="generate: only the specs whose label contains TEXT (repeatable), e.g. synthetic",
    )
    args = parser.parse_args(argv)

    names = args.only or list(BENCHMARKS)
    out = args.out or (env.QUICK_RESULTS if args.quick else env.RESULTS)
    ctx = BenchContext(
        quick=args.quick,
        repeat=QUICK_REPEAT if args.quick else FULL_REPEAT,
        scratch=env.SCRATCH / ("quick" if args.quick else "full"),
        baseline=env.export_revision(args.baseline) if args.baseline else None,
        only_ours=args.only_ours,
        peers=tuple(args.peer or ()),
        no_type_check=args.no_type_check,
        specs=tuple(args.spec or ()),
    )
    machine = env.machine_info()
    tools = env.tool_versions()
    commit = env.git_commit()
    failures = 0
    # A smoke run's numbers mean nothing: it does not wait.
    waited = 0.0 if ctx.quick else ctx.settle()
    if waited:
        print(f"bench: waited {waited:.0f} s for the last run's deletions to age (see"
              " BenchContext.run_dir)", flush=True)
    try:
        for name in names:
            started = time.perf_counter()
            print(f"bench: {name} …", flush=True)
            result = run_benchmark(name, ctx)
            context: dict[str, Any] = {
                "quick": ctx.quick,
                "repeat": {"warmup": ctx.repeat.warmup, "runs": ctx.repeat.runs},
                "finished_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                "duration_s": round(time.perf_counter() - started, 1),
                "commit": commit,
                "machine": machine,
                "tools": tools,
            }
            md, _ = write_result(result, out, context)
            if "traceback" in result.data:
                failures += 1
                print(result.data["traceback"], file=sys.stderr)
            met = [g.met for g in result.goals]
            print(
                f"bench: {name} done in {context['duration_s']} s → {md}"
                f" (goals met {met.count(True)}, missed {met.count(False)},"
                f" unmeasured {met.count(None)}; not available: {len(result.unavailable)})",
                flush=True,
            )
    finally:
        ctx.discard_runs()  # after the last benchmark: see BenchContext.run_dir
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
