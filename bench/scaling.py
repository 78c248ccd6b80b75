"""Benchmark 2: how our generation time grows with the number of schemas.

Synthetic specs of 100, 1,000 and 5,000 schemas (operations = schemas / 5). Linear growth
means a constant marginal cost per schema: the slope between the two larger sizes should
not exceed the slope between the two smaller ones by much. Start-up cost is the intercept.
"""

from __future__ import annotations

from bench.context import BenchContext
from bench.generation import synthetic_spec
from bench.measure import Stats, least_squares_slope
from bench.ours import generate_both, our_tool
from bench.report import BenchResult
from bench.synth_spec import operations_for
from bench.tools import reset_dir

FULL_SIZES = (100, 1000, 5000)
QUICK_SIZES = (100, 200, 400)
# "Flat per schema": the marginal cost per schema may grow by at most this factor from the
# small-size segment to the large-size segment before we call the growth super-linear.
LINEARITY_TOLERANCE = 1.5


def run(ctx: BenchContext) -> BenchResult:
    result = BenchResult("scaling", "Scaling: our generation time (both languages) by spec size")
    reason = our_tool().unavailable()
    if reason:
        result.unavailable.append(reason)
        result.goal("time per schema flat (linear growth)", "not measured", None)
        return result
    sizes = QUICK_SIZES if ctx.quick else FULL_SIZES
    table = result.table(
        "Generation time by size",
        [
            "schemas",
            "operations",
            "wall s, median (min–max)",
            "generator-reported s (median)",
            "ms per schema (wall)",
            "peak RSS MiB",
        ],
    )
    medians: list[float] = []
    points: list[dict[str, object]] = []
    for schemas in sizes:
        spec = synthetic_spec(ctx, schemas)
        out = ctx.scratch_dir("scaling", str(schemas))
        walls: list[float] = []
        reported: list[float] = []
        rss: list[float] = []
        failure = None
        for attempt in range(ctx.repeat.warmup + ctx.repeat.runs):
            reset_dir(out)
            once = generate_both(spec, out)
            if not once.ok:
                failure = once.failure()
                break
            if attempt >= ctx.repeat.warmup:
                walls.append(once.wall_s)
                rss.append(once.peak_rss_mib)
                if once.generator_s is not None:
                    reported.append(once.generator_s)
        if failure is not None:
            table.add(
                schemas, operations_for(schemas), f"failed: {failure[:200]}", None, None, None
            )
            points.append({"schemas": schemas, "failure": failure})
            continue
        wall = Stats.of(walls)
        medians.append(wall.median)
        table.add(
            schemas,
            operations_for(schemas),
            f"{wall.median:.2f} ({wall.min:.2f}–{wall.max:.2f})",
            round(Stats.of(reported).median, 3) if reported else None,
            round(wall.median / schemas * 1000, 3),
            round(max(rss), 1),
        )
        points.append(
            {
                "schemas": schemas,
                "operations": operations_for(schemas),
                "wall_s": wall.to_json(),
                "generator_reported_s": Stats.of(reported).to_json() if reported else None,
                "peak_rss_mib": max(rss),
            }
        )
    result.data["points"] = points
    if len(medians) != len(sizes):
        result.goal("time per schema flat (linear growth)", "a size failed to generate", False)
        return result
    slope, intercept = least_squares_slope([float(s) for s in sizes], medians)
    small = (medians[1] - medians[0]) / (sizes[1] - sizes[0])
    large = (medians[2] - medians[1]) / (sizes[2] - sizes[1])
    result.data.update(
        {
            "slope_s_per_schema": slope,
            "intercept_s": intercept,
            "segment_slopes_s_per_schema": [small, large],
        }
    )
    fit = result.table("Fit", ["quantity", "value"])
    fit.add("least-squares slope (ms per schema)", round(slope * 1000, 3))
    fit.add("intercept (s, start-up)", round(intercept, 3))
    fit.add(f"marginal ms/schema {sizes[0]}→{sizes[1]}", round(small * 1000, 3))
    fit.add(f"marginal ms/schema {sizes[1]}→{sizes[2]}", round(large * 1000, 3))
    goal = (
        f"time per schema flat: marginal cost {sizes[1]}→{sizes[2]} ≤ {LINEARITY_TOLERANCE}× "
        f"that of {sizes[0]}→{sizes[1]}"
    )
    if small <= 0:  # the small sizes are within noise of each other: no baseline to compare
        result.goal(goal, f"slope {slope * 1000:.3f} ms/schema; first segment within noise", None)
    else:
        growth = large / small
        result.goal(
            goal,
            f"slope {slope * 1000:.3f} ms/schema; marginal ratio ×{growth:.2f}",
            growth <= LINEARITY_TOLERANCE,
        )
    result.notes.append(
        "Each size's wall time includes two interpreter start-ups (one per language); the "
        "least-squares intercept is that fixed cost, the slope the per-schema cost."
    )
    return result
