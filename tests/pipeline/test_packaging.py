"""The generator installs as a tool: `pip install .` in a new venv gives a `parley` command
that generates exactly what `python -m generator` commits, and pulls in only what generation
needs (the service and pipeline dependencies are extras)."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

import pytest

from generator.languages import BACKENDS

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
PACKAGE_INSPECTION = """
import json
from importlib.metadata import distribution
dist = distribution("parley")
print(json.dumps({"requires": dist.requires, "entry_points": [
    [e.name, e.value] for e in dist.entry_points if e.group == "console_scripts"]}))
"""


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
                          check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with `pip install <this checkout>`; returns its bin directory."""
    root = tmp_path_factory.mktemp("parley-tool")
    venv.create(root / "venv", with_pip=True)
    bin_dir = root / "venv" / "bin"
    result = _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet",
                   "--disable-pip-version-check", str(REPO)], root)
    assert result.returncode == 0, result.stdout + result.stderr
    return bin_dir


def test_the_package_needs_only_what_generation_needs(installed: Path, tmp_path: Path) -> None:
    import json

    result = _run([str(installed / "python"), "-c", PACKAGE_INSPECTION], tmp_path)
    assert result.returncode == 0, result.stderr
    metadata = json.loads(result.stdout)
    unconditional = sorted(r.split(">")[0].split("<")[0].strip().lower()
                           for r in metadata["requires"] if "extra ==" not in r)
    assert unconditional == ["jinja2", "pyyaml"]
    extras = {r.split("extra ==")[1].strip().strip("'\"") for r in metadata["requires"]
              if "extra ==" in r}
    assert extras == {"app", "dev"}
    assert metadata["entry_points"] == [["parley", "generator.cli:console_main"]]


@pytest.mark.parametrize("language", sorted(BACKENDS))
def test_parley_generate_reproduces_the_committed_sdk(
    installed: Path, tmp_path: Path, language: str
) -> None:
    out = tmp_path / "sdk"
    common = ["--spec", str(REPO / "spec/openapi.yaml"), "--config", str(REPO / "sdks/config.yaml"),
              "--lang", language]
    # Run from outside the checkout, so nothing can come from the source tree.
    generated = _run([str(installed / "parley"), "generate", *common, "--out", str(out)], tmp_path)
    assert generated.returncode == 0, generated.stderr
    assert generated.stdout.startswith(f"generated {language} SDK in {out}")
    committed = REPO / "sdks" / language
    for path in out.rglob("*"):
        if path.is_file():
            relative = path.relative_to(out)
            assert path.read_bytes() == (committed / relative).read_bytes(), relative
    check = _run([str(installed / "parley"), "generate", *common, "--out", str(committed),
                  "--check"], tmp_path)
    assert check.returncode == 0, check.stderr


def test_parley_reports_bad_input_without_a_traceback(installed: Path, tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text("openapi: 3.1.0\npaths: [not, a, mapping]\n", encoding="utf-8")
    result = _run([str(installed / "parley"), "generate", "--spec", str(spec), "--lang", "python",
                   "--out", str(tmp_path / "out")], tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "generation failed" in result.stderr
    assert not (tmp_path / "out").exists()
    usage = _run([str(installed / "parley"), "--help"], tmp_path)
    assert usage.returncode == 0 and usage.stdout.startswith("usage: parley")
