"""The README example plan: which operations the README snippets call, with which arguments.

A language-neutral fact computed once from the IR (every backend's README shows the same
calls): the first ``create`` (no path parameter), ``retrieve`` and paginated list that need no
more than one path parameter and nothing else required, passing the created object's ``id`` on
where the resources nest. Resource operations come first (depth-first), then the top-level
ones. Every choice degrades: an API without a create method gets no create snippet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from generator.ir import (
    IR,
    ExampleArg,
    ExampleCall,
    ExamplePlan,
    ModelDecl,
    Operation,
    RefType,
    Resource,
    ScalarType,
    TypeDecl,
)

MISSING_ID = "does-not-exist"


def with_examples(ir: IR) -> IR:
    """``ir`` with :attr:`IR.examples` filled in."""
    return replace(ir, examples=example_plan(ir))


def plan_of(ir: IR) -> ExamplePlan:
    """The IR's plan (computing it when the IR was built without it, as in unit tests)."""
    return ir.examples if ir.examples is not None else example_plan(ir)


def example_plan(ir: IR) -> ExamplePlan:
    decls = ir.types_by_id()
    ops: list[tuple[tuple[str, ...], Operation]] = []

    def walk(resource: Resource) -> None:
        ops.extend((resource.path, op) for op in resource.operations)
        for child in resource.resources:
            walk(child)

    for child in ir.root.resources:
        walk(child)
    ops += [((), op) for op in ir.root.operations]
    simple = [(path, op) for path, op in ops if _is_simple(op)]

    create = next(
        ((p, op) for p, op in simple if op.name.words == ("create",) and not op.path_params),
        None,
    )
    created_has_id = create is not None and _has_string_id(create[1], decls)
    created_on = create[0] if create is not None and created_has_id else None

    def takes_created_id(path: tuple[str, ...], op: Operation) -> bool:
        """The operation sits on the created object's resource (or below) and takes its id;
        a top-level create owns nothing."""
        return bool(
            created_on and path[: len(created_on)] == created_on and op.path_params
            and _is_string(op.path_params[0].type)
        )

    def call(path: tuple[str, ...], op: Operation) -> ExampleCall:
        if takes_created_id(path, op):
            return ExampleCall(op.id, path, (ExampleArg(created_id=True),))
        return ExampleCall(op.id, path, tuple(ExampleArg(value=_sample(p.type, p.wire_name))
                                              for p in op.path_params))

    def pick(wanted: Callable[[Operation], bool]) -> ExampleCall | None:
        """The first wanted operation that can take the created id, else the first one."""
        matches = [(p, op) for p, op in simple if wanted(op)]
        related = [(p, op) for p, op in matches if takes_created_id(p, op)]
        found = (related or matches)[:1]
        return call(*found[0]) if found else None

    retrieve = pick(lambda op: op.name.words == ("retrieve",) and op.pagination is None)
    missing = None
    if retrieve is not None and retrieve.args:
        retrieve_op = next(op for _p, op in simple if op.id == retrieve.operation_id)
        if _is_string(retrieve_op.path_params[0].type):
            missing = replace(retrieve, args=(ExampleArg(value=MISSING_ID),))
    listing = pick(lambda op: op.pagination is not None)
    create_call = call(*create) if create is not None else None
    raw = create_call or retrieve
    if raw is None:
        raw = pick(lambda op: op.pagination is None)
    return ExamplePlan(
        create=create_call, created_has_id=created_has_id, retrieve=retrieve,
        missing=missing, listing=listing, raw=raw,
    )


def _is_simple(op: Operation) -> bool:
    """Callable with at most one path parameter (of a sample-able type) and nothing else
    required."""
    if len(op.path_params) > 1 or any(_sample(p.type, p.wire_name) is None
                                      for p in op.path_params):
        return False
    if any(p.required for p in (*op.query_params, *op.header_params)):
        return False
    body = op.body
    if body is None:
        return True
    if body.fields is None:
        return not body.required
    return not any(f.required and not f.read_only for f in body.fields)


def _is_string(ref: object) -> bool:
    return isinstance(ref, ScalarType) and ref.scalar == "string"


def _sample(ref: object, wire_name: str) -> str | int | None:
    """A placeholder for a path parameter: its name for a string, 1 for a number."""
    if _is_string(ref):
        return wire_name
    if isinstance(ref, ScalarType) and ref.scalar in ("integer", "number"):
        return 1
    return None


def _has_string_id(op: Operation, decls: dict[str, TypeDecl]) -> bool:
    ref = op.response.type
    decl = decls.get(ref.id) if isinstance(ref, RefType) else None
    return isinstance(decl, ModelDecl) and any(
        p.wire_name == "id" and p.required and _is_string(p.type) for p in decl.properties
    )
