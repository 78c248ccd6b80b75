"""Benchmark: a session's IR build after a one-operation change, against a fresh build.

In one process, as ``parley watch`` runs it: the unchanged spec is built once with an
:class:`~generator.build_ir.IrReuse`, then, interleaved sample by sample, the spec with
bench.noop's one-operation edit is built fresh and with that reuse (the reuse is reset to the
unchanged spec's build before each sample, so every sample measures the same step; which of
the two goes first alternates, and a collection runs before each). Our spec and the synthetic
1,000-schema spec; medians of the repeat count. The IRs must be equal.
``python -m bench.ir_reuse`` prints the table without writing results.
"""

from __future__ import annotations

import copy
import gc
import sys
import time
from pathlib import Path
from typing import Any

from bench.context import FULL_REPEAT, BenchContext
from bench.generation import synthetic_spec
from bench.measure import Stats
from bench.noop import one_operation_changed
from bench.report import BenchResult

ROOT = Path(__file__).resolve().parents[1]


def _specs(ctx: BenchContext) -> list[tuple[str, Path, Path | None]]:
    return [
        ("ours (spec/openapi.yaml)", ROOT / "spec" / "openapi.yaml", ROOT / "sdks" / "config.yaml"),
        ("synthetic 1,000 schemas", synthetic_spec(ctx, 100 if ctx.quick else 1000), None),
    ]


def measure(spec: Path, config: Path | None, scratch: Path, warmup: int, runs: int
            ) -> dict[str, Any]:
    from generator.build_ir import IrReuse, build_ir
    from generator.diagnostics import Diagnostics
    from generator.load import load_spec
    from generator.session import config_for

    edited_path = one_operation_changed(spec, scratch / f"edited-{spec.name}")
    document = load_spec(spec, Diagnostics()).document
    edited = load_spec(edited_path, Diagnostics()).document

    configs = {id(doc): config_for(doc, config, Diagnostics()) for doc in (document, edited)}

    def build(doc: Any, reuse: IrReuse | None) -> Any:  # build_ir alone is timed
        sdk_config = configs.get(id(doc)) or config_for(doc, config, Diagnostics())
        return build_ir(doc, sdk_config, Diagnostics(), spec_sha256="0" * 64,
                        generator_version="bench", reuse=reuse)

    fresh: list[float] = []
    reused: list[float] = []
    counts: tuple[frozenset[str], int] = (frozenset(), 0)
    for sample in range(warmup + runs):
        reuse = IrReuse()
        build(copy.deepcopy(document), reuse)  # the session's last run: the unchanged spec
        timed: dict[bool, tuple[float, Any]] = {}
        for with_reuse in (sample % 2 == 0, sample % 2 == 1):  # the order alternates
            gc.collect()  # each build starts with no collection owed by the one before
            started = time.perf_counter()
            ir = build(edited, reuse if with_reuse else None)
            timed[with_reuse] = (time.perf_counter() - started, ir)
        if timed[True][1] != timed[False][1]:
            raise AssertionError(f"{spec.name}: the reused IR differs from a fresh build's")
        counts = (reuse.last_reused, reuse.last_reused_operations)
        if sample >= warmup:
            fresh.append(timed[False][0])
            reused.append(timed[True][0])
    return {"fresh": Stats.of(fresh), "reused": Stats.of(reused), "pieces": sorted(counts[0]),
            "operations_replayed": counts[1]}


def run(ctx: BenchContext) -> BenchResult:
    result = BenchResult("ir_reuse", "Benchmark: IR build after a one-operation change, "
                                     "reused (a session's next build) vs fresh")
    table = result.table(
        "In-process build_ir, medians (measured under load: other jobs share the machine)",
        ["spec", "fresh", "reused", "ratio", "reused pieces"])
    worst = 0.0
    for label, spec, config in _specs(ctx):
        found = measure(spec, config, ctx.scratch_dir("ir_reuse"), ctx.repeat.warmup,
                        ctx.repeat.runs)
        ratio = found["reused"].median / found["fresh"].median
        worst = max(worst, ratio)
        table.add(label, f"{found['fresh'].median * 1000:.1f} ms",
                  f"{found['reused'].median * 1000:.1f} ms", f"{ratio:.2f}",
                  ", ".join(found["pieces"]) + f"; {found['operations_replayed']} operations")
        result.data[label] = {k: v.to_json() if isinstance(v, Stats) else v
                              for k, v in found.items()}
    # A stage of the regeneration goal (bench/results/noop.md), not a goal of its own: the
    # fixed passes (naming every path, the $ref check, usage, auth) are most of a small spec's.
    result.notes.append(
        f"One stage of the one-operation regeneration (its goal is in noop.md); the worst "
        f"ratio here is {worst:.2f}, and what stays is the passes over every path and "
        "operation (resource naming, the $ref check, usage, auth) that any edit may affect.")
    return result


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        runs = int(sys.argv[1]) if len(sys.argv) > 1 else FULL_REPEAT.runs
        context = BenchContext(quick=False, repeat=FULL_REPEAT.__class__(1, runs),
                               scratch=Path(tmp))
        bench = run(context)
        for table in bench.tables:
            print(table.title)
            for row in table.rows:
                print("  ", " | ".join(map(str, row)))
        for goal in bench.goals:
            print(goal)
