"""The profile of a one-operation regeneration in one process (``parley watch``):
``python -m bench.watch_profile SPEC CHANGED CONFIG [TOP]`` prints, as Markdown, where one
regeneration after the save spends its CPU time (cProfile, process-time clock, so waiting for
a core on a loaded machine is not counted), by stage and then the top functions by own time.
bench/results/profile-watch.md holds its output before and after the incremental work.
"""

from __future__ import annotations

import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

from generator.languages import BACKENDS
from generator.watch import Watcher


def _profile(spec: Path, changed: Path, config: Path) -> tuple[pstats.Stats, float]:
    langs = sorted(BACKENDS)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        watched = root / "watched.yaml"
        for warm in (True, False):
            shutil.copyfile(spec, watched)
            out = root / ("warm-up" if warm else "profiled")
            watcher = Watcher(watched, config, langs, {lang: out / lang for lang in langs})
            watcher.regenerate()
            shutil.copyfile(changed, watched)
            if warm:  # Jinja's templates compiled, every module imported
                watcher.regenerate()
                continue
            profiler = cProfile.Profile(time.process_time)
            started = time.process_time()
            profiler.enable()
            run = watcher.regenerate()
            profiler.disable()
            assert run.ok, run.messages
            return pstats.Stats(profiler), time.process_time() - started
    raise AssertionError("unreachable")


def _cumulative(stats: pstats.Stats, file_part: str, function: str) -> float:
    total = 0.0
    for (filename, _line, name), row in stats.stats.items():  # type: ignore[attr-defined]
        if file_part in filename and name == function:
            total += row[3]
    return total


def main(spec: Path, changed: Path, config: Path, top: int) -> str:
    stats, total = _profile(spec, changed, config)
    lines = [f"one-operation regeneration, every language: {total:.3f} CPU s under cProfile", "",
             "| stage | CPU s |", "|---|---|"]
    stages = [("load spec", "generator/reparse.py", "load"),
              ("build IR", "generator/builder/build.py", "build_ir"),
              ("write and stamp", "generator/output.py", "write_language")]
    stages += [(f"render {lang}", f"generator/languages/{lang}/render.py", "render")
               for lang in sorted(BACKENDS)]
    for label, file_part, function in stages:
        lines.append(f"| {label} | {_cumulative(stats, file_part, function):.4f} |")
    lines += ["", f"Top {top} functions by own time:", "", "| own s | cumulative s | calls | "
              "function |", "|---|---|---|---|"]
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][2])  # type: ignore[attr-defined]
    root = str(Path(__file__).resolve().parents[1]) + "/"
    for (filename, line, name), (_cc, calls, own, cumulative, _callers) in rows[:top]:
        where = filename.replace(root, "")
        lines.append(f"| {own:.4f} | {cumulative:.4f} | {calls} | `{where}:{line} {name}` |")
    return "\n".join(lines)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    print(main(Path(arguments[0]), Path(arguments[1]), Path(arguments[2]),
               int(arguments[3]) if len(arguments) > 3 else 15))
