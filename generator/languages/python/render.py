"""IR + config → the files of the Python SDK (``render`` returns {relative path: text}).

This module decides *what* Python to emit (type expressions, signatures, module layout) and hands
the templates in ``templates/python/`` finished, escaped strings. Layout of the package::

    src/<package>/__init__.py        public API: clients, errors, types
    src/<package>/_client.py         <Client> / Async<Client>
    src/<package>/resources/<r>.py   one module per top-level resource (nested ones inside)
    src/<package>/types/_models.py   response models, enums, unions (pydantic)
    src/<package>/types/_params.py   request shapes (TypedDict)
    src/<package>/pagination.py      one page class pair per configured scheme
    src/<package>/_*.py              the hand-written runtime, copied verbatim
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import SdkConfig
from generator.diagnostics import Diagnostics
from generator.ir import (
    IR,
    AliasDecl,
    AnyType,
    ArrayType,
    EnumDecl,
    FilePart,
    LiteralType,
    MapType,
    ModelDecl,
    Name,
    NullableType,
    NullType,
    Operation,
    Property,
    RefType,
    Resource,
    ScalarType,
    TypeDecl,
    TypeRef,
    UnionDecl,
    UnionType,
)
from generator.languages.python import auth_pages
from generator.languages.python import naming as pn
from generator.languages.python.backend import python_config
from generator.render import TEMPLATES_ROOT, render_template

RUNTIME_DIR = TEMPLATES_ROOT / "python" / "runtime"
BANNER = (
    "# File generated from the OpenAPI spec by the SDK generator (python -m generator). "
    "Do not edit.\n"
)
MD_BANNER = "<!-- File generated from the OpenAPI spec by the SDK generator. Do not edit. -->\n"
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SCALAR_PY = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


# =========================================================================== type names


@dataclass
class _DeclNames:
    """Final Python names of every declaration (unique across the types package)."""

    cls: dict[str, str] = field(default_factory=dict)
    param: dict[str, str] = field(default_factory=dict)
    unknown: dict[str, str] = field(default_factory=dict)


def _decl_names(ir: IR, reserved: frozenset[str] = frozenset()) -> _DeclNames:
    """``reserved``: the client class names (see :func:`pn.class_name`)."""
    names = _DeclNames()
    taken: set[str] = set(reserved)

    def claim(text: str) -> str:
        while text in taken:
            text += "_"
        taken.add(text)
        return text

    for decl in ir.types:
        names.cls[decl.id] = claim(pn.class_name(decl.name, reserved))
    for decl in ir.types:
        if isinstance(decl, UnionDecl) and decl.discriminator is not None:
            names.unknown[decl.id] = claim("Unknown" + names.cls[decl.id])
    for decl in ir.types:
        if decl.usage.input and not isinstance(decl, EnumDecl):
            names.param[decl.id] = claim(names.cls[decl.id] + "Param")
    return names


class _Types:
    """Renders TypeRefs as Python type expressions and records the names they need."""

    def __init__(self, ir: IR, names: _DeclNames) -> None:
        self.decls = ir.types_by_id()
        self.names = names
        self.used: set[str] = set()
        """Names referenced (typing helpers, model classes, param classes)."""

    def output(self, ref: TypeRef) -> str:
        return self._render(ref, side="output")

    def input(self, ref: TypeRef) -> str:
        return self._render(ref, side="input")

    def _use(self, name: str) -> str:
        self.used.add(name)
        return name

    def _render(self, ref: TypeRef, side: str) -> str:
        if isinstance(ref, ScalarType):
            return _SCALAR_PY[ref.scalar]
        if isinstance(ref, NullType):
            return "None"
        if isinstance(ref, AnyType):
            return self._use("Any")
        if isinstance(ref, LiteralType):
            return self._literal([ref.value.value])
        if isinstance(ref, ArrayType):
            container = "List" if side == "output" else "Sequence"
            return f"{self._use(container)}[{self._render(ref.items, side)}]"
        if isinstance(ref, MapType):
            container = "Dict" if side == "output" else "Mapping"
            return f"{self._use(container)}[str, {self._render(ref.values, side)}]"
        if isinstance(ref, NullableType):
            return f"{self._use('Optional')}[{self._render(ref.inner, side)}]"
        if isinstance(ref, UnionType):
            parts = list(dict.fromkeys(self._render(v, side) for v in ref.variants))
            return parts[0] if len(parts) == 1 else f"{self._use('Union')}[{', '.join(parts)}]"
        return self._ref(ref, side)

    def _ref(self, ref: RefType, side: str) -> str:
        decl = self.decls[ref.id]
        nullable = isinstance(decl, (EnumDecl, UnionDecl)) and decl.nullable
        if side == "input" and ref.id in self.names.param:
            text = self._use(self.names.param[ref.id])
            if isinstance(decl, ModelDecl):
                text = f"{self._use('Union')}[{text}, {self._use(self.names.cls[ref.id])}]"
        else:
            text = self._use(self.names.cls[ref.id])
        return f"{self._use('Optional')}[{text}]" if nullable else text

    def _literal(self, values: list[object]) -> str:
        """``Literal[...]`` for strings/ints/bools; floats cannot be Literal members."""
        literal = [v for v in values if not isinstance(v, float)]
        floats = len(literal) != len(values)
        parts: list[str] = []
        if literal:
            parts.append(f"{self._use('Literal')}[{', '.join(pn.py_literal(v) for v in literal)}]")
        if floats:
            parts.append("float")
        return parts[0] if len(parts) == 1 else f"{self._use('Union')}[{', '.join(parts)}]"

    def enum_expression(self, decl: EnumDecl) -> str:
        values = [m.value.value for m in decl.members]
        literal = self._literal(values)
        if literal.startswith("Literal["):
            return f"{self._use('Annotated')}[{literal}, {self._use('OpenEnum')}]"
        return literal

    def refs_of(self, ref: TypeRef | None) -> Iterable[str]:
        if ref is None:
            return
        if isinstance(ref, RefType):
            yield ref.id
        elif isinstance(ref, ArrayType):
            yield from self.refs_of(ref.items)
        elif isinstance(ref, MapType):
            yield from self.refs_of(ref.values)
        elif isinstance(ref, NullableType):
            yield from self.refs_of(ref.inner)
        elif isinstance(ref, UnionType):
            for v in ref.variants:
                yield from self.refs_of(v)


def _strongly_connected(nodes: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's SCCs in reverse topological order (dependencies first), iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child_i = work.pop()
            if child_i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            children = edges.get(node, [])
            if child_i < len(children):
                work.append((node, child_i + 1))
                child = children[child_i]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                result.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return result


# =========================================================================== types modules


def _field_lines(prop: Property, ident: str, type_text: str, *, indent: str = "    ") -> list[str]:
    alias = prop.wire_name != ident
    if prop.required:
        line = f"{indent}{ident}: {type_text}"
        if alias:
            line += f" = Field(alias={pn.py_string(prop.wire_name)})"
    else:
        if not type_text.startswith("Optional[") and type_text not in ("Any", "None"):
            type_text = f"Optional[{type_text}]"
        line = f"{indent}{ident}: {type_text} = " + (
            f"Field(default=None, alias={pn.py_string(prop.wire_name)})" if alias else "None"
        )
    lines = [line]
    doc = pn.py_doc(prop.description)
    if doc:
        lines.append(f'{indent}"""{pn.indent_doc(doc, len(indent))}"""')
    return lines


def _class_doc(decl: TypeDecl, indent: str = "    ") -> list[str]:
    doc = pn.py_doc(decl.description or decl.title)
    return [f'{indent}"""{pn.indent_doc(doc, len(indent))}"""', ""] if doc else []


def _render_models(ir: IR, names: _DeclNames) -> str:
    types = _Types(ir, names)
    classes: list[str] = []
    alias_text: dict[str, str] = {}
    alias_deps: dict[str, list[str]] = {}
    alias_ids: list[str] = []
    for decl in ir.types:
        cls = names.cls[decl.id]
        if isinstance(decl, ModelDecl):
            properties = decl.output_properties()  # a response never holds writeOnly ones
            idents = pn.unique([pn.field_name(p.name) for p in properties])
            body: list[str] = _class_doc(decl)
            for prop, ident in zip(properties, idents, strict=False):
                body.extend(_field_lines(prop, ident, types.output(prop.type)))
            if not properties:
                body.append("    pass" if not body else "")
            classes.append(f"class {cls}(BaseModel):\n" + "\n".join(body).rstrip() + "\n")
        elif isinstance(decl, EnumDecl):
            alias_ids.append(decl.id)
            alias_text[decl.id] = types.enum_expression(decl)
            alias_deps[decl.id] = []
        elif isinstance(decl, AliasDecl):
            alias_ids.append(decl.id)
            alias_text[decl.id] = types.output(decl.target)
            alias_deps[decl.id] = list(types.refs_of(decl.target))
        elif isinstance(decl, UnionDecl):
            alias_ids.append(decl.id)
            deps: list[str] = []
            members: list[str] = []
            member_tags = _member_tags(decl)
            for index, variant in enumerate(decl.variants):
                deps.extend(types.refs_of(variant.type))
                member = types.output(variant.type)
                if decl.discriminator is None:
                    members.append(member)
                else:
                    members.extend(
                        f"Annotated[{member}, Tag({pn.py_string(member_tags[index, tag])})]"
                        for tag in variant.tags
                    )
            members = list(dict.fromkeys(members))
            alias_deps[decl.id] = deps
            if decl.discriminator is None:
                alias_text[decl.id] = (
                    members[0] if len(members) == 1 else "Union[" + ", ".join(members) + "]"
                )
                continue
            unknown = names.unknown[decl.id]
            wire = decl.discriminator.property_wire_name
            ident = pn.field_name(decl.discriminator.property_name)
            alias = "" if ident == wire else f", alias={pn.py_string(wire)}"
            classes.append(
                f"class {unknown}(UnknownVariant):\n"
                f'    """A {cls} variant this SDK version does not know yet, kept exactly as '
                f'received\n    (``raw``); ``{ident}`` holds its discriminator value."""\n\n'
                f"    discriminator_property: ClassVar[Optional[str]] = {pn.py_string(wire)}\n"
                f"    {ident}: Optional[str] = Field(default=None{alias})\n"
            )
            members.append(f"Annotated[{unknown}, Tag(UNKNOWN_TAG)]")
            tags = list(dict.fromkeys(t for v in decl.variants for t in v.tags))
            alias_text[decl.id] = (
                "Annotated[\n    Union[\n"
                + "".join(f"        {m},\n" for m in members)
                + f"    ],\n    discriminated_union(\n        {pn.py_string(wire)},\n        [\n"
                + "".join(f"            {pn.py_string(t)},\n" for t in tags)
                + "        ],\n"
                + _shape_tests(decl, member_tags)
                + "    ),\n]"
            )
    # Aliases are evaluated at import time: emit them dependencies first, and use
    # TypeAliasType (with quoted self-references) for aliases that recurse among themselves.
    alias_set = set(alias_ids)
    decls = types.decls
    edges = {a: sorted({d for d in alias_deps[a] if d in alias_set}) for a in alias_ids}
    alias_blocks: list[str] = []
    for component in _strongly_connected(alias_ids, edges):
        recursive = len(component) > 1 or component[0] in edges[component[0]]
        for decl_id in component:
            cls = names.cls[decl_id]
            text = alias_text[decl_id]
            decl_for_doc = decls[decl_id]
            doc = pn.py_doc(decl_for_doc.description or decl_for_doc.title)
            if recursive:
                for other in component:
                    text = re.sub(
                        rf"(?<![\w\"]){re.escape(names.cls[other])}(?![\w\"])",
                        f'"{names.cls[other]}"',
                        text,
                    )
                block = _recursive_alias(cls, text)
            else:
                block = f"{cls} = {text}"
            if doc:
                block += f'\n"""{pn.indent_doc(doc, 0)}"""'
            alias_blocks.append(block + "\n")
    code = "\n".join(classes + alias_blocks)
    imports = import_block(
        code,
        [
            TYPING,
            ("pydantic", ["Field", "Tag"]),
            TYPING_EXT,
            (
                ".._models",
                ["UNKNOWN_TAG", "BaseModel", "OpenEnum", "UnknownVariant", "discriminated_union"],
            ),
        ],
    )
    return render_template(
        "python",
        "types_models.py.jinja",
        banner=BANNER,
        classes=classes,
        aliases=alias_blocks,
        imports=imports,
        exports=sorted([names.cls[d.id] for d in ir.types] + list(names.unknown.values())),
    )


