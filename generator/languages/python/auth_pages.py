"""Python rendering of the IR's auth and pagination facts (kept out of ``render.py``).

* :func:`client_context`: the client options, one per credential of ``IR.auth_schemes``, their
  environment variables, the runtime ``AuthScheme`` table and ``IR.default_headers``;
* :func:`security_option`: the ``security=`` request option of an operation whose accepted
  schemes are not all of the client's (``()`` sends no credential);
* :func:`page_classes_context`: the attributes of each ``pagination.py`` page class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.config import SdkConfig
from generator.ir import IR, Operation, PaginationScheme
from generator.languages.python import naming as pn

_KIND_DOCS = {
    "cursor_id": "",
    "cursor_token": " (by page token)",
    "page_number": " (by page number)",
    "offset": " (by offset)",
    "next_url": " (by next-page URL)",
}


def has_auth_table(ir: IR) -> bool:
    """False for one bearer ``api_key``: the runtime's default, so the client lists nothing."""
    return [
        (s.kind, s.wire_name, [c.name.words for c in s.credentials]) for s in ir.auth_schemes
    ] != [("bearer", "Authorization", [("api", "key")])]


def client_context(ir: IR, config: SdkConfig) -> dict[str, Any]:
    credentials = []
    for scheme in ir.auth_schemes:
        for credential in scheme.credentials:
            credentials.append({
                "option": pn.param_name(credential.name),
                "env": pn.py_string(credential.env_var),
                "env_text": pn.py_doc(credential.env_var),
                "scheme": pn.py_doc(scheme.id),
            })
    schemes = [
        "AuthScheme("
        + ", ".join([
            pn.py_string(s.id),
            pn.py_string(s.kind),
            pn.py_string(s.location),
            pn.py_string(s.wire_name),
            _tuple([pn.py_string(pn.param_name(c.name)) for c in s.credentials]),
        ])
        + ")"
        for s in ir.auth_schemes
    ]
    names = ["base_url", *(c["option"] for c in credentials)]
    params = ", ".join(f"{n}: Optional[str]" for n in names)
    call = f"{', '.join(names)} = _resolve_settings({', '.join(names)})"
    env_vars = " / ".join(f"``{v}``" for v in
                          [f"{config.env_prefix}_BASE_URL", *(c["env_text"] for c in credentials)])
    env_doc = ", ".join([f"{config.env_prefix}_BASE_URL", *(c["env_text"] for c in credentials)])
    return {
        "resolve_params": params if len(params) < 80 else params.replace(", ", ",\n    ") + ",",
        "resolve_doc": env_doc if len(env_doc) < 60 else "the variables the client names",
        "resolve_call": call if len(call) < 90 else (
            f"{', '.join(names)} = _resolve_settings(\n            {', '.join(names)}\n        )"),
        "env_vars_doc": env_vars if len(env_vars) < 70 else env_vars.replace(" / ", " /\n    "),
        "resolve_returns": "tuple[str" + ", Optional[str]" * len(credentials) + "]",
        "resolve_names": ", ".join(names),
        "auth_schemes_table": has_auth_table(ir),
        "credentials": credentials,
        "other_credentials": [c for c in credentials if c["option"] != "api_key"],
        "has_api_key": any(c["option"] == "api_key" for c in credentials),
        "auth_schemes": schemes,
        "default_headers": [
            (pn.py_string(h.wire_name), pn.py_string(h.value)) for h in ir.default_headers
        ],
        "env_credentials_text": " / ".join(c["env_text"] for c in credentials),
    }


def security_option(ir: IR, op: Operation) -> list[str]:
    """``["security=(...)"]`` unless the operation accepts every scheme (the default)."""
    if set(op.security) == {s.id for s in ir.auth_schemes}:
        return []
    return ["security=" + _tuple([pn.py_string(i) for i in op.security])]


def _tuple(items: list[str]) -> str:
    return "(" + items[0] + ",)" if len(items) == 1 else "(" + ", ".join(items) + ")"


def page_classes_context(
    ir: IR, page_classes: Callable[[str], tuple[str, str]]
) -> list[dict[str, Any]]:
    return [
        {
            "sync": page_classes(s.key)[0],
            "async": page_classes(s.key)[1],
            "kind_doc": _KIND_DOCS[s.kind],
            "attrs": _attrs(s),
        }
        for s in ir.pagination_schemes
    ]


def _attrs(s: PaginationScheme) -> list[tuple[str, str]]:
    def text(value: str | None) -> str:
        return "None" if value is None else pn.py_string(value)

    attrs = [] if s.kind == "cursor_id" else [("_kind", pn.py_string(s.kind))]
    attrs += [
        ("_items_field", text(s.items_field)),
        ("_cursor_param", text(s.cursor_param)),
        ("_cursor_field", text(s.cursor_field)),
        ("_has_more_field", text(s.has_more_field)),
    ]
    if s.cursor_item_field is not None:
        attrs.append(("_cursor_item_field", text(s.cursor_item_field)))
    if s.total_field is not None:
        attrs.append(("_total_field", text(s.total_field)))
    return attrs


_HOW = {
    "cursor_id": "`{param}` = the response's `{field}`",
    "cursor_token": "`{param}` = the response's `{field}`",
    "page_number": "`{param}` = the page number + 1",
    "offset": "`{param}` = the offset + the items received",
    "next_url": "the URL in the response's `{field}`",
}


def readme_context(ir: IR, page_classes: Callable[[str], tuple[str, str]]) -> dict[str, Any]:
    """What the README says about auth and pagination beyond the default (one bearer
    ``api_key``, configured cursor pages): nothing for such an API."""
    used = {op.pagination.scheme for op in ir.operations() if op.pagination is not None}
    detected = any(op.pagination is not None and op.pagination.detected
                   for op in ir.operations())
    md = pn.md_text
    schemes = []
    if detected:
        for s in ir.pagination_schemes:
            if s.key not in used:
                continue
            field = s.cursor_field or (f"{s.cursor_item_field}` of the last item`"
                                       if s.cursor_item_field else "")
            how = _HOW[s.kind].format(param=md(s.cursor_param or ""), field=md(field))
            cls = f"`{page_classes(s.key)[0]}` / `{page_classes(s.key)[1]}`"
            schemes.append(f"{cls} (`{s.kind}`, items in `{md(s.items_field)}`): {how}")
    auth = []
    if has_auth_table(ir):
        for a in ir.auth_schemes:
            where = {"header": "header", "query": "query parameter", "cookie": "cookie"}
            sent = {"bearer": "as `Authorization: Bearer <token>`",
                    "basic": "as `Authorization: Basic ...`",
                    "api_key": f"in the `{md(a.wire_name)}` {where[a.location]}"}[a.kind]
            options = ", ".join(f"`{pn.param_name(c.name)}` (`{md(c.env_var)}`)"
                                for c in a.credentials)
            auth.append(f"{options}: sent {sent}")
    return {"detected_pages": schemes, "auth_lines": auth,
            "open_methods": sum(1 for op in ir.operations() if not op.security)}
