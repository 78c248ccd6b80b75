"""`python -m bench --quick` runs and writes well-formed results; missing parts are reported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import bench.environment as env
from bench import sdk_typescript
from bench.__main__ import BENCHMARKS
from bench.context import QUICK_REPEAT, BenchContext
from bench.summary import render, summary_rows

ROOT = Path(__file__).resolve().parents[2]


def _run_quick(out: Path, *only: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "bench", "--quick", "--out", str(out)]
    for name in only:
        argv += ["--only", name]
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=600)


def assert_well_formed(out: Path, name: str) -> dict[str, Any]:
    """The JSON has the machine, tool versions, repeat counts and rectangular tables; the
    Markdown has the same tables and the machine section."""
    record: dict[str, Any] = json.loads((out / f"{name}.json").read_text())
    assert record["name"] == name
    assert record["quick"] is True
    assert record["repeat"]["runs"] >= 1
    machine = record["machine"]
    assert isinstance(machine["cores"], int) and machine["cores"] >= 1
    for key in ("cpu_model", "python", "node"):
        assert machine[key], key
    assert record["tools"]["openapi-python-client"]
    assert "traceback" not in record["data"], record["data"].get("traceback")
    for goal in record["goals"]:
        assert goal["met"] in (True, False, None)
        assert goal["goal"] and goal["measured"]
    markdown = (out / f"{name}.md").read_text()
    assert markdown.startswith(f"# {record['title']}\n")
    assert "## Machine" in markdown and "## Tool versions" in markdown
    for table in record["tables"]:
        assert all(len(row) == len(table["columns"]) for row in table["rows"]), table["title"]
        assert f"## {table['title']}" in markdown
    # Something was either measured or reported as not available; never an empty result.
    assert record["tables"] or record["unavailable"]
    return record


def test_quick_noop_writes_well_formed_results(tmp_path: Path) -> None:
    finished = _run_quick(tmp_path, "noop")
    assert finished.returncode == 0, finished.stderr
    record = assert_well_formed(tmp_path, "noop")
    assert record["goals"], "the no-op goal is always reported"
    assert "bench: noop done" in finished.stdout
    table = render(summary_rows(tmp_path)).splitlines()
    assert table[0] == "| benchmark | result | goal |"
    noop_row = next(line for line in table if line.startswith("| No-op regeneration |"))
    assert record["goals"][0]["measured"] in noop_row
    assert "| Generate | not run | – |" in table


def test_unknown_benchmark_name_is_rejected(tmp_path: Path) -> None:
    finished = _run_quick(tmp_path, "nonsense")
    assert finished.returncode == 2
    assert "invalid choice: 'nonsense'" in finished.stderr
    assert not list(tmp_path.iterdir())


def test_missing_typescript_sdk_is_reported_not_crashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(env, "TS_SDK", tmp_path / "no-such-sdk")
    ctx = BenchContext(quick=True, repeat=QUICK_REPEAT, scratch=tmp_path / "scratch")
    result = sdk_typescript.run(ctx)
    assert any("does not exist yet" in reason for reason in result.unavailable)
    assert [goal.met for goal in result.goals] == [None]
    assert not result.tables


@pytest.mark.slow
def test_whole_quick_mode_writes_every_result(tmp_path: Path) -> None:
    finished = _run_quick(tmp_path)
    assert finished.returncode == 0, finished.stderr
    for name in BENCHMARKS:
        assert_well_formed(tmp_path, name)