def _recursive_alias(cls: str, text: str) -> str:
    """A self-referential alias: mypy understands a plain recursive alias, pydantic needs a
    TypeAliasType at runtime."""
    return (
        f"if TYPE_CHECKING:\n    {cls}: TypeAlias = {text}\n"
        f"else:\n    {cls} = TypeAliasType({pn.py_string(cls)}, {text})"
    )


def _typed_dict(prop_lines: list[tuple[Property, str]], cls: str, doc: str) -> str:
    """Class syntax when every key is a plain identifier, else the functional form (keys
    are always wire names: TypedDicts describe the JSON that is sent)."""
    simple = all(
        _IDENT.match(p.wire_name) and pn.field_name(p.name) == p.wire_name for p, _ in prop_lines
    )
    if simple:
        body: list[str] = []
        if doc:
            body += [f'    """{pn.indent_doc(doc, 4)}"""', ""]
        for prop, type_text in prop_lines:
            wrapped = f"Required[{type_text}]" if prop.required else type_text
            body.append(f"    {prop.wire_name}: {wrapped}")
            prop_doc = pn.py_doc(prop.description)
            if prop_doc:
                body.append(f'    """{pn.indent_doc(prop_doc, 4)}"""')
        if not prop_lines:
            body.append("    pass" if not doc else "")
        return f"class {cls}(TypedDict, total=False):\n" + "\n".join(body).rstrip() + "\n"
    entries = "".join(
        f"        {pn.py_string(p.wire_name)}: "
        + pn.py_string(f"Required[{t}]" if p.required else t)
        + ",\n"
        for p, t in prop_lines
    )
    text = (
        f"{cls} = TypedDict(\n    {pn.py_string(cls)},\n    {{\n{entries}    }},\n"
        "    total=False,\n)\n"
    )
    if doc:
        text += f'"""{pn.indent_doc(doc, 0)}"""\n'
    return text


