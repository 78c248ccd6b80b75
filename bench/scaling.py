"""Benchmark 2: how our generation time grows with the number of schemas.

Synthetic specs of 100, 1,000, 5,000 and 20,000 schemas (operations = schemas / 5), every
shipped language in one process. Linear growth means a constant marginal cost per schema: the
slope from 1,000 to 5,000 may exceed the one from 100 to 1,000 by at most 1.2×, and peak RSS
must grow no faster (its marginal MiB per schema, too). The 20,000 point shows the trend.
"""

from __future__ import annotations

from bench.context import BenchContext
from bench.generation import synthetic_spec
from bench.measure import Stats, least_squares_slope
from bench.ours import generate_both, our_tool
from bench.report import BenchResult
from bench.synth_spec import operations_for

FULL_SIZES = (100, 1000, 5000, 20000)
QUICK_SIZES = (100, 200, 400)
# A size whose warm-up takes longer than this is timed SLOW_RUNS times (the `runs` column).
SLOW_RUN_S = 60.0
SLOW_RUNS = 3
# "Flat per schema": the marginal cost per schema may grow by at most this factor from the
# small-size segment to the large-size segment before we call the growth super-linear.
LINEARITY_TOLERANCE = 1.2


def run(ctx: BenchContext) -> BenchResult:
    result = BenchResult(
        "scaling", "Scaling: our generation time (every shipped language) by spec size"
    )
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
            "runs",
            "wall s, median (min–max)",
            "generator-reported s (median)",
            "ms per schema (wall)",
            "peak RSS MiB",
        ],
    )
    medians: list[float] = []
    peaks: list[float] = []
    points: list[dict[str, object]] = []
    for schemas in sizes:
        spec = synthetic_spec(ctx, schemas)
        walls: list[float] = []
        reported: list[float] = []
        rss: list[float] = []
        failure = None
        wanted = ctx.repeat.runs
        for attempt in range(ctx.repeat.warmup + ctx.repeat.runs):
            if len(walls) >= wanted:
                break
            once = generate_both(spec, ctx.run_dir("scaling", str(schemas), f"run-{attempt}"))
            if not once.ok:
                failure = once.failure()
                break
            if attempt < ctx.repeat.warmup and once.wall_s > SLOW_RUN_S:
                wanted = min(SLOW_RUNS, ctx.repeat.runs)
            if attempt >= ctx.repeat.warmup:
                walls.append(once.wall_s)
                rss.append(once.peak_rss_mib)
                if once.generator_s is not None:
                    reported.append(once.generator_s)
        if failure is not None:
            table.add(
                schemas, operations_for(schemas), 0, f"failed: {failure[:200]}", None, None, None
            )
            points.append({"schemas": schemas, "failure": failure})
            continue
        wall = Stats.of(walls)
        medians.append(wall.median)
        peaks.append(max(rss))
        table.add(
            schemas,
            operations_for(schemas),
            len(walls),
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
    segments = [
        (sizes[i], sizes[i + 1], (medians[i + 1] - medians[i]) / (sizes[i + 1] - sizes[i]),
         (peaks[i + 1] - peaks[i]) / (sizes[i + 1] - sizes[i]))
        for i in range(len(sizes) - 1)
    ]
    small, large = segments[0][2], segments[1][2]
    result.data.update(
        {
            "slope_s_per_schema": slope,
            "intercept_s": intercept,
            "segment_slopes_s_per_schema": [seg[2] for seg in segments],
            "segment_rss_mib_per_schema": [seg[3] for seg in segments],
        }
    )
    fit = result.table("Fit", ["quantity", "value"])
    fit.add("least-squares slope (ms per schema)", round(slope * 1000, 3))
    fit.add("intercept (s, start-up)", round(intercept, 3))
    for low, high, time_slope, rss_slope in segments:
        fit.add(f"marginal ms/schema {low}→{high}", round(time_slope * 1000, 3))
        fit.add(f"marginal KiB RSS/schema {low}→{high}", round(rss_slope * 1024, 2))
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
    if len(segments) >= 2:
        # Linear memory: each later segment's MiB per schema is no larger than the one before
        # (within the same tolerance); the fixed start-up memory is the intercept.
        last = segments[-1]
        prev = segments[-2]
        ratio = last[3] / prev[3] if prev[3] > 0 else None
        result.data["rss_marginal_growth"] = ratio
        result.goal(
            f"peak RSS grows at most linearly: marginal MiB/schema {last[0]}→{last[1]} ≤ "
            f"{LINEARITY_TOLERANCE}× that of {prev[0]}→{prev[1]}",
            f"{last[3] * 1024:.2f} vs {prev[3] * 1024:.2f} KiB/schema"
            + (f" (×{ratio:.2f})" if ratio is not None else ""),
            None if ratio is None else ratio <= LINEARITY_TOLERANCE,
        )
    result.notes += [
        "Each size's wall time includes one interpreter start-up (every language in one "
        "process); the least-squares intercept is that fixed cost, the slope the per-schema "
        "cost.",
        "Measured under load: the 2-core machine is shared with other sessions; the sizes run "
        "one after another, so a change of load between them shows up in the ratios.",
    ]
    return result
