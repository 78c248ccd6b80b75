"""Settings one benchmark run shares across every benchmark."""

from __future__ import annotations

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


FULL_REPEAT = Repeat(warmup=1, runs=5)
QUICK_REPEAT = Repeat(warmup=0, runs=1)