def _render_params(ir: IR, names: _DeclNames) -> str:
    types = _Types(ir, names)
    blocks_typed: list[str] = []
    alias_ids: list[str] = []
    alias_text: dict[str, str] = {}
    alias_deps: dict[str, list[str]] = {}
    for decl in ir.types:
        if decl.id not in names.param:
            continue
        param_cls = names.param[decl.id]
        doc = pn.py_doc(decl.description or decl.title)
        if isinstance(decl, ModelDecl):
            lines = [(p, types.input(p.type)) for p in decl.input_properties()]
            blocks_typed.append(_typed_dict(lines, param_cls, doc))
            continue
        alias_ids.append(decl.id)
        if isinstance(decl, AliasDecl):
            alias_text[decl.id] = types.input(decl.target)
            alias_deps[decl.id] = list(types.refs_of(decl.target))
        elif isinstance(decl, UnionDecl):
            parts = list(dict.fromkeys(types.input(v.type) for v in decl.variants))
            alias_text[decl.id] = parts[0] if len(parts) == 1 else "Union[" + ", ".join(parts) + "]"
            alias_deps[decl.id] = [r for v in decl.variants for r in types.refs_of(v.type)]
    alias_set = set(alias_ids)
    edges = {a: sorted({d for d in alias_deps[a] if d in alias_set}) for a in alias_ids}
    alias_blocks: list[str] = []
    # Aliases may refer to TypedDict classes (fine: defined first) and to each other.
    for component in _strongly_connected(alias_ids, edges):
        recursive = len(component) > 1 or component[0] in edges[component[0]]
        for decl_id in component:
            cls = names.param[decl_id]
            text = alias_text[decl_id]
            if recursive:
                for other in component:
                    text = re.sub(
                        rf"(?<![\w\"]){re.escape(names.param[other])}(?![\w\"])",
                        f'"{names.param[other]}"',
                        text,
                    )
                alias_blocks.append(_recursive_alias(cls, text) + "\n")
            else:
                alias_blocks.append(f"{cls} = {text}\n")
    code = "\n".join(blocks_typed + alias_blocks)
    imports = import_block(
        code,
        [
            TYPING,
            TYPING_EXT,
            ("._models", sorted(set(names.cls.values()))),
        ],
    )
    return render_template(
        "python",
        "types_params.py.jinja",
        banner=BANNER,
        classes=blocks_typed,
        aliases=alias_blocks,
        imports=imports,
        exports=sorted(names.param.values()),
    )


# =========================================================================== resources


@dataclass
class _MethodView:
    name: str
    sync_code: str
    async_code: str
    doc_summary: str
    http_method: str
    path: str
    signature_doc: str
    returns: str
    async_returns: str
    positional: list[str] = field(default_factory=list)
    required_keywords: list[str] = field(default_factory=list)
    uploads: bool = False
    """The method sends a multipart body (files): the README mentions it."""
    download: bool = False
    """The method returns a binary response object: the README says so."""


@dataclass
class _ResourceView:
    dotted: str
    """Attribute path from the client, e.g. ``conversations.items``."""
    attr: str
    cls: str
    async_cls: str
    path: tuple[str, ...]
    methods: list[_MethodView]
    children: list[_ResourceView]
    doc: str


def upload_type(part: FilePart) -> str:
    """The parameter type of a multipart file field: ``FileTypes``, in a ``Sequence`` for a
    list of files, ``Optional`` when null is accepted (IR facts: ``RequestBody.file_parts``)."""
    text = "Sequence[FileTypes]" if part.multiple else "FileTypes"
    return f"Optional[{text}]" if part.nullable else text


# The runtime's ``BodyEncoding`` for each IR encoding: text and bytes are both sent as given
# ("raw", with the operation's media type as Content-Type). None: JSON, the runtime default.
RUNTIME_ENCODING: dict[str, str | None] = {
    "json": None,
    "form": "form",
    "multipart": "multipart",
    "binary": "raw",
    "text": "raw",
}
RAW_BODY_TYPES = {"binary": "Union[str, FileContent]", "text": "str"}
"""A raw body: bytes, an open binary file or a path (a ``str`` is sent as UTF-8); text: a str."""
BINARY_RESPONSE = ("BinaryAPIResponse", "AsyncBinaryAPIResponse")
"""What a binary download returns (sync, async): the bytes with read/iter/write helpers."""


