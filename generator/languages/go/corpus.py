"""The Go consumer corpus: typed user code per operation, for source compatibility.

One file per operation in one package (``go build`` reports every error of a package with
``-gcflags=-e``), written the way a user of this SDK writes it: call the method (zero values
for path arguments, an empty params struct), read every field of the result, narrow every
union with a type switch on ``AsAny()`` and read the member's fields, walk a page with its
``…AutoPaging`` twin. ``pipeline.compat`` builds a release's corpus against a newer SDK (the
module is ``replace``d by the SDK's directory); what stops compiling is a source break. Names
come from the renderer's own views, so the corpus calls what the SDK defines.

README examples are fragments (free variables, no ``package`` clause): `wrap_example` makes
each a function of the corpus package, its ``import`` block moved to the top.
"""

from __future__ import annotations

import re

from generator.config import SdkConfig
from generator.ir import IR, ModelDecl, RefType, TypeDecl, TypeRef, UnionDecl
from generator.languages.go.backend import go_config
from generator.languages.go.render import MethodView, Renderer, _flatten
from generator.languages.go.types import GoTypes, property_names

SDK = "@SDK_DIR@"
PACKAGE = "corpus"
# A type name of the SDK's root package (the corpus qualifies it); builtins are lower case.
_EXPORTED = re.compile(r"(?<![\w.])([A-Z]\w*)")
_IMPORT_BLOCK = re.compile(r"^import\s*(\([^)]*\)|\"[^\"]+\")\s*$", re.MULTILINE)
_STD_IMPORTS = ("context", "errors", "fmt")


def render_corpus(ir: IR, config: SdkConfig) -> dict[str, str]:
    lang = go_config(config)
    pkg = lang.package_name
    renderer = Renderer(ir, config)
    services, root_methods = renderer.build()
    views = root_methods + [m for s in _flatten(services) for m in s.methods]
    # The first view of an (method, path) is the operation's; a `…Streaming` twin follows it.
    by_route: dict[tuple[str, str], MethodView] = {}
    for view in views:
        by_route.setdefault((view.http_method, view.path), view)
    decls = ir.types_by_id()
    qualified = pkg + r".\1"
    files = {"go.mod": (f"module compatcorpus\n\ngo 1.24\n\nrequire {lang.module} v0.0.0\n\n"
                        f"replace {lang.module} => {SDK}\n")}
    for op in ir.operations():
        view = by_route[(op.http_method.upper(), op.path)]
        args = ["ctx"]
        for param in op.path_params:
            go_type = renderer.types.in_type(param.type, param.source, hint="PathUnion")
            args.append(f"*new({_EXPORTED.sub(qualified, go_type)})")
        if view.params_type is not None:
            args.append(f"{pkg}.{view.params_type}{{}}")
        call = f"{view.access}.{view.name}({', '.join(args)})"
        reads = _Reads(renderer.types, decls, pkg)
        if view.paged and op.pagination is not None:
            lines = [f"\tpager := {view.access}.{view.name}AutoPaging({', '.join(args)})",
                     "\tfor pager.Next() {", "\t\titem := pager.Current()"]
            lines += reads("item", op.pagination.item_type, "\t\t")
            lines.append("\t}")
        elif view.returns.startswith("(*") and op.response.type is not None:
            lines = [f"\tresult, err := {call}", "\tif err != nil {", "\t\treturn", "\t}"]
            lines += reads("result", op.response.type, "\t")
        elif view.returns == "error":
            lines = [f"\t_ = {call}"]
        else:
            lines = [f"\t_, _ = {call}" if view.returns.startswith("(") else f"\t_ = {call}"]
        body = "\n".join(lines)
        files[f"op_{op.id}.go"] = (
            f"// Typed use of `{op.http_method.upper()} {op.path}` ({op.id}).\n\n"
            f"package {PACKAGE}\n\nimport (\n\t\"context\"\n\n\t\"{lang.module}\"\n)\n\n"
            f"func use_{op.id}(client *{pkg}.Client) {{\n\tctx := context.TODO()\n"
            f"{body}\n}}\n"
        )
    return files


def wrap_example(index: int, code: str, config: SdkConfig) -> str:
    """A README fragment as a function of the corpus package: its own imports at the top, plus
    the SDK and the standard packages it names (an unused import would fail the build)."""
    lang = go_config(config)
    imports: list[str] = []
    found = _IMPORT_BLOCK.search(code)
    if found:
        imports = re.findall(r"\"([^\"]+)\"", found.group(1))
        code = code[:found.start()] + code[found.end():]
    named = {lang.package_name: lang.module, "option": f"{lang.module}/option",
             **{std: std for std in _STD_IMPORTS}}
    for name, path in named.items():
        if path not in imports and re.search(rf"(?<![\w.]){name}\.", code):
            imports.append(path)
    block = "".join(f'\t"{path}"\n' for path in imports)
    body = "".join(f"\t{line}\n" if line.strip() else "\n" for line in code.strip().splitlines())
    return (f"package {PACKAGE}\n\n" + (f"import (\n{block})\n\n" if imports else "")
            + f"func example_{index}() {{\n{body}}}\n")


class _Reads:
    """Lines reading a value of a type: every field, every member of a union."""

    def __init__(self, types: GoTypes, decls: dict[str, TypeDecl], pkg: str) -> None:
        self.types = types
        self.decls = decls
        self.pkg = pkg
        self.count = 0

    def __call__(self, var: str, ref: TypeRef, indent: str) -> list[str]:
        decl = self.decls.get(ref.id) if isinstance(ref, RefType) else None
        if isinstance(decl, ModelDecl):
            props = tuple(p for p in decl.properties if not p.write_only)
            return ([f"{indent}_ = {var}.{name}" for name in property_names(props)]
                    or [f"{indent}_ = {var}"])
        if isinstance(decl, UnionDecl):
            self.count += 1
            member_var = f"m{self.count}"
            lines = [f"{indent}switch {member_var} := {var}.AsAny().(type) {{"]
            seen: set[str] = set()
            for variant in decl.variants:
                member = (self.decls.get(variant.type.id) if isinstance(variant.type, RefType)
                          else None)
                if not isinstance(member, ModelDecl) or member.id in seen:
                    continue
                seen.add(member.id)
                lines.append(f"{indent}case {self.pkg}.{self.types.out_names[member.id]}:")
                lines.append(f"{indent}\t_ = {member_var}")
                lines += self(member_var, variant.type, indent + "\t")
            lines.append(f"{indent}default:")
            lines.append(f"{indent}\t_ = {member_var}")
            return [*lines, f"{indent}}}"]
        return [f"{indent}_ = {var}"]
