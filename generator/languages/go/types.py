"""Go type expressions and declarations for the IR's types: the response side (plain values, a
``JSON`` metadata struct, lenient decoding) and the request side (``…Param`` twins with
``param.Opt`` fields and ``omitzero``). Every identifier comes from :mod:`naming`; every spec
string through its escaping functions."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec, TypeVar

from generator.ir import (
    IR,
    AliasDecl,
    AnyType,
    ArrayType,
    EnumDecl,
    LiteralType,
    MapType,
    ModelDecl,
    Name,
    NullableType,
    NullType,
    Property,
    RefType,
    ScalarType,
    TypeDecl,
    TypeRef,
    UnionDecl,
    UnionType,
)
from generator.languages.go import naming
from generator.naming import words_of

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

Call = tuple[Callable[..., object], tuple[object, ...], dict[str, object], object, bool]
"""One question a render piece asked :class:`GoTypes`: (method, arguments, answer, whether the
answer read the names claimed so far; if not, it follows from the declarations alone)."""


def _recorded(method: Callable[Concatenate[GoTypes, P], R]) -> Callable[Concatenate[GoTypes, P], R]:
    """A question render pieces ask: while a piece is recorded (``GoTypes.recording``), its
    calls are logged with their answers, the only state the piece reads. A
    question about a leaf type (a scalar, a literal, any, null) has the same answer in every
    state, so it is not logged."""

    @functools.wraps(method)
    def wrapper(self: GoTypes, /, *args: P.args, **kwargs: P.kwargs) -> R:
        log = self._log
        if log is None or isinstance(args[0], _LEAVES):
            return method(self, *args, **kwargs)
        claims = self._claims
        result = method(self, *args, **kwargs)
        log.append((method, args, kwargs, result, self._claims != claims))
        return result

    return wrapper

_LEAVES = (ScalarType, LiteralType, AnyType, NullType)
SCALARS = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}
# By the IR's JsonLiteral.kind: a literal's Go type, and its respjson.Kind… suffix.
_LITERAL_GO_TYPES = {"string": "string", "integer": "int64", "number": "float64",
                     "boolean": "bool"}
_LITERAL_JSON_KINDS = {"string": "String", "integer": "Integer", "number": "Number",
                       "boolean": "Bool"}
_ENUM_BASES = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}


class GoRenderError(ValueError):
    """The IR holds something this backend cannot express (names the IR location)."""


@dataclass
class Imports:
    """The packages one file uses, recorded as its code is built (imports are data)."""

    paths: set[str] = field(default_factory=set)

    def use(self, path: str) -> None:
        self.paths.add(path)

    def block(self, module: str) -> str:
        std = sorted(p for p in self.paths if not p.startswith("/"))
        local = sorted(module + p for p in self.paths if p.startswith("/"))
        if not std and not local:
            return ""
        lines = [f"\t{naming.string_literal(p)}\n" for p in std]
        if std and local:
            lines.append("\n")
        lines += [f"\t{naming.string_literal(p)}\n" for p in local]
        return "import (\n" + "".join(lines) + ")\n"


def aligned(rows: list[tuple[str, list[str]]], indent: str = "\t") -> str:
    """Struct fields laid out exactly as gofmt does: each row is (comment, cells); a comment
    starts a new alignment block, and within a block every cell but the last is padded to the
    block's widest plus one space."""
    blocks: list[list[tuple[str, list[str]]]] = []
    for row in rows:
        if row[0] or not blocks or len(blocks[-1][-1][1]) != len(row[1]):
            blocks.append([])
        blocks[-1].append(row)
    out: list[str] = []
    for block in blocks:
        rows_cells = [cells for _, cells in block]  # one length in a block
        widths = [max(map(len, column)) for column in zip(*rows_cells, strict=True)]
        if widths:
            widths[-1] = 0  # the last cell is not padded
        for doc, cells in block:
            out.append(doc)
            out.append(indent + " ".join(map(str.ljust, cells, widths)) + "\n")
    return "".join(out)