class _Resources:
    def __init__(self, ir: IR, config: SdkConfig, names: _DeclNames) -> None:
        self.ir = ir
        self.config = config
        self.names = names
        self.types = _Types(ir, names)
        self.pages = {s.key: s for s in ir.pagination_schemes}
        self.taken_classes: set[str] = (
            set(names.cls.values())
            | set(names.param.values())
            | set(names.unknown.values())
            | {c for s in ir.pagination_schemes for c in self.page_classes(s.key)}
            # A `/client/...` resource must not be named like the client classes themselves.
            | {
                f"{client}{suffix}"
                for client in (config.client_name, python_config(config).async_client_name)
                for suffix in ("", "WithRawResponse")
            }
        )

    def page_classes(self, scheme_key: str) -> tuple[str, str]:
        scheme = self.pages[scheme_key]
        base = scheme.name.pascal()
        return "Sync" + base, "Async" + base

    def view(self, resource: Resource, prefix: str, parent_dotted: str = "") -> _ResourceView:
        cls = prefix + pn.class_name(resource.name) if resource.path else ""
        while (
            cls
            and {cls, "Async" + cls, cls + "WithRawResponse", "Async" + cls + "WithRawResponse"}
            & self.taken_classes
        ):
            cls += "Resource"
        self.taken_classes.update(
            {cls, "Async" + cls, cls + "WithRawResponse", "Async" + cls + "WithRawResponse"}
        )
        attr = pn.method_name(resource.name) if resource.path else ""
        dotted = f"{parent_dotted}.{attr}".strip(".")
        children = [self.view(child, cls, dotted) for child in resource.resources]
        child_attrs = {c.attr for c in children}
        taken = set(child_attrs)
        methods: list[_MethodView] = []
        for op in resource.operations:
            name = pn.method_name(op.name)
            while name in taken:
                name += "_"
            taken.add(name)
            methods.append(self.method(op, name, is_resource=bool(resource.path)))
        return _ResourceView(
            dotted=dotted,
            attr=attr,
            cls=cls,
            async_cls="Async" + cls if cls else "",
            path=resource.path,
            methods=methods,
            children=children,
            doc=pn.py_doc(resource.description),
        )

    # ------------------------------------------------------------------ one method

    def method(self, op: Operation, name: str, *, is_resource: bool) -> _MethodView:
        t = self.types
        params = [*op.path_params, *op.query_params, *op.header_params]
        body_fields = list(op.body.fields) if op.body and op.body.fields is not None else []
        raw_names = [pn.param_name(p.name) for p in params] + [
            pn.param_name(f.name) for f in body_fields
        ]
        if op.body is not None and op.body.fields is None:
            raw_names.append("body")
        idents = pn.unique(raw_names)
        param_ident = dict(zip([id(p) for p in params], idents[: len(params)], strict=False))
        field_ident = dict(zip([id(f) for f in body_fields], idents[len(params) :], strict=False))

        positional = op.path_params[-1:] if op.path_params else ()
        sig_required: list[str] = []
        sig_optional: list[str] = []
        doc_args: list[str] = []

        def add(ident: str, type_text: str, required: bool, description: str | None) -> None:
            if required:
                sig_required.append(f"        {ident}: {type_text},")
            else:
                sig_optional.append(f"        {ident}: Union[{type_text}, NotGiven] = NOT_GIVEN,")
            doc = pn.py_doc(description)
            if doc:
                doc_args.append(f"          {ident}: {pn.indent_doc(doc, 14)}")

        for p in params:
            if p in positional:
                continue
            add(param_ident[id(p)], t.input(p.type), p.required, p.description)
        encoding = RUNTIME_ENCODING[op.body.encoding] if op.body is not None else None
        # Multipart file fields (IR file parts) are FileTypes, sent apart from the form fields.
        uploads = {
            id(f): upload_type(part)
            for f in body_fields
            if op.body is not None and (part := op.body.file_part(f.wire_name)) is not None
        }
        for f in body_fields:
            if f.read_only:
                continue
            type_text = uploads.get(id(f)) or t.input(f.type)
            add(field_ident[id(f)], type_text, f.required, f.description)
        if op.body is not None and op.body.fields is None:
            body_type = RAW_BODY_TYPES.get(op.body.encoding) or t.input(op.body.type)
            add(idents[-1], body_type, op.body.required, op.body.description)

        sig: list[str] = ["        self,"]
        for p in positional:
            sig.append(f"        {param_ident[id(p)]}: {t.input(p.type)},")
            doc = pn.py_doc(p.description)
            if doc:
                doc_args.insert(0, f"          {param_ident[id(p)]}: {pn.indent_doc(doc, 14)}")
        sig.append("        *,")
        sig.extend(sig_required)
        sig.extend(sig_optional)
        sig.append(
            "        # Use the following arguments to pass what the API does not take as kwargs."
        )
        sig.append("        extra_headers: Optional[Headers] = None,")
        sig.append("        extra_query: Optional[Query] = None,")
        sig.append("        extra_body: Optional[Mapping[str, object]] = None,")
        if op.http_method != "get":
            sig.append("        idempotency_key: Optional[str] = None,")
        sig.append("        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,")

        # -- call -------------------------------------------------------------------------
        path_args = ", ".join(
            f"{pn.py_string(p.wire_name)}: {param_ident[id(p)]}" for p in op.path_params
        )
        path_expr = (
            f"path_template({pn.py_string(op.path)}, {{{path_args}}})"
            if op.path_params
            else pn.py_string(op.path)
        )
        option_args: list[str] = []
        if op.query_params:
            query = ", ".join(
                f"{pn.py_string(p.wire_name)}: {param_ident[id(p)]}" for p in op.query_params
            )
            option_args.append(f"query=to_jsonable({{{query}}})")
        # A text or binary download asks for its media type (the runtime's default is JSON).
        accept = op.response.accept
        fixed_headers = [f"{pn.py_string('Accept')}: {pn.py_string(accept)}"] if accept else []
        if op.header_params:
            headers = ", ".join(
                fixed_headers
                + [f"{pn.py_string(p.wire_name)}: {param_ident[id(p)]}" for p in op.header_params]
            )
            option_args.append(
                "extra_headers=cast(Headers, {**{k: str(v) for k, v in strip_not_given("
                f"{{{headers}}}).items()}}, **(extra_headers or {{}})}})"
            )
        elif fixed_headers:
            option_args.append(f"extra_headers={{{fixed_headers[0]}, **(extra_headers or {{}})}}")
        else:
            option_args.append("extra_headers=extra_headers")
        option_args += ["extra_query=extra_query", "extra_body=extra_body"]
        option_args += auth_pages.security_option(self.ir, op)
        if op.http_method != "get":
            option_args.append("idempotency_key=idempotency_key")
        option_args.append("timeout=timeout")
        if encoding is not None:
            option_args.append(f"body_encoding={pn.py_string(encoding)}")
        if op.body is not None and op.body.content_type is not None:
            option_args.append(f"content_type={pn.py_string(op.body.content_type)}")
        options_expr = (
            "make_request_options(\n"
            + "".join(f"                {a},\n" for a in option_args)
            + "            )"
        )
        body_expr = None
        files_expr = None
        # JSON bodies are converted here; form and multipart bodies are flattened by the runtime
        # (which also drops unset values), raw bodies are sent as given.
        convert = "to_jsonable" if encoding in (None, "raw") else ""
        if op.body is not None:
            if op.body.fields is not None:
                sent = [f for f in body_fields if not f.read_only]
                items = ", ".join(
                    f"{pn.py_string(f.wire_name)}: {field_ident[id(f)]}"
                    for f in sent
                    if id(f) not in uploads
                )
                body_expr = f"{convert}({{{items}}})" if convert else f"{{{items}}}"
                if any(id(f) in uploads for f in sent):
                    files = ", ".join(
                        f"{pn.py_string(f.wire_name)}: {field_ident[id(f)]}"
                        for f in sent
                        if id(f) in uploads
                    )
                    files_expr = f"{{{files}}}"
            elif encoding == "raw":
                body_expr = idents[-1]
            else:
                body_expr = f"{convert}({idents[-1]})" if convert else idents[-1]

        verb = op.http_method
        call_args = [path_expr]
        if op.pagination is not None:
            item_type = t.output(op.pagination.item_type)
            sync_page, async_page = self.page_classes(op.pagination.scheme)
            t.used.update({sync_page, async_page})
            returns = f"{sync_page}[{item_type}]"
            async_returns = f"AsyncPaginator[{item_type}, {async_page}[{item_type}]]"
            call_args += [f"page={sync_page}[{item_type}]", f"model=cast(Any, {item_type})"]
            if verb != "get":
                call_args.append(f'method="{verb}"')
            if body_expr:
                call_args.append(f"body={body_expr}")
            if files_expr:
                call_args.append(f"files={files_expr}")
            call_args.append(f"options={options_expr}")
            sync_call = (
                "self._get_api_list(\n"
                + "".join(f"            {a},\n" for a in call_args)
                + "        )"
            )
            async_call_args = [
                a.replace(f"page={sync_page}", f"page={async_page}") for a in call_args
            ]
            async_call = (
                "self._get_api_list(\n"
                + "".join(f"            {a},\n" for a in async_call_args)
                + "        )"
            )
            sync_body = f"        return {sync_call}\n"
            async_body = f"        return {async_call}\n"
            is_async_def = False
        else:
            response = op.response
            async_cast_to = None
            if response.kind == "binary":
                returns, async_returns = BINARY_RESPONSE
                cast_to, async_cast_to, wrap = returns, async_returns, False
                t.used.update(BINARY_RESPONSE)
            elif response.kind in ("text", "event_stream"):
                # An event stream is read as text until streams are implemented.
                returns, cast_to, wrap = "str", "str", False
            elif response.kind == "empty" or response.type is None:
                returns, cast_to, wrap = "None", "None", False
            else:
                returns = t.output(response.type)
                decl = (
                    self.types.decls.get(response.type.id)
                    if isinstance(response.type, RefType)
                    else None
                )
                plain_class = isinstance(decl, ModelDecl)
                if returns == "Any":
                    returns = "object"
                wrap = not plain_class and returns not in ("object", "str")
                cast_to = f"cast(Any, {returns})" if wrap else returns
            if async_cast_to is None:
                async_returns, async_cast_to = returns, cast_to
            rest_args: list[str] = []
            if body_expr and verb in ("post", "put", "patch", "delete"):
                rest_args.append(f"body={body_expr}")
            if files_expr and verb in ("post", "put", "patch"):
                rest_args.append(f"files={files_expr}")
            rest_args.append(f"options={options_expr}")
            helper = {
                "get": "_get",
                "post": "_post",
                "put": "_put",
                "patch": "_patch",
                "delete": "_delete",
            }.get(verb)
            if files_expr and helper not in ("_post", "_put", "_patch"):
                helper = None  # only FinalRequestOptions.build takes files for other verbs

            def make_call(cast_expr: str) -> str:
                if helper is not None:
                    args = [path_expr, f"cast_to={cast_expr}", *rest_args]
                    return (
                        f"self.{helper}(\n"
                        + "".join(f"            {a},\n" for a in args)
                        + "        )"
                    )
                # HEAD/OPTIONS/TRACE have no helper: build the request options explicitly.
                receiver = "self._client" if is_resource else "self"
                body_arg = f", body={body_expr}" if body_expr else ""
                if files_expr:
                    body_arg += f", files={files_expr}"
                return (
                    f"{receiver}.request(\n            {cast_expr},\n"
                    f"            FinalRequestOptions.build(\n"
                    f"                {py_verb(verb)},\n                {path_expr}{body_arg},\n"
                    f"                options={options_expr.replace(chr(10), chr(10) + '    ')},\n"
                    "            ),\n        )"
                )

            call, async_call = make_call(cast_to), make_call(async_cast_to)
            # Without a helper, ``request`` returns Any, so the result is cast (mypy: "Returning
            # Any").
            wrap = wrap or helper is None
            if wrap:
                # cast_to is an Annotated union / generic alias, not a class: keep mypy exact.
                nested = call.replace("\n", "\n    ")
                sync_body = (
                    f"        return cast(\n            {returns},\n            {nested},\n"
                    "        )\n"
                )
                async_body = (
                    f"        return cast(\n            {returns},\n            await {nested},\n"
                    "        )\n"
                )
            else:
                sync_body = f"        return {call}\n"
                async_body = f"        return await {async_call}\n"
            is_async_def = True

        doc_lines = [
            pn.py_doc(op.summary or op.description or f"{op.http_method.upper()} {op.path}")
        ]
        if op.summary and op.description and op.description.strip() != op.summary.strip():
            doc_lines += ["", pn.py_doc(op.description)]
        if doc_args:
            doc_lines += ["", "Args:", *[a.strip("\n") for a in doc_args]]
        if op.deprecated:
            doc_lines += ["", "Deprecated."]
        doc_text = "\n".join(doc_lines)
        doc_block = f'        """{pn.indent_doc(doc_text, 8)}\n        """\n'
        signature = "\n".join(sig)
        sync_code = f"    def {name}(\n{signature}\n    ) -> {returns}:\n{doc_block}{sync_body}"
        async_kw = "async def" if is_async_def else "def"
        async_code = (
            f"    {async_kw} {name}(\n{signature}\n    ) -> {async_returns}:\n{doc_block}"
            f"{async_body}"
        )
        return _MethodView(
            name=name,
            sync_code=sync_code,
            async_code=async_code,
            doc_summary=pn.md_text(op.summary or op.description),
            http_method=op.http_method.upper(),
            path=pn.md_text(op.path),
            signature_doc=_signature_doc(
                [param_ident[id(p)] for p in positional],
                [line.strip().split(":")[0] for line in sig_required + sig_optional],
            ),
            returns=returns,
            async_returns=async_returns,
            positional=[param_ident[id(p)] for p in positional],
            required_keywords=[line.strip().split(":")[0] for line in sig_required],
            uploads=op.body_encoding == "multipart",
            download=returns == BINARY_RESPONSE[0],
        )


