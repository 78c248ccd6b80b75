"""Timed runs write into directories of their own, and nothing is deleted while they run
(``BenchContext.run_dir``): a deletion made the next run's file creations slower."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

import bench.context as context
from bench.context import FULL_REPEAT, BenchContext
from bench.generation import measure_tools
from bench.measure import Repeat
from bench.tools import GeneratorTool, OutputCheck, SpecFacts


def _ctx(scratch: Path, repeat: Repeat = FULL_REPEAT) -> BenchContext:
    return BenchContext(quick=False, repeat=repeat, scratch=scratch)


def test_each_run_gets_a_new_empty_directory(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    first, second = ctx.run_dir("spec", "tool", "run-0"), ctx.run_dir("spec", "tool", "run-1")
    assert first != second and first.is_dir() and not list(first.iterdir())
    with pytest.raises(FileExistsError):  # a run never writes where another one did
        ctx.run_dir("spec", "tool", "run-0")


def test_discarding_keeps_the_areas_of_benches_still_running(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    mine = ctx.run_dir("spec", "tool", "run-0")
    runs = tmp_path / "runs"
    running = runs / f"20261204T000000-{os.getppid()}"  # pytest's parent process is alive
    running.mkdir()
    dead_pid = 2**22 + 1  # above Linux's pid_max: no process has it
    killed = runs / f"20261204T000000-{dead_pid}"
    killed.mkdir()
    ctx.discard_runs()
    assert not mine.exists() and not killed.exists()
    assert running.is_dir()
    assert abs(float((tmp_path / context._DISCARDED).read_text()) - time.time()) < 5


def test_discarding_nothing_leaves_no_reason_to_wait(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    ctx.discard_runs()
    assert not (tmp_path / context._DISCARDED).exists()
    assert ctx.settle() == 0.0


def test_settle_waits_until_the_last_discard_is_old_enough(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = _ctx(tmp_path)
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    (tmp_path / context._DISCARDED).write_text(f"{time.time() - 20:.0f}\n")
    waited = ctx.settle()
    assert slept == [waited]
    assert context._RECENTLY_DELETED_S - 22 < waited <= context._RECENTLY_DELETED_S - 19
    assert waited > 300  # the window is minutes, not seconds
    (tmp_path / context._DISCARDED).write_text(f"{time.time() - 900:.0f}\n")
    assert ctx.settle() == 0.0


@pytest.mark.skipif(sys.platform == "win32", reason="the fake tool is a POSIX shell command")
def test_measuring_a_tool_writes_each_run_apart_and_deletes_nothing(tmp_path: Path) -> None:
    """Every run (the warm-up too) finds a new empty directory while every earlier run's
    output is still in place; the output check looks at the last run's."""
    seen: list[Path] = []

    def commands(spec: Path, out: Path) -> list[list[str]]:
        assert out.is_dir() and not list(out.iterdir())
        assert all((earlier / "out.txt").is_file() for earlier in seen)
        seen.append(out)
        return [["/bin/sh", "-c", "echo generated > out.txt"]]

    checked: list[Path] = []

    def check(out: Path, _facts: SpecFacts, _runs: object, _type_check: bool) -> OutputCheck:
        checked.append(out)
        return OutputCheck(loads=True, type_errors=None, skipped_schemas=[], skipped_operations=[])

    tool = GeneratorTool(
        name="fake", language="python", version=lambda: "1", commands=commands,
        check_output=check, unavailable=lambda: None,
    )
    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
    ctx = _ctx(tmp_path / "scratch", Repeat(warmup=1, runs=3))
    results = measure_tools(ctx, [tool], spec, "a spec")
    assert len(results["fake"].walls) == 3
    assert len(set(seen)) == 4 and checked == [seen[-1]]
