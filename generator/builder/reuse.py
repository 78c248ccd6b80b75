"""Reusing the last build's work in the next build of one session (``parley watch``).

:class:`IrReuse` holds what the last successful :func:`~generator.builder.build.build_ir` of a
session computed, each piece with the inputs it was computed from; the next build reuses a
piece only when those inputs are the same, so its IR and diagnostics are a fresh build's:

- **The ``$ref`` check** (``Resolver.check_all_refs``): the references inside each path item
  and each component schema whose text is unchanged are looked up again instead of walking
  it; any problem at all and the whole document is checked the ordinary way.
- **The component phase** (ids and names of every component schema, every declaration built
  from them, the alias-cycle check): a function of the config, ``components/schemas``, what it
  read elsewhere in the document (each ``$ref`` target and ``reachable`` pointer, recorded in
  the :class:`~.context.ReadLog`; a phase that walked the whole document is never reused),
  and the diagnostics recorded before it (they decide which of its own are duplicates). Its
  end state (registry, names) is restored from a copy; its diagnostics are recorded again.
- **Usage** (:func:`~.usage.with_usage`): the edges of each unchanged declaration, and the
  declaration-with-usage objects, so unchanged declarations are the last IR's objects.

"The same" is equality of the data's exact text (:func:`text_of`: ``marshal``, else
``repr``), which unlike ``==`` tells ``1``, ``1.0`` and ``true`` apart and sees key order.
(The loader's ``YamlFloat`` keeps its text beside the float; only ``info.version`` reads it,
and that is never reused.) Operations are replayed (:meth:`IrReuse.operation`) when their
text, and everything of the registry and the document they read, is the same.
"""

from __future__ import annotations

import contextlib
import dataclasses
import marshal
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import unquote

from generator.builder.context import HTTP_METHODS
from generator.builder.usage import UsageMemo
from generator.diagnostics import Diagnostic, Diagnostics, GenerationError, pointer
from generator.ir import TypeDecl
from generator.naming import Scope
from generator.resolve import _NAME_MAPS, Resolver

if TYPE_CHECKING:
    from generator.builder.context import BuildContext, ReadLog
    from generator.builder.declarations import Declarations
    from generator.config import SdkConfig
    from generator.pagination import Paginator

T = TypeVar("T")

_MISSING = "<missing>"
_SCHEMAS_PREFIX = "/components/schemas/"
_PLAIN_SCHEMA_REF = "#/components/schemas/"

Path = tuple[str | int, ...]
Text = bytes | str
Reprs = dict[Path, Text]
"""The text (:func:`text_of`) of each path item and component schema (mappings), by path."""
_Reads = tuple[tuple[str, Text], ...]
RefRecords = dict[Path, tuple[Text, tuple[str, ...]]]
"""Path item or component schema (its path) -> (its repr, the ``$ref``s inside it)."""


class RecordingResolver(Resolver):
    """A Resolver that notes, while its ``log`` is active, each reference it looks up and
    whether it indexed the whole document's anchors."""

    def __init__(self, document: dict[str, Any], diags: Diagnostics, log: ReadLog) -> None:
        super().__init__(document, diags)
        self.log = log

    def lookup(self, ref: str, where: str) -> Any:
        if self.log.active:
            self.log.refs.add(ref)
        return super().lookup(ref, where)

    def _anchor_index(self) -> dict[str, list[str]]:
        if self.log.active:
            self.log.whole_document = True
        return super()._anchor_index()


@dataclasses.dataclass(frozen=True)
class _ComponentInputs:
    config: SdkConfig
    source: str
    before: tuple[Diagnostic, ...]
    schemas: tuple[tuple[str, Text], ...]  # (repr of key, repr of schema), in spec order


@dataclasses.dataclass(frozen=True)
class _ComponentState:
    """The registry as the component phase left it, and what the phase recorded."""

    decls: dict[str, TypeDecl]
    component_ids: dict[str, str]
    decl_names: dict[str, Any]
    taken: frozenset[str]
    suffix: dict[str, int]
    pointer_ids: dict[str, str]
    queued: frozenset[str]
    diagnostics: tuple[Diagnostic, ...]
    refs: tuple[tuple[str, Text], ...]  # (ref, repr of its target) outside components/schemas
    reachable: tuple[tuple[str, Text], ...]  # (pointer, repr of the node found)