def _signature_doc(positional: list[str], keywords: list[str]) -> str:
    """``retrieve(item_id, *, conversation_id, include)`` for api.md."""
    parts = list(positional)
    if keywords:
        parts += ["*", *keywords]
    return ", ".join(parts)


@dataclass
class _ModuleView:
    module: str
    view: _ResourceView


def py_verb(verb: str) -> str:
    return pn.py_string(verb)


def _flatten(view: _ResourceView) -> list[_ResourceView]:
    out = [view]
    for child in view.children:
        out.extend(_flatten(child))
    return out


# =========================================================================== entry point


def render(ir: IR, config: SdkConfig, diagnostics: Diagnostics) -> dict[str, str]:
    lang = python_config(config)
    package = lang.package_name
    src = f"src/{package}"
    names = _decl_names(ir, frozenset({config.client_name, lang.async_client_name}))
    files: dict[str, str] = {}

    for runtime_file in sorted(RUNTIME_DIR.glob("*.py")):
        files[f"{src}/{runtime_file.name}"] = BANNER + "\n" + runtime_file.read_text("utf-8")

    files[f"{src}/types/_models.py"] = _render_models(ir, names)
    files[f"{src}/types/_params.py"] = _render_params(ir, names)
    files[f"{src}/types/__init__.py"] = render_template(
        "python",
        "types_init.py.jinja",
        banner=BANNER,
        models=sorted(set(names.cls.values()) | set(names.unknown.values())),
        params=sorted(names.param.values()),
    )

    resources = _Resources(ir, config, names)
    root = resources.view(ir.root, "")
    page_names = {c for s in ir.pagination_schemes for c in resources.page_classes(s.key)}
    type_names = sorted(set(names.cls.values()) | set(names.param.values()))
    modules: list[_ModuleView] = []
    module_names = pn.unique(
        [pn.module_name(Name(tuple(c.attr.split("_")), c.attr)) for c in root.children]
    )
    for child, module in zip(root.children, module_names, strict=False):
        classes = _flatten(child)
        text = render_template(
            "python", "resource.py.jinja", banner=BANNER, resources=classes, imports="{{IMPORTS}}"
        )
        text = text.replace(
            "{{IMPORTS}}\n",
            import_block(
                text,
                [
                    TYPING,
                    ("functools", ["cached_property"]),
                    ("httpx", ["httpx"]),
                    TYPING_EXT,
                    (".._base_client", ["make_request_options"]),
                    (".._pagination", ["AsyncPaginator"]),
                    (".._resource", ["AsyncAPIResource", "SyncAPIResource"]),
                    (
                        ".._response",
                        [
                            "AsyncBinaryAPIResponse",
                            "BinaryAPIResponse",
                            "async_to_raw_response_wrapper",
                            "to_raw_response_wrapper",
                        ],
                    ),
                    (".._options", ["FinalRequestOptions"]),
                    (
                        ".._types",
                        ["NOT_GIVEN", "FileContent", "FileTypes", "Headers", "NotGiven", "Query"],
                    ),
                    (".._utils", ["path_template", "strip_not_given", "to_jsonable"]),
                    ("..pagination", sorted(page_names)),
                    ("..types", type_names),
                ],
            ),
            1,
        )
        files[f"{src}/resources/{module}.py"] = text
        modules.append(_ModuleView(module=module, view=child))
    files[f"{src}/resources/__init__.py"] = render_template(
        "python",
        "resources_init.py.jinja",
        banner=BANNER,
        modules=modules,
    )
    files[f"{src}/pagination.py"] = render_template(
        "python",
        "pagination.py.jinja",
        banner=BANNER,
        schemes=auth_pages.page_classes_context(ir, resources.page_classes),
    )
    retries = config.retries
    client_ctx = {
        "banner": BANNER,
        "client": config.client_name,
        "async_client": lang.async_client_name,
        "env_base_url": pn.py_string(f"{config.env_prefix}_BASE_URL"),
        "env_api_key": pn.py_string(f"{config.env_prefix}_API_KEY"),
        "env_prefix": config.env_prefix,
        "base_url": pn.py_string(ir.api.base_url),
        "idempotency_header": pn.py_string(config.idempotency_header),
        "timeout": repr(float(retries.timeout)),
        "connect_timeout": repr(float(retries.connect_timeout)),
        "max_retries": str(retries.max_retries),
        "initial_delay": repr(float(retries.initial_delay)),
        "max_delay": repr(float(retries.max_delay)),
        "jitter": repr(float(retries.jitter)),
        "retry_statuses": "{" + ", ".join(str(s) for s in retries.retry_statuses) + "}"
        if retries.retry_statuses
        else "set()",
        "dist_name": pn.py_string(lang.dist_name),
        "root": root,
        "modules": modules,
        "imports": "{{IMPORTS}}",
        "api_title": pn.py_doc(ir.api.title),
        **auth_pages.client_context(ir, config),
    }
    client_text = render_template("python", "_client.py.jinja", **client_ctx)
    resource_classes = [
        (
            f".resources.{m.module}",
            [
                m.view.cls,
                m.view.async_cls,
                m.view.cls + "WithRawResponse",
                m.view.async_cls + "WithRawResponse",
            ],
        )
        for m in modules
    ]
    files[f"{src}/_client.py"] = client_text.replace(
        "{{IMPORTS}}\n",
        import_block(
            client_text,
            [
                ("os", ["os"]),
                TYPING,
                ("functools", ["cached_property"]),
                ("httpx", ["httpx"]),
                TYPING_EXT,
                (
                    "._base_client",
                    [
                        "AsyncAPIClient",
                        "AuthScheme",
                        "RetryPolicy",
                        "SyncAPIClient",
                        "make_request_options",
                    ],
                ),
                ("._pagination", ["AsyncPaginator"]),
                (
                    "._response",
                    [
                        "AsyncBinaryAPIResponse",
                        "BinaryAPIResponse",
                        "async_to_raw_response_wrapper",
                        "to_raw_response_wrapper",
                    ],
                ),
                ("._options", ["FinalRequestOptions"]),
                (
                    "._types",
                    [
                        "NOT_GIVEN",
                        "FileContent",
                        "FileTypes",
                        "Headers",
                        "NotGiven",
                        "Query",
                        "Timeout",
                    ],
                ),
                ("._utils", ["path_template", "strip_not_given", "to_jsonable"]),
                (".pagination", sorted(page_names)),
                *resource_classes,
                (".types", type_names),
            ],
        ),
        1,
    )
    files[f"{src}/_version.py"] = render_template(
        "python",
        "_version.py.jinja",
        banner=BANNER,
        version=pn.py_string(config.version),
        dist_name=pn.py_string(lang.dist_name),
    )
    files[f"{src}/__init__.py"] = render_template(
        "python",
        "__init__.py.jinja",
        banner=BANNER,
        client=config.client_name,
        package=package,
        async_client=lang.async_client_name,
        api_title=pn.py_doc(ir.api.title),
        pages=[p for s in ir.pagination_schemes for p in resources.page_classes(s.key)],
    )
    files[f"{src}/py.typed"] = BANNER
    files["pyproject.toml"] = render_template(
        "python",
        "pyproject.toml.jinja",
        banner=BANNER,
        dist_name=pn.toml_string(lang.dist_name),
        package=package,
        version=pn.toml_string(config.version),
        description=pn.toml_string(f"Python client for {ir.api.title}"),
    )
    all_views = [v for child in root.children for v in _flatten(child)]
    md_ctx = {
        "md_banner": MD_BANNER,
        "client": config.client_name,
        "async_client": lang.async_client_name,
        "package": package,
        "dist_name": lang.dist_name,
        "env_prefix": config.env_prefix,
        "root": root,
        "views": all_views,
        "api_title": pn.md_text(ir.api.title),
        "api_description": pn.md_text(ir.api.description),
        "retries": retries,
        "idempotency_header": config.idempotency_header,
        "example": _readme_example(ir, root),
        **auth_pages.readme_context(ir, resources.page_classes),
        "uploads": [
            f"{view.dotted}.{method.name}"
            for view in all_views
            for method in view.methods
            if method.uploads
        ],
        "downloads": [
            f"{view.dotted}.{method.name}"
            for view in all_views
            for method in view.methods
            if method.download
        ],
    }
    files["README.md"] = render_template("python", "README.md.jinja", **md_ctx)
    files["api.md"] = render_template("python", "api.md.jinja", **md_ctx)
    files[".spec-hash"] = (
        BANNER + f"spec-sha256: {ir.api.spec_sha256}\n"
        f"generator-version: {ir.api.generator_version}\n"
    )
    return files