class GoTypes:
    """The Go name of every declaration, its request twin, and the inline unions, unique in
    the root package."""

    def __init__(self, ir: IR, package: naming.Namespace,
                 out_names: tuple[str, ...] | None = None) -> None:
        """``out_names``: the declarations' names as claimed in this package before (the
        render memo's), else claimed here."""
        self.ir = ir
        self.decls: dict[str, TypeDecl] = ir.types_by_id()
        self.package = package
        if out_names is None:
            out_names = tuple(package.claim(naming.exported(decl.name)) for decl in ir.types)
        else:
            package.claim_all(out_names)
        self.out_names: dict[str, str] = dict(zip((d.id for d in ir.types), out_names,
                                                  strict=True))
        self.in_names: dict[str, str] = {}
        self.unknown_names: dict[str, str] = {}
        # Inline unions get a named struct each, keyed by their variants.
        self.inline_out: dict[tuple[TypeRef, ...], str] = {}
        self.inline_in: dict[tuple[TypeRef, ...], str] = {}
        self.inline_hints: dict[tuple[TypeRef, ...], str] = {}
        self.inline_done_out: set[tuple[TypeRef, ...]] = set()
        self.inline_done_in: set[tuple[TypeRef, ...]] = set()
        self._reach: dict[str, frozenset[str]] = {}
        self._in_reach: dict[str, frozenset[str]] = {}
        self._twin_needed: dict[str, bool] = {}
        self.imports = Imports()
        self._log: list[Call] | None = None
        self._claims = 0
        """How many times a name was claimed or looked up among the claimed ones."""

    # ------------------------------------------------------------------ render pieces

    def recording(self, compute: Callable[[], T]) -> tuple[T, tuple[Call, ...]]:
        """``compute()`` and every question it asked of this object, with the answers."""
        assert self._log is None, "render pieces do not nest"
        self._log = []
        try:
            value = compute()
        finally:
            log, self._log = self._log, None
        return value, tuple(log)

    def replay(self, calls: tuple[Call, ...]) -> tuple[int, object] | None:
        """Ask ``calls`` again, in order, of this run's state: None when every answer is the
        recorded one (the state then moved on exactly as computing the piece would move it).
        Otherwise the first differing (index, answer), and the state is as before. (With
        the declarations unchanged, the questions about claimed names are enough: the others
        are answered by the declarations alone.)"""
        mark = self._mark()
        for index, (method, args, kwargs, result, _claims) in enumerate(calls):
            answer = method(self, *args, **kwargs)
            if answer != result:
                self._undo(mark)
                return index, answer
        return None

    def _mark(self) -> tuple[int, ...]:
        return (len(self.package.claimed), len(self.in_names), len(self.unknown_names),
                len(self.inline_out), len(self.inline_in), len(self.inline_hints))

    def _undo(self, mark: tuple[int, ...]) -> None:
        # The dicts only grow, in insertion order: undoing drops their newest entries. The
        # caches (_reach, _in_reach, _twin_needed) hold facts of the IR, right either way.
        self.package.undo(mark[0])
        tables: list[dict[Any, str]] = [self.in_names, self.unknown_names, self.inline_out,
                                        self.inline_in, self.inline_hints]
        for table, size in zip(tables, mark[1:], strict=True):
            while len(table) > size:
                table.popitem()

    def _out_name(self, decl_id: str) -> str | None:
        return self.out_names.get(decl_id)

    def _name_of(self, decl_id: str) -> str:
        """The response type's name of a declaration of the IR."""
        return self.out_names[decl_id]

    def _decl_of(self, decl_id: str) -> TypeDecl | None:
        return self.decls.get(decl_id)

    def _claim(self, text: str) -> str:
        """A name in the root package."""
        self._claims += 1
        return self.package.claim(text)

    # ------------------------------------------------------------------ helpers

    def _decl(self, ref_id: str, where: str) -> TypeDecl:
        try:
            return self.decls[ref_id]
        except KeyError:
            raise GoRenderError(f"{where}: reference to unknown type id {ref_id!r}") from None

    def _resolve(self, ref: TypeRef, seen: frozenset[str] = frozenset()) -> TypeRef:
        """Follows aliases and nullability to what the JSON value is."""
        while True:
            if isinstance(ref, NullableType):
                ref = ref.inner
            elif isinstance(ref, RefType) and ref.id not in seen:
                decl = self.decls.get(ref.id)
                if isinstance(decl, AliasDecl):
                    seen = seen | {ref.id}
                    ref = decl.target
                else:
                    return ref
            else:
                return ref

    def _value_refs(self, ref: TypeRef) -> set[str]:
        """Declarations a response field of this type holds by value (not behind a slice or
        map): a model inside a model."""
        ref = ref.inner if isinstance(ref, NullableType) else ref
        if isinstance(ref, RefType):
            decl = self.decls.get(ref.id)
            if isinstance(decl, ModelDecl):
                return {ref.id}
            if isinstance(decl, AliasDecl):
                return self._value_refs(decl.target) | {ref.id}
        return set()

    def reach(self, decl_id: str) -> frozenset[str]:
        """Every declaration held by value from ``decl_id``, transitively."""
        if decl_id in self._reach:
            return self._reach[decl_id]
        found: set[str] = set()
        stack = [decl_id]
        while stack:
            current = self.decls.get(stack.pop())
            refs: set[str] = set()
            if isinstance(current, ModelDecl):
                for prop in current.properties:
                    refs |= self._value_refs(prop.type)
            elif isinstance(current, AliasDecl):
                refs |= self._value_refs(current.target)
            for ref_id in refs - found:
                found.add(ref_id)
                stack.append(ref_id)
        self._reach[decl_id] = frozenset(found)
        return self._reach[decl_id]

    def _in_name(self, decl: TypeDecl) -> str:
        """The request twin's name (``MessageItemParam``), or the declaration's own name when
        the request side can use it as is (enums, aliases of plain data)."""
        self._claims += 1
        if decl.id in self.in_names:
            return self.in_names[decl.id]
        if isinstance(decl, EnumDecl) or (isinstance(decl, AliasDecl)
                                          and not self.twin_needed(decl.id)):
            name = self.out_names[decl.id]
        else:
            name = self.package.claim(self.out_names[decl.id] + "Param")
        self.in_names[decl.id] = name
        return name

    def twin_needed(self, decl_id: str, seen: frozenset[str] = frozenset()) -> bool:
        """Whether the request side needs its own type: it holds a model or union somewhere."""
        if decl_id in self._twin_needed:
            return self._twin_needed[decl_id]
        decl = self.decls.get(decl_id)
        if isinstance(decl, (ModelDecl, UnionDecl)):
            result = True
        elif isinstance(decl, AliasDecl) and decl_id not in seen:
            result = self._holds_twin(decl.target, seen | {decl_id})
        else:
            result = False
        self._twin_needed[decl_id] = result
        return result

    def _holds_twin(self, ref: TypeRef, seen: frozenset[str]) -> bool:
        if isinstance(ref, (NullableType,)):
            return self._holds_twin(ref.inner, seen)
        if isinstance(ref, ArrayType):
            return self._holds_twin(ref.items, seen)
        if isinstance(ref, MapType):
            return self._holds_twin(ref.values, seen)
        if isinstance(ref, UnionType):
            return True
        if isinstance(ref, RefType):
            return self.twin_needed(ref.id, seen)
        return False

    def _unknown_name(self, union_name: str, key: str) -> str:
        self._claims += 1
        if key not in self.unknown_names:
            self.unknown_names[key] = self.package.claim(f"Unknown{union_name}")
        return self.unknown_names[key]

    # ------------------------------------------------------------------ type expressions

    def _out_type(self, ref: TypeRef, where: str, owner: str | None = None,
                 hint: str = "Union") -> str:
        """The response-side Go type. ``owner``: the model holding the field (a model that
        holds its owner by value is a pointer, or the type would be infinite)."""
        if isinstance(ref, ScalarType):
            return SCALARS[ref.scalar]
        if isinstance(ref, (NullType, AnyType)):
            return "any"
        if isinstance(ref, LiteralType):
            return literal_go_type(ref)
        if isinstance(ref, ArrayType):
            return "[]" + self._out_type(ref.items, where, None, hint)
        if isinstance(ref, MapType):
            return "map[string]" + self._out_type(ref.values, where, None, hint)
        if isinstance(ref, NullableType):
            return self._out_type(ref.inner, where, owner, hint)
        if isinstance(ref, UnionType):
            self._claims += 1
            key = ref.variants
            if key not in self.inline_out:
                self.inline_hints.setdefault(key, hint)
                self.inline_out[key] = self.package.claim(hint)
            return self.inline_out[key]
        if isinstance(ref, RefType):
            decl = self._decl(ref.id, where)
            name = self.out_names[decl.id]
            if owner is not None and (ref.id == owner or owner in self.reach(ref.id)):
                return "*" + name
            return name
        raise GoRenderError(f"{where}: unsupported IR type kind {getattr(ref, 'kind', ref)!r}")

    def _in_type(self, ref: TypeRef, where: str, hint: str = "UnionParam") -> str:
        """The request-side Go type of a value (required fields, list items, map values)."""
        if isinstance(ref, ScalarType):
            return SCALARS[ref.scalar]
        if isinstance(ref, (NullType, AnyType)):
            return "any"
        if isinstance(ref, LiteralType):
            return literal_go_type(ref)
        if isinstance(ref, ArrayType):
            return "[]" + self._in_type(ref.items, where, hint)
        if isinstance(ref, MapType):
            return "map[string]" + self._in_type(ref.values, where, hint)
        if isinstance(ref, NullableType):
            return self._in_type(ref.inner, where, hint)
        if isinstance(ref, UnionType):
            self._claims += 1
            key = ref.variants
            if key not in self.inline_in:
                self.inline_hints.setdefault(key, hint.removesuffix("Param"))
                self.inline_in[key] = self.package.claim(hint)
            return self.inline_in[key]
        if isinstance(ref, RefType):
            return self._in_name(self._decl(ref.id, where))
        raise GoRenderError(f"{where}: unsupported IR type kind {getattr(ref, 'kind', ref)!r}")

    def _in_category(self, ref: TypeRef) -> str:
        """How a request value is held when it may be absent: ``opt`` (scalars and enums, in a
        ``param.Opt``), ``struct`` (a model or union twin, behind a pointer) or ``nilable``
        (slices, maps, any: nil is absent)."""
        ref = ref.inner if isinstance(ref, NullableType) else ref
        if isinstance(ref, (ScalarType, LiteralType)):
            return "nilable" if literal_go_type(ref) == "any" else "opt"
        if isinstance(ref, UnionType):
            return "struct"
        if isinstance(ref, RefType):
            decl = self.decls.get(ref.id)
            if isinstance(decl, EnumDecl):
                return "nilable" if decl.base == "mixed" else "opt"
            if isinstance(decl, (ModelDecl, UnionDecl)):
                return "struct"
            if isinstance(decl, AliasDecl):
                target = self._resolve(ref)
                if target is ref:  # an alias cycle: leave it to the encoder
                    return "nilable"
                return self._in_category(target)
        return "nilable"

    def _in_field_type(self, prop_type: TypeRef, required: bool, where: str,
                      hint: str, owner: str | None = None) -> tuple[str, bool]:
        """(Go type, omitzero) of a params field. A nullable field of any kind is a
        ``param.Opt``, so ``param.Null[T]()`` sends null; ``owner``: the model whose twin holds
        the field (an Opt of a struct that holds the owner by value holds a pointer instead,
        or the type would be infinite)."""
        inner = self._in_type(prop_type, where, hint)
        category = self._in_category(prop_type)
        nullable = isinstance(prop_type, NullableType)
        if nullable and category == "struct":
            self.imports.use("/param")
            held = self._in_held(prop_type)
            if owner is not None and (owner in held
                                      or any(owner in self.in_reach(i) for i in held)):
                inner = "*" + inner
            return f"param.Opt[{inner}]", not required
        if category == "struct":
            return "*" + inner, not required
        if nullable or (category == "opt" and not required):
            self.imports.use("/param")
            return f"param.Opt[{inner}]", not required
        return inner, not required

    def _in_held(self, ref: TypeRef, seen: frozenset[str] = frozenset()) -> set[str]:
        """Declarations whose request twin a request value of this type holds by value."""
        if isinstance(ref, NullableType):
            return self._in_held(ref.inner, seen)
        if isinstance(ref, RefType) and ref.id not in seen:
            decl = self.decls.get(ref.id)
            if isinstance(decl, AliasDecl):
                return {ref.id} | self._in_held(decl.target, seen | {ref.id})
            if isinstance(decl, (ModelDecl, UnionDecl)):
                return {ref.id}
        return set()

    def in_reach(self, decl_id: str) -> frozenset[str]:
        """Every request twin held by value from ``decl_id``'s, transitively: through the
        ``param.Opt`` of its nullable model fields (other model fields are pointers)."""
        if decl_id in self._in_reach:
            return self._in_reach[decl_id]
        found: set[str] = set()
        stack = [decl_id]
        while stack:
            current = self.decls.get(stack.pop())
            refs: set[str] = set()
            if isinstance(current, ModelDecl):
                for prop in current.properties:
                    if (not prop.read_only and isinstance(prop.type, NullableType)
                            and self._in_category(prop.type) == "struct"):
                        refs |= self._in_held(prop.type)
            elif isinstance(current, AliasDecl):
                refs |= self._in_held(current.target)
            for ref_id in refs - found:
                found.add(ref_id)
                stack.append(ref_id)
        self._in_reach[decl_id] = frozenset(found)
        return self._in_reach[decl_id]

    # The questions render pieces ask (recorded; calls inside this class go to the
    # implementations directly).
    out_name = _recorded(_out_name)
    name_of = _recorded(_name_of)
    decl_of = _recorded(_decl_of)
    claim = _recorded(_claim)
    decl = _recorded(_decl)
    resolve = _recorded(_resolve)
    in_name = _recorded(_in_name)
    unknown_name = _recorded(_unknown_name)
    out_type = _recorded(_out_type)
    in_type = _recorded(_in_type)
    in_category = _recorded(_in_category)
    in_field_type = _recorded(_in_field_type)


