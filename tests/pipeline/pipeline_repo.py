"""A throwaway git repository holding this checkout's files, for tests that commit.

Copies what git would see (tracked plus untracked-but-not-ignored files), so it works the
same in a developer's dirty tree and in CI's fresh clone, then commits it as one base
commit. The tests never touch the real repository's git state.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from generator.languages import backends
from pipeline.base_checkout import shareable_dependencies

REPO = Path(__file__).resolve().parents[2]
# Dependency directories borrowed (symlinked, never committed) instead of reinstalled.
BORROWED = tuple(directory for directory, _lockfile in shareable_dependencies())
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Parley Tests", "GIT_AUTHOR_EMAIL": "tests@parley.invalid",
    "GIT_COMMITTER_NAME": "Parley Tests", "GIT_COMMITTER_EMAIL": "tests@parley.invalid",
}


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                            env={**os.environ, **GIT_IDENTITY}, check=False)
    if result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed in {root}:\n{result.stderr}")
    return result.stdout


def _source_files() -> list[str]:
    listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    return [name for name in listed.split("\0") if name and (REPO / name).is_file()]


def make_repo_copy(destination: Path) -> Path:
    """Copy the checkout to `destination`, `git init` it and commit everything; returns it."""
    for name in _source_files():
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    git(destination, "init", "--quiet", "--initial-branch=main")
    git(destination, "add", "--all")
    git(destination, "commit", "--quiet", "--no-verify", "-m", "base")
    exclude = destination / ".git/info/exclude"
    with exclude.open("a", encoding="utf-8") as handle:
        for directory in BORROWED:
            handle.write(f"/{directory}\n")
            if (REPO / directory).is_dir():
                (destination / directory).symlink_to(REPO / directory, target_is_directory=True)
    return destination


def commit_all(root: Path, message: str) -> str:
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--no-verify", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence, failing loudly when the code moved on."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: expected one occurrence of {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# The preview's own pytest runs must not inherit this run's plugins or import paths.
_CLEAN_ENV = {k: v for k, v in os.environ.items()
              if k not in ("PYTEST_ADDOPTS", "PYTHONPATH", "PYTEST_CURRENT_TEST")}


def run_module(root: Path, module: str, *args: str, timeout: float = 1500
               ) -> subprocess.CompletedProcess[str]:
    """`python -m <module> <args>` in `root`, output captured (stderr merged into stdout)."""
    return subprocess.run([sys.executable, "-m", module, *args], cwd=root, env=_CLEAN_ENV,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=timeout, check=False)


def run_preview(root: Path, *args: str) -> dict[str, Any]:
    """Run the preview in `root` and return report.json; the preview itself must succeed."""
    result = run_module(root, "pipeline.preview", *args)
    assert result.returncode == 0, result.stdout
    report: dict[str, Any] = json.loads(
        (root / "build/preview/report.json").read_text(encoding="utf-8")
    )
    return report


def statuses(report: dict[str, Any], language: str, key: str = "status") -> dict[str, Any]:
    [entry] = [lang for lang in report["languages"] if lang["language"] == language]
    return {stage["stage"]: stage[key] for stage in entry["stages"]}


def sync_generated(root: Path) -> None:
    """Export the spec and regenerate every SDK, as `nox -s spec generate` would.

    Tests that are about something else start from a tree where the generated files match
    the app, even while a developer's working tree is mid-change.
    """
    steps = [("app.export", "--out", "spec/openapi.yaml")] + [
        ("generator", "generate", "--spec", "spec/openapi.yaml", "--config", "sdks/config.yaml",
         "--lang", backend.name, "--out", backend.sdk_dir)
        for backend in backends()
    ]
    for module, *args in steps:
        result = run_module(root, module, *args)
        assert result.returncode == 0, result.stdout