@dataclasses.dataclass
class _Record:
    components: tuple[_ComponentInputs, _ComponentState] | None = None
    refs: RefRecords = dataclasses.field(default_factory=dict)
    usage: UsageMemo = dataclasses.field(default_factory=UsageMemo)
    op_context: tuple[Any, ...] | None = None
    operations: dict[tuple[Any, ...], _OpRecord] = dataclasses.field(default_factory=dict)
    by_item: dict[tuple[Any, ...], tuple[Any, _Reads, _Reads]] = dataclasses.field(
        default_factory=dict)
    types: tuple[TypeDecl, ...] = ()


class IrReuse:
    """What the last successful build of a session computed (see the module docstring).

    ``last_reused`` names the pieces the last successful build reused (``refs``,
    ``components``, ``operations``), ``last_reused_operations`` how many operations it
    replayed and ``last_reused_decls`` how many declarations it handed out unchanged: the
    tests check a one-operation edit reuses, and a bench can report it."""

    def __init__(self) -> None:
        self._last = _Record()
        self._this = _Record()
        self._reused: set[str] = set()
        self._reprs: Reprs = {}
        self._texts: dict[int, Text] = {}  # id of a path item or component schema -> its repr
        self._op_texts: dict[tuple[int, int], tuple[Text, ...]] = {}
        self._ops_ok = False
        self._reused_ops = 0
        self.log = OpLog()
        self.last_reused_operations = 0
        self.last_reused: frozenset[str] = frozenset()
        self.last_reused_decls = 0

    # ------------------------------------------------------------------ the run

    def start(self) -> None:
        self._this = _Record()
        self._reused = set()
        self._ops_ok = False
        self._reused_ops = 0
        self.log = OpLog()

    def finish(self) -> None:
        """The build succeeded: what it computed is what the next build may reuse."""
        self._last, self._this = self._this, _Record()
        if self._reused_ops:
            self._reused.add("operations")
        self.last_reused = frozenset(self._reused)
        self.last_reused_decls = self._last.usage.reused
        self.last_reused_operations = self._reused_ops

    # ------------------------------------------------------------------ the $ref check

    def check_refs(self, resolver: Resolver, document: dict[str, Any]) -> None:
        """``resolver.check_all_refs()``, looking unchanged path items' and component schemas'
        references up again instead of walking them. Done against a scratch sink: anything
        found (or a shared YAML node) and the ordinary check runs, so diagnostics and their
        order are always its own."""
        self._reprs = reprs = boundary_reprs(document) if isinstance(document, dict) else {}
        self._texts = _texts_by_id(document, reprs)
        self._op_texts = {}
        scratch = Diagnostics(source=resolver.diags.source)
        probe = Resolver(document, scratch)
        last = self._last.refs
        kept: RefRecords = {}
        again: set[str] = set()  # the refs in the boundaries not walked
        for path, text in reprs.items():
            old = last.get(path)
            if old is not None and old[0] == text:
                kept[path] = old
                again.update(old[1])
        skip = {node_id for node_id, _ in _boundary_nodes(document, kept)}  # not walked
        walked: dict[Path, list[str]] = {}
        shared = False
        seen: set[int] = set()
        stack: list[tuple[Any, Path, list[str] | None]] = [(document, (), None)]
        while stack:
            node, path, record = stack.pop()
            if id(node) in seen:
                shared = True
                continue
            seen.add(id(node))
            if isinstance(node, dict):
                if record is None and path in reprs:
                    record = walked[path] = []
                ref = node.get("$ref")
                if isinstance(ref, str):
                    if record is not None:
                        record.append(ref)
                    with contextlib.suppress(GenerationError):
                        probe.lookup(ref, "#" + pointer(*path, "$ref"))
                for key, value in node.items():
                    # As Resolver.check_all_refs: extensions are opaque data.
                    if isinstance(value, (dict, list)) and not (
                        str(key).startswith("x-") and (not path or path[-1] not in _NAME_MAPS)
                    ):
                        if id(value) not in skip:
                            stack.append((value, (*path, key), record))
                        elif (*path, key) not in kept:  # an unchanged boundary met elsewhere
                            shared = True
            elif isinstance(node, list):
                for index, value in enumerate(node):
                    if isinstance(value, (dict, list)):
                        stack.append((value, (*path, index), record))
        for ref in again:  # whether each resolves (the pointer only names an error)
            if not _resolves_fast(document, ref):
                try:
                    probe.lookup(ref, "#")
                except GenerationError:
                    break
        if scratch.items or shared:
            resolver.check_all_refs()
        if not shared:  # a node met twice is walked once: some boundary's list would lack it
            kept.update((path, (reprs[path], tuple(dict.fromkeys(refs))))
                        for path, refs in walked.items())
            self._this.refs = kept
            if kept and len(walked) < len(kept) and not scratch.items:
                self._reused.add("refs")

    # ------------------------------------------------------------------ the component phase

    def component_inputs(self, ctx: BuildContext) -> _ComponentInputs:
        """What the component phase is computed from (taken before it runs)."""
        reprs = self._reprs
        return _ComponentInputs(
            ctx.config, ctx.diags.source, tuple(ctx.diags.items),
            tuple((repr(k), reprs.get(("components", "schemas", k)) or text_of(v))
                  for k, v in ctx.schemas.items()),
        )

    def restore_components(
        self, inputs: _ComponentInputs, ctx: BuildContext, registry: Declarations
    ) -> bool:
        """Put the registry where the last component phase left it, if its inputs are the
        same (recording its diagnostics again); False when the phase must run."""
        last = self._last.components
        if last is None or not _same_inputs(last[0], inputs):
            return False
        state = last[1]
        found = _external_reads(ctx.doc, state.refs, state.reachable, self._texts)
        if found != (state.refs, state.reachable):
            return False
        registry.decls = dict(state.decls)
        registry.component_ids = dict(state.component_ids)
        registry.decl_names = dict(state.decl_names)
        registry.type_scope = _scope(state.taken, state.suffix)
        registry.pointer_ids = dict(state.pointer_ids)
        registry.queued = set(state.queued)
        for diagnostic in state.diagnostics:
            ctx.diags.add(diagnostic)
        self._this.components = last
        self._reused.add("components")
        return True

    def save_components(
        self, inputs: _ComponentInputs, ctx: BuildContext, registry: Declarations
    ) -> None:
        """Keep the state the component phase just computed (``ctx.reads`` has what it read)."""
        log = ctx.reads
        if log.whole_document or registry.pending:
            return
        refs = sorted(r for r in log.refs if not _in_schemas(r))
        state = _ComponentState(
            decls=dict(registry.decls),
            component_ids=dict(registry.component_ids),
            decl_names=dict(registry.decl_names),
            taken=frozenset(registry.type_scope.taken),
            suffix=dict(registry.type_scope._suffix),
            pointer_ids=dict(registry.pointer_ids),
            queued=frozenset(registry.queued),
            diagnostics=tuple(ctx.diags.items[len(inputs.before):]),
            refs=(), reachable=(),
        )
        found_refs, found_reachable = _external_reads(
            ctx.doc, tuple((r, "") for r in refs), tuple((r, "") for r in sorted(log.reachable)),
            self._texts)
        self._this.components = (
            inputs, dataclasses.replace(state, refs=found_refs, reachable=found_reachable))

    # ------------------------------------------------------------------ operations

    def logged(self, diags: Diagnostics) -> Diagnostics:
        """The run's diagnostics as the builder records them (logged per operation)."""
        return LoggedDiagnostics.around(diags, self.log)

    def start_operations(self, ctx: BuildContext, registry: Declarations) -> None:
        """Operations may be replayed only after a reused component phase (the same
        component ids, names and declarations) with the same config and document-wide
        pagination hint."""
        from generator.pagination_hints import FERN

        logged_registry(registry, self.log)
        context = (ctx.config, ctx.diags.source, text_of(ctx.doc.get(FERN)))
        self._this.op_context = context
        self._ops_ok = "components" in self._reused and self._last.op_context == context

    def operation(
        self, key: tuple[Any, ...], item: Any, op: Any, compute: Callable[[], T],
        ctx: BuildContext, registry: Declarations, paginator: Paginator,
    ) -> T:
        """``compute()`` (one operation's build), or what it gave last time, with its writes
        to the registry and its diagnostics done again, when everything it read is the same:
        the operation and its path item's own keys, the registry entries and names it looked
        at, the paginator, and the document beyond components/schemas."""
        log = self.log
        key = (*key, *self._op_text(item, op))
        last = self._last.operations.get(key) if self._ops_ok else None
        if last is not None and self._replay(last, ctx, registry, paginator):
            self._this.operations[key] = last
            self._reused_ops += 1
            return last.operation  # type: ignore[no-any-return]
        before = _paginator_state(paginator)
        clean = not registry.types.deferred_defaults
        log.clear()
        ctx.reads.refs.clear()
        ctx.reads.reachable.clear()
        ctx.reads.whole_document = False
        log.active = ctx.reads.active = True
        try:
            result = compute()
        finally:
            log.active = ctx.reads.active = False
        if (clean and not log.whole and not ctx.reads.whole_document
                and not registry.types.deferred_defaults
                and _paginator_state(paginator) == before):
            refs, reachable = _external_reads(
                ctx.doc, tuple((r, "") for r in sorted(ctx.reads.refs) if not _in_schemas(r)),
                tuple((r, "") for r in sorted(ctx.reads.reachable)), self._texts)
            self._this.operations[key] = _OpRecord(
                result, tuple(log.reads.items()), tuple(log.writes), tuple(log.claims),
                tuple(log.diagnostics), before, refs, reachable)
        return result

    def _op_text(self, item: Any, op: Any) -> tuple[Text, ...]:
        """The text an operation's reuse is keyed on: its path item's (taken already) when
        the item holds only this operation, else the operation's and the item's own keys'
        (so editing one method does not rebuild its siblings)."""
        text = self._texts.get(id(item))
        if text is not None and sum(m in item for m in HTTP_METHODS) <= 1:
            return ("item", text)
        key = (id(item), id(op))  # asked twice per operation (its name, then itself)
        if key not in self._op_texts:
            self._op_texts[key] = ("op", text_of(op), text_of(
                {k: v for k, v in item.items() if k not in HTTP_METHODS}))
        return self._op_texts[key]

    def by_path_item(
        self, key: tuple[Any, ...], item: Any, op: Any, compute: Callable[[], T],
        ctx: BuildContext,
    ) -> T:
        """``compute()``, a function of the operation ``op`` in the path item ``item`` (with
        ``key``), the config and the document reads it makes (no diagnostics, no builder
        state), or its last value when all of those are the same."""
        if ctx.reads.active:
            return compute()
        key = (*key, *self._op_text(item, op))
        last = self._last.by_item.get(key) if self._ops_ok else None
        if last is not None and _external_reads(ctx.doc, last[1], last[2], self._texts) == (
                last[1], last[2]):
            self._this.by_item[key] = last
            return last[0]  # type: ignore[no-any-return]
        reads = ctx.reads
        reads.refs.clear()
        reads.reachable.clear()
        reads.whole_document = False
        reads.active = True
        try:
            value = compute()
        finally:
            reads.active = False
        if not reads.whole_document:
            found = _external_reads(
                ctx.doc, tuple((r, "") for r in sorted(reads.refs) if not _in_schemas(r)),
                tuple((r, "") for r in sorted(reads.reachable)), self._texts)
            self._this.by_item[key] = (value, *found)
        return value

    def _replay(
        self, record: _OpRecord, ctx: BuildContext, registry: Declarations,
        paginator: Paginator,
    ) -> bool:
        containers: dict[str, Any] = {
            "decls": registry.decls, "decl_names": registry.decl_names,
            "pointer_ids": registry.pointer_ids, "queued": registry.queued,
        }
        for (name, key), seen in record.reads:
            container = containers[name]
            now = set.__contains__(container, key) if name == "queued" else dict.get(
                container, key, _ABSENT)
            if now is not seen and not (name == "queued" and now == seen):
                return False
        if _paginator_state(paginator) != record.paginator or registry.types.deferred_defaults:
            return False
        if not _would_claim(registry.type_scope, record.claims):
            return False
        if _external_reads(ctx.doc, record.refs, record.reachable, self._texts) != (
                record.refs, record.reachable):
            return False
        for asked, _ in record.claims:
            registry.type_scope.claim(asked)
        for name, action, key, value in record.writes:
            container = containers[name]
            if action == "set":
                dict.__setitem__(container, key, value)
            elif action == "pop":
                dict.pop(container, key, None)
            else:
                set.add(container, key)
        for diagnostic in record.diagnostics:
            ctx.diags.add(diagnostic)
        return True

    # ------------------------------------------------------------------ usage

    def usage_memo(self) -> UsageMemo:
        """The memo of :func:`~.usage.with_usage` for this build (kept if it succeeds)."""
        self._this.usage = UsageMemo(last_edges=self._last.usage.edges,
                                     last_marked=self._last.usage.marked)
        return self._this.usage

    def same_types(self, types: tuple[TypeDecl, ...]) -> tuple[TypeDecl, ...]:
        """The last IR's ``types`` tuple when every declaration is the same object."""
        last = self._last.types
        if len(last) == len(types) and all(a is b for a, b in zip(last, types, strict=True)):
            types = last
        self._this.types = types
        return types


