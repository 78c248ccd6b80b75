"""Node/npm/tsc plumbing for the TypeScript SDK tests.

The dev tools (typescript, @types/node, esbuild) come from ``sdks/typescript/node_modules``,
installed from the committed lock file with ``npm ci``. Test projects never download anything:
they install the SDK from its ``npm pack`` tarball offline and link the tools in.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.toolchain import ToolError, run

REPO = Path(__file__).resolve().parents[2]
SDK_DIR = REPO / "sdks" / "typescript"
TOOLS = SDK_DIR / "node_modules"
TS_TESTS = Path(__file__).resolve().parent / "ts"
SDK_TSCONFIG = REPO / "templates" / "typescript" / "static" / "tsconfig.json"


def ensure_tools() -> Path:
    """``sdks/typescript/node_modules`` with the dev tools; runs ``npm ci`` when missing."""
    if not (TOOLS / ".bin" / "tsc").exists():
        run(["npm", "ci", "--no-audit", "--no-fund"], SDK_DIR)
    return TOOLS


def tsc(project: Path, *, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Type-check (and emit, if the tsconfig says so) one project."""
    return run([str(ensure_tools() / ".bin" / "tsc"), "-p", str(project)], project.parent
               if project.is_file() else project, check=check)


def link_tools(project: Path) -> None:
    """Make typescript and the Node typings resolvable from ``project`` without installing."""
    modules = project / "node_modules"
    modules.mkdir(exist_ok=True)
    for name in ("typescript", "@types", "undici-types", "esbuild", "@esbuild"):
        source = TOOLS / name
        target = modules / name
        if source.exists() and not target.exists():
            target.symlink_to(source, target_is_directory=True)


def pack_sdk(sdk_dir: Path, destination: Path) -> Path:
    """``npm pack`` (its ``prepack`` script builds dist/ with tsc) → the tarball path."""
    ensure_tools()
    if sdk_dir != SDK_DIR and not (sdk_dir / "node_modules").exists():
        (sdk_dir / "node_modules").symlink_to(TOOLS, target_is_directory=True)
    proc = run(["npm", "pack", "--json", "--pack-destination", str(destination)], sdk_dir)
    # npm prints the build's output before the JSON report.
    report = json.loads(proc.stdout[proc.stdout.index("[\n"):])
    filename: str = report[0]["filename"]
    return destination / filename


def install_tarball(project: Path, tarball: Path, package_name: str) -> None:
    """A scratch ESM project depending on the SDK tarball, installed offline."""
    project.mkdir(parents=True, exist_ok=True)
    (project / "package.json").write_text(json.dumps({
        "name": "sdk-typescript-tests",
        "private": True,
        "type": "module",
        "dependencies": {package_name: f"file:{tarball}"},
    }, indent=2))
    run(["npm", "install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], project)
    link_tools(project)


def copy_ts_sources(project: Path) -> None:
    for source in TS_TESTS.iterdir():
        if source.is_file():
            shutil.copy2(source, project / source.name)


def node(args: list[str], cwd: Path, *, env: dict[str, str] | None = None,
         check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return run(["node", *args], cwd, env=env, check=check, timeout=timeout)


def node_test(files: list[str], cwd: Path, *, env: dict[str, str] | None = None) -> dict[str, int]:
    """Run ``node --test`` on compiled test files; returns the TAP summary counts."""
    proc = node(["--test", "--test-reporter=tap", *files], cwd, env=env, check=False)
    counts: dict[str, int] = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "#" and parts[2].isdigit():
            counts[parts[1]] = int(parts[2])
    if proc.returncode != 0 or counts.get("fail", 1) != 0:
        failures = [ln for ln in proc.stdout.splitlines() if ln.lstrip().startswith("not ok")]
        raise ToolError(
            f"node --test {' '.join(files)} failed ({counts}): {failures}\n"
            f"--- stdout\n{proc.stdout[-12000:]}\n--- stderr\n{proc.stderr[-4000:]}"
        )
    return counts


def generate(spec: Path, out: Path, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the generator CLI exactly as CI does, for the TypeScript backend."""
    cmd = [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--lang",
           "typescript", "--out", str(out)]
    if config is not None:
        cmd[6:6] = ["--config", str(config)]  # after --spec and its value
    return run(cmd, REPO, check=False)


def copy_sdk(sdk: Path, destination: Path) -> Path:
    """A private copy of a shared generated SDK (the session's ``llama_typescript``), for a test
    that writes into it."""
    shutil.copytree(sdk, destination, symlinks=True)
    return destination


def compile_beside_sdk(out: Path, scripts: list[Path]) -> None:
    """The generated SDK in ``out`` with ``scripts`` beside it, type-checked together under the
    SDK's strict settings (plus Node's typings for the scripts) and emitted as ES modules to
    ``out/out``."""
    for script in scripts:
        shutil.copy2(script, out / script.name)
    config = json.loads(SDK_TSCONFIG.read_text())
    config["compilerOptions"].update(
        {"noEmit": False, "rootDir": ".", "outDir": "out", "types": ["node"]}
    )
    config["include"] = ["src", *(s.name for s in scripts)]
    (out / "tsconfig.test.json").write_text(json.dumps(config, indent=2))
    (out / "node_modules").symlink_to(ensure_tools(), target_is_directory=True)
    tsc(out / "tsconfig.test.json")
    (out / "out" / "package.json").write_text('{"type": "module"}\n')
