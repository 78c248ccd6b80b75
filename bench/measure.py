"""Timing primitives shared by every benchmark: repeated runs, stats, child-process RSS.

Every number we publish is the median (with min and max) of at least `runs` timed repetitions
taken after `warmup` untimed ones, so a first-run import or disk-cache effect never counts.
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Stats:
    """Summary of repeated measurements of one quantity (seconds unless a name says otherwise)."""

    median: float
    min: float
    max: float
    runs: int

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stats:
        if not samples:
            raise ValueError("Stats.of needs at least one sample")
        return cls(
            median=statistics.median(samples), min=min(samples), max=max(samples), runs=len(samples)
        )

    def scaled(self, factor: float) -> Stats:
        """The same stats in another unit (e.g. ×1000 for milliseconds)."""
        return Stats(self.median * factor, self.min * factor, self.max * factor, self.runs)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Repeat:
    """How many warm-up and timed runs a benchmark does."""

    warmup: int
    runs: int


def time_calls(fn: Callable[[], object], repeat: Repeat) -> Stats:
    """Wall time of `fn()` over `repeat.runs` timed calls after the warm-up calls."""
    for _ in range(repeat.warmup):
        fn()
    samples = []
    for _ in range(repeat.runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return Stats.of(samples)


@dataclass(frozen=True)
class ProcessRun:
    """One finished child process: exit status, wall time, peak RSS, captured output."""

    argv: tuple[str, ...]
    returncode: int
    wall_s: float
    peak_rss_mib: float
    stdout: str
    stderr: str
    timed_out: bool

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def failure_excerpt(self, limit: int = 400) -> str:
        """The tail of the output, for a report cell explaining why a run failed."""
        if self.timed_out:
            return f"timed out after {self.wall_s:.0f}s"
        # The last lines: where a traceback or a tool's summary says what went wrong.
        lines = (self.stderr.strip() or self.stdout.strip()).splitlines()[-3:]
        return f"exit {self.returncode}: {' ⏎ '.join(lines)[-limit:]}"


def run_process(
    argv: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout_s: float = 600.0,
) -> ProcessRun:
    """Run a child to completion, measuring wall time and the peak RSS of its process tree.

    The peak RSS comes from `wait4`'s rusage of the child (descendants it waited for
    included). Linux carries a process's high-water RSS across fork and exec, so a child
    forked straight from this (large) benchmark process would report at least our own size;
    GNU time, a small C program, forks the real child instead, and reports its `wait4`
    figure. Without GNU time we fall back to our own `wait4`, an upper bound.
    """
    out_path, err_path = _capture_paths()
    rss_path = out_path + ".rss"
    command = [GNU_TIME, "-f", "%M", "-o", rss_path, "--", *argv] if GNU_TIME else list(argv)
    with open(out_path, "w+b") as out, open(err_path, "w+b") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        # A blocking wait4 times the child precisely; a timer kills the whole group
        # (npx leaves node children behind) if it overstays.
        expired = threading.Event()
        killer = threading.Timer(timeout_s, _kill_group, args=(proc.pid, expired))
        killer.start()
        try:
            _, status, rusage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        timed_out = expired.is_set()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # keep Popen from re-waiting
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    os.unlink(out_path)
    os.unlink(err_path)
    peak_kib = _gnu_time_peak_kib(rss_path) or rusage.ru_maxrss  # both in KiB on Linux
    return ProcessRun(
        argv=tuple(argv),
        returncode=proc.returncode,
        wall_s=wall,
        peak_rss_mib=peak_kib / 1024.0,
        stdout=stdout,
        stderr=stderr,
        timed_out=timed_out,
    )


def _find_gnu_time() -> str | None:
    """/usr/bin/time if it is GNU time (the `time` package): BSD or busybox `time` lack -f/-o."""
    path = "/usr/bin/time"
    if not os.access(path, os.X_OK):
        return None
    probe = subprocess.run([path, "--version"], capture_output=True, text=True)
    return path if "GNU" in probe.stdout + probe.stderr else None


GNU_TIME = _find_gnu_time()


def _gnu_time_peak_kib(path: str) -> int | None:
    """The last line GNU time wrote (after a "terminated by signal" line, if any)."""
    try:
        lines = Path(path).read_text().split()
        os.unlink(path)
    except OSError:
        return None
    return int(lines[-1]) if lines and lines[-1].isdigit() else None


def _kill_group(pgid: int, expired: threading.Event) -> None:
    expired.set()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


def _capture_paths() -> tuple[str, str]:
    import tempfile

    fd_out, out_path = tempfile.mkstemp(prefix="bench-out-")
    fd_err, err_path = tempfile.mkstemp(prefix="bench-err-")
    os.close(fd_out)
    os.close(fd_err)
    return out_path, err_path


def least_squares_slope(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Slope and intercept of the least-squares line through (xs, ys)."""
    if len(xs) != len(ys) or len(xs) < 2:
        raise ValueError("a slope needs at least two (x, y) points")
    fit = statistics.linear_regression(xs, ys)
    return fit.slope, fit.intercept
