"""Real example calls for the TypeScript README, chosen from the API's own methods and types.

Like the Python README, the snippets call actual methods (the first ``create``, ``retrieve`` and
paginated ``list`` that need no more than one path parameter and no required fields), pass the
created object's ``id`` on where the shapes allow it, and switch over an actual discriminated
union. Every choice degrades gracefully: an API without a create or list method gets the
sections that still make sense, never a call to a method that does not exist.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.examples import plan_of
from generator.ir import IR, ExampleCall, ModelDecl, RefType, ScalarType, TypeDecl, UnionDecl
from generator.languages.typescript import naming

if TYPE_CHECKING:
    from generator.languages.typescript.render import MethodView, ResourceView

MISSING_ID = "does-not-exist"
MAX_CASES = 12
"""A union with more variants than this gets a few cases and a `default`, not all of them."""


@dataclass(frozen=True)
class Call:
    """An example call; ``setup`` (``const created = ...;``) must run first when it is set."""

    code: str
    setup: str | None = None


@dataclass(frozen=True)
class UnionCase:
    labels: tuple[str, ...]
    """TypeScript literals of the discriminator values (one ``case`` line each)."""
    variant: str


@dataclass(frozen=True)
class UnionExample:
    type_name: str
    access: str
    """The discriminator on a variable ``item``: ``item.type`` or ``item["x-kind"]``."""
    cast_type: str
    """An object type with just the discriminator, to read it from an unknown member."""
    cases: tuple[UnionCase, ...]
    exhaustive: bool
    """Every known member has a case (``default`` still handles the ones a newer server sends;
    it does not check that ``item`` is ``never``: unions are open, see the README template)."""
    items: Call | None = None
    """A paginated call whose items are this union, to iterate in the snippet."""


@dataclass(frozen=True)
class ReadmeExamples:
    create: Call | None = None
    created_has_id: bool = False
    retrieve: Call | None = None
    missing: Call | None = None
    """A call that answers 404 (a retrieve of an id that does not exist)."""
    raw: Call | None = None
    """A call returning an APIPromise, for ``.withResponse()``."""
    options: Call | None = None
    """A call up to its ``options`` argument (``f(a, `` or ``f(``); the template appends it."""
    options_method: str = ""
    """The HTTP method of ``options`` (RequestOptions.body is refused on GET)."""
    listing: Call | None = None
    union: UnionExample | None = None
    date_time: str | None = None
    """A response field with ``format: date-time`` (``Type.field``), to say it stays a string."""


def readme_examples(ir: IR, type_names: Mapping[str, str], resources: list[ResourceView],
                    client_methods: list[MethodView]) -> ReadmeExamples:
    """The README snippets' calls; ``type_names`` maps declaration ids to TypeScript names."""
    decls = ir.types_by_id()
    methods = [(view.access_path, m) for view in resources for m in view.methods]
    methods += [("client", m) for m in client_methods]
    simple = [(access, m) for access, m in methods if _is_simple(m)]

    # Which operations to call is the IR's example plan (generator/examples.py).
    plan = plan_of(ir)
    by_operation = {m.operation_id: (access, m) for access, m in methods}

    def planned(example: ExampleCall | None) -> tuple[str | None, MethodView | None]:
        return by_operation.get(example.operation_id, (None, None)) if example else (None, None)

    create_access, create = planned(plan.create)
    created_has_id = create is not None and _has_string_id(create.result_type_id, decls)
    setup = f"const created = await {create_access}.{create.name}();" if create else None

    def takes_created_id(access: str, method: MethodView) -> bool:
        """The method sits on the created object's resource (or below) and takes its id."""
        return bool(
            created_has_id and create_access not in (None, "client")  # a root create owns nothing
            and (access == create_access or access.startswith(create_access + "."))
            and method.path_params and method.path_params[0][0] == "string"
        )

    def call(access: str, method: MethodView, *, use_created: bool = True) -> Call:
        if use_created and takes_created_id(access, method):
            return Call(f"{access}.{method.name}(created.id)", setup)
        return Call(f"{access}.{method.name}({', '.join(_sample_args(method))})")

    def paginated(m: MethodView) -> bool:
        return m.return_type.startswith("PagePromise<")

    created = Call(f"{create_access}.{create.name}()") if create_access and create else None
    retrieve_access, retrieve = planned(plan.retrieve)
    retrieve_call = call(retrieve_access, retrieve) if retrieve_access and retrieve else None
    missing = None
    if retrieve_access and retrieve and retrieve.path_params[:1] and \
            retrieve.path_params[0][0] == "string":
        missing = Call(f"{retrieve_access}.{retrieve.name}({quoted(MISSING_ID)})")
    list_access, listing = planned(plan.listing)
    list_call = call(list_access, listing) if list_access and listing else None

    # .withResponse() is on APIPromise: a create or retrieve call, else any non-paginated one.
    plain = [(a, m) for a, m in simple if not paginated(m)]
    raw_access, raw = _first(plain, lambda m: m is create or m is retrieve)
    if raw is None:
        raw_access, raw = _first(plain, lambda m: True)
    raw_call = call(raw_access, raw) if raw_access and raw else None

    opt_access, opt = (retrieve_access, retrieve) if retrieve else (raw_access, raw)
    if opt is None:
        opt_access, opt = list_access, listing
    options = None
    if opt_access and opt:
        args = [*_sample_args(opt), *opt.middle_args]
        options = Call(f"{opt_access}.{opt.name}(" + "".join(f"{a}, " for a in args))

    union = _union_example(decls, type_names, listing, list_call)
    return ReadmeExamples(
        create=created, created_has_id=created_has_id, retrieve=retrieve_call, missing=missing,
        raw=raw_call, options=options, options_method=opt.http_method if opt else "",
        listing=list_call, union=union, date_time=_date_time_field(decls, type_names),
    )


def _date_time_field(decls: Mapping[str, TypeDecl], type_names: Mapping[str, str]) -> str | None:
    """``Type.field`` of the first output model field typed ``date-time`` (plain identifiers
    only, so the README can quote it in a code span as is)."""
    for decl in decls.values():
        if not isinstance(decl, ModelDecl) or not decl.usage.output:
            continue
        for prop in decl.properties:
            if (isinstance(prop.type, ScalarType) and prop.type.format == "date-time"
                    and naming.property_key(prop.wire_name) == prop.wire_name):
                return f"{type_names[decl.id]}.{prop.wire_name}"
    return None


def _is_simple(method: MethodView) -> bool:
    """Callable with at most one path parameter and nothing else required."""
    if method.needs_params or len(method.path_params) > 1:
        return False
    return all(_sample(ts_type, wire) is not None for ts_type, wire in method.path_params)


def _first(methods: list[tuple[str, MethodView]], wanted: Callable[[MethodView], bool]
           ) -> tuple[str | None, MethodView | None]:
    for access, method in methods:
        if wanted(method):
            return access, method
    return None, None


def quoted(text: str) -> str:
    """A single-quoted TypeScript string literal (the README's style), for any text."""
    body = json.dumps(text, ensure_ascii=True)[1:-1].replace('\\"', '"').replace("'", "\\'")
    return f"'{body}'"


def _sample_args(method: MethodView) -> list[str]:
    return [_sample(ts_type, wire) or "undefined" for ts_type, wire in method.path_params]


def _sample(ts_type: str, wire_name: str) -> str | None:
    """A placeholder argument for a path parameter: its name for a string, 1 for a number."""
    if ts_type == "string":
        return quoted(wire_name)
    if ts_type == "number":
        return "1"
    return None


def _has_string_id(type_id: str | None, decls: Mapping[str, TypeDecl]) -> bool:
    decl = decls.get(type_id) if type_id else None
    return isinstance(decl, ModelDecl) and any(
        p.wire_name == "id" and p.required and isinstance(p.type, ScalarType)
        and p.type.scalar == "string" for p in decl.properties
    )


def _union_example(decls: Mapping[str, TypeDecl], type_names: Mapping[str, str],
                   listing: MethodView | None, list_call: Call | None) -> UnionExample | None:
    """The union the paginated example yields, else the first discriminated output union."""
    candidates: list[UnionDecl] = []
    listed = decls.get(listing.item_type_id) if listing and listing.item_type_id else None
    if isinstance(listed, UnionDecl):
        candidates.append(listed)
    candidates += [d for d in decls.values() if isinstance(d, UnionDecl) and d.usage.output]
    for decl in candidates:
        example = _switchable(decl, decls, type_names)
        if example is not None:
            items = list_call if decl is listed else None
            return UnionExample(example.type_name, example.access, example.cast_type,
                                example.cases, example.exhaustive, items)
    return None


def _switchable(decl: UnionDecl, decls: Mapping[str, TypeDecl],
                type_names: Mapping[str, str]) -> UnionExample | None:
    """A ``switch`` over ``decl``'s discriminator, when every member is a model that has it."""
    # One member is no TypeScript union: `switch` would not narrow it to `never`.
    if decl.discriminator is None or decl.nullable or len(decl.variants) < 2:
        return None
    wire = decl.discriminator.property_wire_name
    cases: list[UnionCase] = []
    seen: set[str] = set()
    for variant in decl.variants:
        model = decls.get(variant.type.id) if isinstance(variant.type, RefType) else None
        if not isinstance(model, ModelDecl) or not variant.tags or not any(
                p.wire_name == wire and p.required for p in model.properties):
            return None
        labels = tuple(quoted(t) for t in variant.tags if t not in seen)
        seen.update(variant.tags)
        if labels:
            cases.append(UnionCase(labels, type_names[model.id]))
    key = naming.property_key(wire)
    access = f"item.{wire}" if key == wire else f"item[{key}]"
    exhaustive = len(cases) <= MAX_CASES and len(cases) == len(decl.variants)
    return UnionExample(
        type_name=type_names[decl.id], access=access, cast_type=f"{{ {key}: string }}",
        cases=tuple(cases if exhaustive else cases[:3]), exhaustive=exhaustive,
    )
