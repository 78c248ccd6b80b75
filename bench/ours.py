"""Running our generator for the scaling and no-op benchmarks: every shipped language, one spec."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bench import environment as env
from bench.measure import ProcessRun, run_process
from bench.tools import OURS, TOOLS, GeneratorTool

# The generator's closing line:
#   "generated python SDK in DIR: N models, M operations, K warnings, 0.42s"
_SUMMARY = re.compile(
    r"(\d+) models, (\d+) operations, (\d+) warnings, ([\d.]+)s\s*$", re.MULTILINE
)


def our_tool() -> GeneratorTool:
    return next(tool for tool in TOOLS if tool.name == OURS)


@dataclass(frozen=True)
class OurRun:
    """Generating every shipped language once."""

    runs: list[ProcessRun]

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(run.ok for run in self.runs)

    @property
    def wall_s(self) -> float:
        return sum(run.wall_s for run in self.runs)

    @property
    def generator_s(self) -> float | None:
        """The time the generator reports for itself (no interpreter start-up), every language:
        each summary line gives the time since its process started, so a process's last (the
        largest) is its whole time."""
        times = [_SUMMARY.findall(run.stdout) for run in self.runs]
        if not all(times):
            return None
        return sum(max(float(match[3]) for match in found) for found in times)

    @property
    def peak_rss_mib(self) -> float:
        return max(run.peak_rss_mib for run in self.runs)

    def failure(self) -> str:
        return next((run.failure_excerpt() for run in self.runs if not run.ok), "no runs")


def generate_both(spec: Path, out: Path, timeout_s: float = 900.0) -> OurRun:
    """Run `python -m generator generate` for every shipped language into out/<lang>."""
    tool = our_tool()
    runs: list[ProcessRun] = []
    for argv in tool.commands(spec, out):
        run = run_process(
            argv, cwd=env.ROOT, env=env.child_env(**tool.env_extra), timeout_s=timeout_s
        )
        runs.append(run)
        if not run.ok:
            break
    return OurRun(runs)
