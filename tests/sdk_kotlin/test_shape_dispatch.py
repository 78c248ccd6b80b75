"""Members sharing one discriminator value (OpenAI's input and output messages are both
``type: message``) are told apart by shape (the IR's ``UnionDecl.shared_tags``), never by
their order: a JUnit test decodes each shape as its class; the rendering is the same whichever
member the spec lists first."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.cli import generate_files
from generator.diagnostics import Diagnostics
from generator.languages import BACKENDS
from generator.languages.kotlin.backend import KotlinConfig
from generator.write import write_tree
from tests.sdk_kotlin import toolchain

SPEC = Path(__file__).resolve().parent / "fixtures" / "shared-tag.yaml"

KOTLIN_TEST = Path(__file__).resolve().parent / "kotlin" / "ShapeTest.kt"


def _render(spec: Path) -> dict[str, str]:
    diagnostics = Diagnostics()
    ir, config, _files = generate_files(spec, None, "kotlin", diagnostics)
    assert diagnostics.errors() == []
    assert [len(d.shared_tags) for d in ir.types if d.id == "Item"] == [1]
    config = replace(config, languages={"kotlin": KotlinConfig(
        group_id="example.shapes", artifact_id="shapes", package="example.shapes")})
    return BACKENDS["kotlin"].render(ir, config, diagnostics)


def test_members_sharing_a_tag_are_told_apart_by_shape(tmp_path: Path) -> None:
    files = _render(SPEC)
    text = SPEC.read_text()
    swapped = text.replace("        - $ref: '#/components/schemas/OutputMessage'\n", "").replace(
        "        - $ref: '#/components/schemas/Call'\n",
        "        - $ref: '#/components/schemas/Call'\n"
        "        - $ref: '#/components/schemas/OutputMessage'\n")
    assert swapped != text
    (tmp_path / "swapped.yaml").write_text(swapped)
    types = "src/main/kotlin/example/shapes/Types.kt"
    dispatch = files[types][files[types].index("sealed interface Item"):].split("\n}\n")[0]
    reordered = _render(tmp_path / "swapped.yaml")[types]
    assert dispatch in reordered  # the member order of the spec changes nothing
    out = tmp_path / "project"
    write_tree(files, out, Diagnostics())
    (out / "src/test/kotlin/example/shapes/ShapeTest.kt").write_text(KOTLIN_TEST.read_text())
    toolchain.mvn("test", "-Dtest=ShapeTest", cwd=out)
    assert toolchain.surefire_results(out) == {"ShapeTest.sharedTagIsDispatchedByShape": "passed"}
