"""Python names of the IR's declarations and the TypeRef → type expression function.

:class:`DeclNames` gives every declaration its final class name(s), unique across the types
package; :class:`TypeRenderer` turns a ``TypeRef`` into a Python type expression (output side:
pydantic models, ``List``/``Dict``; input side: ``TypedDict`` params, ``Sequence``/``Mapping``)
and records every name it writes in an :class:`~.imports.Imports` collector.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.ir import (
    IR,
    AnyType,
    ArrayType,
    EnumDecl,
    LiteralType,
    MapType,
    ModelDecl,
    NullableType,
    NullType,
    RefType,
    ScalarType,
    TypeDecl,
    TypeRef,
    UnionDecl,
    UnionType,
)
from generator.languages.python import naming as pn
from generator.languages.python.imports import Imports

_SCALAR_PY = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


@dataclass
class DeclNames:
    """Final Python names of every declaration (unique across the types package)."""

    cls: dict[str, str] = field(default_factory=dict)
    param: dict[str, str] = field(default_factory=dict)
    unknown: dict[str, str] = field(default_factory=dict)


def decl_names(ir: IR, reserved: frozenset[str] = frozenset()) -> DeclNames:
    """``reserved``: the client class names (see :func:`pn.class_name`)."""
    return decl_names_of(ir.types, reserved)


def decl_names_of(types: tuple[TypeDecl, ...], reserved: frozenset[str]) -> DeclNames:
    """:func:`decl_names` of the declarations ``types`` (:attr:`IR.types`)."""
    names = DeclNames()
    taken: set[str] = set(reserved)

    def claim(text: str) -> str:
        while text in taken:
            text += "_"
        taken.add(text)
        return text

    for decl in types:
        names.cls[decl.id] = claim(pn.class_name(decl.name, reserved))
    for decl in types:
        if isinstance(decl, UnionDecl) and decl.discriminator is not None:
            names.unknown[decl.id] = claim("Unknown" + names.cls[decl.id])
    for decl in types:
        if decl.usage.input and not isinstance(decl, EnumDecl):
            names.param[decl.id] = claim(names.cls[decl.id] + "Param")
    return names


class TypeRenderer:
    """Renders TypeRefs as Python type expressions; each name written is added to
    ``imports``. ``models_at`` / ``params_at``: the module (from the package root) that
    defines the model / param classes, None when it is the module being written."""

    def __init__(
        self,
        decls: dict[str, TypeDecl],
        names: DeclNames,
        imports: Imports,
        *,
        models_at: str | None = ".types",
        params_at: str | None = ".types",
    ) -> None:
        self.decls = decls
        self.names = names
        self.imports = imports
        self.models_at = models_at
        self.params_at = params_at

    def into(self, imports: Imports) -> TypeRenderer:
        """The same renderer, collecting into ``imports``."""
        return TypeRenderer(
            self.decls, self.names, imports, models_at=self.models_at, params_at=self.params_at
        )

    def use(self, name: str) -> str:
        return self.imports.use(name)

    def use_all_for_stream(self) -> None:
        """What every streaming method's body writes."""
        self.imports.use_all(["cast", "FinalRequestOptions"])

    def output(self, ref: TypeRef) -> str:
        return self._render(ref, side="output")

    def input(self, ref: TypeRef) -> str:
        return self._render(ref, side="input")

    def model_class(self, decl_id: str) -> str:
        return self._local(self.models_at, self.names.cls[decl_id])

    def param_class(self, decl_id: str) -> str:
        return self._local(self.params_at, self.names.param[decl_id])

    def _local(self, module: str | None, name: str) -> str:
        return name if module is None else self.imports.use_from(module, name)

    def _render(self, ref: TypeRef, side: str) -> str:
        use = self.use
        if isinstance(ref, ScalarType):
            if side == "output" and ref.scalar == "string" and ref.format == "date-time":
                # Parsed by pydantic; loose mode keeps a value that does not parse as its string.
                return self.imports.use_from("datetime", "datetime")
            return _SCALAR_PY[ref.scalar]
        if isinstance(ref, NullType):
            return "None"
        if isinstance(ref, AnyType):
            return use("Any")
        if isinstance(ref, LiteralType):
            return self.literal([ref.value.value])
        if isinstance(ref, ArrayType):
            container = "List" if side == "output" else "Sequence"
            return f"{use(container)}[{self._render(ref.items, side)}]"
        if isinstance(ref, MapType):
            container = "Dict" if side == "output" else "Mapping"
            return f"{use(container)}[str, {self._render(ref.values, side)}]"
        if isinstance(ref, NullableType):
            return f"{use('Optional')}[{self._render(ref.inner, side)}]"
        if isinstance(ref, UnionType):
            parts = list(dict.fromkeys(self._render(v, side) for v in ref.variants))
            return parts[0] if len(parts) == 1 else self.union(parts)
        return self._ref(ref, side)

    def union(self, parts: list[str]) -> str:
        return f"{self.use('Union')}[{', '.join(parts)}]"

    def optional(self, text: str) -> str:
        return f"{self.use('Optional')}[{text}]"

    def _ref(self, ref: RefType, side: str) -> str:
        decl = self.decls[ref.id]
        nullable = isinstance(decl, (EnumDecl, UnionDecl)) and decl.nullable
        if side == "input" and ref.id in self.names.param:
            text = self.param_class(ref.id)
            if isinstance(decl, ModelDecl):
                text = self.union([text, self.model_class(ref.id)])
        else:
            text = self.model_class(ref.id)
        return self.optional(text) if nullable else text

    def literal(self, values: list[object]) -> str:
        """``Literal[...]`` for strings/ints/bools; floats cannot be Literal members."""
        literal = [v for v in values if not isinstance(v, float)]
        floats = len(literal) != len(values)
        parts: list[str] = []
        if literal:
            parts.append(f"{self.use('Literal')}[{', '.join(pn.py_literal(v) for v in literal)}]")
        if floats:
            parts.append("float")
        return parts[0] if len(parts) == 1 else self.union(parts)

    def enum_expression(self, decl: EnumDecl) -> str:
        values = [m.value.value for m in decl.members]
        if values and not any(isinstance(v, float) for v in values):
            return f"{self.use('Annotated')}[{self.literal(values)}, {self.use('OpenEnum')}]"
        return self.literal(values)


def refs_of(ref: TypeRef | None) -> Iterable[str]:
    """The declaration ids ``ref`` refers to (directly or inside containers)."""
    if ref is None:
        return
    if isinstance(ref, RefType):
        yield ref.id
    elif isinstance(ref, ArrayType):
        yield from refs_of(ref.items)
    elif isinstance(ref, MapType):
        yield from refs_of(ref.values)
    elif isinstance(ref, NullableType):
        yield from refs_of(ref.inner)
    elif isinstance(ref, UnionType):
        for v in ref.variants:
            yield from refs_of(v)


def strongly_connected(nodes: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
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
