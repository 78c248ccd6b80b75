"""The Python backend's registration: its config section, its pipeline stages and its
renderer (imported on first use; see :mod:`generator.backend` for why)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.backend import Backend, Command, Stage, generate_stage, pytest_stage

if TYPE_CHECKING:
    from generator.config import ConfigSection, SdkConfig
    from generator.diagnostics import Diagnostics
    from generator.ir import IR
    from generator.render_memo import RenderMemo

NAME = "python"
SDK_DIR = "sdks/python"


@dataclass(frozen=True)
class PythonConfig:
    """``languages.python``: every key optional, defaults from the client name."""

    package_name: str
    """Import name (``parley_client``)."""
    dist_name: str
    """Distribution name on PyPI (``parley-client``)."""
    async_client_name: str
    """The async twin of the client class (``AsyncParley``), from ``async_name``."""


def parse_config(section: ConfigSection) -> PythonConfig:
    from generator.config import DIST_NAME, IDENTIFIER  # not on the no-op path

    section.check_keys({"package_name", "dist_name", "async_name"})
    words = section.core.package_words
    package = section.string("package_name", IDENTIFIER) or "_".join(words)
    return PythonConfig(
        package_name=package,
        dist_name=section.string("dist_name", DIST_NAME) or package.replace("_", "-"),
        async_client_name=section.string("async_name", IDENTIFIER)
        or "Async" + section.core.client_name,
    )


def python_config(config: SdkConfig) -> PythonConfig:
    """The typed ``languages.python`` section (the renderer's view of it)."""
    found = BACKEND.config(config)
    assert isinstance(found, PythonConfig)
    return found


def _corpus(ir: IR, config: SdkConfig) -> dict[str, str]:
    from generator.languages.python.corpus import render_corpus

    return render_corpus(ir, config)


def _render(
    ir: IR, config: SdkConfig, diagnostics: Diagnostics, memo: RenderMemo | None = None, /
) -> dict[str, str]:
    from generator.languages.python.render import render

    return render(ir, config, diagnostics, memo)


BACKEND = Backend(
    name=NAME,
    render=_render,
    reuses_pieces=True,
    render_weight=0.8,
    parse_config=parse_config,
    sdk_dir=SDK_DIR,
    consumer_corpus=_corpus,
    corpus_suffix=".py",
    example_fence="python",
    # mypy --strict and pyright --strict over the corpus, resolving the package to the SDK
    # under test first.
    source_check=(
        Command(("{python}", "-m", "mypy", "--config-file", "mypy.ini", "."), cwd="{corpus}",
                env={"MYPYPATH": "{sdk}/src"}),
        Command(("{python}", "-m", "pyright", "-p", "pyrightconfig.json", "--pythonpath",
                 "{python}"), cwd="{corpus}"),
    ),
    wire_driver=Command(
        ("{python}", "-m", "generator.languages.python.wire_driver", "{sdk}", "{base_url}")
    ),
    install_command="pip install {artifact}",
    test_requirements=("-e", SDK_DIR),
    stages=(
        generate_stage(NAME, SDK_DIR),
        Stage(
            name="build",
            commands=(
                # --no-isolation: hatchling is pinned in requirements/dev.txt, and skipping
                # the throwaway build venv saves a PyPI round trip per build.
                Command(("{python}", "-m", "build", "--no-isolation", "--outdir", "{dist}",
                         SDK_DIR)),
            ),
            needs=("generate",),
            artifacts=("*.whl", "*.tar.gz"),
        ),
        Stage(
            name="lint",
            # From the SDK's directory with its own (generated) pyproject: the repo's mypy
            # config excludes ^sdks/, which would leave mypy nothing to check.
            commands=(
                Command(("{python}", "-m", "mypy", "--config-file", "pyproject.toml", "--strict",
                         "src"), cwd=SDK_DIR),
                Command(("{python}", "-m", "pyright", "-p", "pyproject.toml"), cwd=SDK_DIR),
            ),
            needs=("generate",),
        ),
        pytest_stage("tests/sdk_python", sdk_src=f"{SDK_DIR}/src"),
    ),
)
