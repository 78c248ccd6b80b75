"""Resources: the resource tree as views (class names, attributes, methods) and the
``resources/<module>.py`` files, one per top-level resource with its nested ones inside."""

from __future__ import annotations

from dataclasses import dataclass

from generator.config import SdkConfig
from generator.ir import IR, Operation, Resource, TypeDecl
from generator.languages.python import naming as pn
from generator.languages.python.backend import python_config
from generator.languages.python.imports import Imports
from generator.languages.python.methods import MethodModel, build_method
from generator.languages.python.pieces import Facts, canonical, facts_of, op_ref_ids
from generator.languages.python.typerefs import DeclNames, TypeRenderer
from generator.render import render_template
from generator.render_memo import RenderMemo

BANNER = (
    "# File generated from the OpenAPI spec by the SDK generator (python -m generator). "
    "Do not edit.\n"
)


@dataclass
class ResourceView:
    dotted: str
    """Attribute path from the client, e.g. ``conversations.items``."""
    attr: str
    cls: str
    async_cls: str
    path: tuple[str, ...]
    methods: list[MethodModel]
    children: list[ResourceView]
    doc: str

    def flatten(self) -> list[ResourceView]:
        """This view and every nested one, depth-first."""
        out = [self]
        for child in self.children:
            out.extend(child.flatten())
        return out

    def wrapper_classes(self) -> list[str]:
        return [c + suffix for c in (self.cls, self.async_cls) for suffix in _SUFFIXES]


@dataclass
class ModuleView:
    module: str
    view: ResourceView


class Resources:
    """Builds the views of the resource tree (names claimed once, across the whole SDK)."""

    def __init__(
        self, ir: IR, config: SdkConfig, names: DeclNames, memo: RenderMemo | None = None,
        facts: dict[str, Facts] | None = None, decls: dict[str, TypeDecl] | None = None,
    ) -> None:
        self.ir = ir
        self.config = config
        self.names = names
        self.memo = memo or RenderMemo()
        self.facts = facts if facts is not None else {}
        # What build_method reads of the IR beyond the operation (the security option).
        self.auth_ids = frozenset(s.id for s in ir.auth_schemes)
        self.types = TypeRenderer(
            decls if decls is not None else ir.types_by_id(), names, Imports()
        )
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
                for suffix in _SUFFIXES
            }
        )

    def page_classes(self, scheme_key: str) -> tuple[str, str]:
        scheme = self.pages[scheme_key]
        base = scheme.name.pascal()
        return "Sync" + base, "Async" + base

    def view(self, resource: Resource, prefix: str, parent_dotted: str = "") -> ResourceView:
        cls = prefix + pn.class_name(resource.name) if resource.path else ""
        while cls and set(_wrappers(cls)) & self.taken_classes:
            cls += "Resource"
        self.taken_classes.update(_wrappers(cls))
        attr = pn.method_name(resource.name) if resource.path else ""
        dotted = f"{parent_dotted}.{attr}".strip(".")
        children = [self.view(child, cls, dotted) for child in resource.resources]
        taken = {c.attr for c in children}
        methods: list[MethodModel] = []
        for op in resource.operations:
            name = pn.method_name(op.name)
            while name in taken:
                name += "_"
            taken.add(name)
            pages = self.page_classes(op.pagination.scheme) if op.pagination else None
            methods.append(self._method(op, name, pages, bool(resource.path)))
        return ResourceView(
            dotted=dotted,
            attr=attr,
            cls=cls,
            async_cls="Async" + cls if cls else "",
            path=resource.path,
            methods=methods,
            children=children,
            doc=pn.py_doc(resource.description),
        )


    def _method(
        self, op: Operation, name: str, pages: tuple[str, str] | None, is_resource: bool
    ) -> MethodModel:
        """The operation's method model, reused while the operation, its name, its page
        classes and the names of the declarations it refers to are unchanged."""
        op, refs = canonical(self.memo, f"op:{op.id}", op, op_ref_ids)
        key = (op, name, pages, is_resource, self.auth_ids, facts_of(self.facts, refs))
        return self.memo.piece(
            f"python:method:{op.id}",
            key,
            lambda: build_method(
                self.ir, op, name, self.types, pages, is_resource=is_resource
            ),
        )


_SUFFIXES = ("", "WithRawResponse", "WithStreamingResponse")
"""The classes of one resource: itself and its raw- and streaming-response twins."""


def _wrappers(cls: str) -> list[str]:
    return [c + suffix for c in (cls, "Async" + cls) for suffix in _SUFFIXES]


def class_imports(views: list[ResourceView], imports: Imports) -> Imports:
    """What the classes of ``views`` use besides their methods' own names (the template's
    fixed names: ``cached_property`` for ``with_raw_response``, the raw-response wrappers for
    classes with methods)."""
    for view in views:
        for method in view.methods:
            imports.merge(method.imports)
        if view.methods:
            imports.use_all(["to_raw_response_wrapper", "async_to_raw_response_wrapper",
                             "to_streamed_response_wrapper", "async_to_streamed_response_wrapper"])
    return imports


def render_resource_module(views: list[ResourceView]) -> str:
    """``resources/<module>.py``: a top-level resource's classes and its nested ones'."""
    imports = class_imports(views, Imports())
    imports.use_all(["cached_property", "SyncAPIResource", "AsyncAPIResource"])
    return render_template(
        "python",
        "resource.py.jinja",
        banner=BANNER,
        resources=views,
        imports=imports.block(".resources").rstrip("\n"),
    )
