"""The runtime's source obeys the contract: self-contained, product-neutral, typed, 3.9-safe."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import RUNTIME_DIR, copy_runtime_package

RUNTIME_FILES = sorted(RUNTIME_DIR.glob("*.py"))
ALLOWED_THIRD_PARTY = {"httpx", "pydantic", "pydantic_core", "typing_extensions"}
CONTRACT_MODULES = {
    "_types",
    "_exceptions",
    "_models",
    "_utils",
    "_base_client",
    "_resource",
    "_response",
    "_pagination",
}
TESTS_DIR = Path(__file__).parent


def test_every_contract_module_exists() -> None:
    assert {path.stem for path in RUNTIME_FILES} >= CONTRACT_MODULES


@pytest.mark.parametrize("path", RUNTIME_FILES, ids=lambda path: path.name)
def test_module_is_product_neutral_and_self_contained(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert "parley" not in source.lower()
    tree = ast.parse(source, feature_version=(3, 9))  # no syntax newer than 3.9
    for node in ast.walk(tree):
        assert not isinstance(node, ast.Match), f"{path.name}:{node.lineno}: match statement"
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            top = (node.module or "").split(".")[0]
        elif isinstance(node, ast.Import):
            top = node.names[0].name.split(".")[0]
        else:
            continue
        assert top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY, (
            f"{path.name}:{node.lineno}: import of {top!r} (use relative imports between "
            "runtime modules; third-party: httpx, pydantic, typing_extensions only)"
        )


def run_checker(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def typed_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The runtime copied as ``rt_pkg`` next to these tests (``rt_tests``), ready to type-check.

    The repository-wide mypy run cannot resolve ``rt_pkg`` (it only exists at test time), so
    the type-check of the test package happens here, where it does.
    """
    root = tmp_path_factory.mktemp("typed")
    copy_runtime_package(root)
    tests = root / "rt_tests"
    tests.mkdir()
    for source in TESTS_DIR.glob("*.py"):
        shutil.copy2(source, tests / source.name)
    return root


def test_mypy_strict_passes_on_runtime_and_its_usage(typed_tree: Path) -> None:
    result = run_checker(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file=",
            "--cache-dir=.mypy_cache",
            "-p",
            "rt_pkg",
            "-p",
            "rt_tests",
        ],
        typed_tree,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pyright_strict_passes_for_python_3_9(typed_tree: Path) -> None:
    config = {
        "typeCheckingMode": "strict",
        "pythonVersion": "3.9",
        "include": ["rt_pkg", "rt_tests/fake_sdk.py"],
    }
    (typed_tree / "pyrightconfig.json").write_text(json.dumps(config))
    result = run_checker([sys.executable, "-m", "pyright", "--outputjson"], typed_tree)
    summary = json.loads(result.stdout)
    errors = [d for d in summary["generalDiagnostics"] if d["severity"] == "error"]
    assert errors == [], json.dumps(errors, indent=2)
    assert summary["summary"]["filesAnalyzed"] >= len(RUNTIME_FILES) + 1