class NoReuse(IrReuse):
    """A build with no session (``build_ir(reuse=None)``): computes everything, keeps nothing."""

    def check_refs(self, resolver: Resolver, document: dict[str, Any]) -> None:
        resolver.check_all_refs()

    def component_inputs(self, ctx: BuildContext) -> _ComponentInputs:
        return _ComponentInputs(ctx.config, ctx.diags.source, (), ())

    def restore_components(
        self, inputs: _ComponentInputs, ctx: BuildContext, registry: Declarations
    ) -> bool:
        return False

    def save_components(
        self, inputs: _ComponentInputs, ctx: BuildContext, registry: Declarations
    ) -> None:
        pass

    def same_types(self, types: tuple[TypeDecl, ...]) -> tuple[TypeDecl, ...]:
        return types

    def logged(self, diags: Diagnostics) -> Diagnostics:
        return diags

    def by_path_item(
        self, key: tuple[Any, ...], item: Any, op: Any, compute: Callable[[], T],
        ctx: BuildContext,
    ) -> T:
        return compute()

    def start_operations(self, ctx: BuildContext, registry: Declarations) -> None:
        pass

    def operation(
        self, key: tuple[Any, ...], item: Any, op: Any, compute: Callable[[], T],
        ctx: BuildContext, registry: Declarations, paginator: Paginator,
    ) -> T:
        return compute()


