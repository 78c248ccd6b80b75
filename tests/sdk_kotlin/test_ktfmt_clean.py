"""The generated Kotlin is ktfmt-clean (ktfmt 0.54, KOTLINLANG style) as the lint stage checks
it: ``mvn -o spotless:check`` of the generated project, whose spotless includes cover every
source. The renderer lays the code and KDoc out as ktfmt does (generator/languages/kotlin/
layout.py, naming.kdoc); ktfmt itself never runs in generation. One Maven run per spec, offline
(the Kotlin build stage fills the local repository)."""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

import pytest

from generator.cli import generate_files
from generator.diagnostics import Diagnostics
from generator.write import write_tree
from tests.sdk_kotlin import toolchain
from tests.third_party import LLAMA_STACK

REPO = Path(__file__).resolve().parents[2]
SPECS = {"parley": REPO / "spec" / "openapi.yaml", "llama-stack": LLAMA_STACK}


def _generate(spec: Path, out: Path) -> dict[str, str]:
    diagnostics = Diagnostics()
    config = REPO / "sdks" / "config.yaml" if spec == SPECS["parley"] else None
    _ir, _config, files = generate_files(spec, config, "kotlin", diagnostics)
    assert diagnostics.errors() == []
    write_tree(files, out, diagnostics)
    return files


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SPECS))
def test_generated_sources_pass_spotless_check(name: str, tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    files = _generate(SPECS[name], out)
    pom = files["pom.xml"]
    globs = [line.strip().removeprefix("<include>").removesuffix("</include>")
             for line in pom.splitlines() if line.strip().startswith("<include>")]
    sources = [p for p in files if p.endswith(".kt")]
    # Every generated source is under the check (fnmatch's * spans directories, like **).
    assert sources and all(any(fnmatch(p, g) for g in globs) for p in sources)
    # A file ktfmt would change fails the run (ToolError, with spotless's diff).
    toolchain.mvn("-o", "spotless:check", cwd=out)
