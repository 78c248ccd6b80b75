"""The synthetic spec builder: deterministic, exact sizes, valid OpenAPI 3.1, no dangling refs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from bench.synth_spec import (
    DEFAULT_OPERATIONS,
    DEFAULT_SCHEMAS,
    SynthSpecError,
    build_spec,
    dump_yaml,
    main,
    write_spec,
)

HTTP_METHODS = {"get", "post", "delete", "put", "patch"}


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node)) if node else set()
    return set()


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [op for item in spec["paths"].values() for m, op in item.items() if m in HTTP_METHODS]


def test_same_arguments_give_byte_identical_yaml() -> None:
    assert dump_yaml(build_spec(200, 40)) == dump_yaml(build_spec(200, 40))


def test_write_spec_reports_the_digest_of_what_it_wrote(tmp_path: Path) -> None:
    first = write_spec(tmp_path / "a.yaml", 100, 20)
    second = write_spec(tmp_path / "b.yaml", 100, 20)
    assert first == second
    assert (tmp_path / "a.yaml").read_bytes() == (tmp_path / "b.yaml").read_bytes()
    assert write_spec(tmp_path / "c.yaml", 110, 22) != first


@pytest.mark.parametrize(("schemas", "operations"), [(100, 20), (1000, 200), (100, 40)])
def test_exact_schema_and_operation_counts(schemas: int, operations: int) -> None:
    spec = build_spec(schemas, operations)
    assert len(spec["components"]["schemas"]) == schemas
    ops = _operations(spec)
    assert len(ops) == operations
    assert len({op["operationId"] for op in ops}) == operations


def test_small_spec_is_valid_openapi_31_with_no_dangling_or_unused_schemas() -> None:
    spec = build_spec(100, 20)
    validate(json.loads(json.dumps(spec)))
    names = set(spec["components"]["schemas"])
    referenced = {ref.removeprefix("#/components/schemas/") for ref in _refs(spec)}
    assert referenced <= names, f"dangling refs: {sorted(referenced - names)}"
    assert names <= referenced, f"unused schemas: {sorted(names - referenced)}"


def test_spec_has_the_hazards_it_promises() -> None:
    schemas = build_spec(20, 4)["components"]["schemas"]
    union = schemas["Entity0"]
    assert union["discriminator"]["propertyName"] == "kind"
    assert len(union["oneOf"]) == 3
    assert "allOf" in schemas["Entity0Alpha"]
    # Part0's ref member points into the next family's union: nested discriminated unions.
    assert schemas["Part0Ref"]["properties"]["target"] == {"$ref": "#/components/schemas/Entity1"}
    # ... and the last family of a ring closes the cycle back to its first.
    ring = build_spec(300, 60)["components"]["schemas"]
    assert ring["Part9Ref"]["properties"]["target"] == {"$ref": "#/components/schemas/Entity0"}
    assert ring["Part29Ref"]["properties"]["target"] == {"$ref": "#/components/schemas/Entity20"}
    node = schemas["Node0"]["properties"]
    assert node["children"]["items"] == {"$ref": "#/components/schemas/Node0"}
    assert node["index"]["additionalProperties"] == {"$ref": "#/components/schemas/Node0"}


@pytest.mark.parametrize(("schemas", "operations"), [(15, 3), (0, 1), (100, 0), (100, 41)])
def test_impossible_sizes_are_rejected_by_name(schemas: int, operations: int) -> None:
    with pytest.raises(SynthSpecError, match="--schemas|--operations"):
        build_spec(schemas, operations)


def test_cli_writes_the_spec_and_rejects_bad_sizes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "s.yaml"
    assert main(["--schemas", "50", "--out", str(out)]) == 0
    assert len(yaml.safe_load(out.read_text())["components"]["schemas"]) == 50
    assert main(["--schemas", "55", "--out", str(tmp_path / "bad.yaml")]) == 2
    assert "multiple of 10" in capsys.readouterr().err
    assert not (tmp_path / "bad.yaml").exists()


@pytest.mark.slow
def test_full_size_spec_is_valid_openapi() -> None:
    spec = build_spec(DEFAULT_SCHEMAS, DEFAULT_OPERATIONS)
    assert len(spec["components"]["schemas"]) == 5000
    assert len(_operations(spec)) == 1000
    validate(json.loads(json.dumps(spec)))