def _paginator_state(paginator: Paginator) -> tuple[Any, ...]:
    return (tuple(paginator.detected.items()), frozenset(paginator.scope.taken))


def _same_inputs(last: _ComponentInputs, new: _ComponentInputs) -> bool:
    return (last.source == new.source and last.before == new.before
            and last.schemas == new.schemas and last.config == new.config)


def _in_schemas(ref: str) -> bool:
    """A plain pointer into one component schema: ``components/schemas`` decides its target."""
    return ref.startswith("#") and unquote(ref[1:]).startswith(_SCHEMAS_PREFIX)


def _external_reads(
    document: dict[str, Any], refs: tuple[tuple[str, Text], ...],
    reachable: tuple[tuple[str, Text], ...], texts: dict[int, Text],
) -> tuple[tuple[tuple[str, Text], ...], tuple[tuple[str, Text], ...]]:
    """What each recorded read gives in ``document`` (the repr of the node, or missing;
    ``texts`` has the reprs already taken)."""
    from generator.builder.unions import reachable_in  # unions imports this package's parts

    probe = Resolver(document, Diagnostics())
    found_refs = []
    for ref, _ in refs:
        try:
            node = probe.lookup(ref, "#")
            found_refs.append((ref, texts.get(id(node)) or text_of(node)))
        except GenerationError:
            found_refs.append((ref, _MISSING))
    found_reachable = []
    for ref, _ in reachable:
        node = reachable_in(document, ref)
        found_reachable.append(
            (ref, _MISSING if node is None else texts.get(id(node)) or text_of(node)))
    return tuple(found_refs), tuple(found_reachable)


