"""The Parley SDK pipeline.

Plain `nox` runs the release pipeline in order and stops at the first failure:
spec → conformance → generate → lint → build → test.
Every session is also runnable alone (`nox -s NAME`); `nox -l` lists them.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nox
import nox.command

ROOT = Path(__file__).parent
# The languages, their SDK directories and their stage commands come from the generator's
# registry (standard library only, so nox's own interpreter can read it).
sys.path.insert(0, str(ROOT))
from generator.backend import Command  # noqa: E402
from generator.languages import backends  # noqa: E402

DEV_REQUIREMENTS = "requirements/dev.txt"
SPEC = "spec/openapi.yaml"
SDK_CONFIG = "sdks/config.yaml"
DIST = "build/dist"
# The GitHub-workflow linter, installed by the lint session itself.
ACTIONLINT = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"

# Every Maven run (the Kotlin stages, the suite's Kotlin and compatibility checks) is a
# short-lived JVM compiling Kotlin: the C1 JIT alone and the serial collector halve its time on
# CI's two cores. The suite sets the same default (tests/conftest.py).
os.environ.setdefault("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")

nox.options.default_venv_backend = "uv|virtualenv"
# Dependencies are pinned in one file, so an existing venv is safe to reuse.
nox.options.reuse_existing_virtualenvs = True
nox.options.stop_on_first_error = True
# The pipeline: each SDK is tested by its own test stage (its round trip against the real app and
# its runtime tests); `nox -s test` is the whole repository suite.
nox.options.sessions = ["spec", "conformance", "generate", "lint", "build", "sdk_test"]
nox.options.error_on_missing_interpreters = False


def _dev_session(session: nox.Session) -> None:
    """Install the pinned pipeline toolchain into the session's venv."""
    session.install("-r", DEV_REQUIREMENTS)


def _npm(session: nox.Session, directory: str, *args: str) -> None:
    """Run npm in `directory` (nox's `session.run` takes no `cwd`, so change into it)."""
    with session.chdir(ROOT / directory):
        session.run("npm", *args, external=True)


def _npm_ci(session: nox.Session, directory: str) -> None:
    """`npm ci` a Node project's locked tools; skipped while node_modules is newer than the lock."""
    lock = ROOT / directory / "package-lock.json"
    marker = ROOT / directory / "node_modules" / ".package-lock.json"
    if not (marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime):
        _npm(session, directory, "ci", "--no-audit", "--no-fund")


def _run_command(session: nox.Session, command: Command) -> None:
    """One of a backend's stage commands, in this session (`{python}` is the session's)."""
    if command.up_to_date(ROOT):
        return
    values = dict(python="python", spec=SPEC, config=SDK_CONFIG, dist=str(ROOT / DIST), junit="")
    argv = command.expand(**values)
    env = {k: str(ROOT / v) if k in command.path_env else v for k, v in command.env.items()}
    with session.chdir(ROOT / command.cwd):
        try:
            session.run(*argv, env=env, external=True)
        except nox.command.CommandFailed:
            if command.failure_warns is None:
                raise
            session.warn(command.failure_warns)


def _run_stage_everywhere(session: nox.Session, stage_name: str) -> None:
    """One stage of every language, one language per CPU at a time: their linters, compilers
    and test runs are child processes that mostly use one core each. Each language's log is
    printed whole when it ends (and kept in build/stages/); any failure fails the session."""
    session.run("python", "-m", "pipeline.stage_runner", stage_name)


def _go_install(session: nox.Session, module_at_version: str) -> None:
    """`go install` a pinned Go tool into this session's venv, which is on the session's PATH,
    so nothing depends on `~/go/bin` being on the user's PATH. Go's caches make reruns cheap."""
    session.run("go", "install", module_at_version, external=True, env={"GOBIN": session.bin})


def _install_go_tools(session: nox.Session) -> None:
    """The pinned Go tools every backend's stages run (e.g. a linter)."""
    for backend in backends():
        for tool in backend.go_tools:
            _go_install(session, tool)


def _install_oasdiff(session: nox.Session) -> None:
    """The oasdiff pinned in pipeline/oasdiff.py (the conformance gate and its tests run it)."""
    target = session.run("python", "-m", "pipeline.oasdiff", "--install-spec", silent=True)
    _go_install(session, str(target).strip())


def _check_in_ci(session: nox.Session) -> tuple[str, ...]:
    """Under CI, `spec` and `generate` verify the committed files instead of rewriting them:
    a pipeline that regenerated first would hide the very drift it exists to catch."""
    if os.environ.get("CI") and "--check" not in session.posargs:
        return ("--check",)
    return ()


@nox.session
def spec(session: nox.Session) -> None:
    """Export spec/openapi.yaml from the app (`-- --check` fails with a diff when stale)."""
    _dev_session(session)
    _npm_ci(session, ".")  # Redocly, the spec linter
    check = _check_in_ci(session)
    session.run("python", "-m", "app.export", "--out", SPEC, *session.posargs, *check)
    session.run("python", "-m", "pipeline.validate", SPEC)


@nox.session
def conformance(session: nox.Session) -> None:
    """Check the spec for breaking changes against the newest release with oasdiff."""
    _dev_session(session)
    _install_oasdiff(session)
    session.run("python", "-m", "pipeline.conformance", "--spec", SPEC, *session.posargs)


