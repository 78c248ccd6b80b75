"""The Python backend's imports are collected as data while code is emitted (no scan of the
rendered text): the collector's import block, and generated modules whose imports are exactly
the names their code uses, for the specs that fooled the old regex scanner (an enum value with
``#``, a schema named ``ClassVar``, a spec with no schemas)."""

from __future__ import annotations

import ast
from pathlib import Path

from generator.cli import generate_files
from generator.diagnostics import Diagnostics
from generator.languages.python.imports import KNOWN, Imports

HAZARDS = Path(__file__).parent / "fixtures" / "hazards"


def test_block_groups_sorts_and_makes_local_modules_relative() -> None:
    imports = Imports()
    for name in ("Optional", "cast", "Any", "httpx", "Literal", "NotGiven", "make_request_options"):
        imports.use(name)
    imports.use_from(".types", "Item")
    imports.use_from(".pagination", "SyncPage")
    assert imports.block(".resources") == (
        "from typing import Any, cast, Optional\nimport httpx\n\n"
        "from typing_extensions import Literal\n\n"
        "from .._base_client import make_request_options\nfrom .._types import NotGiven\n"
        "from ..pagination import SyncPage\nfrom ..types import Item\n"
    )
    assert imports.block("").endswith(
        "from .pagination import SyncPage\nfrom .types import Item\n")


def test_a_sibling_module_of_the_types_package_is_imported_as_such() -> None:
    imports = Imports()
    imports.use_from(".types._models", "Pet")
    imports.use("BaseModel")
    assert imports.block(".types") == (
        "from .._models import BaseModel\nfrom ._models import Pet\n"
    )


def test_nothing_used_gives_no_import_line() -> None:
    assert Imports().block(".types") == "\n"


def _imported_and_used(source: str) -> tuple[set[str], set[str]]:
    """Names a module imports, and names its code uses (names, attributes' roots and the
    names inside string annotations, which type checkers resolve)."""
    tree = ast.parse(source)
    imported: set[str] = set()
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) or (
                isinstance(node, ast.ImportFrom) and node.module != "__future__"):
            imported.update(a.asname or a.name for a in node.names)
        elif isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                inner = ast.parse(node.value, mode="eval")
            except SyntaxError:
                continue
            used.update(n.id for n in ast.walk(inner) if isinstance(n, ast.Name))
    return imported, used


def test_generated_modules_import_exactly_what_they_use() -> None:
    checked = 0
    for spec in ("14_import_hazards.yaml", "15_no_schemas.yaml", "06_enums.yaml",
                 "05_recursion.yaml", "09_maps.yaml"):
        _ir, _config, files = generate_files(HAZARDS / spec, None, "python", Diagnostics())
        for rel, text in files.items():
            rendered = rel.endswith(("/_client.py", "/types/_models.py", "/types/_params.py"))
            if not (rendered or "/resources/" in rel) or rel.endswith("__init__.py"):
                continue  # the copied runtime; re-exports (every import is the point)
            imported, used = _imported_and_used(text)
            assert imported <= used, (spec, rel, imported - used)
            # ...and what is used from the runtime or typing is imported
            fixed = {n for n in used if n in KNOWN} - imported - {"httpx"}
            assert not fixed - _defined(text), (spec, rel, fixed)
            assert "import (\n)" not in text, (spec, rel)
            checked += 1
    assert checked >= 15


def _defined(source: str) -> set[str]:
    tree = ast.parse(source)
    return {n.name for n in ast.walk(tree) if isinstance(n, (ast.ClassDef, ast.FunctionDef))} | {
        t.id for n in ast.walk(tree) if isinstance(n, ast.Assign) for t in n.targets
        if isinstance(t, ast.Name)} | {
        a.arg for n in ast.walk(tree) if isinstance(n, ast.arguments)
        for a in [*n.args, *n.kwonlyargs]}


def test_hash_in_enum_values_and_a_classvar_schema() -> None:
    _ir, _config, files = generate_files(HAZARDS / "14_import_hazards.yaml", None, "python",
                                         Diagnostics())
    models = next(t for r, t in files.items() if r.endswith("types/_models.py"))
    assert '"a # Optional"' in models and "class ClassVar_(BaseModel)" in models
    imported, _used = _imported_and_used(models)
    assert "Optional" in imported and "ClassVar" not in imported  # no union: no ClassVar use
    # the class is importable under its own name and typing's ClassVar is never shadowed
    assert "ClassVar =" not in models and "class ClassVar(" not in models


def test_no_schemas_gives_valid_types_modules() -> None:
    _ir, _config, files = generate_files(HAZARDS / "15_no_schemas.yaml", None, "python",
                                         Diagnostics())
    for rel in ("types/_models.py", "types/_params.py", "types/__init__.py"):
        text = next(t for r, t in files.items() if r.endswith(rel))
        ast.parse(text)
        assert "import (\n)" not in text and "from ._models import" not in text, rel
