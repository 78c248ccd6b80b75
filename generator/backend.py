"""The backend contract: what a language gives the generator and the pipeline.

A language is a package ``generator/languages/<name>/`` whose ``backend`` module defines
``BACKEND = Backend(...)``; the registry (:mod:`generator.languages`) finds it there. Everything
that lists languages (the CLI, ``noxfile.py``, the preview, the release, the drift checks)
reads the registry, so adding a language means writing that package (its backend module, its
naming, its renderer), its templates and its runtime, and editing nothing else.

This module and every ``backend`` module import only the standard library and the core's
config/diagnostics: ``noxfile.py`` reads the registry from nox's own interpreter, where the
generator's dependencies (Jinja2, PyYAML) may be missing. Renderers are imported lazily.

Stage commands are data. Their arguments may use these placeholders, filled in per run:
  {python}  the interpreter with the pinned dev tools
  {spec}    the spec being generated from (``spec/openapi.yaml``)
  {config}  the SDK config (``sdks/config.yaml``)
  {dist}    the directory built artifacts go to (``<root>/build/dist``)
  {junit}   a JUnit XML file for this language's test results
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from generator.config import ConfigSection, SdkConfig
    from generator.diagnostics import Diagnostics
    from generator.ir import IR
    from generator.render_memo import RenderMemo

# The order every language runs its stages in, and the order the preview report shows them.
STAGE_ORDER = ("generate", "build", "lint", "test")

class Renderer(Protocol):
    """``render(ir, config, diagnostics) -> {relative POSIX path: text}``. Problems go into
    ``diagnostics`` (with a JSON pointer), never out as exceptions. A backend with
    ``reuses_pieces`` also takes ``memo``: how a long-lived process (``parley watch``) reuses
    the pieces of the last run whose inputs are unchanged (:mod:`generator.render_memo`);
    ``None`` computes everything."""

    def __call__(
        self, ir: IR, config: SdkConfig, diagnostics: Diagnostics, memo: RenderMemo | None = None,
        /,
    ) -> dict[str, str]: ...

CorpusRenderer = Callable[["IR", "SdkConfig"], dict[str, str]]
"""``corpus(ir, config) -> {file name: text}`` (see ``Backend.consumer_corpus``)."""

ExampleWrapper = Callable[[int, str, "SdkConfig"], str]
"""``wrap(index, code, config) -> text``: a README example as a corpus file."""

ConfigParser = Callable[["ConfigSection"], Any]
"""Validates the language's ``languages.<name>`` section of the SDK config into the backend's
own typed config; called with an empty section for the defaults."""


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
    """Skip this command when the path exists (a dependency install that is up to date)..."""
    newer_than: str | None = None
    """...and, when set, is not older than this file (e.g. the lockfile it was installed from)."""
    failure_warns: str | None = None
    """When set, a failure is a warning with this explanation and the stage goes on."""

    def expand(self, **values: str) -> list[str]:
        """The argv with the placeholders (see the module docstring) filled in; an argument
        holding any other ``{...}`` raises KeyError, so a test can catch it."""
        return [arg.format(**values) for arg in self.argv]

    @property
    def installs(self) -> tuple[str, str] | None:
        """(directory, lockfile) when this is a dependency install: the directory holding
        `unless_exists`, pinned by `newer_than`. A fresh checkout may borrow that directory
        from another one whose lockfile is the same."""
        if self.unless_exists is None or self.newer_than is None:
            return None
        return str(Path(self.unless_exists).parent), self.newer_than

    def up_to_date(self, root: Path) -> bool:
        """Whether `unless_exists` says this command can be skipped in the checkout `root`."""
        if self.unless_exists is None:
            return False
        marker = root / self.unless_exists
        if not marker.exists():
            return False
        reference = root / self.newer_than if self.newer_than else None
        return reference is None or not reference.exists() or (
            marker.stat().st_mtime >= reference.stat().st_mtime
        )


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
class Backend:
    """One language. Only ``name`` and ``render`` are required; the rest has defaults."""

    name: str
    """The ``--lang`` value and the key of its ``languages.<name>`` config section."""
    render: Renderer
    reuses_pieces: bool = False
    """``render`` takes a RenderMemo as its fourth argument (see Renderer); a backend
    without it is rendered whole on every run of a watch."""
    render_weight: float = 1.0
    """Its render time relative to the other languages' (bench/results/generate.md): how a run
    splits the languages over processes (generator.render_processes)."""
    parse_config: ConfigParser = lambda section: _no_options(section)
    """Default: the language takes no options, so any key in its section is an error."""
    sdk_dir: str = ""
    """Where the committed SDK lives; default ``sdks/<name>``."""
    stages: tuple[Stage, ...] = ()
    """The preview's stages (names from STAGE_ORDER); the release runs ``generate``."""
    install_command: str = ""
    """How a consumer installs this SDK; see `install_line` for its placeholders."""
    setup: tuple[Command, ...] = ()
    """Installs the SDK's own dev tools (e.g. ``npm ci``); its stages run it as needed."""
    go_tools: tuple[str, ...] = ()
    """Pinned Go tools its stages run (``module/cmd@version``): nox ``go install``s them into
    the session's venv, which is on the stages' PATH (the Go toolchain is a tool here, not
    the go backend: oasdiff is installed the same way)."""
    test_requirements: tuple[str, ...] = ()
    """``pip install`` arguments the repository's test suite needs for this SDK."""
    compile: tuple[Command, ...] = ()
    """Turns the generated sources into what programs load (TypeScript: ``dist/``)."""
    build_outputs: tuple[str, ...] = ()
    """Top-level entries of ``sdk_dir`` that the SDK's own tools create (``node_modules``,
    ``dist``, Maven's ``target``): kept across regeneration and outside ``--check``."""
    compiled: tuple[str, str] | None = None
    """(sources glob, outputs glob) under ``sdk_dir``: ``compile`` is stale when a source is
    newer than an output."""
    consumer_corpus: CorpusRenderer | None = None
    """Typed consumer code for the source-compatibility check (:mod:`pipeline.compat`):
    ``corpus(ir, config) -> {file name: text}``, one ``op_<operationId><suffix>`` per operation
    (call it, read each response field, narrow each union, iterate each page) plus the
    checker's own config files. ``@SDK_DIR@`` in a file stands for the absolute directory of
    the SDK the corpus is checked against."""
    corpus_suffix: str = ""
    """The corpus files' extension (``.py``); README examples are added with it."""
    example_fence: str = ""
    """The code-fence language of the README's examples (``python``), added to the corpus."""
    example_wrapper: ExampleWrapper | None = None
    """Makes a README example a corpus file when it is a fragment (Go: a function of the
    corpus package); default: the example as written."""
    source_error: str = "error"
    """A regex a checker's output line naming a snippet must match to be an error of it (Go's
    compiler prints ``file.go:3:4: message`` with no word "error")."""
    source_check: tuple[Command, ...] = ()
    """Type-checks the corpus; ``{corpus}`` and ``{sdk}`` may appear in argv, cwd and env."""
    wire_driver: Command | None = None
    """Runs the released SDK's requests for the compatibility check (:mod:`pipeline.compat`):
    reads one JSON request per stdin line, answers one JSON result per stdout line. Extra
    placeholders: ``{sdk}`` (the absolute directory of the SDK under test), ``{base_url}``."""

    def __post_init__(self) -> None:
        if not self.sdk_dir:
            object.__setattr__(self, "sdk_dir", f"sdks/{self.name}")

    def stage(self, name: str) -> Stage | None:
        return next((stage for stage in self.stages if stage.name == name), None)

    def config(self, config: SdkConfig) -> Any:
        """This backend's typed config: the parsed section, or the defaults when the config
        file has none (e.g. ``SdkConfig()``)."""
        if self.name in config.languages:
            return config.languages[self.name]
        from generator.config import ConfigSection
        from generator.diagnostics import Diagnostics

        return self.parse_config(ConfigSection({}, config, f"/languages/{self.name}",
                                               Diagnostics(source="config")))

    def install_line(self, config: SdkConfig, artifact: str | None = None) -> str | None:
        """``install_command`` filled in: ``{artifact}`` is the first built artifact's path,
        ``{version}`` the SDK version, and every field of this backend's typed config is a
        placeholder of its own (Go: ``go get {module}@v{version}``). None when there is no
        command, or it needs an artifact and none was built; any other unknown placeholder
        raises KeyError, so a test catches it."""
        if not self.install_command:
            return None
        names = {name for _, name, _, _ in string.Formatter().parse(self.install_command)}
        if "artifact" in names and artifact is None:
            return None
        typed = self.config(config)
        values: dict[str, object] = (
            {f.name: getattr(typed, f.name) for f in fields(typed)} if is_dataclass(typed) else {}
        )
        values.update(version=config.version, artifact=artifact)
        return self.install_command.format(**values)

    @property
    def installed_dependencies(self) -> tuple[tuple[str, str], ...]:
        """(directory, lockfile) of every dependency install in ``setup``."""
        return tuple(c.installs for c in self.setup if c.installs is not None)

    def compile_is_stale(self, root: Path) -> bool:
        if self.compiled is None:
            return False
        sources_glob, outputs_glob = self.compiled
        sdk = root / self.sdk_dir
        built = [p.stat().st_mtime for p in sdk.glob(outputs_glob)]
        sources = [p.stat().st_mtime for p in sdk.glob(sources_glob)]
        return not built or bool(sources and max(sources) > min(built))


def _no_options(section: ConfigSection) -> None:
    section.check_keys(())


def generate_stage(language: str, sdk_dir: str) -> Stage:
    """The ``generate`` stage every backend shares: check the committed SDK, then regenerate."""
    argv = (
        "{python}", "-m", "generator", "generate", "--spec", "{spec}",
        "--config", "{config}", "--lang", language, "--out", sdk_dir,
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


def pytest_stage(test_dir: str, sdk_src: str | None = None) -> Stage:
    """A ``test`` stage running one directory of the repository's pytest suite."""
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