@nox.session
def generate(session: nox.Session) -> None:
    """Regenerate every SDK from the spec (`-- --check` fails when sdks/ is stale)."""
    _dev_session(session)
    for backend in backends():
        session.run(
            "python", "-m", "generator", "generate",
            "--spec", SPEC, "--config", SDK_CONFIG, "--lang", backend.name,
            "--out", backend.sdk_dir, *session.posargs, *_check_in_ci(session),
        )


@nox.session
def watch(session: nox.Session) -> None:
    """Regenerate every SDK under sdks/ on each save of the spec or config (Ctrl-C stops)."""
    _dev_session(session)
    template = {backend.sdk_dir.replace(backend.name, "{lang}") for backend in backends()}
    if len(template) != 1:
        session.error(f"the SDK directories follow no one pattern: {sorted(template)}")
    session.run(
        "python", "-m", "generator", "watch", "--spec", SPEC, "--config", SDK_CONFIG,
        "--lang", "all", "--out", template.pop(), *session.posargs,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """ruff and mypy on our code, each SDK's own lint stage (mypy/pyright, tsc), actionlint."""
    _dev_session(session)
    session.run("ruff", "check", "app", "generator", "pipeline", "bench", "tests", "noxfile.py")
    session.run("mypy", "app", "generator", "pipeline", "bench")
    _install_go_tools(session)
    _run_stage_everywhere(session, "lint")
    _go_install(session, ACTIONLINT)
    session.run("actionlint", ".github/workflows/sdk-preview.yml")


@nox.session
def build(session: nox.Session) -> None:
    """Build every SDK's artifacts (wheel and sdist, npm tarball) into build/dist/."""
    _dev_session(session)
    _run_stage_everywhere(session, "build")


def _sdk_test_setup(session: nox.Session) -> None:
    """What the SDKs' tests need: their Python requirements, their own dev tools (e.g.
    `npm ci`) and the pinned Go tools their linters use."""
    for backend in backends():
        if backend.test_requirements:
            session.install(*backend.test_requirements)
        for command in backend.setup:
            _run_command(session, command)
    _install_go_tools(session)


@nox.session
def sdk_test(session: nox.Session) -> None:
    """Every SDK's own test stage: its round trip against the real app, its runtime tests."""
    _dev_session(session)
    _sdk_test_setup(session)
    _run_stage_everywhere(session, "test")


@nox.session
def test(session: nox.Session) -> None:
    """Run the whole pytest suite, every SDK's round trips included."""
    _dev_session(session)
    _sdk_test_setup(session)
    _install_oasdiff(session)  # the conformance and release tests run the real oasdiff
    if (ROOT / "package-lock.json").exists():
        _npm_ci(session, ".")
    # One worker per CPU: much of the suite waits on compilers, type checkers and servers in
    # child processes. tests/conftest.py decides which tests one worker runs together.
    session.run("python", "-m", "pytest", "--numprocesses", "auto", *session.posargs)


@nox.session
def serve(session: nox.Session) -> None:
    """Run the app on 127.0.0.1:8321 (SQLite by default; pass --port/--database-url)."""
    _dev_session(session)
    session.run("python", "-m", "app", *session.posargs)


@nox.session
def clean(session: nox.Session) -> None:
    """Remove build outputs."""
    shutil.rmtree(ROOT / "build", ignore_errors=True)


@nox.session
def preview(session: nox.Session) -> None:
    """PR preview: every stage for every SDK, never stopping → build/preview/report.{md,json}."""
    _dev_session(session)
    _install_go_tools(session)  # the lint stages run them
    # `-- --base origin/main --title "feat: …"`; see `python -m pipeline.preview --help`.
    session.run("python", "-m", "pipeline.preview", *session.posargs)


@nox.session
def release(session: nox.Session) -> None:
    """Cut a release (`-- 0.2.0`): bump every SDK, write CHANGELOG.md, add the spec baseline."""
    if len(session.posargs) < 1:
        session.error("usage: nox -s release -- <version>   (e.g. nox -s release -- 0.2.0)")
    _dev_session(session)
    session.run("python", "-m", "pipeline.release", *session.posargs)


def _compile_sdks_if_stale(session: nox.Session) -> None:
    """Compile each SDK that needs it (TypeScript: `npm run build`) unless its outputs are
    newer than every source file."""
    for backend in backends():
        if not backend.compile or not (ROOT / backend.sdk_dir).is_dir():
            continue  # nothing to compile, or the benchmark reports the SDK as not available
        for command in backend.setup:
            _run_command(session, command)
        if not backend.compile_is_stale(ROOT):
            continue
        try:
            for command in backend.compile:
                _run_command(session, command)
        except nox.command.CommandFailed:
            # The benchmarks still run: the SDK is then measured as last built, or
            # reported as not available.
            session.warn(f"the {backend.name} SDK does not build; benchmarking its last build")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks into bench/results/ (`-- --quick`: smoke run under a minute; `-- --only X`)."""
    _dev_session(session)
    session.install("-r", "bench/requirements.txt")
    _npm_ci(session, "bench")
    _compile_sdks_if_stale(session)
    session.run("python", "-m", "bench", *session.posargs)
