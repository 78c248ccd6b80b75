"""A fresh clone works with nothing beside it: the README's two commands are what CI runs, the
tools nox needs are installed by nox, and no test reads files from outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
CI_RUN = REPO / ".ci/run"
NOXFILE = REPO / "noxfile.py"


def readme_commands() -> list[str]:
    """The lines of the README's first fenced block, which opens the README."""
    text = README.read_text(encoding="utf-8")
    match = re.search(r"```(?:bash|sh)\n(.*?)\n```", text, re.DOTALL)
    assert match, "the README has no fenced command block"
    before = text[: match.start()]
    assert "```" not in before, "the command block must be the README's first"
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_the_readme_opens_with_exactly_two_commands_pipeline_then_tests() -> None:
    commands = readme_commands()
    assert len(commands) == 2, commands
    pipeline, tests = commands
    assert pipeline.endswith("&& nox"), pipeline
    assert tests == "nox -s test"


def test_ci_runs_the_readme_commands_verbatim() -> None:
    ci_lines = [line.strip() for line in CI_RUN.read_text(encoding="utf-8").splitlines()]
    for command in readme_commands():
        assert command in ci_lines, f".ci/run does not run the README's `{command}`"


def test_ci_does_not_preinstall_what_nox_sessions_install_themselves() -> None:
    lines = CI_RUN.read_text(encoding="utf-8").splitlines()
    script = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    for tool in ("oasdiff", "actionlint", "staticcheck", "npm ci", "npm install"):
        assert tool not in script, f".ci/run installs {tool}; the nox session must do it"
    noxfile = NOXFILE.read_text(encoding="utf-8")
    assert "_go_install(session, ACTIONLINT)" in noxfile
    assert "_install_oasdiff(session)" in noxfile
    # The backends' pinned Go tools (staticcheck): wherever their stages or tests run.
    for session in ("lint", "_sdk_test_setup", "preview"):
        assert "_install_go_tools(session)" in _session_body(noxfile, session), session
    for session in ("sdk_test", "test"):
        assert "_sdk_test_setup(session)" in _session_body(noxfile, session), session


def _session_body(noxfile: str, name: str) -> str:
    body = noxfile[noxfile.index(f"def {name}(session"):]
    return body[: body.index("\n@nox.session")] if "\n@nox.session" in body else body


def test_the_pipeline_runs_every_sdk_test_stage_and_the_suite_is_the_second_command() -> None:
    """`nox` tests each SDK through its backend's test stage (as the preview does); the whole
    suite is the README's second command, so CI does not run it twice."""
    noxfile = NOXFILE.read_text(encoding="utf-8")
    sessions = re.search(r"^nox\.options\.sessions = \[(.*)\]$", noxfile, re.MULTILINE)
    assert sessions is not None
    assert [s.strip(' "') for s in sessions.group(1).split(",")] == [
        "spec", "conformance", "generate", "lint", "build", "sdk_test"]
    assert '_run_stage_everywhere(session, "test")' in _session_body(noxfile, "sdk_test")
    assert "nox -s test" in readme_commands()


def test_no_test_or_benchmark_reads_outside_the_repository() -> None:
    outside = re.compile(r"\.\./shared|/work/shared|\.parent\s*/\s*[\"']shared[\"']")
    offenders = [
        str(path.relative_to(REPO))
        for folder in ("tests", "bench")
        for path in (REPO / folder).rglob("*.py")
        if path != Path(__file__) and outside.search(path.read_text(encoding="utf-8"))
    ]
    offenders += ["noxfile.py"] if outside.search(NOXFILE.read_text(encoding="utf-8")) else []
    assert offenders == []


def test_every_third_party_spec_is_committed_with_its_source() -> None:
    from tests.third_party import CORPUS, LLAMA_STACK, SPECS_DIR

    sources = (SPECS_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert LLAMA_STACK.is_file()
    assert len(CORPUS) == 12
    for spec in [LLAMA_STACK, *CORPUS.values()]:
        entry = [line for line in sources.splitlines() if spec.name in line and "licence" in line]
        assert entry or spec == LLAMA_STACK, f"SOURCES.md names no origin for {spec.name}"
    assert "llamastack/llama-stack" in sources and "licence: repository MIT" in sources
