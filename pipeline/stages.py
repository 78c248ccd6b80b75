"""The per-language preview stages as data: one table says what each stage runs.

Adding a language means adding one `LanguagePipeline` entry to `LANGUAGES`; the runner
(`pipeline.stage_runner`) and the report never name a language.

Command arguments may use these placeholders, filled in per run:
  {python}  the interpreter running the preview (it has the pinned dev tools)
  {dist}    the directory built artifacts go to (`<root>/build/dist`)
  {junit}   a JUnit XML file for this language's test results
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

SPEC = "spec/openapi.yaml"
SDK_CONFIG = "sdks/config.yaml"
DIST = "build/dist"


class Status(StrEnum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"
    SKIPPED = "skipped"

    @property
    def icon(self) -> str:
        return STATUS_ICONS[self]


STATUS_ICONS = {
    Status.OK: "✅",
    Status.WARNING: "⚠️",
    Status.ERROR: "❌",
    Status.SKIPPED: "⏭️",
}

# The order every language runs its stages in, and the order the report shows them.
STAGE_ORDER = ("generate", "build", "lint", "test")


@dataclass(frozen=True)
class Command:
    argv: tuple[str, ...]
    cwd: str = "."
    """Relative to the checkout being evaluated."""
    env: Mapping[str, str] = field(default_factory=dict)
    """Extra environment; values naming a path are relative to the checkout."""
    path_env: tuple[str, ...] = ()
    """Which `env` keys hold checkout-relative paths to make absolute."""
    unless_exists: str | None = None
    """Skip this command when the path exists (a dependency install that is up to date)."""
    failure_warns: str | None = None
    """When set, a failure is a warning with this explanation and the stage goes on."""


@dataclass(frozen=True)
class Stage:
    name: str
    commands: tuple[Command, ...]
    needs: tuple[str, ...] = ()
    """Stages that must not have failed; otherwise this stage is skipped, not run."""
    warning_pattern: str | None = None
    """A regex (multiline) over the output whose matches make a passing stage a warning."""
    artifacts: tuple[str, ...] = ()
    """Globs under {dist} for files this stage produces (the first one is installable)."""
    junit: bool = False
    """The commands write {junit}; failed tests are read from it."""


@dataclass(frozen=True)
class LanguagePipeline:
    language: str
    sdk_dir: str
    stages: tuple[Stage, ...]
    install_command: str
    """How a consumer installs the first artifact; `{artifact}` is its path."""

    def stage(self, name: str) -> Stage:
        for stage in self.stages:
            if stage.name == name:
                return stage
        raise KeyError(name)


def _generate(language: str, sdk_dir: str) -> Stage:
    argv = (
        "{python}", "-m", "generator", "generate", "--spec", SPEC,
        "--config", SDK_CONFIG, "--lang", language, "--out", sdk_dir,
    )  # fmt: skip
    return Stage(
        name="generate",
        commands=(
            # First: does the PR commit the SDK its spec generates? (A PR that forgot to
            # regenerate still gets a preview of what it should have committed.)
            Command(
                (*argv, "--check"),
                failure_warns=f"the committed {sdk_dir} is stale: run `nox -s generate` "
                "and commit",
            ),
            Command(argv),
        ),
        # The generator prints one `warning: <source> <pointer>: <message>` line per warning.
        warning_pattern=r"^\s*warning:.*$",
    )


def _sdk_tests(test_dir: str, sdk_src: str | None = None) -> Stage:
    # Only this language's SDK tests: the preview must stay fast; the full suite is `nox -s test`.
    env = {"PYTHONPATH": sdk_src} if sdk_src else {}
    return Stage(
        name="test",
        commands=(
            Command(
                (
                    "{python}", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    # xunit1: the SDK tests use record_property, which xunit2 warns about.
                    "--junitxml={junit}", "-o", "junit_family=xunit1", test_dir,
                ),
                # The checkout's own SDK must win over any editable install of another
                # checkout's SDK in site-packages: PYTHONPATH comes first on sys.path.
                env=env,
                path_env=tuple(env),
            ),
        ),
        needs=("generate",),
        junit=True,
    )


PYTHON = LanguagePipeline(
    language="python",
    sdk_dir="sdks/python",
    install_command="pip install {artifact}",
    stages=(
        _generate("python", "sdks/python"),
        Stage(
            name="build",
            commands=(
                # --no-isolation: hatchling is pinned in requirements/dev.txt, and skipping
                # the throwaway build venv saves a PyPI round trip per preview.
                Command(("{python}", "-m", "build", "--no-isolation", "--outdir", "{dist}",
                         "sdks/python")),
            ),
            needs=("generate",),
            artifacts=("parley_client-*.whl", "parley_client-*.tar.gz"),
        ),
        Stage(
            name="lint",
            # From the SDK's directory with its own (generated) pyproject: the repo's mypy
            # config excludes ^sdks/, which would leave mypy nothing to check.
            commands=(
                Command(("{python}", "-m", "mypy", "--config-file", "pyproject.toml", "--strict",
                         "src"), cwd="sdks/python"),
                Command(("{python}", "-m", "pyright", "-p", "pyproject.toml"), cwd="sdks/python"),
            ),
            needs=("generate",),
        ),
        _sdk_tests("tests/sdk_python", sdk_src="sdks/python/src"),
    ),
)

# The TypeScript SDK's locked dev tools (tsc); skipped when node_modules is up to date.
_TS_DEV_TOOLS = Command(
    ("npm", "ci", "--no-audit", "--no-fund"),
    cwd="sdks/typescript",
    unless_exists="sdks/typescript/node_modules/.package-lock.json",
)

TYPESCRIPT = LanguagePipeline(
    language="typescript",
    sdk_dir="sdks/typescript",
    install_command="npm install {artifact}",
    stages=(
        _generate("typescript", "sdks/typescript"),
        Stage(
            name="build",
            commands=(
                _TS_DEV_TOOLS,
                Command(("npm", "run", "build"), cwd="sdks/typescript"),
                Command(("npm", "pack", "--pack-destination", "{dist}"), cwd="sdks/typescript"),
            ),
            needs=("generate",),
            artifacts=("parley-client-*.tgz",),
        ),
        Stage(
            name="lint",
            commands=(
                _TS_DEV_TOOLS,
                Command(("npx", "--no-install", "tsc", "--noEmit", "-p", "."),
                        cwd="sdks/typescript"),
            ),
            needs=("generate",),
        ),
        _sdk_tests("tests/sdk_typescript"),
    ),
)

LANGUAGES: dict[str, LanguagePipeline] = {p.language: p for p in (PYTHON, TYPESCRIPT)}

# Not per language: does the committed spec match the app? (The PR ships the committed spec.)
SPEC_CHECK = Stage(
    name="spec",
    commands=(Command(("{python}", "-m", "app.export", "--out", SPEC, "--check")),),
)
