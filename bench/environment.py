"""Where things are, what machine this is, and which tool versions ran.

Also the availability probes: each component the benchmarks need (the app, the generator,
the SDKs, the peer tools) is looked up here, and a missing one yields a reason string that
the benchmark reports instead of crashing.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

from generator.languages import BACKENDS

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BENCH_NODE_BIN = BENCH / "node_modules" / ".bin"
OUR_SPEC = ROOT / "spec" / "openapi.yaml"
SDK_CONFIG = ROOT / "sdks" / "config.yaml"
LLAMA_SPEC = ROOT / "tests" / "fixtures" / "specs" / "llama-stack-spec.yaml"
CORPUS_SPECS = sorted(
    p for p in (ROOT / "tests" / "fixtures" / "specs" / "corpus").glob("*")
    if p.suffix in (".yaml", ".json")
)
# The two SDKs the SDK benchmarks measure, where their backends commit them.
PY_SDK = ROOT / BACKENDS["python"].sdk_dir
TS_SDK = ROOT / BACKENDS["typescript"].sdk_dir
# Generated specs, scratch output and quick-run results; build/ is git-ignored.
SCRATCH = ROOT / "build" / "bench"
RESULTS = BENCH / "results"
QUICK_RESULTS = SCRATCH / "results-quick"

PEER_PYTHON_PACKAGES = ("openapi-python-client", "datamodel-code-generator")
PEER_NODE_PACKAGES = ("openapi-typescript", "@hey-api/openapi-ts", "esbuild", "typescript")
RUNTIME_PACKAGES = ("httpx", "pydantic", "fastapi", "uvicorn", "sqlalchemy", "aiosqlite", "mypy")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def node_version() -> str | None:
    node = shutil.which("node")
    if node is None:
        return None
    return subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()


def machine_info() -> dict[str, Any]:
    load1, load5, _ = os.getloadavg()
    return {
        "cores": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory": _memory_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "node": node_version() or "not installed",
        # The machine is shared; a high load average explains noisy numbers.
        "load_average_at_start_1m_5m": f"{load1:.2f} / {load5:.2f}",
    }


def python_package_version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def node_package_version(package: str) -> str | None:
    manifest = BENCH / "node_modules" / package / "package.json"
    if not manifest.exists():
        return None
    version = json.loads(manifest.read_text()).get("version")
    return str(version) if version is not None else None


def our_generator_version() -> str | None:
    if importlib.util.find_spec("generator") is None:
        return None
    try:
        module = __import__("generator")
    except Exception as exc:  # a half-written package must not stop the benchmarks
        return f"unimportable ({type(exc).__name__})"
    return str(getattr(module, "__version__", "present (no __version__)"))


def tool_versions() -> dict[str, str]:
    versions: dict[str, str] = {"parley generator": our_generator_version() or "not available"}
    for dist in PEER_PYTHON_PACKAGES + RUNTIME_PACKAGES:
        versions[dist] = python_package_version(dist) or "not installed"
    for package in PEER_NODE_PACKAGES:
        versions[f"{package} (npm)"] = node_package_version(package) or "not installed"
    return versions


def git_commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    commit = result.stdout.strip() or "unknown"
    return f"{commit}+dirty" if dirty else commit


def export_revision(revision: str) -> tuple[str, Path]:
    """`git archive` of `revision` into the scratch area: (its short commit, the tree).

    An exported tree, not a worktree, so nothing is registered in the repository."""
    short = subprocess.run(
        ["git", "rev-parse", "--short", "--verify", f"{revision}^{{commit}}"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    if short.returncode != 0:
        raise SystemExit(f"--baseline {revision!r} is not a commit: {short.stderr.strip()}")
    commit = short.stdout.strip()
    tree = SCRATCH / "baselines" / commit
    if not (tree / "generator").is_dir():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", "--format=tar", commit, "generator", "templates", "sdks/config.yaml",
             "bench/foreign-sdk-config.yaml"],
            cwd=ROOT, capture_output=True, check=True,
        )
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return commit, tree


def python_script(name: str) -> str | None:
    """A console script installed for this interpreter (not whatever is first on PATH)."""
    candidate = Path(sysconfig.get_path("scripts")) / name
    if candidate.exists():
        return str(candidate)
    return shutil.which(name)


def node_bin(name: str) -> str | None:
    candidate = BENCH_NODE_BIN / name
    return str(candidate) if candidate.exists() else None


def missing_node_tools_reason() -> str:
    return "run `npm ci` in bench/ (the nox `bench` session does it)"


def child_env(**extra: str) -> dict[str, str]:
    """The environment for child processes: ours, minus colour codes in tool output."""
    env = dict(os.environ)
    env.update({"NO_COLOR": "1", "FORCE_COLOR": "0"})
    # Every Python tool (ours and the peers) keeps its compiled bytecode between runs, as an
    # installed tool or a checkout does: with PYTHONDONTWRITEBYTECODE set, each run would
    # recompile every module it imports and the benchmark would time the compiler.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # Our generator's no-op stamps (generator/stamp.py) stay in the benchmark's scratch.
    env["PARLEY_CACHE_DIR"] = str(SCRATCH / "parley-cache")
    env.update(extra)
    return env


PYTHON = sys.executable
