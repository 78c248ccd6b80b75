"""The types package: ``types/_models.py`` (response models: pydantic classes, open enums,
forward-compatible unions) and ``types/_params.py`` (request shapes: ``TypedDict``s).

Aliases are evaluated at import time, so both modules emit them dependencies first (Tarjan's
SCCs) and use ``TypeAliasType`` with quoted self-references for aliases that recurse.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from generator.ir import AliasDecl, EnumDecl, ModelDecl, Property, TypeDecl, UnionDecl
from generator.languages.python import naming as pn
from generator.languages.python.imports import Imports, ImportSnapshot
from generator.languages.python.pieces import NameFacts, facts_of, import_block
from generator.languages.python.typerefs import (
    DeclNames,
    TypeRenderer,
    refs_of,
    strongly_connected,
)
from generator.render import render_template
from generator.render_memo import RenderMemo

BANNER = (
    "# File generated from the OpenAPI spec by the SDK generator (python -m generator). "
    "Do not edit.\n"
)
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _field_lines(
    t: TypeRenderer, prop: Property, ident: str, type_text: str, *, indent: str = "    "
) -> list[str]:
    alias = prop.wire_name != ident
    if prop.required:
        line = f"{indent}{ident}: {type_text}"
        if alias:
            line += f" = {t.use('Field')}(alias={pn.py_string(prop.wire_name)})"
    else:
        if not type_text.startswith("Optional[") and type_text not in ("Any", "None"):
            type_text = t.optional(type_text)
        line = f"{indent}{ident}: {type_text} = " + (
            f"{t.use('Field')}(default=None, alias={pn.py_string(prop.wire_name)})"
            if alias
            else "None"
        )
    lines = [line]
    doc = pn.py_doc(prop.description)
    if doc:
        lines.append(f'{indent}"""{pn.indent_doc(doc, len(indent))}"""')
    return lines


def _class_doc(decl: TypeDecl, indent: str = "    ") -> list[str]:
    doc = pn.py_doc(decl.description or decl.title)
    return [f'{indent}"""{pn.indent_doc(doc, len(indent))}"""', ""] if doc else []


@dataclass(frozen=True, slots=True)
class _ModelPiece:
    """One declaration's part of ``types/_models.py`` (a memo value: immutable)."""

    id: str
    doc: str
    """An alias's docstring text (written after its block); '' for a model."""
    classes: tuple[str, ...]
    """Class statements (a model, or a discriminated union's unknown member)."""
    alias: str | None
    """The alias text of an enum, alias or union; None for a model."""
    deps: tuple[str, ...]
    static: str | None
    imports: ImportSnapshot


def _model_piece(types: TypeRenderer, decl: TypeDecl) -> _ModelPiece:
    # An alias's docstring is written with its block (a model's is in its class).
    doc = "" if isinstance(decl, ModelDecl) else pn.py_doc(decl.description or decl.title)
    piece = functools.partial(_ModelPiece, decl.id, doc)
    # The renderer collects this piece's imports alone (fewer objects than a renderer each).
    t = types
    imports = t.imports = Imports()
    use = t.use
    cls = t.names.cls[decl.id]
    if isinstance(decl, ModelDecl):
        properties = decl.output_properties()  # a response never holds writeOnly ones
        idents = pn.unique([pn.field_name(p.name) for p in properties])
        body: list[str] = _class_doc(decl)
        for prop, ident in zip(properties, idents, strict=False):
            body.extend(_field_lines(t, prop, ident, t.output(prop.type)))
        if not properties:
            body.append("    pass" if not body else "")
        text = f"class {cls}({use('BaseModel')}):\n" + "\n".join(body).rstrip() + "\n"
        return piece((text,), None, (), None, imports.snapshot())
    if isinstance(decl, EnumDecl):
        return piece((), t.enum_expression(decl), (), None, imports.snapshot())
    if isinstance(decl, AliasDecl):
        alias = t.output(decl.target)
        return piece((), alias, tuple(refs_of(decl.target)), None, imports.snapshot())
    deps = tuple(r for v in decl.variants for r in refs_of(v.type))
    alias, unknown_class = _union(t, decl, cls)
    if unknown_class:
        static = _known_members(t, decl)
        return piece((unknown_class,), alias, deps, static, imports.snapshot())
    return piece((), alias, deps, None, imports.snapshot())


DeclPiece = tuple["_ModelPiece", "_ParamPiece | None"]
"""A declaration's parts of ``types/_models.py`` and (with a param class) ``types/_params.py``."""


