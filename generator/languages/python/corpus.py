"""The Python consumer corpus: typed user code per operation, for source compatibility.

One module per operation, written the way a user of this SDK writes it: call the method (its
required arguments by keyword, with values the checker cannot judge), read every field of
the result, narrow every union member with ``isinstance`` and read its fields, iterate a
page. ``pipeline.compat`` type-checks the corpus of a release against a newer SDK; what
stops compiling is a source break. Names come from the renderer's own views, so the corpus
calls exactly what the SDK defines.
"""

from __future__ import annotations

import json

from generator.config import SdkConfig
from generator.ir import IR, ModelDecl, RefType, TypeDecl, TypeRef, UnionDecl
from generator.languages.python import naming as pn
from generator.languages.python.backend import python_config
from generator.languages.python.resources import Resources
from generator.languages.python.typerefs import decl_names

MYPY_INI = "[mypy]\nstrict = True\nwarn_unused_ignores = False\ncache_dir = .mypy_cache\n"
# pyright --strict, the SDK under test first on the import path. A narrowing the new SDK makes
# redundant (a union that became one model) is no break: those two checks are off.
PYRIGHT_CONFIG = json.dumps({
    "typeCheckingMode": "strict", "include": ["."], "extraPaths": ["@SDK_DIR@/src"],
    "reportUnnecessaryIsInstance": False, "reportUnnecessaryComparison": False,
}, indent=2) + "\n"


def render_corpus(ir: IR, config: SdkConfig) -> dict[str, str]:
    lang = python_config(config)
    names = decl_names(ir, frozenset({config.client_name, lang.async_client_name}))
    resources = Resources(ir, config, names)
    root = resources.view(ir.root, "")
    decls = ir.types_by_id()
    files = {"mypy.ini": MYPY_INI, "pyrightconfig.json": PYRIGHT_CONFIG}
    # Each IR resource beside its view (same order: the renderer walks the IR).
    calls = [(op, "", m) for op, m in zip(ir.root.operations, root.methods, strict=True)]
    stack = list(zip(ir.root.resources, root.children, strict=True))
    while stack:
        resource, view = stack.pop(0)
        calls += [(op, view.dotted, m)
                  for op, m in zip(resource.operations, view.methods, strict=True)]
        stack += list(zip(resource.resources, view.children, strict=True))
    for op, dotted, method in calls:
        target = f"client.{dotted}.{method.name}" if dotted else f"client.{method.name}"
        args = ", ".join(f"{name}=cast(Any, None)"
                         for name in [*method.positional, *method.required_keywords])
        used: set[str] = set()
        lines = [f"    result = {target}({args})"]
        if op.pagination is not None:
            lines.append("    for item in result:")
            lines += _reads("item", op.pagination.item_type, decls, names.cls, used, "        ")
        elif op.response.kind == "json" and op.response.type is not None:
            lines += _reads("result", op.response.type, decls, names.cls, used, "    ")
        else:
            lines.append("    print(result)")
        imports = "".join(f"from {lang.package_name}.types import {name}\n"
                          for name in sorted(used))
        files[f"op_{op.id}.py"] = (
            f'"""Typed use of `{op.http_method.upper()} {op.path}` ({op.id})."""\n\n'
            + ("from typing import Any, cast\n\n" if args else "")
            + f"from {lang.package_name} import {config.client_name}\n{imports}\n\n"
            f"def use(client: {config.client_name}) -> None:\n" + "\n".join(lines) + "\n"
        )
    return files


def _reads(var: str, ref: TypeRef, decls: dict[str, TypeDecl], classes: dict[str, str],
           used: set[str], indent: str) -> list[str]:
    decl = decls.get(ref.id) if isinstance(ref, RefType) else None
    if isinstance(decl, ModelDecl):
        return [f"{indent}print({var}.{pn.field_name(p.name)})" for p in decl.properties
                if not p.write_only] or [f"{indent}print({var})"]
    if isinstance(decl, UnionDecl):
        lines: list[str] = []
        for variant in decl.variants:
            member = decls.get(variant.type.id) if isinstance(variant.type, RefType) else None
            if not isinstance(member, ModelDecl):
                continue
            cls = classes[member.id]
            used.add(cls)
            lines.append(f"{indent}if isinstance({var}, {cls}):")
            lines += _reads(var, variant.type, decls, classes, used, indent + "    ")
        return lines or [f"{indent}print({var})"]
    return [f"{indent}print({var})"]
