"""Settings one benchmark run shares across every benchmark."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from bench.measure import Repeat


@dataclass(frozen=True)
class BenchContext:
    quick: bool
    """Smoke mode: tiny inputs, one run, no type-checking; numbers are not comparable."""
    repeat: Repeat
    scratch: Path
    """A private working directory for generated specs, outputs, databases."""
    baseline: tuple[str, Path] | None = None
    """(revision, its exported tree): our generator as of another commit, measured beside ours."""
    only_ours: bool = False
    """Generation: time ours (and the baseline) only, no peers: a before/after comparison."""
    peers: tuple[str, ...] = ()
    """Generation: the peers to time beside ours (empty: every one)."""
    no_type_check: bool = False
    """Time only: skip type-checking the generated output (a before/after timing run)."""
    specs: tuple[str, ...] = ()
    """Generation: only the specs whose label contains one of these (empty: every spec)."""

    @property
    def type_check(self) -> bool:
        return not (self.quick or self.no_type_check)

    def scratch_dir(self, *parts: str) -> Path:
        path = self.scratch.joinpath(*parts)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def run_dir(self, *parts: str) -> Path:
        """A new, empty directory for one timed run's output, in this process's own area.

        Nothing there is deleted before ``discard_runs``, after the last benchmark. This
        machine's ext4 has no journal, and such an ext4 makes a new file skip every inode of
        its block group deleted in the last minutes (``recently_deleted`` topped the kernel
        profile): emptying the last run's 1,589 files before the next run charged them to
        that run, and to ours far more than to a peer that writes one file
        (bench/results/profile-parallel.md, "Stop 30")."""
        path = self.scratch.joinpath("runs", _THIS_PROCESS, *parts)
        path.mkdir(parents=True)
        return path

    def discard_runs(self) -> None:
        """Delete this process's timed runs' output, and what killed runs left, and note when
        (see ``settle``). Another bench running beside this one keeps its own."""
        runs = self.scratch / "runs"
        if not runs.is_dir():
            return
        areas = [area for area in sorted(runs.iterdir()) if area.name == _THIS_PROCESS
                 or not _process_alive(area.name.rpartition("-")[2])]
        for area in areas:
            shutil.rmtree(area, ignore_errors=True)
        if areas:
            (self.scratch / _DISCARDED).write_text(f"{time.time():.0f}\n")

    def settle(self) -> float:
        """Wait until the last ``discard_runs`` is over six minutes old, so its deletions are
        no longer skipped by new files (``run_dir``); the seconds waited."""
        try:
            discarded = float((self.scratch / _DISCARDED).read_text())
        except (OSError, ValueError):
            return 0.0
        wait = max(0.0, discarded + _RECENTLY_DELETED_S - time.time())
        time.sleep(wait)
        return wait


_THIS_PROCESS = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"


def _process_alive(pid: str) -> bool:
    """Whether the bench process that made a run area still runs (os.kill(pid, 0) only asks)."""
    if os.name != "posix":  # signal 0 is CTRL_C_EVENT on Windows: never send it
        return True
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


_DISCARDED = "runs-discarded-at"
_RECENTLY_DELETED_S = 375.0
"""How long ext4 without a journal avoids reusing a deleted inode (fs/ext4/ialloc.c,
``recently_deleted``): a minute, or six while the inode's table block is unwritten, and a
bench's own new files keep those blocks dirty. Plus a margin. On this machine, synthetic runs
started a minute after a discard measured ×1.05–×1.13 against openapi-typescript, and ×0.95
five and a half minutes after one (bench/results/profile-parallel.md, "Stop 30")."""


FULL_REPEAT = Repeat(warmup=1, runs=5)
QUICK_REPEAT = Repeat(warmup=0, runs=1)