def decl_pieces(
    nf: NameFacts,
    memo: RenderMemo,
    decls: list[tuple[TypeDecl, tuple[str, ...]]],
    by_id: dict[str, TypeDecl],
) -> list[DeclPiece]:
    """``decls``: :attr:`IR.types` as :func:`~.pieces.canonical` gives them, with their refs;
    ``by_id``: :meth:`IR.types_by_id`. One piece per declaration, keyed on what it reads: the
    declaration, and the names (and kind) of itself and of every declaration it refers to."""
    names, facts = nf.names, nf.facts
    # Each piece collects its own imports (replayed by the files), so these stay empty.
    models = TypeRenderer(by_id, names, Imports(), models_at=None, params_at=None)
    params = TypeRenderer(by_id, names, Imports(), models_at=".types._models", params_at=None)
    param_ids = names.param

    def compute(decl: TypeDecl) -> DeclPiece:
        param = _param_piece(params, decl) if decl.id in param_ids else None
        return _model_piece(models, decl), param

    return [
        memo.piece(
            f"python:decl:{decl.id}",
            (decl, facts[decl.id], facts_of(facts, refs)),
            functools.partial(compute, decl),
        )
        for decl, refs in decls
    ]


def render_models(nf: NameFacts, memo: RenderMemo, pieces: list[DeclPiece]) -> str:
    """``pieces``: :func:`decl_pieces`, in :attr:`IR.types` order."""
    names = nf.names
    snapshots: list[ImportSnapshot] = []
    docs = {piece.id: piece.doc for piece, _param in pieces}
    classes: list[str] = []
    alias_text: dict[str, str] = {}
    # What type checkers see instead of alias_text (a discriminated union's known members).
    static_text: dict[str, str] = {}
    alias_deps: dict[str, list[str]] = {}
    alias_ids: list[str] = []
    for piece, _param in pieces:
        snapshots.append(piece.imports)
        classes.extend(piece.classes)
        if piece.alias is not None:
            alias_ids.append(piece.id)
            alias_text[piece.id] = piece.alias
            alias_deps[piece.id] = list(piece.deps)
            if piece.static is not None:
                static_text[piece.id] = piece.static
    alias_inputs = tuple(
        (decl_id, names.cls[decl_id], alias_text[decl_id], static_text.get(decl_id),
         tuple(alias_deps[decl_id]), docs[decl_id])
        for decl_id in alias_ids
    )

    def aliases() -> tuple[tuple[str, ...], ImportSnapshot]:
        alias_imports = Imports()
        blocks = _model_alias_blocks(
            alias_imports, names, docs, alias_ids, alias_text, static_text, alias_deps
        )
        return tuple(blocks), alias_imports.snapshot()

    alias_blocks, alias_snapshot = memo.piece("python:model-aliases", alias_inputs, aliases)
    snapshots.append(alias_snapshot)
    return _types_file(memo, "_models.py", "types_models.py.jinja", snapshots, classes,
                       alias_blocks, nf.model_exports)


def _model_alias_blocks(
    imports: Imports,
    names: DeclNames,
    docs: dict[str, str],
    alias_ids: list[str],
    alias_text: dict[str, str],
    static_text: dict[str, str],
    alias_deps: dict[str, list[str]],
) -> list[str]:
    alias_blocks: list[str] = []
    for component, recursive in _alias_order(alias_ids, alias_deps):
        for decl_id in component:
            cls = names.cls[decl_id]
            text = alias_text[decl_id]
            static = static_text.get(decl_id)
            doc = docs[decl_id]
            if recursive:
                group = [names.cls[other] for other in component]
                static = _quote_names(static, group) if static else None
                text = _quote_names(text, group)
                block = _recursive_alias(imports, cls, text, static)
            elif static is not None:
                block = _static_alias(imports, cls, text, static)
            elif text == "None":  # `X = None` is a variable to mypy, not a type
                imports.use("TypeAlias")
                block = f"{cls}: TypeAlias = None"
            else:
                block = f"{cls} = {text}"
            if doc:
                block += f'\n"""{pn.indent_doc(doc, 0)}"""'
            alias_blocks.append(block + "\n")
    return alias_blocks


