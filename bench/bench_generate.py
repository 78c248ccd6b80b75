"""Benchmark (not a test): time spec → IR → rendered files for our spec, the llama-stack spec and
a synthetic 1,000-operation / 5,000-schema spec, and print the medians.

    python bench/bench_generate.py [--repeat 5] [--lang python]

The synthetic spec is built deterministically (no randomness), so runs are comparable; the
scale sweep shows that time grows linearly with spec size.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.environment import LLAMA_SPEC  # noqa: E402
from generator.cli import generate_files  # noqa: E402
from generator.diagnostics import Diagnostics  # noqa: E402

LLAMA = LLAMA_SPEC


def synthetic_spec(operations: int, schemas: int) -> dict[str, Any]:
    """A spec with ``operations`` operations and ``schemas`` component schemas: objects with
    scalars, enums, arrays, maps, references to earlier schemas and discriminated unions."""
    components: dict[str, Any] = {}
    for index in range(schemas):
        kind = index % 5
        name = f"Schema{index}"
        if kind == 0:
            components[name] = {"type": "string", "enum": [f"v{index}a", f"v{index}b"]}
        elif kind == 4 and index >= 8:
            members = [f"Schema{index - 1}", f"Schema{index - 2}"]
            components[name] = {
                "oneOf": [{"$ref": f"#/components/schemas/{m}"} for m in members],
                "discriminator": {
                    "propertyName": "kind",
                    "mapping": {m.lower(): f"#/components/schemas/{m}" for m in members},
                },
            }
        else:
            properties: dict[str, Any] = {
                "kind": {"const": name.lower()},
                "id": {"type": "string"},
                "count": {"type": "integer", "default": 0},
                "tags": {"type": "array", "items": {"type": "string"}},
                "meta": {"type": "object", "additionalProperties": {"type": "string"}},
                "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            }
            if index >= 5:
                properties["parent"] = {"$ref": f"#/components/schemas/Schema{index - 5}"}
                properties["children"] = {
                    "type": "array",
                    "items": {"$ref": f"#/components/schemas/Schema{index - 3}"},
                }
            components[name] = {
                "type": "object",
                "required": ["kind", "id"],
                "properties": properties,
            }
    object_names = [n for n, s in components.items() if s.get("type") == "object"]
    paths: dict[str, Any] = {}
    for index in range(operations // 4):
        target = object_names[index % len(object_names)]
        ref = {"$ref": f"#/components/schemas/{target}"}
        body = {"content": {"application/json": {"schema": ref}}, "required": True}
        ok = {"description": "ok", "content": {"application/json": {"schema": ref}}}
        param = {"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}}
        paths[f"/v1/group{index}/items"] = {
            "get": {
                "operationId": f"list{index}",
                "responses": {"200": ok},
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
            },
            "post": {
                "operationId": f"create{index}",
                "requestBody": body,
                "responses": {"200": ok},
            },
        }
        paths[f"/v1/group{index}/items/{{item_id}}"] = {
            "get": {
                "operationId": f"retrieve{index}",
                "parameters": [param],
                "responses": {"200": ok},
            },
            "delete": {
                "operationId": f"delete{index}",
                "parameters": [param],
                "responses": {"200": ok},
            },
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Synthetic", "version": "1"},
        "paths": paths,
        "components": {"schemas": components},
    }


def time_generation(spec: Path, lang: str, repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        generate_files(spec, None, lang, Diagnostics())
        timings.append(time.perf_counter() - started)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lang", default="python")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        specs: list[tuple[str, Path]] = [("parley (spec/openapi.yaml)", ROOT / "spec/openapi.yaml")]
        if LLAMA.exists():
            specs.append(("llama-stack (68 ops, 381 schemas)", LLAMA))
        for ops, schemas in ((250, 1250), (500, 2500), (1000, 5000)):
            path = Path(tmp) / f"synthetic-{ops}.yaml"
            path.write_text(yaml.safe_dump(synthetic_spec(ops, schemas), sort_keys=False))
            specs.append((f"synthetic ({ops} ops, {schemas} schemas)", path))
        print(f"{'spec':42} {'median':>9} {'min':>9}  ({args.repeat} runs, --lang {args.lang})")
        for label, path in specs:
            timings = time_generation(path, args.lang, args.repeat)
            print(f"{label:42} {statistics.median(timings):8.2f}s {min(timings):8.2f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
