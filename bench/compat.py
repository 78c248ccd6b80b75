"""Benchmark: the time the compatibility checks add to a preview (issue 17).

Runs `pipeline.compat.check_compatibility` for every language whose backend has the checks,
against the newest release and this checkout's app and SDKs: once with an empty release
cache (the released SDKs generated and compiled, the corpus checked against them), then
warm (the cache keyed by release and generator reused), as a preview on a PR branch runs
it after the first time.
"""

from __future__ import annotations

import time

from bench import environment as env
from bench.context import BenchContext
from bench.measure import Stats
from bench.report import BenchResult
from bench.tools import reset_dir
from generator.languages import backends
from pipeline.compat import CompatError, check_compatibility

GOAL_S = 60.0


def run(ctx: BenchContext) -> BenchResult:
    result = BenchResult("compat", "Compatibility checks: the last release against this PR")
    languages = [b.name for b in backends() if b.wire_driver is not None and b.consumer_corpus]
    if ctx.quick:
        # The smoke run exercises this benchmark end to end on one language (the registry's
        # first): every language's toolchains take minutes on 2 cores, and the verdicts
        # themselves are tested in tests/pipeline/test_pipeline_compat.py.
        languages = languages[:1]
    cache = ctx.scratch_dir("compat-cache")
    reset_dir(cache)
    work = ctx.scratch_dir("compat-work")

    def once() -> tuple[float, str, dict[str, dict[str, float]]]:
        started = time.perf_counter()
        compat = check_compatibility(env.ROOT, languages, cache=cache, work=work)
        statuses = ", ".join(f"{lang} wire {compat.wire[lang].status} source "
                             f"{compat.source[lang].status}" for lang in languages)
        return time.perf_counter() - started, statuses, compat.timings

    try:
        cold, statuses, cold_timings = once()
        warm_runs = [once() for _ in range(ctx.repeat.warmup + ctx.repeat.runs)]
    except CompatError as exc:
        result.unavailable.append(f"the compatibility run failed: {exc}")
        result.goal(f"warm run under {GOAL_S:.0f} s", "not measured", None)
        return result
    timed_runs = warm_runs[ctx.repeat.warmup:] or warm_runs
    timed = Stats.of([run[0] for run in timed_runs])
    table = result.table(f"Added preview time ({', '.join(languages)}); measured under load",
                         ["run", "value"])
    table.add("cold: release SDKs built, corpus baseline checked, wall s", round(cold, 2))
    table.add("warm: from the cache, wall s, median (min–max)",
              f"{timed.median:.2f} ({timed.min:.2f}–{timed.max:.2f})")
    table.add("verdicts on this checkout", statuses)
    # Per language, from the run's own timings (the server start and the suite are shared).
    per_language = result.table(
        "Added time per language, s (cold: build + first wire + source with its baseline; "
        "warm: median (min–max) of wire + source)",
        ["language", "cold build", "cold wire", "cold source", "warm wire + source"])
    warm_by_language: dict[str, object] = {}
    for lang in languages:
        cold_lang = cold_timings.get(lang, {})
        stats = Stats.of([run[2][lang].get("wire", 0.0) + run[2][lang].get("source", 0.0)
                          for run in timed_runs])
        warm_by_language[lang] = stats.to_json()
        per_language.add(lang, round(cold_lang.get("build", 0.0), 1),
                         round(cold_lang.get("wire", 0.0), 1),
                         round(cold_lang.get("source", 0.0), 1),
                         f"{stats.median:.1f} ({stats.min:.1f}–{stats.max:.1f})")
    result.data.update({"languages": languages, "cold_s": cold, "warm_s": timed.to_json(),
                        "cold_by_language": cold_timings, "warm_by_language": warm_by_language})
    result.goal(f"warm run under {GOAL_S:.0f} s", f"{timed.median:.2f} s", timed.median < GOAL_S)
    return result