def _union(types: TypeRenderer, decl: UnionDecl, cls: str) -> tuple[str, str | None]:
    """The alias text of a union, and the class of its unknown member when discriminated."""
    use = types.use
    members: list[str] = []
    member_tags = _member_tags(decl)
    for index, variant in enumerate(decl.variants):
        member = types.output(variant.type)
        if decl.discriminator is None:
            members.append(member)
        else:
            tagged = (pn.py_string(member_tags[index, tag]) for tag in variant.tags)
            members.extend(f"{use('Annotated')}[{member}, {use('Tag')}({t})]" for t in tagged)
    members = list(dict.fromkeys(members))
    if decl.discriminator is None:
        return (members[0] if len(members) == 1 else types.union(members)), None
    unknown = types.names.unknown[decl.id]
    wire = decl.discriminator.property_wire_name
    ident = pn.field_name(decl.discriminator.property_name)
    alias = "" if ident == wire else f", alias={pn.py_string(wire)}"
    unknown_class = (
        f"class {unknown}({use('UnknownVariant')}):\n"
        f'    """A {cls} variant this SDK version does not know yet, kept exactly as '
        f'received\n    (``raw``); ``{ident}`` holds its discriminator value."""\n\n'
        f"    discriminator_property: {use('ClassVar')}[{use('Optional')}[str]] = "
        f"{pn.py_string(wire)}\n"
        # A read-only property to type checkers: a field typed ``Optional[str]`` would conflict
        # with the known members' ``Literal`` ones, and mypy then takes
        # ``isinstance(item, Unknown…)`` for unreachable and skips checking its branch.
        f"    if {use('TYPE_CHECKING')}:\n\n"
        f"        @property\n"
        f"        def {ident}(self) -> Optional[str]:\n"
        f"            return self.discriminator_value\n\n"
        f"    else:\n"
        f"        {ident}: Optional[str] = {use('Field')}(default=None{alias})\n"
    )
    members.append(f"Annotated[{unknown}, Tag({use('UNKNOWN_TAG')})]")
    tags = list(dict.fromkeys(t for v in decl.variants for t in v.tags))
    text = (
        f"Annotated[\n    {use('Union')}[\n"
        + "".join(f"        {m},\n" for m in members)
        + f"    ],\n    {use('discriminated_union')}(\n        {pn.py_string(wire)},\n"
        + "        [\n"
        + "".join(f"            {pn.py_string(t)},\n" for t in tags)
        + "        ],\n"
        + _shape_tests(decl, member_tags)
        + "    ),\n]"
    )
    return text, unknown_class


def _alias_order(
    alias_ids: list[str], alias_deps: dict[str, list[str]]
) -> list[tuple[list[str], bool]]:
    """The aliases' strongly connected components, dependencies first, each with whether it
    recurses (so needs ``TypeAliasType`` and quoted names)."""
    alias_set = set(alias_ids)
    edges = {a: sorted({d for d in alias_deps[a] if d in alias_set}) for a in alias_ids}
    return [
        (component, len(component) > 1 or component[0] in edges[component[0]])
        for component in strongly_connected(alias_ids, edges)
    ]


def _quote_names(text: str, classes: list[str]) -> str:
    """``text`` with each of ``classes`` (aliases of one recursive group) as a forward
    reference string."""
    for name in classes:
        text = re.sub(rf"(?<![\w\"]){re.escape(name)}(?![\w\"])", f'"{name}"', text)
    return text


def _recursive_alias(imports: Imports, cls: str, text: str, static: str | None = None) -> str:
    """A self-referential alias: mypy understands a plain recursive alias, pydantic needs a
    TypeAliasType at runtime. ``static``: what type checkers see, when not ``text``."""
    imports.use_all(["TYPE_CHECKING", "TypeAlias", "TypeAliasType"])
    return (
        f"if TYPE_CHECKING:\n    {cls}: TypeAlias = {static or text}\n"
        f"else:\n    {cls} = TypeAliasType({pn.py_string(cls)}, {text})"
    )


def _static_alias(imports: Imports, cls: str, text: str, static: str) -> str:
    """An alias whose runtime value (what pydantic validates) differs from what type checkers
    see (see :func:`_known_members`)."""
    imports.use_all(["TYPE_CHECKING", "TypeAlias"])
    indented = text.replace("\n", "\n    ")
    return f"if TYPE_CHECKING:\n    {cls}: TypeAlias = {static}\nelse:\n    {cls} = {indented}"


def _known_members(types: TypeRenderer, decl: UnionDecl) -> str:
    """What type checkers see of a discriminated union: its known members only.

    Python cannot type "a ``str`` other than these literals", so with the unknown member in
    the static union (its ``type: str``) ``if item.type == "text": item.text`` would not narrow
    under mypy or pyright. At runtime the unknown member is still there (``discriminated_union``
    sends every unknown tag to it), so an unknown variant is kept, never coerced; it is reached
    with ``is_unknown(item)`` or ``isinstance(item, Unknown…)`` (see the README).
    """
    members = list(dict.fromkeys(types.output(v.type) for v in decl.variants))
    if len(members) == 1:
        return members[0]
    return f"{types.use('Union')}[\n" + "".join(f"        {m},\n" for m in members) + "    ]"


