"""TypeScript rendering of the IR's auth and pagination facts (kept out of ``render.py``).

* :func:`identity_auth`: the ``auth`` and ``defaultHeaders`` entries of the client identity and
  the extra client options (one per credential other than ``apiKey``);
* :func:`security_field`: the ``security`` request field of an operation whose accepted schemes
  are not all of the client's (``[]`` sends no credential);
* :func:`scheme_fields`: the ``CursorScheme`` object of each pagination scheme.
"""

from __future__ import annotations

from typing import Any

from generator.ir import IR, Name, Operation, PaginationScheme
from generator.languages.typescript import naming

# ClientOptions' own keys: a credential option must not take one of them.
_CORE_OPTIONS = frozenset({"baseURL", "timeout", "maxRetries", "fetch", "defaultHeaders",
                           "defaultQuery", "retryPolicy", "idempotencyHeader"})


def option_name(name: Name) -> str:
    text = naming.fix_leading_digit(name.camel())
    return text + "Credential" if text in _CORE_OPTIONS else text


def _is_default(ir: IR) -> bool:
    """One bearer ``api_key``: the runtime's default, so the identity lists nothing."""
    return [(s.kind, s.wire_name, [c.name.words for c in s.credentials])
            for s in ir.auth_schemes] == [("bearer", "Authorization", [("api", "key")])]


def options_type(client_name: str) -> str:
    """The client's own options interface (the runtime's ``ClientOptions`` plus credentials)."""
    name = client_name + "Options"
    return client_name + "AuthOptions" if name == "ClientOptions" else name


def identity_auth(ir: IR) -> dict[str, Any]:
    lit = naming.string_literal
    auth = None
    if not _is_default(ir):
        auth = "[\n" + "".join(
            f"    {{ id: {lit(s.id)}, kind: {lit(s.kind)}, in: {lit(s.location)}, "
            f"name: {lit(s.wire_name)}, credentials: ["
            + ", ".join(f"{{ option: {lit(option_name(c.name))}, env: {lit(c.env_var)} }}"
                        for c in s.credentials)
            + "] },\n"
            for s in ir.auth_schemes
        ) + "  ]"
    headers = None
    if ir.default_headers:
        headers = "{ " + ", ".join(f"{lit(h.wire_name)}: {lit(h.value)}"
                                   for h in ir.default_headers) + " }"
    extra = [
        {"option": option_name(c.name), "env": naming.escape_comment(c.env_var),
         "doc": naming.escape_comment(f"{s.kind} credential of {s.id}")}
        for s in ir.auth_schemes for c in s.credentials if option_name(c.name) != "apiKey"
    ]
    api_key_env = next((c.env_var for s in ir.auth_schemes for c in s.credentials
                        if option_name(c.name) == "apiKey"), None)
    return {"auth": auth, "default_headers": headers, "extra_options": extra,
            "api_key_env": lit(api_key_env) if api_key_env else "null"}


def security_field(ir: IR, op: Operation) -> list[str]:
    if set(op.security) == {s.id for s in ir.auth_schemes}:
        return []
    return ["security: [" + ", ".join(naming.string_literal(i) for i in op.security) + "]"]


def scheme_fields(s: PaginationScheme) -> list[tuple[str, str]]:
    def text(value: str | None) -> str:
        return "null" if value is None else naming.string_literal(value)

    fields = [] if s.kind == "cursor_id" else [("kind", text(s.kind))]
    fields += [("itemsField", text(s.items_field)), ("cursorParam", text(s.cursor_param)),
               ("cursorField", text(s.cursor_field)), ("hasMoreField", text(s.has_more_field))]
    if s.cursor_item_field is not None:
        fields.append(("cursorItemField", text(s.cursor_item_field)))
    if s.total_field is not None:
        fields.append(("totalField", text(s.total_field)))
    return fields