def literal_go_type(ref: ScalarType | LiteralType) -> str:
    if isinstance(ref, ScalarType):
        return SCALARS[ref.scalar]
    return _LITERAL_GO_TYPES.get(ref.value.kind, "any")


def go_value(value: object) -> str | None:
    """A Go constant for a JSON scalar (None for null, arrays and objects)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return naming.string_literal(value)
    return None


def property_names(props: tuple[Property, ...]) -> list[str]:
    """The Go field names of a model's (or a params struct's) properties, unique there."""
    scope = naming.Namespace(naming.STRUCT_MEMBERS)
    return [scope.claim(naming.exported(p.name)) for p in props]


def variant_stem(types: GoTypes, ref: TypeRef, tags: tuple[str, ...] = ()) -> str:
    """The ``X`` of a union's ``AsX``/``OfX``: the tag for a discriminated member, else what
    the member is (``String``, ``MessageItem``, ``StringArray``)."""
    if tags and words_of(tags[0]):
        return naming.exported(Name(words_of(tags[0])))
    if isinstance(ref, NullableType):
        return variant_stem(types, ref.inner)
    if isinstance(ref, ScalarType):
        return {"string": "String", "integer": "Int", "number": "Float",
                "boolean": "Bool"}[ref.scalar]
    if isinstance(ref, LiteralType):
        return "Literal"
    if isinstance(ref, ArrayType):
        return variant_stem(types, ref.items) + "Array"
    if isinstance(ref, MapType):
        return variant_stem(types, ref.values) + "Map"
    if isinstance(ref, RefType) and (name := types.out_name(ref.id)) is not None:
        return name
    return "Any" if isinstance(ref, (AnyType, NullType)) else "Variant"


def json_kinds(types: GoTypes, ref: TypeRef, depth: int = 0) -> set[str]:
    """The JSON kinds a value of this type can be (``respjson.Kind…`` suffixes)."""
    ref = types.resolve(ref)
    everything = {"String", "Integer", "Number", "Bool", "Array", "Object"}
    if depth > 4:  # unions of unions of ...: anything
        return everything
    if isinstance(ref, ScalarType):
        return {"string": {"String"}, "integer": {"Integer"}, "number": {"Integer", "Number"},
                "boolean": {"Bool"}}[ref.scalar]
    if isinstance(ref, LiteralType):
        kind = _LITERAL_JSON_KINDS.get(ref.value.kind)
        return {kind} if kind else set()
    if isinstance(ref, ArrayType):
        return {"Array"}
    if isinstance(ref, MapType):
        return {"Object"}
    if isinstance(ref, RefType):
        decl = types.decl_of(ref.id)
        if isinstance(decl, ModelDecl):
            return {"Object"}
        if isinstance(decl, EnumDecl):
            base = {"string": {"String"}, "integer": {"Integer"}, "number": {"Integer", "Number"},
                    "boolean": {"Bool"}}
            return base.get(decl.base, everything)
        if isinstance(decl, UnionDecl):
            if decl.discriminator is not None:
                return {"Object"}
            found: set[str] = set()
            for variant in decl.variants:
                inner = types.resolve(variant.type)
                if isinstance(inner, RefType) and inner.id == decl.id:
                    continue
                if isinstance(inner, RefType) and isinstance(types.decl_of(inner.id),
                                                             UnionDecl):
                    found |= everything  # a union of unions: no need to look deeper
                else:
                    found |= json_kinds(types, inner, depth + 1)
            return found
    if isinstance(ref, UnionType):
        return set().union(*(json_kinds(types, v, depth + 1) for v in ref.variants))
    return everything


def enum_base(decl: EnumDecl) -> str | None:
    return _ENUM_BASES.get(decl.base)