def _readme_example(ir: IR, root: _ResourceView) -> dict[str, str]:
    """Real calls for the README snippets: the first create, list and retrieve methods that
    need no keyword arguments; ids flow from the created object where the shapes allow."""
    found: dict[str, str] = {}
    created_on: str | None = None
    for view in [v for child in root.children for v in _flatten(child)]:
        for method in view.methods:
            kind = method.name
            if kind not in ("create", "list", "retrieve") or kind in found:
                continue
            if method.required_keywords or len(method.positional) > 1:
                continue
            args = ""
            if method.positional:
                related = created_on is not None and (
                    view.dotted == created_on or view.dotted.startswith(created_on + ".")
                )
                args = "created.id" if related else f'"{method.positional[0]}"'
            found[kind] = f"{view.dotted}.{method.name}({args})"
            if kind == "create":
                found["raw"] = f"{view.dotted}.with_raw_response.{method.name}({args})"
                if not method.positional:
                    created_on = view.dotted
            if kind == "retrieve":
                missing = '"does-not-exist"' if method.positional else ""
                found["missing"] = f"{view.dotted}.{method.name}({missing})"
    return found


def _names_in(views: list[_ResourceView]) -> set[str]:
    """Identifiers the rendered method code of ``views`` refers to, to compute imports (the
    code is generated text, so scanning it is exact for names we emitted)."""
    text = "\n".join(m.sync_code + m.async_code for v in views for m in v.methods)
    return set(re.findall(r"\b[A-Za-z_][A-Za-z0-9_]*\b", text))


