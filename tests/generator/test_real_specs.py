"""Every real spec committed in `tests/fixtures/specs/` (llama-stack and the twelve corpus specs)
generates in every backend with 0 errors and every operation, and the output is clean: the
Python packages import and pass mypy --strict (one run over all of them) and pyright strict (one
run); the TypeScript packages pass tsc with the SDK's strict tsconfig (one run over all)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build_ir import build_ir
from generator.cli import generate_files
from generator.config import default_config
from generator.diagnostics import Diagnostics
from generator.ir import IR
from generator.languages import BACKENDS
from generator.load import load_spec
from generator.write import write_tree
from tests.sdk_typescript import toolchain
from tests.third_party import CORPUS, LLAMA_STACK

ROOT = Path(__file__).resolve().parents[2]
SPECS = {"llama-stack": LLAMA_STACK, **{name.rsplit(".", 1)[0]: p for name, p in CORPUS.items()}}
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SDK_TSCONFIG = ROOT / "templates" / "typescript" / "static" / "tsconfig.json"


def _key(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name.lower())


def _spec_operations(document: dict[str, object]) -> set[tuple[str, str]]:
    paths = document.get("paths")
    assert isinstance(paths, dict)
    return {
        (method, path)
        for path, item in paths.items()
        if isinstance(item, dict)
        for method in HTTP_METHODS
        if method in item
    }


def _ir_operations(ir: IR) -> set[tuple[str, str]]:
    return {(op.http_method, op.path) for op in ir.operations()}


def test_the_corpus_is_all_there() -> None:
    assert len(SPECS) == 13 and all(p.is_file() for p in SPECS.values())


@pytest.mark.parametrize("name", sorted(SPECS))
def test_spec_builds_with_no_error_and_every_operation(name: str) -> None:
    diags = Diagnostics()
    loaded = load_spec(SPECS[name], diags)
    ir = build_ir(loaded.document, default_config(), diags, spec_sha256=loaded.sha256,
                  generator_version="test")
    assert diags.errors() == []
    assert _ir_operations(ir) == _spec_operations(loaded.document)
    assert len({op.id for op in ir.operations()}) == len(ir.operations())


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """language → spec name → output directory, for every backend and every spec."""
    root = tmp_path_factory.mktemp("real_specs")
    out: dict[str, dict[str, Path]] = {language: {} for language in sorted(BACKENDS)}
    for name, spec in sorted(SPECS.items()):
        key = _key(name)
        config = root / f"{key}.yaml"  # distinct package names: one mypy run over all of them
        config.write_text(
            f"languages:\n  python: {{package_name: rs_{key}, dist_name: rs-{key}}}\n"
            f"  kotlin: {{package: rs.s_{key}}}\n"
            f"  go: {{module: example.com/rs_{key}}}\n"  # one Go workspace holds them all
        )
        for language in sorted(BACKENDS):
            diags = Diagnostics()
            ir, _, files = generate_files(spec, config, language, diags)
            assert diags.errors() == [], (name, language)
            assert _ir_operations(ir) == _spec_operations(load_spec(spec, Diagnostics()).document)
            target = root / language / key
            write_tree(files, target, diags)
            out[language][name] = target
    return out


def _python_packages(generated: dict[str, dict[str, Path]]) -> list[Path]:
    return [out / "src" / f"rs_{_key(name)}" for name, out in sorted(generated["python"].items())]


def _check_python(generated: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    packages = _python_packages(generated)
    assert all(p.is_dir() for p in packages)
    code = (
        "import importlib, pkgutil, sys\n"
        f"for src, name in {[(str(p.parent), p.name) for p in packages]!r}:\n"
        "    sys.path.insert(0, src)\n"
        "    package = importlib.import_module(name)\n"
        "    for m in pkgutil.walk_packages(package.__path__, name + '.'):\n"
        "        importlib.import_module(m.name)\n"
    )
    imported = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                              text=True, timeout=600)
    assert imported.returncode == 0, imported.stderr[-4000:]
    assert imported.stdout == "" and imported.stderr == ""
    # mypy and pyright each use one core: they run side by side.
    mypy = subprocess.Popen(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10",
         "--no-incremental", "--cache-dir", str(tmp_path / "mypy-cache"),
         *(str(p) for p in packages)],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        # The generated pyproject.toml files say strict and Python 3.9; one run over every
        # package (pyright takes only relative include paths).
        root = packages[0].parents[2]
        config = root / "pyrightconfig.json"
        config.write_text(json.dumps({
            "include": [str(p.parent.relative_to(root)) for p in packages],
            "typeCheckingMode": "strict", "pythonVersion": "3.9"}))
        pyright = Path(sys.executable).with_name("pyright")
        result = subprocess.run(
            [str(pyright), "--pythonpath", sys.executable, "--outputjson", "-p", str(config)],
            cwd=root, capture_output=True, text=True, timeout=1800,
        )
        mypy_output, _ = mypy.communicate(timeout=1800)
    finally:
        if mypy.poll() is None:
            mypy.kill()
            mypy.wait()
    assert mypy.returncode == 0, mypy_output[-6000:]
    report = json.loads(result.stdout)
    assert report["summary"]["errorCount"] == 0, report["generalDiagnostics"][:20]
    assert report["summary"]["filesAnalyzed"] >= 10 * len(packages)


def _check_typescript(generated: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    outs = sorted(generated["typescript"].values())
    config = json.loads(SDK_TSCONFIG.read_text())
    config["compilerOptions"].update({"noEmit": True, "rootDir": "/"})
    config["include"] = [str(out / "src" / "**" / "*.ts") for out in outs]
    project = tmp_path / "ts"
    project.mkdir()
    toolchain.link_tools(project)
    (project / "tsconfig.json").write_text(json.dumps(config, indent=2))
    listed = toolchain.tsc(project / "tsconfig.json")  # raises with tsc's output on any error
    assert listed.stdout == ""
    assert all((out / "src" / "index.ts").is_file() for out in outs)


def _check_go(generated: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    from tests.sdk_go import toolchain as go_toolchain

    outs = sorted(generated["go"].values())
    for out in outs:
        assert go_toolchain.gofmt_unclean(out) == [], out  # gofmt-clean as written
    # One workspace of every module: one vet (which builds them) and one staticcheck (the
    # lint stage's linter) load the standard library once for all of them.
    go_toolchain.go("work", "init", *(str(out) for out in outs), cwd=tmp_path)
    modules = [f"example.com/rs_{out.name}/..." for out in outs]
    for out in outs:
        assert (out / "go.mod").read_text().startswith(f"module example.com/rs_{out.name}\n")
    go_toolchain.go("vet", *modules, cwd=tmp_path)  # raises with vet's output
    assert go_toolchain.staticcheck(tmp_path, *modules).stdout == ""


# CI's budget: one Kotlin compile of all 13 specs (~230k lines) takes minutes on 2 cores, so the
# suite compiles llama-stack and the three smallest corpus specs, in one Maven run; set
# KOTLIN_ALL_SPECS=1 to compile every spec (done before each change of the Kotlin backend).
KOTLIN_SUBSET = ("llama-stack", "2ch", "hf-tgi", "vonage-verify")


def _check_kotlin(generated: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    import os

    from tests.sdk_kotlin import toolchain as kotlin_toolchain

    every = os.environ.get("KOTLIN_ALL_SPECS") == "1"
    outs = [out for name, out in sorted(generated["kotlin"].items())
            if every or name in KOTLIN_SUBSET]
    assert len(outs) == (len(SPECS) if every else len(KOTLIN_SUBSET))
    kotlin_toolchain.compile_all(outs, tmp_path / "kotlin")  # raises with kotlinc's output


CHECKS = {"python": _check_python, "typescript": _check_typescript, "go": _check_go,
          "kotlin": _check_kotlin}


def test_every_backend_has_a_type_check() -> None:
    assert set(CHECKS) == set(BACKENDS)


@pytest.mark.slow
@pytest.mark.parametrize("language", sorted(BACKENDS))
def test_generated_sdks_are_type_clean(
    language: str, generated: dict[str, dict[str, Path]], tmp_path: Path
) -> None:
    assert sorted(generated[language]) == sorted(SPECS)
    CHECKS[language](generated, tmp_path)
