"""Members sharing one discriminator value (OpenAI's input and output messages are both
``type: message``) are told apart by shape, never by their order: openai-go #483/#514, where
saved history decodes as the wrong type.

The IR builder refuses such a union today (a builder change is in progress elsewhere), so this
test builds the IR from a spec with two tags and then gives both members the tag ``message``,
in both member orders, and runs a Go test over each rendered module."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.cli import generate_files
from generator.diagnostics import Diagnostics
from generator.ir import IR, UnionDecl, UnionVariant
from generator.languages import BACKENDS
from generator.languages.go.backend import GoConfig
from generator.write import write_tree
from tests.sdk_go import toolchain

SPEC = Path(__file__).resolve().parent / "fixtures" / "shared-tag.yaml"

GO_TEST = """package api_test

import (
\t"encoding/json"
\t"testing"

\tapi "example.com/shapes"
)

func decode(t *testing.T, raw string) any {
\tt.Helper()
\tvar item api.Item
\tif err := json.Unmarshal([]byte(raw), &item); err != nil {
\t\tt.Fatal(err)
\t}
\treturn item.AsAny()
}

func TestSharedTagIsDispatchedByShape(t *testing.T) {
\tsaved := decode(t, `{"type":"message","id":"m1","role":"assistant","content":"hi",` +
\t\t`"status":"completed"}`)
\tif _, ok := saved.(api.OutputMessage); !ok {
\t\tt.Fatalf("saved output message decoded as %T", saved)
\t}
\tfresh := decode(t, `{"type":"message","role":"user","content":"hi"}`)
\tif _, ok := fresh.(api.InputMessage); !ok {
\t\tt.Fatalf("input message decoded as %T", fresh)
\t}
\tif call := decode(t, `{"type":"call","name":"f"}`); call.(api.Call).Name != "f" {
\t\tt.Fatalf("call decoded as %T", call)
\t}
\tif u, ok := decode(t, `{"type":"new"}`).(api.UnknownItem); !ok || u.Type != "new" {
\t\tt.Fatal("unknown")
\t}
}
"""


def _shared_tag(ir: IR, reverse: bool) -> IR:
    types = []
    for decl in ir.types:
        if isinstance(decl, UnionDecl) and decl.id == "Item":
            variants = tuple(
                UnionVariant(v.type, ("message",) if v.tags == ("message_out",) else v.tags)
                for v in decl.variants)
            decl = replace(decl, variants=variants[::-1] if reverse else variants)
        types.append(decl)
    return replace(ir, types=tuple(types))


@pytest.mark.parametrize("reverse", [False, True], ids=["output-first", "input-first"])
def test_members_sharing_a_tag_are_told_apart_by_shape(reverse: bool, tmp_path: Path) -> None:
    diagnostics = Diagnostics()
    ir, config, _files = generate_files(SPEC, None, "go", diagnostics)
    config = replace(config, languages={"go": GoConfig(module="example.com/shapes",
                                                       package_name="api")})
    files = BACKENDS["go"].render(_shared_tag(ir, reverse), config, diagnostics)
    out = tmp_path / "module"
    write_tree(files, out, diagnostics)
    assert "respjson.PickShape" in files["types.go"]
    assert toolchain.gofmt_unclean(out) == []
    (out / "shape_test.go").write_text(GO_TEST)
    toolchain.go("vet", "./...", cwd=out)
    proc = toolchain.go("test", "-count=1", "-run", "TestSharedTag", ".", cwd=out)
    assert proc.stdout.startswith("ok"), proc.stdout
