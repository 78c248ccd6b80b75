"""Static quality of generated code: the committed SDK and the llama-stack SDK type-check
cleanly (mypy --strict, pyright strict) and every module imports. mypy runs are batched."""

from __future__ import annotations

import importlib
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build_ir import build_ir
from generator.cli import main
from generator.config import default_config
from generator.diagnostics import Diagnostics
from generator.load import load_spec
from tests.third_party import LLAMA_STACK as LLAMA

ROOT = Path(__file__).resolve().parents[2]
SDK = ROOT / "sdks" / "python"


def _mypy(*targets: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10",
         "--no-incremental", *targets],
        cwd=cwd, capture_output=True, text=True, timeout=1200,
    )


def test_committed_sdk_passes_mypy_strict() -> None:
    result = _mypy("parley_client", cwd=SDK / "src")
    assert result.returncode == 0, result.stdout[-4000:]


@pytest.mark.skipif(shutil.which("pyright") is None, reason="pyright CLI not installed")
def test_committed_sdk_passes_pyright_strict() -> None:
    # sdks/python/pyproject.toml sets typeCheckingMode = "strict" and pythonVersion = "3.9".
    result = subprocess.run(["pyright", "--outputjson"], cwd=SDK, capture_output=True,
                            text=True, timeout=900)
    import json

    report = json.loads(result.stdout)
    assert report["summary"]["errorCount"] == 0, report["generalDiagnostics"][:20]
    assert report["summary"]["filesAnalyzed"] >= 20


@pytest.mark.slow
def test_llama_stack_sdk_is_complete_typed_and_importable(tmp_path: Path) -> None:
    diags = Diagnostics()
    spec = load_spec(LLAMA, diags)
    ir = build_ir(spec.document, default_config(), diags, spec_sha256=spec.sha256,
                  generator_version="test")
    component_count = len(spec.document["components"]["schemas"])
    assert len(ir.operations()) == 68
    # Nothing skipped; the one warning is the spec's own flaw (a `security` requirement
    # naming a scheme it never declares).
    assert [d.message for d in diags.warnings()] == [
        "security scheme 'Default' is not in components.securitySchemes"]
    assert {d.wire_name for d in ir.types if d.wire_name} >= set(spec.document["components"][
        "schemas"]) - {k for k in spec.document["components"]["schemas"] if k.endswith(
            ("-Input", "-Output"))}
    assert component_count == 381

    out = tmp_path / "llama"
    assert main(["generate", "--spec", str(LLAMA), "--lang", "python", "--out", str(out)]) == 0
    # No config: the package is named after info.title ("Llama Stack Specification").
    result = _mypy("llama_stack_client", cwd=out / "src")
    assert result.returncode == 0, result.stdout[-4000:]
    sys.path.insert(0, str(out / "src"))
    try:
        package = importlib.import_module("llama_stack_client")
        modules = [m.name for m in pkgutil.walk_packages(package.__path__, "llama_stack_client.")]
        for name in modules:
            importlib.import_module(name)
        assert len(modules) >= 30
    finally:
        sys.path.remove(str(out / "src"))
        pkg = "llama_stack_client"
        for name in [n for n in sys.modules if n == pkg or n.startswith(pkg + ".")]:
            del sys.modules[name]


def test_committed_sdk_packaging_and_docs() -> None:
    import tomllib

    project = tomllib.loads((SDK / "pyproject.toml").read_text())
    assert project["project"]["name"] == "parley-client"
    assert project["project"]["requires-python"] == ">=3.9"
    deps = {d.split(">")[0].split("=")[0].split("<")[0] for d in project["project"]["dependencies"]}
    assert deps == {"httpx", "pydantic", "typing-extensions"}
    assert project["build-system"]["build-backend"] == "hatchling.build"
    assert (SDK / "src" / "parley_client" / "py.typed").exists()
    readme = (SDK / "README.md").read_text()
    for section in ("## Installation", "## Handling errors", "## Retries", "## Timeouts",
                    "## Pagination", "## Raw responses", "## Forward compatibility"):
        assert section in readme
    api = (SDK / "api.md").read_text()
    diags = Diagnostics()
    spec = load_spec(ROOT / "spec" / "openapi.yaml", diags)
    for path, item in spec.document["paths"].items():
        for method in item:
            if method in ("get", "post", "put", "patch", "delete"):
                assert f"`{method.upper()} {path}`" in api, (method, path)
    assert spec.sha256 in (SDK / ".spec-hash").read_text()
