"""The Kotlin consumer corpus: typed user code per operation, for source compatibility.

One file per operation, written the way a user of this SDK writes it: call the method (its
required arguments from `arg()`, whose type Kotlin infers from the parameter), read every
field of the result, narrow every union with ``when (…) { is Member -> … }`` and read the
member's fields, walk a page's ``data``. ``pipeline.compat`` compiles a release's corpus
against a newer SDK (:mod:`generator.languages.kotlin.compat_tools`, one Maven run: against
the SDK's jar when one is built, else with its sources); what stops compiling is a source
break. Names come from the renderer's own views.
"""

from __future__ import annotations

from generator.config import SdkConfig
from generator.ir import IR, ModelDecl, RefType, TypeDecl, TypeRef, UnionDecl
from generator.languages.kotlin import naming
from generator.languages.kotlin.backend import kotlin_config
from generator.languages.kotlin.decls import direct_members, property_names
from generator.languages.kotlin.render import MethodView, Renderer, _flatten
from generator.languages.kotlin.types import KotlinTypes

PACKAGE = "compatcorpus"
HELPERS = (
    "// Generated consumer code: helpers of the corpus.\n\n"
    f"package {PACKAGE}\n\n"
    "/** A value of whatever type the parameter needs (the corpus is compiled, never run). */\n"
    "fun <T> arg(): T = throw UnsupportedOperationException(\"compile only\")\n"
)


def render_corpus(ir: IR, config: SdkConfig) -> dict[str, str]:
    package = kotlin_config(config).package
    renderer = Renderer(ir, config)
    services, root_methods = renderer.build()
    views = root_methods + [m for s in _flatten(services) for m in s.methods]
    by_route: dict[tuple[str, str], MethodView] = {}
    for view in views:
        by_route.setdefault((view.http_method, view.path), view)
    decls = ir.types_by_id()
    files = {"Helpers.kt": HELPERS}
    for op in ir.operations():
        view = by_route[(op.http_method.upper(), op.path)]
        args = ", ".join("arg()" for _ in view.required_types)
        call = f"{view.access}.{naming.identifier(view.name)}({args})"
        reads = _Reads(renderer.types, decls, package)
        if view.paged and op.pagination is not None:
            lines = [f"    for (item in {call}.data) {{"]
            lines += reads("item", op.pagination.item_type, "        ")
            lines.append("    }")
        elif op.response.kind == "json" and op.response.type is not None:
            lines = [f"    val result = {call}"]
            lines += reads("result", op.response.type, "    ")
        else:
            lines = [f"    println({call})"]
        client = renderer.client_name
        files[f"op_{op.id}.kt"] = (
            f"// Typed use of `{op.http_method.upper()} {op.path}` ({op.id}).\n"
            '@file:Suppress("UNUSED_VARIABLE", "UNUSED_PARAMETER", "DEPRECATION")\n\n'
            f"package {PACKAGE}\n\nimport {package}.*\n\n"
            f"fun use_{op.id}(client: {client}) {{\n" + "\n".join(lines) + "\n}\n"
        )
    return files


class _Reads:
    """Lines reading a value of a type: every field, every member of a union."""

    def __init__(self, types: KotlinTypes, decls: dict[str, TypeDecl], package: str) -> None:
        self.types = types
        self.decls = decls
        self.package = package

    def __call__(self, var: str, ref: TypeRef, indent: str) -> list[str]:
        decl = self.decls.get(ref.id) if isinstance(ref, RefType) else None
        if isinstance(decl, ModelDecl):
            names = property_names(list(decl.properties))
            return [f"{indent}println({var}.{naming.identifier(name)})"
                    for prop, name in zip(decl.properties, names, strict=True)
                    if not prop.write_only] or [f"{indent}println({var})"]
        if isinstance(decl, UnionDecl):
            lines = [f"{indent}when ({var}) {{"]
            for member_id in direct_members(self.types, decl):
                # Qualified: a model may share a name with a default import (kotlin.Result).
                name = f"{self.package}.{self.types.names[member_id]}"
                lines.append(f"{indent}    is {name} -> {{")
                lines += self(var, RefType(id=member_id), indent + "        ")
                lines.append(f"{indent}    }}")
            lines.append(f"{indent}    else -> println({var})")
            return [*lines, f"{indent}}}"]
        return [f"{indent}println({var})"]
