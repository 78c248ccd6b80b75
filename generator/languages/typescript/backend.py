"""The TypeScript backend's registration: its config section, its pipeline stages and its
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

NAME = "typescript"
SDK_DIR = "sdks/typescript"


@dataclass(frozen=True)
class TypeScriptConfig:
    """``languages.typescript``: every key optional, defaults from the client name."""

    package_name: str
    """The npm package name (``parley-client``, or scoped ``@acme/client``)."""
    dist_name: str
    """The name published to npm; defaults to ``package_name``."""


def parse_config(section: ConfigSection) -> TypeScriptConfig:
    from generator.config import DIST_NAME  # not on the no-op path

    section.check_keys({"package_name", "dist_name"})
    package = section.string("package_name", DIST_NAME) or "-".join(section.core.package_words)
    return TypeScriptConfig(
        package_name=package, dist_name=section.string("dist_name", DIST_NAME) or package
    )


def typescript_config(config: SdkConfig) -> TypeScriptConfig:
    """The typed ``languages.typescript`` section (the renderer's view of it)."""
    found = BACKEND.config(config)
    assert isinstance(found, TypeScriptConfig)
    return found


def _corpus(ir: IR, config: SdkConfig) -> dict[str, str]:
    from generator.languages.typescript.corpus import render_corpus

    return render_corpus(ir, config)


def _render(
    ir: IR, config: SdkConfig, diagnostics: Diagnostics, memo: RenderMemo | None = None, /
) -> dict[str, str]:
    from generator.languages.typescript.render import render

    return render(ir, config, diagnostics, memo)


# The SDK's locked dev tools (tsc); skipped while node_modules is newer than the lockfile.
DEV_TOOLS = Command(
    ("npm", "ci", "--no-audit", "--no-fund"),
    cwd=SDK_DIR,
    unless_exists=f"{SDK_DIR}/node_modules/.package-lock.json",
    newer_than=f"{SDK_DIR}/package-lock.json",
)
COMPILE = Command(("npm", "run", "build"), cwd=SDK_DIR)

BACKEND = Backend(
    name=NAME,
    render=_render,
    reuses_pieces=True,
    render_weight=0.6,
    parse_config=parse_config,
    sdk_dir=SDK_DIR,
    build_outputs=("node_modules", "dist"),
    consumer_corpus=_corpus,
    corpus_suffix=".ts",
    example_fence="ts",
    # tsc --strict (the SDK's own tsconfig) over the corpus, the package mapped to the SDK.
    source_check=(
        Command(("node", "{sdk}/node_modules/typescript/bin/tsc", "-p", "tsconfig.json"),
                cwd="{corpus}"),
    ),
    wire_driver=Command(
        ("node", "generator/languages/typescript/wire_driver.mjs", "{sdk}", "{base_url}")
    ),
    install_command="npm install {artifact}",
    setup=(DEV_TOOLS,),
    compile=(COMPILE,),
    compiled=("src/**/*.ts", "dist/**/*.js"),
    stages=(
        generate_stage(NAME, SDK_DIR),
        Stage(
            name="build",
            commands=(
                DEV_TOOLS,
                COMPILE,
                Command(("npm", "pack", "--pack-destination", "{dist}"), cwd=SDK_DIR),
            ),
            needs=("generate",),
            artifacts=("*.tgz",),
        ),
        Stage(
            name="lint",
            commands=(
                DEV_TOOLS,
                Command(("npx", "--no-install", "tsc", "--noEmit", "-p", "."), cwd=SDK_DIR),
            ),
            needs=("generate",),
        ),
        pytest_stage("tests/sdk_typescript"),
    ),
)