def runtime_files() -> list[Path]:
    return sorted(RUNTIME_DIR.glob("*.py"))


# =========================================================================== imports

# Strings and comments in one alternation, leftmost first, so a `#` inside a string literal
# (an enum value "a # b") is never taken for a comment that hides the rest of the line.
_STRING_OR_COMMENT = re.compile(
    r"(?<![A-Za-z0-9_])([rRbBuUfF]{0,2})"
    r"(\"\"\"(?:\\.|[^\\])*?\"\"\"|'''(?:\\.|[^\\])*?'''"
    r"|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*')"
    r"|#[^\n]*",
    re.S,
)


def _code_only(code: str) -> str:
    """``code`` without comments and docstrings. Other strings stay: string annotations
    (``"Optional[Foo]"``) and f-strings name what they use."""

    def strip(match: re.Match[str]) -> str:
        literal = match.group(2)
        if literal is None:  # a comment
            return ""
        return '""' if literal.startswith(('"""', "'''")) else match.group(0)

    return _STRING_OR_COMMENT.sub(strip, code)


def _member_tags(decl: UnionDecl) -> dict[tuple[int, str], str]:
    """The pydantic ``Tag`` of each (variant index, discriminator value): the value itself,
    or, for a value several members share, a distinct tag per member."""
    shared = {s.tag for s in decl.shared_tags}
    taken = {t for v in decl.variants for t in v.tags}
    result: dict[tuple[int, str], str] = {}
    for index, variant in enumerate(decl.variants):
        for tag in variant.tags:
            member_tag = tag
            if tag in shared:
                member_tag = f"{tag}#{index}"
                while member_tag in taken:
                    member_tag += "#"
                taken.add(member_tag)
            result[index, tag] = member_tag
    return result


