"""Maven plumbing for the Kotlin SDK tests: batch mode, the default local repository as the
cache (after the first build nothing is downloaded), and Surefire's XML reports read back."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SDK_DIR = REPO / "sdks" / "kotlin"
KOTLIN_TESTS = Path(__file__).resolve().parent / "kotlin"


class ToolError(AssertionError):
    """A tool failed; the message carries its command line and output."""


def mvn(*args: str, cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 900) -> subprocess.CompletedProcess[str]:
    cmd = ["mvn", "-B", "-q", *args]
    proc = subprocess.run(cmd, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True,
                          text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise ToolError(f"{' '.join(cmd)} (in {cwd}) exited {proc.returncode}\n"
                        f"--- stdout\n{proc.stdout[-8000:]}\n--- stderr\n{proc.stderr[-4000:]}")
    return proc


def copy_project(source: Path, destination: Path) -> Path:
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns("target"))
    return destination


def surefire_results(project: Path) -> dict[str, str]:
    """``Class.method`` → ``passed``/``failed``/``error``/``skipped`` from Surefire's reports."""
    results: dict[str, str] = {}
    for report in sorted((project / "target" / "surefire-reports").glob("TEST-*.xml")):
        for case in ET.parse(report).getroot().iter("testcase"):
            outcome = "passed"
            for child in case:
                if child.tag in ("failure", "error", "skipped"):
                    outcome = {"failure": "failed"}.get(child.tag, child.tag)
            name = re.sub(r"\(\)$", "", case.get("name", ""))
            results[f"{case.get('classname', '').rsplit('.', 1)[-1]}.{name}"] = outcome
    return results
