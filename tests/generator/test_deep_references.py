"""Long chains and cycles of ``$ref`` between component schemas (generator-hazards.md §5, §12).

Declarations follow references through a worklist, not the Python stack, so a reference chain
as long as the spec itself generates with no RecursionError and no diagnostics. Timings belong
in bench/, not here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main

CHAIN = 3000  # Chain0 -> Chain1 -> ... -> Chain2999
CYCLE = 3000  # Ring0 -> Ring1 -> ... -> Ring2999 -> Ring0
ALIASES = 3000  # Alias0: {$ref: Alias1} ... Alias2999: {$ref: Chain0}
REF = "#/components/schemas/"


def _linked(name: str, next_name: str | None) -> dict[str, Any]:
    properties: dict[str, Any] = {"id": {"type": "string"}}
    if next_name is not None:
        properties["next"] = {"$ref": REF + next_name}
    return {"type": "object", "required": ["id"], "properties": properties}


def _deep_spec() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for i in range(CHAIN):
        schemas[f"Chain{i}"] = _linked(f"Chain{i}", f"Chain{i + 1}" if i + 1 < CHAIN else None)
    for i in range(CYCLE):
        schemas[f"Ring{i}"] = _linked(f"Ring{i}", f"Ring{(i + 1) % CYCLE}")
    for i in range(ALIASES):
        schemas[f"Alias{i}"] = {"$ref": REF + (f"Alias{i + 1}" if i + 1 < ALIASES else "Chain0")}

    def get(op_id: str, schema: str) -> dict[str, Any]:
        content = {"application/json": {"schema": {"$ref": REF + schema}}}
        return {
            "get": {
                "operationId": op_id,
                "responses": {"200": {"description": "ok", "content": content}},
            }
        }

    return {
        "openapi": "3.1.0",
        "info": {"title": "Deep references", "version": "1.0.0"},
        # The operations enter each structure at its head, so the whole chain hangs off them.
        "paths": {
            "/chain": get("getChain", "Chain0"),
            "/ring": get("getRing", "Ring0"),
            "/alias": get("getAlias", "Alias0"),
        },
        "components": {"schemas": schemas},
    }


@pytest.fixture(scope="module")
def deep_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("deep") / "deep.yaml"
    path.write_text(yaml.safe_dump(_deep_spec(), sort_keys=False))
    return path


@pytest.mark.parametrize("lang", ["python", "typescript"])
def test_long_reference_chain_and_cycle_generate(
    deep_spec: Path, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / lang
    rc = main(["generate", "--spec", str(deep_spec), "--lang", lang, "--out", str(out), "--strict"])
    captured = capsys.readouterr()
    assert rc == 0, captured.err
    assert "error" not in captured.err.lower(), captured.err
    assert f"{CHAIN + CYCLE + ALIASES} models" in captured.out, captured.out
    assert "0 warnings" in captured.out, captured.out
    text = "\n".join(
        p.read_text(encoding="utf-8") for p in out.rglob("*") if p.suffix in (".py", ".ts")
    )
    # Both ends of the chain and the cycle's closing edge made it into the SDK.
    for name in ("Chain0", f"Chain{CHAIN - 1}", "Ring0", f"Ring{CYCLE - 1}", "Alias0"):
        assert name in text, name


def test_hostile_inline_nesting_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Inline nesting still recurses; past the limit it is a diagnostic naming the pointer."""
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(500):
        schema = {"type": "array", "items": schema}
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Deep inline", "version": "1.0.0"},
        "paths": {},
        "components": {"schemas": {"Deep": schema}},
    }
    spec_path = tmp_path / "deep_inline.json"  # JSON: PyYAML's dumper recurses per level
    spec_path.write_text(json.dumps(spec))
    out = tmp_path / "python"
    rc = main(["generate", "--spec", str(spec_path), "--lang", "python", "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 2, err
    assert "#/components/schemas/Deep/items/items/" in err, err
    assert "nested more than" in err and "Traceback" not in err, err
    assert not out.exists()  # nothing written on failure