def _shape_tests(decl: UnionDecl, member_tags: dict[tuple[int, str], str]) -> str:
    """The ``shapes=`` argument of ``discriminated_union`` (empty when no value is shared)."""
    if not decl.shared_tags:
        return ""
    lines = ["        shapes={\n"]
    for shared in decl.shared_tags:
        lines.append(f"            {pn.py_string(shared.tag)}: [\n")
        for test in shared.candidates:
            required = "".join(pn.py_string(k) + ", " for k in test.required)
            values = ", ".join(
                f"{pn.py_string(k)}: [{', '.join(pn.py_literal(v.value) for v in allowed)}]"
                for k, allowed in test.values
            )
            tag = member_tags[test.variant, shared.tag]
            lines.append(f"                ({pn.py_string(tag)}, ({required}), {{{values}}}),\n")
        lines.append("            ],\n")
    lines.append("        },\n")
    return "".join(lines)


# One pass over generated source: comments, string literals (any prefix, any quotes), names
# and the brackets and colons that tell a dict key or a ``Literal[...]`` value. Much faster
# than ``tokenize`` on the big models modules; generated code is always valid Python.
_SOURCE_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
    |(?P<string>(?P<prefix>[rRbBuUfF]{0,2})(?P<quote>\"\"\"|\'\'\'|\"|\')
        (?P<body>(?:\\.|(?!(?P=quote))[^\\])*)(?P=quote))
    |(?P<name>[A-Za-z_][A-Za-z0-9_]*)
    |(?P<op>[\[\](){}:])""",
    re.S | re.X,
)
_IDENTIFIER = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")
# A string annotation (``"Optional[Foo]"``, once its quoted Literal values are removed); a path
# or a header name is none.
_ANNOTATION = re.compile(r"^[A-Za-z_][\w.\[\], |]*$")


def _names_used(code: str) -> set[str]:
    """The identifiers ``code`` uses: names, and names inside string annotations
    (``"AccountType"`` in a TypedDict), but not comments, docstrings, dict keys (a property
    named ``TaxType`` is no use of the class), other strings (``"/Setup"``) or ``Literal[...]``
    values. The fields of an f-string count."""
    tokens = [m for m in _SOURCE_TOKEN.finditer(code) if m.lastgroup != "comment"]
    used: set[str] = set()
    brackets: list[bool] = []  # per open bracket: inside ``Literal[...]``
    for index, token in enumerate(tokens):
        kind, text = token.lastgroup, token.group()
        if kind == "name":
            used.add(text)
        elif kind == "op" and text in "([{":
            literal = text == "[" and index > 0 and tokens[index - 1].group() == "Literal"
            brackets.append(literal or bool(brackets and brackets[-1]))
        elif kind == "op" and text in ")]}":
            if brackets:
                brackets.pop()
        elif kind == "string" and not (brackets and brackets[-1]):
            prefix, quote, body = token.group("prefix"), token.group("quote"), token.group("body")
            following = tokens[index + 1].group() if index + 1 < len(tokens) else ""
            if "f" in prefix.lower():
                used.update(_IDENTIFIER.findall(body))  # the fields of an f-string
            elif len(quote) == 3 or following == ":" or "b" in prefix.lower():
                continue  # a docstring, a dict key or bytes
            else:
                value = re.sub(r"\"[^\"]*\"|'[^']*'", "", body.replace("\\\"", '"'))
                if _ANNOTATION.match(value):
                    used.update(_IDENTIFIER.findall(value))
    return used


def import_block(code: str, sources: list[tuple[str, list[str]]]) -> str:
    """Import lines for exactly the names ``code`` uses (pyright strict rejects unused
    imports). ``sources``: ``(module, names)``; a name equal to the module means ``import m``."""
    used = _names_used(code)
    plain: list[str] = []
    std: list[str] = []
    third: list[str] = []
    local: list[str] = []
    stdlib = {"typing", "functools", "os", "__future__"}
    for module, names in sources:
        wanted = sorted({n for n in names if n in used}, key=lambda n: (n.lower(), n))
        if not wanted:
            continue
        if wanted == [module]:
            plain.append(f"import {module}")
            continue
        if len(", ".join(wanted)) + len(module) + 14 <= 100:
            line = f"from {module} import {', '.join(wanted)}"
        else:
            line = f"from {module} import (\n" + "".join(f"    {n},\n" for n in wanted) + ")"
        bucket = local if module.startswith(".") else std if module in stdlib else third
        bucket.append(line)
    groups = [sorted(plain + std), third, local]
    return "\n\n".join("\n".join(g) for g in groups if g) + "\n"


TYPING = (
    "typing",
    [
        "TYPE_CHECKING",
        "Any",
        "ClassVar",
        "Dict",
        "List",
        "Mapping",
        "Optional",
        "Sequence",
        "Union",
        "cast",
    ],
)
TYPING_EXT = (
    "typing_extensions",
    ["Annotated", "Literal", "Required", "TypeAlias", "TypeAliasType", "TypedDict"],
)
