"""The Kotlin backend's registration: its config section, its Maven stages and its renderer
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

NAME = "kotlin"
SDK_DIR = "sdks/kotlin"
# Kept in step with generator/languages/kotlin/naming.py (this module imports the standard
# library and the core only).
_GROUP = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_ARTIFACT = re.compile(r"^[a-z][a-z0-9-]*$")
_PACKAGE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
_HARD = frozenset(
    ["as", "break", "class", "continue", "do", "else", "false", "for", "fun", "if", "in",
     "interface", "is", "null", "object", "package", "return", "super", "this", "throw", "true",
     "try", "typealias", "typeof", "val", "var", "when", "while"]
)


@dataclass(frozen=True)
class KotlinConfig:
    """``languages.kotlin``: every key optional, defaults from the client name."""

    group_id: str
    """The Maven groupId (``dev.parley``)."""
    artifact_id: str
    """The Maven artifactId (``parley-kotlin``)."""
    package: str
    """The Kotlin package of the SDK (``dev.parley``); the runtime is ``<package>.core``."""


def _words(core: SdkConfig) -> list[str]:
    words = [re.sub(r"[^a-z0-9]", "", w) for w in core.package_words if w != "client"]
    words = [w for w in words if w] or ["api"]
    return words if words[0][0].isalpha() else ["api", *words]


def parse_config(section: ConfigSection) -> KotlinConfig:
    section.check_keys({"group_id", "artifact_id", "package"})
    stem = "".join(_words(section.core))
    group = section.string("group_id", _GROUP) or f"com.{stem}"
    artifact = (section.string("artifact_id", _ARTIFACT)
                or f"{'-'.join(_words(section.core))}-kotlin")
    package = section.string("package", _PACKAGE)
    if package is not None and any(part in _HARD for part in package.split(".")):
        section.diags.error(section.where + "/package", f"{package!r} has a Kotlin keyword")
        package = None
    return KotlinConfig(group_id=group, artifact_id=artifact, package=package or f"com.{stem}")


def kotlin_config(config: SdkConfig) -> KotlinConfig:
    """The typed ``languages.kotlin`` section (the renderer's view of it)."""
    found = BACKEND.config(config)
    assert isinstance(found, KotlinConfig)
    return found


def _render(
    ir: IR, config: SdkConfig, diagnostics: Diagnostics, memo: RenderMemo | None = None, /
) -> dict[str, str]:
    from generator.languages.kotlin.render import render

    return render(ir, config, diagnostics, memo)


def _corpus(ir: IR, config: SdkConfig) -> dict[str, str]:
    from generator.languages.kotlin.corpus import render_corpus

    return render_corpus(ir, config)


# The compatibility check's Maven runs (generator/languages/kotlin/compat_tools.py).
_COMPAT_TOOLS = ("{python}", "-m", "generator.languages.kotlin.compat_tools")


def mvn(*argv: str) -> Command:
    """Maven in batch mode: quiet on success, the local repository as the cache."""
    return Command(("mvn", "-B", "-q", *argv), cwd=SDK_DIR)


BACKEND = Backend(
    name=NAME,
    render=_render,
    reuses_pieces=True,
    render_weight=3.0,
    parse_config=parse_config,
    sdk_dir=SDK_DIR,
    build_outputs=("target",),
    consumer_corpus=_corpus,
    corpus_suffix=".kt",
    example_fence="kotlin",
    # One Maven run: the corpus compiled against a jar of the same SDK sources when one exists
    # (build stage, wire driver), otherwise together with the SDK's sources.
    source_check=(Command((*_COMPAT_TOOLS, "source", "{corpus}", "{sdk}")),),
    source_error=r"^\[ERROR\]|^e: ",
    wire_driver=Command((*_COMPAT_TOOLS, "wire", "{sdk}", "{base_url}")),
    # Installs the jar under the coordinate of sdks/kotlin/pom.xml (groupId:artifactId:version,
    # dev.parley:parley-kotlin:0.1.0 here), which a Maven or Gradle build then depends on.
    install_command=("mvn install:install-file -Dfile={artifact} -DpomFile=sdks/kotlin/pom.xml"
                     "  # then depend on {group_id}:{artifact_id}:{version}"),
    stages=(
        generate_stage(NAME, SDK_DIR),
        # `package` compiles (-Werror) and jars; the first run fetches the plugins and
        # dependencies into the local repository, later runs can use `mvn -o`.
        Stage(
            name="build",
            commands=(
                mvn("package", "-Dmaven.test.skip=true"),
                Command(("sh", "-c", 'cp target/*.jar "$0"/', "{dist}"), cwd=SDK_DIR),
            ),
            needs=("generate",),
            artifacts=("*.jar",),
        ),
        # ktfmt (through spotless) checks every source, generated ones included (the renderer
        # writes ktfmt's layout; see README "Formatting").
        Stage(name="lint", commands=(mvn("spotless:check"),), needs=("generate",)),
        Stage(
            name="test",
            commands=(
                mvn("test"),
                *pytest_stage("tests/sdk_kotlin").commands,
            ),
            needs=("generate",),
            junit=True,
        ),
    ),
)
