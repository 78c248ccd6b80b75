"""The real third-party specs the tests use, all inside the repository (origins in
`tests/fixtures/specs/SOURCES.md`), so a fresh clone needs nothing beside it."""

from __future__ import annotations

from pathlib import Path

SPECS_DIR = Path(__file__).resolve().parent / "fixtures" / "specs"
LLAMA_STACK = SPECS_DIR / "llama-stack-spec.yaml"
# Twelve public specs of other shapes, by file name (`figma.yaml`, `hf-tgi.json`, …).
CORPUS = {path.name: path for path in sorted((SPECS_DIR / "corpus").iterdir())
          if path.suffix in {".yaml", ".json"}}
