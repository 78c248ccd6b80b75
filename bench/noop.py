"""Benchmark 3: the cost of regenerating when nothing changed.

Generates both SDKs from spec/openapi.yaml once into a scratch directory, then times the
same commands again with the spec, templates and config unchanged, as `nox -s generate`
runs them. The goal (under 0.5 s of generator time) needs the generator to cache by spec
and template hash; we also record whether the no-op rewrote any output file.
"""

from __future__ import annotations

from pathlib import Path

from bench import environment as env
from bench.context import BenchContext
from bench.measure import Stats
from bench.ours import generate_both, our_tool
from bench.report import BenchResult
from bench.tools import reset_dir

GOAL_S = 0.5


def _snapshot(out: Path) -> dict[str, int]:
    """mtime (ns) of every output file, to see whether a no-op rewrote anything."""
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def run(ctx: BenchContext) -> BenchResult:
    result = BenchResult("noop", "No-op regeneration: both SDKs from an unchanged spec")
    reason = our_tool().unavailable()
    if reason or not env.OUR_SPEC.exists():
        result.unavailable.append(reason or f"{env.OUR_SPEC} does not exist")
        result.goal(f"no-op under {GOAL_S} s of generator time", "not measured", None)
        return result
    out = ctx.scratch_dir("noop")
    reset_dir(out)
    cold = generate_both(env.OUR_SPEC, out)
    if not cold.ok:
        result.unavailable.append(f"our generator failed on spec/openapi.yaml: {cold.failure()}")
        result.goal(f"no-op under {GOAL_S} s of generator time", "generation failed", False)
        return result
    before = _snapshot(out)
    walls: list[float] = []
    reported: list[float] = []
    for attempt in range(ctx.repeat.warmup + max(ctx.repeat.runs, 3)):
        again = generate_both(env.OUR_SPEC, out)
        if not again.ok:
            result.goal(
                f"no-op under {GOAL_S} s of generator time", f"failed: {again.failure()}", False
            )
            return result
        if attempt >= ctx.repeat.warmup:
            walls.append(again.wall_s)
            if again.generator_s is not None:
                reported.append(again.generator_s)
    rewritten = sorted(name for name, mtime in _snapshot(out).items() if before.get(name) != mtime)
    wall = Stats.of(walls)
    table = result.table("Regeneration of Python + TypeScript SDKs", ["run", "value"])
    table.add("first (cold) generation, wall s", round(cold.wall_s, 3))
    table.add(
        "no-op, wall s incl. 2 interpreter start-ups, median (min–max)",
        f"{wall.median:.3f} ({wall.min:.3f}–{wall.max:.3f})",
    )
    gen = Stats.of(reported) if reported else None
    table.add("no-op, generator-reported s, median", round(gen.median, 3) if gen else None)
    table.add("output files rewritten by the no-op", f"{len(rewritten)} of {len(before)}")
    result.data.update(
        {
            "cold_wall_s": cold.wall_s,
            "noop_wall_s": wall.to_json(),
            "noop_generator_s": gen.to_json() if gen else None,
            "files_rewritten": rewritten[:50],
            "files_total": len(before),
        }
    )
    measured = gen.median if gen else wall.median
    result.goal(
        f"no-op under {GOAL_S} s of generator time",
        f"{measured:.3f} s ({'generator-reported' if gen else 'wall'}), "
        f"{len(rewritten)} files rewritten",
        measured < GOAL_S,
    )
    result.notes.append(
        "Generator time is what `python -m generator` reports on its summary line (load → IR → "
        "render → write), summed over both languages; the wall time adds interpreter start-up. "
        "Measured on the generator commands `nox -s generate` runs, into a scratch copy, so "
        "the committed sdks/ are never touched."
    )
    return result