def text_of(node: Any) -> Text:
    """The exact text of plain data: ``marshal`` (format 2: no back-references, so equal data
    gives equal bytes; it tells ``1``, ``1.0`` and ``true`` apart and keeps key order), ten
    times faster than ``repr``, which is the fallback for what marshal refuses (the loader's
    ``YamlFloat``, a ``float`` subclass)."""
    try:
        return marshal.dumps(node, 2)
    except ValueError:
        return repr(node)


def boundary_reprs(document: dict[str, Any]) -> Reprs:
    """The repr of each path item and each component schema, by path."""
    out: Reprs = {}
    paths = document.get("paths")
    if isinstance(paths, dict):
        for key, item in paths.items():
            if isinstance(item, dict):
                out[("paths", key)] = text_of(item)
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if isinstance(schemas, dict):
        for key, schema in schemas.items():
            if isinstance(schema, dict):
                out[("components", "schemas", key)] = text_of(schema)
    return out


def _boundary_nodes(document: Any, paths: Iterable[Path]) -> Iterator[tuple[int, Any]]:
    for path in paths:
        node: Any = document
        for token in path:
            node = node[token]
        yield id(node), node


def _resolves_fast(document: dict[str, Any], ref: str) -> bool:
    """``#/components/schemas/Name`` (a plain name) that resolves: most references, checked
    without the resolver's token walk; False means "ask the resolver"."""
    if not ref.startswith(_PLAIN_SCHEMA_REF):
        return False
    name = ref[len(_PLAIN_SCHEMA_REF):]
    if "/" in name or "~" in name or "%" in name:
        return False
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return isinstance(schemas, dict) and name in schemas


