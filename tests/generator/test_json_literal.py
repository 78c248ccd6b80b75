"""``JsonLiteral.kind`` is the IR's one answer to "which JSON value is this literal": every
literal the builder makes (a ``const``, an enum value, a default) carries it, and the Go
backend's literal types come from it."""

from __future__ import annotations

from typing import Any

import pytest

from generator.build_ir import build_ir
from generator.config import default_config
from generator.diagnostics import Diagnostics
from generator.ir import EnumDecl, JsonLiteral, LiteralType, ModelDecl
from generator.languages.go.types import literal_go_type


@pytest.mark.parametrize(("value", "kind"), [
    ("a", "string"), (1, "integer"), (1.0, "number"), (-2.5e3, "number"), (True, "boolean"),
    (False, "boolean"), (None, "null"), ([1], "array"), ({"a": 1}, "object"),
])
def test_the_kind_is_computed_with_the_literal(value: Any, kind: str) -> None:
    assert JsonLiteral.of(value).kind == kind
    assert JsonLiteral(JsonLiteral.of(value).json).kind == kind


def test_kind_is_derived_so_equality_and_hashing_are_by_json_only() -> None:
    assert JsonLiteral("1") == JsonLiteral.of(1)
    assert hash(JsonLiteral("1")) == hash(JsonLiteral.of(1))
    assert JsonLiteral("1") != JsonLiteral("1.0")
    assert "kind" not in repr(JsonLiteral("1"))


def test_the_builders_literals_carry_their_kind() -> None:
    props = {name: {"const": value} for name, value in
             {"s": "x", "i": 3, "n": 0.5, "b": False}.items()}
    props["d"] = {"type": "number", "default": 2}
    document = {
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "T": {"type": "object", "properties": props},
            "E": {"type": "integer", "enum": [1, 2]},
        }},
    }
    diags = Diagnostics()
    ir = build_ir(document, default_config(), diags, spec_sha256="0", generator_version="test")
    assert diags.errors() == []
    types = ir.types_by_id()
    model, enum = types["T"], types["E"]
    assert isinstance(model, ModelDecl) and isinstance(enum, EnumDecl)
    by_wire = {p.wire_name: p for p in model.properties}
    kinds = {}
    for wire in ("s", "i", "n", "b"):
        literal = by_wire[wire].type
        assert isinstance(literal, LiteralType)
        kinds[wire] = (literal.value.kind, literal_go_type(literal))
    assert kinds == {"s": ("string", "string"), "i": ("integer", "int64"),
                     "n": ("number", "float64"), "b": ("boolean", "bool")}
    default = by_wire["d"].default
    assert default is not None and default.kind == "integer"
    assert [m.value.kind for m in enum.members] == ["integer", "integer"]
