"""The Go backend's registration: its config section, its pipeline stages and its renderer
(imported on first use; see :mod:`generator.backend` for why)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.backend import Backend, Command, Stage, generate_stage, pytest_stage

if TYPE_CHECKING:
    from generator.config import ConfigSection, SdkConfig
    from generator.diagnostics import Diagnostics
    from generator.ir import IR
    from generator.render_memo import RenderMemo

NAME = "go"
SDK_DIR = "sdks/go"
# Kept in step with generator/languages/go/naming.py (this module imports the standard library
# and the core only).
_PACKAGE = re.compile(r"^[a-z][a-z0-9]*$")
_MODULE = re.compile(r"^[a-z0-9.-]+(/[A-Za-z0-9._~-]+)+$")
_GO_KEYWORDS = frozenset(
    ["break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
     "for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
     "return", "select", "struct", "switch", "type", "var", "main"]
)
# The runtime's own packages: the root package cannot share a name with one it imports.
_RUNTIME_PACKAGES = frozenset({"option", "param", "respjson", "pagination", "requestconfig",
                               "apierror", "ssestream"})


@dataclass(frozen=True)
class GoConfig:
    """``languages.go``: every key optional, defaults from the client name."""

    module: str
    """The module path (``github.com/parley-dev/parley-go``); ``go get`` installs it."""
    package_name: str
    """The root package's name (``parley``)."""


def _default_package(core: SdkConfig) -> str:
    words = [w for w in core.package_words if w != "client"] or ["api"]
    text = re.sub(r"[^a-z0-9]", "", "".join(words)) or "api"
    if not text[0].isalpha():
        text = "api" + text
    return text + "api" if text in _GO_KEYWORDS or text in _RUNTIME_PACKAGES else text


def parse_config(section: ConfigSection) -> GoConfig:
    section.check_keys({"module", "package_name"})
    package = section.string("package_name", _PACKAGE)
    if package is not None and (package in _GO_KEYWORDS or package in _RUNTIME_PACKAGES):
        section.diags.error(section.where + "/package_name",
                            f"{package!r} is a Go keyword or a package of the runtime")
        package = None
    package = package or _default_package(section.core)
    module = section.string("module", _MODULE) or f"github.com/{package}/{package}-go"
    return GoConfig(module=module, package_name=package)


def go_config(config: SdkConfig) -> GoConfig:
    """The typed ``languages.go`` section (the renderer's view of it)."""
    found = BACKEND.config(config)
    assert isinstance(found, GoConfig)
    return found


def _render(
    ir: IR, config: SdkConfig, diagnostics: Diagnostics, memo: RenderMemo | None = None, /
) -> dict[str, str]:
    from generator.languages.go.render import render

    return render(ir, config, diagnostics, memo)


def _corpus(ir: IR, config: SdkConfig) -> dict[str, str]:
    from generator.languages.go.corpus import render_corpus

    return render_corpus(ir, config)


def _wrap_example(index: int, code: str, config: SdkConfig) -> str:
    from generator.languages.go.corpus import wrap_example

    return wrap_example(index, code, config)


# The installed toolchain only, and no module downloads: the SDK depends on the standard
# library alone, so a fetch would be a bug.
GO_ENV = {"GOTOOLCHAIN": "local", "GOPROXY": "off", "GOFLAGS": "-buildvcs=false"}


# The one pin of staticcheck (a release that supports the installed Go); nox installs it.
STATICCHECK = "honnef.co/go/tools/cmd/staticcheck@v0.8.2"


def go_command(*argv: str) -> Command:
    return Command(("go", *argv), cwd=SDK_DIR, env=GO_ENV)


BACKEND = Backend(
    name=NAME,
    render=_render,
    reuses_pieces=True,
    render_weight=1.0,
    parse_config=parse_config,
    sdk_dir=SDK_DIR,
    install_command="go get {module}@v{version}",
    consumer_corpus=_corpus,
    corpus_suffix=".go",
    example_fence="go",
    example_wrapper=_wrap_example,
    # The corpus module `replace`s the SDK's module by {sdk}. -gcflags=-e: every error of the
    # package, not the first ten; vet then runs its checks over what compiles.
    source_check=(
        Command(("go", "build", "-gcflags=-e", "./..."), cwd="{corpus}", env=GO_ENV),
        Command(("go", "vet", "./..."), cwd="{corpus}", env=GO_ENV),
    ),
    source_error=r"\.go:\d+:\d+: ",
    wire_driver=Command(
        ("{python}", "-m", "generator.languages.go.wire_driver", "{sdk}", "{base_url}")
    ),
    go_tools=(STATICCHECK,),
    stages=(
        generate_stage(NAME, SDK_DIR),
        Stage(name="build", commands=(go_command("build", "./..."),), needs=("generate",)),
        Stage(
            name="lint",
            commands=(
                # gofmt -l prints the files it would change: the generated code is formatted as
                # written, so any output fails the stage.
                # (No braces: stage arguments are str.format templates.)
                Command(("sh", "-c", 'out="$(gofmt -l .)"; if [ -n "$out" ]; then '
                         'echo "not gofmt-clean: $out"; exit 1; fi'), cwd=SDK_DIR),
                go_command("vet", "./..."),
                Command(("staticcheck", "./..."), cwd=SDK_DIR, env=GO_ENV),
            ),
            needs=("generate",),
        ),
        Stage(
            name="test",
            commands=(
                go_command("test", "./..."),
                *pytest_stage("tests/sdk_go").commands,
            ),
            needs=("generate",),
            junit=True,
        ),
    ),
)
