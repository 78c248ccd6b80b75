"""Benchmark 1: generation time, ours (every shipped language) against the peer generators.

Runs are interleaved (run 1 of every tool, then run 2 of every tool, …) so a burst of load
from the shared machine hits every tool alike instead of whichever happened to be running.
Each run writes into a new directory of its own, so no tool can reuse a previous run's output,
and none is deleted before every benchmark has run (``BenchContext.run_dir`` says why).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import environment as env
from bench.context import BenchContext
from bench.measure import ProcessRun, Stats, run_process
from bench.report import BenchResult
from bench.synth_spec import DEFAULT_OPERATIONS, DEFAULT_SCHEMAS, operations_for, write_spec
from bench.tools import (
    OURS,
    OURS_LANGUAGES,
    TOOLS,
    GeneratorTool,
    OutputCheck,
    SpecFacts,
    baseline_tool,
)

GENERATE_TIMEOUT_S = 900.0
# A tool whose warm-up run takes longer than this gets SLOW_RUNS timed runs instead of the
# usual five: five more runs of a two-minute generation would not fit the benchmark's budget.
SLOW_RUN_S = 60.0
SLOW_RUNS = 3
NAMES_KEPT = 40  # skipped names listed in the JSON per tool and spec


def synthetic_spec(ctx: BenchContext, schemas: int) -> Path:
    path = ctx.scratch_dir("specs") / f"synthetic-{schemas}.yaml"
    write_spec(path, schemas, operations_for(schemas))
    return path


def benchmark_specs(ctx: BenchContext) -> list[tuple[str, Path]]:
    specs = [("parley spec/openapi.yaml", env.OUR_SPEC)]
    if ctx.quick:  # the scaling benchmark's quick run covers small synthetic specs
        return specs
    specs.append(("llama-stack", env.LLAMA_SPEC))
    # Every other real spec committed for the tests (issue 18: every one of them).
    specs += [(f"corpus {path.name}", path) for path in env.CORPUS_SPECS]
    synthetic = f"synthetic {DEFAULT_OPERATIONS} ops / {DEFAULT_SCHEMAS} schemas"
    if not ctx.specs or _selected(ctx, synthetic):
        specs.append((synthetic, synthetic_spec(ctx, DEFAULT_SCHEMAS)))
    return [(label, path) for label, path in specs if _selected(ctx, label)]


def _selected(ctx: BenchContext, label: str) -> bool:
    """``--spec``: a re-run of a few specs (every spec when none is given)."""
    return not ctx.specs or any(text in label for text in ctx.specs)


@dataclass
class ToolOnSpec:
    """Every run of one tool on one spec, and the verdict on its last output."""

    tool: GeneratorTool
    walls: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    failure: str | None = None
    last_runs: list[ProcessRun] = field(default_factory=list)
    check: OutputCheck | None = None

    @property
    def time(self) -> Stats | None:
        return Stats.of(self.walls) if self.walls and self.failure is None else None


def run_once(tool: GeneratorTool, spec: Path, out: Path, timeout_s: float) -> list[ProcessRun]:
    """Generate once into `out`, a new empty directory; stop at the first failing command."""
    runs: list[ProcessRun] = []
    for argv in tool.commands(spec, out):
        # Each tool runs from inside its output dir so no repo config file (such as the
        # spec linter's redocly.yaml) is picked up by a tool that looks in its cwd.
        run = run_process(argv, cwd=out, env=env.child_env(**tool.env_extra), timeout_s=timeout_s)
        runs.append(run)
        if not run.ok:
            break
    return runs


def measure_tools(
    ctx: BenchContext, tools: list[GeneratorTool], spec: Path, label: str
) -> dict[str, ToolOnSpec]:
    """Interleaved warm-up and timed runs of every tool on one spec, then the output checks."""
    results = {tool.name: ToolOnSpec(tool) for tool in tools}
    outs: dict[str, Path] = {}  # each tool's last run's output, for the checks
    wanted = {tool.name: ctx.repeat.runs for tool in tools}
    for attempt in range(ctx.repeat.warmup + ctx.repeat.runs):
        for tool in tools:
            entry = results[tool.name]
            if entry.failure is not None or len(entry.walls) >= wanted[tool.name]:
                continue
            outs[tool.name] = ctx.run_dir(_slug(label), _slug(tool.name), f"run-{attempt}")
            runs = run_once(tool, spec, outs[tool.name], GENERATE_TIMEOUT_S)
            entry.last_runs = runs
            if not all(run.ok for run in runs):
                entry.failure = runs[-1].failure_excerpt()
                continue
            wall = sum(run.wall_s for run in runs)
            if attempt < ctx.repeat.warmup:
                if wall > SLOW_RUN_S:  # the 2-core budget: fewer runs, and the table says so
                    wanted[tool.name] = min(SLOW_RUNS, ctx.repeat.runs)
                continue
            entry.walls.append(wall)
            entry.rss.append(max(run.peak_rss_mib for run in runs))
    facts = SpecFacts.load(spec)
    for tool in tools:
        entry = results[tool.name]
        if entry.failure is None:
            entry.check = tool.check_output(outs[tool.name], facts, entry.last_runs, ctx.type_check)
    return results


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def _fmt_time(stats: Stats | None) -> str:
    if stats is None:
        return "failed"
    return f"{stats.median:.2f} ({stats.min:.2f}–{stats.max:.2f})"


def run(ctx: BenchContext) -> BenchResult:
    result = BenchResult(
        "generate",
        "Generation time: parley (every shipped language) vs peer generators",
    )
    available = []
    baseline = [baseline_tool(ctx.baseline[1], ctx.baseline[0])] if ctx.baseline else []
    tools = [t for t in TOOLS if t.name == OURS] if ctx.only_ours else list(TOOLS)
    if ctx.peers:
        tools = [t for t in tools if t.name == OURS or t.name in ctx.peers]
    for tool in (*tools, *baseline):
        reason = tool.unavailable()
        if reason:
            result.unavailable.append(f"{tool.name}: {reason}")
        else:
            available.append(tool)
    table = result.table(
        "Wall time (s) and output quality per spec",
        [
            "spec",
            "tool",
            "lang",
            "runs",
            "time s, median (min–max)",
            "peak RSS MiB",
            "output loads",
            "type errors",
            "skipped schemas",
            "skipped ops",
            "ours ÷ this tool",
        ],
    )
    records: dict[str, Any] = {}
    for label, spec in benchmark_specs(ctx):
        if not spec.exists():
            result.unavailable.append(f"spec {label}: {spec} does not exist")
            continue
        measured = measure_tools(ctx, available, spec, label)
        ours = measured.get(OURS)
        ours_time = ours.time if ours else None
        records[label] = {}
        for name, entry in measured.items():
            stats = entry.time
            check = entry.check
            ratio = (
                (ours_time.median / stats.median)
                if ours_time and stats and name != OURS
                else None
            )
            table.add(
                label,
                name,
                entry.tool.language,
                len(entry.walls),
                _fmt_time(stats) if entry.failure is None else f"failed: {entry.failure[:160]}",
                round(max(entry.rss), 1) if entry.rss else None,
                check.loads if check else None,
                check.type_errors if check else None,
                len(check.skipped_schemas) if check else None,
                (
                    len(check.skipped_operations)
                    if check.skipped_operations is not None
                    else "n/a (models only)"
                )
                if check
                else None,
                round(ratio, 3) if ratio is not None else None,
            )
            records[label][name] = {
                "wall_s": stats.to_json() if stats else None,
                "peak_rss_mib": Stats.of(entry.rss).to_json() if entry.rss else None,
                "failure": entry.failure,
                "loads": check.loads if check else None,
                "type_errors": check.type_errors if check else None,
                "skipped_schemas": len(check.skipped_schemas) if check else None,
                "skipped_schema_names": check.skipped_schemas[:NAMES_KEPT] if check else None,
                "skipped_operations": len(check.skipped_operations)
                if check and check.skipped_operations is not None
                else None,
                "skipped_operation_names": (check.skipped_operations or [])[:NAMES_KEPT]
                if check
                else None,
                "check_detail": check.detail if check else None,
                "ours_over_tool": ratio,
            }
        _add_goals(result, label, measured)
    result.data["specs"] = records
    result.notes += [
        "Ours is timed generating every shipped language (" + ", ".join(OURS_LANGUAGES) + ") "
        "in one `python -m generator generate --lang … --out DIR/{lang}` process (one load, "
        "one IR, one render per language); a `--baseline` revision runs one process per "
        "language. Each peer produces one language, so the ratio column gives ours (all "
        "languages) ÷ peer (one language) (< 1: ours faster).",
        "Measured under load: the 2-core machine is shared with other sessions (load average "
        "at the start under Machine); only ratios measured side by side in this run mean "
        "anything.",
        "Python tools run with bytecode caching on (PYTHONDONTWRITEBYTECODE removed from the "
        "child environment), as an installed tool runs.",
        f"A tool whose warm-up run took over {SLOW_RUN_S:.0f} s is timed {SLOW_RUNS} times "
        "instead of 5 (the `runs` column), to fit the run into the machine's budget.",
        "Peak RSS is the maximum resident set of the tool's process tree as GNU time reports "
        "it (wait4), for ours the larger of our two processes.",
        "Output loads: Python — every generated module imports; TypeScript — `tsc` reports no "
        "syntax (TS1xxx) errors. Type errors: `mypy --strict` (pydantic plugin) or `tsc "
        "--strict` (bench/mypy-generated.ini, tools.TSCONFIG), counted on the last run's output; "
        "ours adds Python and TypeScript (Go and Kotlin are checked by their own test suites).",
        "Skipped schemas/ops: spec component names and operationIds with no identifier, "
        "string key or file name of the same normalised name in the output (for ours: missing "
        "in either language counts). openapi-python-client inlines a oneOf schema as a Union "
        "instead of naming it, so its schema count is what it reports itself as not generated.",
        "Peers run with their defaults: openapi-python-client `--meta none`, "
        "datamodel-code-generator `--output-model-type pydantic_v2.BaseModel`, "
        "openapi-typescript and @hey-api/openapi-ts with no config file.",
    ]
    if ctx.quick:
        result.notes.append("Quick mode: our spec only, one run, no type-checking.")
    return result


def _add_goals(result: BenchResult, label: str, measured: dict[str, ToolOnSpec]) -> None:
    ours = measured.get(OURS)
    if ours is None:
        result.goal(
            f"{label}: ours faster than every single-language peer", "ours not available", None
        )
        return
    ours_time = ours.time
    for name, entry in measured.items():
        if not entry.tool.single_language:
            continue
        peer = entry.time
        if ours_time is None or peer is None:
            result.goal(
                f"{label}: ours faster than {name}",
                "ours failed" if ours_time is None else f"{name} failed",
                False if ours_time is None else None,
            )
            continue
        ratio = ours_time.median / peer.median
        result.goal(
            f"{label}: ours faster than {name}",
            f"{ours_time.median:.2f} s vs {peer.median:.2f} s (×{ratio:.2f})",
            ratio < 1.0,
        )
    check = ours.check
    if check is None:
        result.goal(
            f"{label}: ours 0 skipped, 0 type errors", f"ours failed: {ours.failure}", False
        )
        return
    skipped = len(check.skipped_schemas) + len(check.skipped_operations or [])
    errors = check.type_errors
    measured_text = f"{skipped} skipped, " + (
        f"{errors} type errors" if errors is not None else "type errors not checked"
    )
    met = None if errors is None and skipped == 0 else (skipped == 0 and errors == 0)
    result.goal(f"{label}: ours 0 skipped, 0 type errors", measured_text, met)
