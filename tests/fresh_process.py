"""Run one test check in a new interpreter: for code that forks (generator.forked), which this
test process may rightly refuse to do while a live server's threads run in it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_in_fresh_process(module: str, check: str) -> None:
    """Call ``module``'s function ``check`` in a new interpreter; its assertion error, if any,
    is this one's."""
    code = f"from {module} import {check}; {check}()"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stderr
