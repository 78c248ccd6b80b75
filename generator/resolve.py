"""``$ref`` handling: validation of every reference up front, and dereferencing on demand.

Only local references (``#/...``) are allowed: fetching a remote document during generation is a
security and reproducibility hazard, so a remote ``$ref`` is a fatal error. Schema references are
*not* inlined (``build_ir`` keeps them as named references, which is what makes recursion
bounded); non-schema references (parameters, responses, request bodies) are followed with
``Resolver.deref``.
"""

from __future__ import annotations

import contextlib
from typing import Any
from urllib.parse import unquote

from generator.diagnostics import Diagnostics, GenerationError, join_pointer, pointer

_DATA_KEYWORDS = frozenset({"example", "examples", "default", "const", "enum"})
"""Keywords whose values are instance data, never schemas."""
# Keywords whose keys are names chosen by the spec author (a property may be called ``x-id``),
# not extension keywords.
_NAME_MAPS = frozenset(
    {
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
        "schemas", "responses", "parameters", "examples", "requestBodies", "headers",
        "securitySchemes", "links", "callbacks", "pathItems", "content", "encoding",
        "variables", "mapping", "webhooks",
    }
)


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


_DOCUMENT_FIELDS = frozenset({
    "openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components",
    "security", "tags", "externalDocs", "$self",
})
"""The OpenAPI document's own fields: none of them is a schema (``#/$defs/X`` may be)."""

_PATH_ITEM_FIELDS = frozenset({
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
    "parameters", "servers",
})


def document_object_at(ref: str) -> str | None:
    """What a local ``ref`` names when it is part of the OpenAPI document's own structure
    (the document, ``#/info``, a path item, a response component...) and so never a schema;
    None for anything else, schemas nested anywhere included."""
    if not ref.startswith("#") or not (ref == "#" or ref.startswith("#/")):
        return None
    tokens = [_unescape(token) for token in unquote(ref[1:]).split("/")[1:]] if ref != "#" else []
    if not tokens or tokens == [""]:
        return "the whole document"
    top = tokens[0]
    if top not in _DOCUMENT_FIELDS:
        return None
    if len(tokens) == 1:
        return f"the document's {top!r} field"
    if top == "components" and len(tokens) == 2:
        return f"the components' {tokens[1]!r} map"
    if top == "components" and len(tokens) == 3 and tokens[1] != "schemas":
        return f"a {tokens[1]!r} component"
    if top in ("paths", "webhooks") and (
        len(tokens) == 2 or (len(tokens) == 3 and tokens[2] in _PATH_ITEM_FIELDS)
    ):
        return "a path item" if len(tokens) == 2 else f"a path item's {tokens[2]!r}"
    if top in ("info", "servers", "security", "tags", "externalDocs"):
        return f"part of the document's {top!r} field"
    return None


