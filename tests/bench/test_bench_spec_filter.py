"""`python -m bench --only generate --spec TEXT`: a re-run of a few specs only."""

from __future__ import annotations

from pathlib import Path

from bench.context import FULL_REPEAT, BenchContext
from bench.generation import benchmark_specs


def test_spec_filter_keeps_only_matching_labels(tmp_path: Path) -> None:
    ctx = BenchContext(quick=False, repeat=FULL_REPEAT, scratch=tmp_path, specs=("llama",))
    assert [label for label, _ in benchmark_specs(ctx)] == ["llama-stack"]
    # The synthetic spec is only written when it is selected.
    assert not list(tmp_path.rglob("synthetic-*.yaml"))


def test_no_spec_filter_keeps_every_spec(tmp_path: Path) -> None:
    ctx = BenchContext(quick=True, repeat=FULL_REPEAT, scratch=tmp_path)
    assert [label for label, _ in benchmark_specs(ctx)] == ["parley spec/openapi.yaml"]
