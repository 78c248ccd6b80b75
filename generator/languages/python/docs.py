"""README.md and api.md of the Python SDK."""

from __future__ import annotations

from collections.abc import Callable

from generator.config import SdkConfig
from generator.examples import plan_of
from generator.ir import IR, ExampleCall, UnionDecl
from generator.languages.python import auth_pages
from generator.languages.python import naming as pn
from generator.languages.python.backend import python_config
from generator.languages.python.resources import ResourceView
from generator.render import render_template

MD_BANNER = "<!-- File generated from the OpenAPI spec by the SDK generator. Do not edit. -->\n"


def render_docs(
    ir: IR, config: SdkConfig, root: ResourceView, page_classes: Callable[[str], tuple[str, str]]
) -> dict[str, str]:
    lang = python_config(config)
    all_views = [v for child in root.children for v in child.flatten()]
    md_ctx = {
        "md_banner": MD_BANNER,
        "client": config.client_name,
        "async_client": lang.async_client_name,
        "package": lang.package_name,
        "dist_name": lang.dist_name,
        "env_prefix": config.env_prefix,
        "root": root,
        "views": all_views,
        "api_title": pn.md_text(ir.api.title),
        "api_description": pn.md_text(ir.api.description),
        "retries": config.retries,
        "idempotency_header": config.idempotency_header,
        "example": _readme_example(ir, root),
        "narrowing": _narrowing_example(ir),
        **auth_pages.readme_context(ir, page_classes),
        "uploads": [
            f"{view.dotted}.{method.name}"
            for view in all_views
            for method in view.methods
            if method.uploads
        ],
        "streams": [
            f"{view.dotted}.{method.name}"
            for view in all_views
            for method in view.methods
            if method.streams
        ],
        "downloads": [
            f"{view.dotted}.{method.name}"
            for view in all_views
            for method in view.methods
            if method.download
        ],
    }
    return {
        "README.md": render_template("python", "README.md.jinja", **md_ctx),
        "api.md": render_template("python", "api.md.jinja", **md_ctx),
    }


def _readme_example(ir: IR, root: ResourceView) -> dict[str, str]:
    """The README snippets' calls, rendered from the IR's example plan: ``create``, ``raw``
    (the create through ``with_raw_response``), ``retrieve``, ``missing`` and ``list``."""
    plan = plan_of(ir)
    where = {m.operation_id: (v, m) for v in root.flatten() for m in v.methods}

    def render(call: ExampleCall | None, raw: bool = False) -> str | None:
        if call is None or call.operation_id not in where:
            return None
        view, method = where[call.operation_id]
        args = ", ".join(
            "created.id" if a.created_id else pn.py_literal(a.value) for a in call.args
        )
        prefix = f"{view.dotted}." if view.dotted else ""
        raw_part = "with_raw_response." if raw else ""
        return f"{prefix}{raw_part}{method.name}({args})"

    calls = {
        "create": render(plan.create),
        "raw": render(plan.raw, raw=True),
        "retrieve": render(plan.retrieve),
        "missing": render(plan.missing) or render(plan.retrieve),
        "list": render(plan.listing),
    }
    return {k: v for k, v in calls.items() if v is not None}


def _narrowing_example(ir: IR) -> dict[str, str]:
    """The README's narrowing snippet: the first discriminated union's property and first tag
    (generic placeholders for an API without one)."""
    for decl in ir.types:
        if isinstance(decl, UnionDecl) and decl.discriminator is not None:
            # A backtick would end the README's inline code span.
            tags = [t for v in decl.variants for t in v.tags if "`" not in t]
            if tags:
                return {"field": pn.field_name(decl.discriminator.property_name),
                        "tag": pn.py_string(tags[0])}
    return {"field": "type", "tag": pn.py_string("text")}