class Resolver:
    def __init__(self, document: dict[str, Any], diags: Diagnostics) -> None:
        self.document = document
        self.diags = diags
        self._anchors: dict[str, list[str]] | None = None  # built on first `#name` reference
        # ref → its target, for the JSON-pointer refs that resolved: the builder follows the
        # same few refs once per use, and the document is never edited.
        self._targets: dict[str, Any] = {}

    def _anchor_index(self) -> dict[str, list[str]]:
        """Every 3.1 ``$anchor`` (and ``$dynamicAnchor``, also a plain-name fragment) → the
        ``$ref`` of the schema that declares it. Data keywords and ``x-`` extensions are not
        schemas, so anchors inside them do not count."""
        if self._anchors is None:
            self._anchors = {}
            stack: list[tuple[Any, tuple[str | int, ...]]] = [(self.document, ())]
            seen: set[int] = set()
            while stack:
                node, path = stack.pop()
                if id(node) in seen:
                    continue
                seen.add(id(node))
                children: Any = ()
                if isinstance(node, dict):
                    for keyword in ("$anchor", "$dynamicAnchor"):
                        name = node.get(keyword)
                        if isinstance(name, str):
                            refs = self._anchors.setdefault(name, [])
                            if "#" + pointer(*path) not in refs:
                                refs.append("#" + pointer(*path))
                    children = (
                        (k, v) for k, v in node.items() if not str(k).startswith("x-")
                        and k not in _DATA_KEYWORDS
                    )
                elif isinstance(node, list):
                    children = enumerate(node)
                stack.extend(
                    (v, (*path, k)) for k, v in children if isinstance(v, (dict, list))
                )
        return self._anchors

    def canonical(self, ref: str) -> str:
        """``#node`` (a plain-name fragment) as the JSON pointer ``$ref`` of the schema whose
        ``$anchor`` it names; any other reference unchanged."""
        if not ref.startswith("#") or ref.startswith("#/") or ref == "#":
            return ref
        found = self._anchor_index().get(unquote(ref[1:]), [])
        return found[0] if len(found) == 1 else ref

    # ---------------------------------------------------------------- lookups

    def lookup(self, ref: str, where: str) -> Any:
        """The node a local ``$ref`` points at; fatal diagnostic (at ``where``) if it cannot."""
        if ref in self._targets:
            return self._targets[ref]
        if not ref.startswith("#"):
            raise self.diags.fatal(
                where, f"remote $ref {ref!r} is not supported (only '#/...' references)"
            )
        fragment = unquote(ref[1:])
        if fragment in ("", "/"):
            return self.document
        if not fragment.startswith("/"):
            found = self._anchor_index().get(fragment, [])
            if len(found) > 1:
                raise self.diags.fatal(
                    where, f"$ref {ref!r} is ambiguous: $anchor {fragment!r} is declared at "
                    + " and ".join(sorted(found))
                )
            if not found:
                raise self.diags.fatal(where, f"$ref {ref!r} names no $anchor in the document")
            return self.lookup(found[0], where)
        node: Any = self.document
        for raw_token in fragment[1:].split("/"):
            token = _unescape(raw_token)
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise self.diags.fatal(where, f"$ref {ref!r} does not resolve (no {token!r})")
        self._targets[ref] = node
        return node

    def deref(self, node: Any, where: str) -> tuple[Any, str]:
        """Follow a chain of ``$ref`` objects; returns the target and its pointer."""
        seen: set[str] = set()  # bounds the walk: a document has finitely many distinct refs
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                raise self.diags.fatal(where, f"$ref cycle through {ref!r}")
            seen.add(ref)
            where = join_pointer(where, "$ref")
            node = self.lookup(ref, where)
            ref = self.canonical(ref)
            where = "#" + ref[1:] if ref.startswith("#") else where
        return node, where

    # ---------------------------------------------------------------- validation

    def check_all_refs(self) -> None:
        """Report every remote or dangling ``$ref`` in the document (all of them; the builder
        goes on and reports the rest of the run's problems too)."""
        seen: set[int] = set()
        # Paths are kept as token tuples; the pointer string is only built for a $ref found.
        stack: list[tuple[Any, tuple[str | int, ...]]] = [(self.document, ())]
        while stack:
            node, path = stack.pop()
            if isinstance(node, dict):
                if id(node) in seen:
                    continue
                seen.add(id(node))
                ref = node.get("$ref")
                if isinstance(ref, str):
                    # A failure is already recorded as a diagnostic; keep collecting.
                    with contextlib.suppress(GenerationError):
                        self.lookup(ref, "#" + pointer(*path, "$ref"))
                for key, value in node.items():
                    # Vendor extensions are opaque data (``x-fern-examples: {$ref: a.yml}``
                    # names a snippet file, not a schema): never followed.
                    if isinstance(value, (dict, list)) and not (
                        str(key).startswith("x-") and (not path or path[-1] not in _NAME_MAPS)
                    ):
                        stack.append((value, (*path, key)))
            elif isinstance(node, list):
                if id(node) in seen:
                    continue
                seen.add(id(node))
                for index, value in enumerate(node):
                    if isinstance(value, (dict, list)):
                        stack.append((value, (*path, index)))


def component_schema_name(ref: str) -> str | None:
    """``#/components/schemas/Foo`` → ``Foo`` (None for any other pointer)."""
    prefix = "#/components/schemas/"
    if ref.startswith(prefix):
        rest = ref[len(prefix) :]
        if "/" not in rest:
            return _unescape(unquote(rest))
    return None