def _typed_dict(
    t: TypeRenderer, prop_lines: list[tuple[Property, str]], cls: str, doc: str
) -> str:
    """Class syntax when every key is a plain identifier, else the functional form (keys
    are always wire names: TypedDicts describe the JSON that is sent)."""
    t.use("TypedDict")
    if any(p.required for p, _ in prop_lines):
        t.use("Required")
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


@dataclass(frozen=True, slots=True)
class _ParamPiece:
    """One declaration's part of ``types/_params.py`` (a memo value: immutable)."""

    typed_dict: str | None
    alias: str | None
    deps: tuple[str, ...]
    imports: ImportSnapshot


def _param_piece(types: TypeRenderer, decl: TypeDecl) -> _ParamPiece:
    t = types
    imports = t.imports = Imports()
    param_cls = t.names.param[decl.id]
    doc = pn.py_doc(decl.description or decl.title)
    if isinstance(decl, ModelDecl):
        lines = [(p, t.input(p.type)) for p in decl.input_properties()]
        return _ParamPiece(_typed_dict(t, lines, param_cls, doc), None, (), imports.snapshot())
    if isinstance(decl, AliasDecl):
        alias = t.input(decl.target)
        return _ParamPiece(None, alias, tuple(refs_of(decl.target)), imports.snapshot())
    if isinstance(decl, UnionDecl):
        parts = list(dict.fromkeys(t.input(v.type) for v in decl.variants))
        alias = parts[0] if len(parts) == 1 else t.union(parts)
        deps = tuple(r for v in decl.variants for r in refs_of(v.type))
        return _ParamPiece(None, alias, deps, imports.snapshot())
    # Unreachable for the IR's kinds (enums have no param class); a missing alias text would
    # fail the same way the original loop did.
    return _ParamPiece(None, None, (), imports.snapshot())


def render_params(nf: NameFacts, memo: RenderMemo, pieces: list[DeclPiece]) -> str:
    """Like :func:`render_models`."""
    names = nf.names
    snapshots: list[ImportSnapshot] = []
    blocks_typed: list[str] = []
    alias_ids: list[str] = []
    alias_text: dict[str, str] = {}
    alias_deps: dict[str, list[str]] = {}
    for model, piece in pieces:
        if piece is None:
            continue
        snapshots.append(piece.imports)
        if piece.typed_dict is not None:
            blocks_typed.append(piece.typed_dict)
            continue
        alias_ids.append(model.id)
        if piece.alias is not None:
            alias_text[model.id] = piece.alias
            alias_deps[model.id] = list(piece.deps)
    alias_inputs = tuple(
        (decl_id, names.param[decl_id], alias_text[decl_id], tuple(alias_deps[decl_id]))
        for decl_id in alias_ids
    )

    def aliases() -> tuple[tuple[str, ...], ImportSnapshot]:
        alias_imports = Imports()
        alias_blocks: list[str] = []
        # Aliases may refer to TypedDict classes (fine: defined first) and to each other.
        for component, recursive in _alias_order(alias_ids, alias_deps):
            for decl_id in component:
                cls = names.param[decl_id]
                text = alias_text[decl_id]
                if recursive:
                    text = _quote_names(text, [names.param[other] for other in component])
                    alias_blocks.append(_recursive_alias(alias_imports, cls, text) + "\n")
                else:
                    alias_blocks.append(f"{cls} = {text}\n")
        return tuple(alias_blocks), alias_imports.snapshot()

    alias_blocks, alias_snapshot = memo.piece("python:param-aliases", alias_inputs, aliases)
    snapshots.append(alias_snapshot)
    return _types_file(memo, "_params.py", "types_params.py.jinja", snapshots, blocks_typed,
                       alias_blocks, nf.param_exports)


def _types_file(
    memo: RenderMemo, name: str, template: str, snapshots: list[ImportSnapshot],
    classes: list[str], aliases: tuple[str, ...], exports: tuple[str, ...],
) -> str:
    """``types/<name>``: the import block every piece's imports make, its classes, then its
    aliases; reused while all of them are unchanged."""
    block = import_block(memo, f"python:imports:types/{name}", tuple(snapshots), ".types")
    return memo.piece(
        f"python:file:types/{name}",
        (tuple(classes), aliases, block, exports),
        lambda: render_template(
            "python", template, banner=BANNER, classes=classes, aliases=aliases,
            imports=block, exports=list(exports),
        ),
    )


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
