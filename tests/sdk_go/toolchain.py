"""Go plumbing for the Go SDK tests: the installed toolchain only (GOTOOLCHAIN=local) and no
module downloads (GOPROXY=off): the SDK depends on the standard library alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.languages.go.backend import STATICCHECK
from tests.toolchain import ToolError
from tests.toolchain import run as shared_run

REPO = Path(__file__).resolve().parents[2]
SDK_DIR = REPO / "sdks" / "go"
GO_TESTS = Path(__file__).resolve().parent / "go"
GO_ENV = {"GOTOOLCHAIN": "local", "GOPROXY": "off", "GOFLAGS": "-buildvcs=false"}


def run(cmd: list[str], cwd: Path, *, env: dict[str, str] | None = None,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    """:func:`tests.toolchain.run` with the Go environment (and a build's longer timeout)."""
    return shared_run(cmd, cwd, env={**GO_ENV, **(env or {})}, timeout=900, check=check)


def go(*args: str, cwd: Path, env: dict[str, str] | None = None,
       check: bool = True) -> subprocess.CompletedProcess[str]:
    return run(["go", *args], cwd, env=env, check=check)


def gofmt_unclean(module: Path) -> list[str]:
    """The files ``gofmt -l`` would change (it must be none)."""
    return run(["gofmt", "-l", "."], module).stdout.split()


def staticcheck(module: Path, *patterns: str) -> subprocess.CompletedProcess[str]:
    """``staticcheck ./...`` (or ``patterns``, in ``module``'s directory) with the pinned
    release: from this interpreter's venv (where nox installs it) or PATH."""
    found = shutil.which("staticcheck", path=os.pathsep.join(
        [str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if found is None:
        raise ToolError(f"staticcheck not found: GOBIN=<venv>/bin go install {STATICCHECK}")
    return run([found, *(patterns or ("./...",))], module)


def copy_module(source: Path, destination: Path) -> Path:
    shutil.copytree(source, destination)
    return destination