def _texts_by_id(document: Any, reprs: Reprs) -> dict[int, Text]:
    """The boundary reprs by the id of their node (alive as long as ``document``)."""
    out: dict[int, Text] = {}
    if not isinstance(document, dict):
        return out
    for path, text in reprs.items():
        node: Any = document
        for token in path:
            node = node[token]
        out[id(node)] = text
    return out


def _scope(taken: frozenset[str], suffix: dict[str, int]) -> Scope:
    scope = Scope()
    scope.taken = set(taken)
    scope._suffix = dict(suffix)
    return scope


# ---------------------------------------------------------------------- operations

_ABSENT = object()


@dataclasses.dataclass
class OpLog:
    """What one operation's build reads and writes of the registry while ``active``."""

    active: bool = False
    whole: bool = False  # iterated a container: everything counts as read
    reads: dict[tuple[str, object], object] = dataclasses.field(default_factory=dict)
    writes: list[tuple[str, str, object, object]] = dataclasses.field(default_factory=list)
    claims: list[tuple[Any, Any]] = dataclasses.field(default_factory=list)
    diagnostics: list[Diagnostic] = dataclasses.field(default_factory=list)

    def clear(self) -> None:
        self.whole = False
        self.reads = {}
        self.writes = []
        self.claims = []
        self.diagnostics = []


