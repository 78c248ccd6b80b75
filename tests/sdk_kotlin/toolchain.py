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


# Maven's words when an offline run lacks an artifact the local repository never received.
_OFFLINE_MISS = "in offline mode"


def mvn(*args: str, cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """One Maven run, offline first: the pipeline's build stage (or an earlier test) has filled
    the local repository, and an offline run asks no remote about anything. Only a run that
    misses an artifact there is repeated online, to download it."""
    full_env = {**os.environ, **(env or {})}

    def run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True,
                              timeout=timeout, check=False)

    online = ["mvn", "-B", "-q", *args]
    cmd = online if "-o" in args else ["mvn", "-B", "-q", "-o", *args]
    proc = run(cmd)
    if proc.returncode != 0 and cmd != online and _OFFLINE_MISS in proc.stdout + proc.stderr:
        cmd = online
        proc = run(cmd)
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


def compile_all(projects: list[Path], work: Path) -> subprocess.CompletedProcess[str]:
    """Compiles the main sources of every generated project in ONE Maven run (one Kotlin
    compilation, -Werror, each SDK in its own package), with the SDK's own pom as the base."""
    from generator.languages.kotlin.render import VERSIONS

    work.mkdir(parents=True, exist_ok=True)
    dirs = "".join(f"<sourceDir>{p / 'src' / 'main' / 'kotlin'}</sourceDir>" for p in projects)
    (work / "pom.xml").write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>check</groupId><artifactId>check</artifactId><version>0</version>
  <dependencies>
    <dependency><groupId>org.jetbrains.kotlin</groupId><artifactId>kotlin-stdlib</artifactId>
      <version>{VERSIONS['kotlin']}</version></dependency>
    <dependency><groupId>org.jetbrains.kotlinx</groupId>
      <artifactId>kotlinx-serialization-json-jvm</artifactId>
      <version>{VERSIONS['serialization']}</version></dependency>
    <dependency><groupId>org.jetbrains.kotlinx</groupId>
      <artifactId>kotlinx-coroutines-core-jvm</artifactId>
      <version>{VERSIONS['coroutines']}</version></dependency>
  </dependencies>
  <build><plugins><plugin>
    <groupId>org.jetbrains.kotlin</groupId><artifactId>kotlin-maven-plugin</artifactId>
    <version>{VERSIONS['kotlin']}</version>
    <configuration><jvmTarget>17</jvmTarget><args><arg>-Werror</arg></args>
      <sourceDirs>{dirs}</sourceDirs></configuration>
    <executions><execution><id>compile</id><goals><goal>compile</goal></goals></execution>
    </executions>
  </plugin></plugins></build>
</project>
""")
    options = f"{os.environ.get('MAVEN_OPTS', '')} -Xmx2g".strip()
    return mvn("compile", cwd=work, env={"MAVEN_OPTS": options}, timeout=1800)
