"""`python -m app.export`: deterministic output, the drift check, and the app's own spec."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from app.export import build_spec, canonical_order, main, render_spec
from app.main import create_app
from app.version import __version__
from pipeline.specfile import parse_spec


def export_in_subprocess(out: Path, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "app.export", "--out", str(out)],
        check=True, env=env, capture_output=True, cwd=Path(__file__).parents[2],
    )  # fmt: skip
    return out.read_bytes()


def test_export_is_byte_identical_across_runs_and_hash_seeds(tmp_path: Path) -> None:
    first = export_in_subprocess(tmp_path / "a.yaml", seed="1")
    second = export_in_subprocess(tmp_path / "b.yaml", seed="4242")
    assert first == second
    assert first == render_spec().encode("utf-8"), "in-process and CLI exports agree"


def test_export_is_openapi_31_with_the_app_version() -> None:
    spec = parse_spec(render_spec())
    assert spec["openapi"] == "3.1.0"
    assert spec["info"]["version"] == __version__
    assert list(spec)[:3] == ["openapi", "info", "paths"]
    assert list(spec["components"]["schemas"]) == sorted(spec["components"]["schemas"])


async def test_exported_spec_is_the_apps_own_openapi_json() -> None:
    transport = httpx.ASGITransport(app=create_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        served = (await client.get("/openapi.json")).json()
    assert served == build_spec()


def test_check_passes_on_a_current_file_and_prints_a_diff_on_a_stale_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "openapi.yaml"
    assert main(["--out", str(out)]) == 0
    assert main(["--out", str(out), "--check"]) == 0
    assert "is up to date" in capsys.readouterr().out

    out.write_text(out.read_text().replace(f"version: {__version__}", "version: 0.0.1", 1))
    assert main(["--out", str(out), "--check"]) == 1
    captured = capsys.readouterr()
    assert f"--- {out} (committed)" in captured.out
    assert "-  version: 0.0.1" in captured.out and f"+  version: {__version__}" in captured.out
    assert "is stale; regenerate it with `python -m app.export`" in captured.err


def test_check_on_a_missing_file_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--out", str(tmp_path / "absent.yaml"), "--check"]) == 1
    assert "+openapi: 3.1.0" in capsys.readouterr().out


def test_canonical_order_sorts_components_and_keeps_paths_in_route_order() -> None:
    spec = {
        "components": {"schemas": {"b": {}, "a": {}}, "parameters": {"z": {}}},
        "paths": {"/z": {}, "/a": {}},
        "info": {},
        "x-extra": 1,
        "openapi": "3.1.0",
    }
    ordered = canonical_order(spec)
    assert list(ordered) == ["openapi", "info", "paths", "components", "x-extra"]
    assert list(ordered["paths"]) == ["/z", "/a"]
    assert list(ordered["components"]) == ["parameters", "schemas"]
    assert list(ordered["components"]["schemas"]) == ["a", "b"]
