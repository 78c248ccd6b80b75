"""Go plumbing for the Go SDK tests: the installed toolchain only (GOTOOLCHAIN=local) and no
module downloads (GOPROXY=off): the SDK depends on the standard library alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.languages.go.backend import STATICCHECK

REPO = Path(__file__).resolve().parents[2]
SDK_DIR = REPO / "sdks" / "go"
GO_TESTS = Path(__file__).resolve().parent / "go"
GO_ENV = {"GOTOOLCHAIN": "local", "GOPROXY": "off", "GOFLAGS": "-buildvcs=false"}


class ToolError(AssertionError):
    """A tool failed; the message carries its command line and output."""


def run(cmd: list[str], cwd: Path, *, env: dict[str, str] | None = None,
        timeout: float = 900, check: bool = True) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **GO_ENV, **(env or {})}
    proc = subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    if check and proc.returncode != 0:
        raise ToolError(
            f"{' '.join(cmd)} (in {cwd}) exited {proc.returncode}\n"
            f"--- stdout\n{proc.stdout[-8000:]}\n--- stderr\n{proc.stderr[-8000:]}"
        )
    return proc


def go(*args: str, cwd: Path, env: dict[str, str] | None = None,
       check: bool = True) -> subprocess.CompletedProcess[str]:
    return run(["go", *args], cwd, env=env, check=check)


def gofmt_unclean(module: Path) -> list[str]:
    """The files ``gofmt -l`` would change (it must be none)."""
    return run(["gofmt", "-l", "."], module).stdout.split()


def staticcheck(module: Path) -> subprocess.CompletedProcess[str]:
    """``staticcheck ./...`` with the pinned release: from this interpreter's venv (where nox
    installs it) or PATH."""
    found = shutil.which("staticcheck", path=os.pathsep.join(
        [str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if found is None:
        raise ToolError(f"staticcheck not found: GOBIN=<venv>/bin go install {STATICCHECK}")
    return run([found, "./..."], module)


def copy_module(source: Path, destination: Path) -> Path:
    shutil.copytree(source, destination)
    return destination
