"""The TypeScript consumer corpus: typed user code per operation, for source compatibility.

One module per operation, written the way a user of this SDK writes it: await the method
(path arguments and a required params object with values the checker cannot judge), read
every field of the result into a variable of the field's type (our models are open, so a
bare read of a field some member lacks still compiles; typed code assigns it), narrow every
discriminated union on its tag and read the member's fields, iterate a page with
``for await``. ``pipeline.compat`` type-checks a release's corpus with ``tsc --strict``
against a newer SDK; what stops compiling is a source break. Names come from the renderer's
own views, so the corpus calls what the SDK defines.
"""

from __future__ import annotations

import json

from generator.config import SdkConfig
from generator.ir import IR, ModelDecl, Operation, RefType, TypeDecl, TypeRef, UnionDecl
from generator.languages.typescript import naming
from generator.languages.typescript.backend import typescript_config
from generator.languages.typescript.render import (
    ResourceBuilder,
    TypeNames,
    _flatten,
    ts_type,
)

SDK = "@SDK_DIR@"


def render_corpus(ir: IR, config: SdkConfig) -> dict[str, str]:
    package = typescript_config(config).package_name
    names = TypeNames(ir, config.client_name)
    top, client_methods = ResourceBuilder(ir, names, config.client_name).build(
        ir.root, "client", "resources", "this"
    )
    methods = client_methods + [m for r in _flatten(top) for m in r.methods]
    operations = list(ir.operations())
    decls = ir.types_by_id()
    tsconfig = {
        "extends": f"{SDK}/tsconfig.json",
        "compilerOptions": {
            "rootDir": "/", "noEmit": True, "noUnusedLocals": False,
            "paths": {package: [f"{SDK}/src/index.ts"]},
        },
        "include": ["*.ts"],
    }
    files = {"tsconfig.json": json.dumps(tsconfig, indent=2) + "\n"}
    by_path: dict[tuple[str, str], Operation] = {(op.http_method, op.path): op for op in operations}
    for method in methods:
        op = by_path[(method.http_method.lower(), method.path)]
        args = ["null as any"] * len(method.path_params)
        if method.needs_params:
            args += ["{} as any"] * len(method.middle_args)
        call = f"{method.resource_path}.{method.name}({', '.join(args)})"
        reads = _Reads(decls, names)
        if op.pagination is not None:
            lines = [f"  for await (const item of {call}) {{"]
            lines += reads("item", op.pagination.item_type, "    ")
            lines.append("  }")
        elif op.response.kind == "json" and op.response.type is not None:
            lines = [f"  const result = await {call};"]
            lines += reads("result", op.response.type, "  ")
        else:
            lines = [f"  console.log(await {call});"]
        files[f"op_{op.id}.ts"] = (
            "// eslint-disable -- generated consumer code\n"
            f"// Typed use of `{op.http_method.upper()} {op.path}` ({op.id}).\n"
            f"import {{ {config.client_name} }} from {json.dumps(package)};\n"
            f"import type * as types from {json.dumps(package)};\n\n"
            f"export async function use(client: {config.client_name}): Promise<void> {{\n"
            + "\n".join(lines) + "\n}\n"
        )
    return files


def _access(var: str, wire_name: str) -> str:
    key = naming.property_key(wire_name)
    return f"{var}.{key}" if key == wire_name else f"{var}[{key}]"


class _Reads:
    """Lines reading a value of a type; each field lands in a variable of its type."""

    def __init__(self, decls: dict[str, TypeDecl], names: TypeNames) -> None:
        self.decls = decls
        self.names = names
        self.count = 0

    def __call__(self, var: str, ref: TypeRef, indent: str) -> list[str]:
        decl = self.decls.get(ref.id) if isinstance(ref, RefType) else None
        if isinstance(decl, ModelDecl):
            lines = []
            for prop in decl.properties:
                if prop.write_only:
                    continue
                self.count += 1
                type_text = ts_type(prop.type, self.names, "types.", prop.source)
                if not prop.required:
                    type_text += " | undefined"
                lines.append(f"{indent}const v{self.count}: {type_text} = "
                             f"{_access(var, prop.wire_name)};")
            return lines or [f"{indent}console.log({var});"]
        if isinstance(decl, UnionDecl) and decl.discriminator is not None:
            tag = _access(var, decl.discriminator.property_wire_name)
            lines = []
            for variant in decl.variants:
                member = (self.decls.get(variant.type.id) if isinstance(variant.type, RefType)
                          else None)
                if not isinstance(member, ModelDecl) or not variant.tags:
                    continue
                lines.append(f"{indent}if ({tag} === "
                             f"{naming.string_literal(variant.tags[0])}) {{")
                lines += self(var, variant.type, indent + "  ")
                lines.append(f"{indent}}}")
            return lines or [f"{indent}console.log({var});"]
        return [f"{indent}console.log({var});"]
