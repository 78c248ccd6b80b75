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
from generator.render_memo import RenderMemo

MD_BANNER = "<!-- File generated from the OpenAPI spec by the SDK generator. Do not edit. -->\n"


def render_docs(
    ir: IR,
    config: SdkConfig,
    root: ResourceView,
    page_classes: Callable[[str], tuple[str, str]],
    memo: RenderMemo | None = None,
) -> dict[str, str]:
    """``memo``: each file is reused while what it shows is unchanged (the README shows a few
    calls and lists; api.md every method's signature)."""
    memo = memo or RenderMemo()
    lang = python_config(config)
    all_views = [v for child in root.children for v in child.flatten()]
    head = {
        "md_banner": MD_BANNER,
        "client": config.client_name,
        "async_client": lang.async_client_name,
        "package": lang.package_name,
        "api_title": pn.md_text(ir.api.title),
    }
    readme_ctx = {
        **head,
        "dist_name": lang.dist_name,
        "env_prefix": config.env_prefix,
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
    # The README template reads only these (never the views), so they are its whole input.
    readme = memo.piece(
        "python:file:README.md",
        readme_ctx,
        lambda: render_template("python", "README.md.jinja", **readme_ctx),
    )
    api_key = (
        tuple(head.values()),
        tuple(root.methods),
        tuple((v.dotted, tuple(v.methods)) for v in all_views),
    )
    api = memo.piece(
        "python:file:api.md",
        api_key,
        lambda: render_template(
            "python", "api.md.jinja", **head, root=root, views=all_views
        ),
    )
    return {"README.md": readme, "api.md": api}


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
