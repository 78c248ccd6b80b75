"""Running a tool from a test: the one helper every SDK's test plumbing uses
(tests/sdk_<lang>/toolchain.py)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class ToolError(AssertionError):
    """A tool failed; the message carries its command line and output."""


def run(cmd: list[str], cwd: Path, *, env: dict[str, str] | None = None,
        timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing output; on failure raise with everything needed to debug."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    if check and proc.returncode != 0:
        raise ToolError(
            f"{' '.join(cmd)} (in {cwd}) exited {proc.returncode}\n"
            f"--- stdout\n{proc.stdout[-8000:]}\n--- stderr\n{proc.stderr[-8000:]}"
        )
    return proc