class LoggedDict(dict[str, Any]):
    """A registry mapping whose reads (the value first seen, unless written first) and writes
    are logged while the log is active; otherwise a plain dict."""

    def __init__(self, name: str, log: OpLog, *args: Any) -> None:
        super().__init__(*args)
        self.name = name
        self.log = log

    def _read(self, key: object) -> None:
        if (self.name, key) not in self.log.reads:
            self.log.reads[(self.name, key)] = super().get(cast(str, key), _ABSENT)

    def __getitem__(self, key: str) -> Any:
        if self.log.active:
            self._read(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        if self.log.active:
            self._read(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        if self.log.active:
            self._read(key)
        return super().__contains__(key)

    def __setitem__(self, key: str, value: Any) -> None:
        if self.log.active:
            self._read(key)
            self.log.writes.append((self.name, "set", key, value))
        super().__setitem__(key, value)

    def pop(self, key: str, *default: Any) -> Any:
        if self.log.active:
            self._read(key)
            self.log.writes.append((self.name, "pop", key, None))
        return super().pop(key, *default)

    def _everything(self) -> None:
        if self.log.active:
            self.log.whole = True

    def items(self) -> Any:
        self._everything()
        return super().items()

    def values(self) -> Any:
        self._everything()
        return super().values()

    def keys(self) -> Any:
        self._everything()
        return super().keys()

    def __iter__(self) -> Any:
        self._everything()
        return super().__iter__()

    def __len__(self) -> int:
        self._everything()
        return super().__len__()


class LoggedSet(set[str]):
    def __init__(self, name: str, log: OpLog, *args: Any) -> None:
        super().__init__(*args)
        self.name = name
        self.log = log

    def __contains__(self, key: object) -> bool:
        found = super().__contains__(key)
        if self.log.active and (self.name, key) not in self.log.reads:
            self.log.reads[(self.name, key)] = found
        return found

    def add(self, key: str) -> None:
        if self.log.active:
            self.__contains__(key)
            self.log.writes.append((self.name, "add", key, None))
        super().add(key)


class LoggedScope(Scope):
    """The declaration names' scope: each claim (asked, given) is logged while active."""

    def __init__(self, log: OpLog) -> None:
        super().__init__()
        self.log = log

    def claim(self, name: Any) -> tuple[Any, bool]:
        given, clashed = super().claim(name)
        if self.log.active:
            self.log.claims.append((name, given))
        return given, clashed


class LoggedDiagnostics(Diagnostics):
    """The run's diagnostics (the same list and seen set), logging each one added while the
    log is active, duplicates included: replayed, they are deduplicated as a fresh run would."""

    log: OpLog | None = None

    @classmethod
    def around(cls, diags: Diagnostics, log: OpLog) -> LoggedDiagnostics:
        out = cls(items=diags.items, source=diags.source)
        out._seen = diags._seen
        out.log = log
        return out

    def add(self, diagnostic: Diagnostic) -> None:
        if self.log is not None and self.log.active:
            self.log.diagnostics.append(diagnostic)
        super().add(diagnostic)


def logged_registry(registry: Declarations, log: OpLog) -> None:
    """Give the registry logged containers (same contents)."""
    registry.decls = LoggedDict("decls", log, registry.decls)
    registry.decl_names = LoggedDict("decl_names", log, registry.decl_names)
    registry.pointer_ids = LoggedDict("pointer_ids", log, registry.pointer_ids)
    registry.queued = LoggedSet("queued", log, registry.queued)
    scope = LoggedScope(log)
    scope.taken = set(registry.type_scope.taken)
    scope._suffix = dict(registry.type_scope._suffix)
    registry.type_scope = scope


@dataclasses.dataclass(frozen=True)
class _OpRecord:
    operation: Any
    reads: tuple[tuple[tuple[str, object], object], ...]
    writes: tuple[tuple[str, str, object, object], ...]
    claims: tuple[tuple[Any, Any], ...]
    diagnostics: tuple[Diagnostic, ...]
    paginator: tuple[Any, ...]
    refs: tuple[tuple[str, Text], ...]
    reachable: tuple[tuple[str, Text], ...]


def _would_claim(scope: Scope, claims: tuple[tuple[Any, Any], ...]) -> bool:
    """Would these claims, made now in this order, give the same names (``Scope.claim``
    gives the smallest free numeric suffix)?"""
    from generator.ir import Name
    from generator.naming import collision_key

    overlay: set[str] = set()
    for asked, given in claims:
        base = collision_key(asked.words)
        if base not in scope.taken and base not in overlay:
            result = asked
        else:
            counter = 2
            while True:
                result = Name(asked.words + (str(counter),), asked.original)
                key = collision_key(result.words)
                if key not in scope.taken and key not in overlay:
                    break
                counter += 1
        if result != given:
            return False
        overlay.add(collision_key(result.words))
    return True
