"""Authentication as IR facts: the schemes, which operations accept them, default headers.

Sources, in order:

* ``components.securitySchemes``: ``http`` bearer, ``oauth2`` and ``openIdConnect`` (bearer
  tokens), ``apiKey`` in a header, query parameter or cookie, and ``http`` basic. Other kinds
  (``mutualTLS``, ``http`` digest) are skipped with a warning.
* Header parameters every operation requires: one with a single possible value (a ``default``,
  ``const`` or one-value ``enum``, e.g. ``anthropic-version``) becomes a client default header;
  when the spec declares no scheme, a credential-like one (``x-api-key``, ``Authorization``)
  becomes an ``api_key`` scheme. Either way it leaves the operations' parameters.
* The SDK config's ``auth`` section (merged over the above) and ``operations.<id>.security``.
* Nothing at all: an optional bearer ``api_key`` (``origin="default"``), what every client had
  before schemes were read from the spec.

An operation accepts the schemes of its ``security`` requirement, else of the top-level one;
``security: []`` means no credential. With neither, it accepts every scheme (specs that declare
schemes but no requirement still expect them). Each scheme's credentials are client options
named like the official SDKs' (``api_key``; ``auth_token`` for a bearer token beside an API
key; ``username``/``password``), with the environment variable ``<PREFIX>_<OPTION>``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.config import SdkConfig
from generator.diagnostics import Diagnostics, GenerationError, join_pointer, pointer
from generator.ir import (
    AuthCredential,
    AuthKind,
    AuthScheme,
    DefaultHeader,
    LiteralType,
    Name,
    Operation,
    Parameter,
)
from generator.naming import Scope, make_name, words_of
from generator.resolve import Resolver

_CREDENTIAL_HEADER = re.compile(
    r"^(?:proxy-)?authorization$|api[-_]?key|(?:auth|access|bearer|session|api)[-_]?token|"
    r"^x-[a-z0-9-]*token$|secret",
    re.IGNORECASE,
)

Located = list[tuple[Operation, tuple[str, ...]]]


@dataclass(frozen=True)
class AuthFacts:
    schemes: tuple[AuthScheme, ...]
    default_headers: tuple[DefaultHeader, ...]
    operations: Located
    """The operations with :attr:`Operation.security` set and recognised headers removed."""


@dataclass
class _Draft:
    id: str
    kind: AuthKind
    location: str = "header"
    wire_name: str = "Authorization"
    description: str | None = None
    origin: str = "spec"
    source: str = ""
    option: str | None = None
    env: str | None = None


def build_auth(
    document: dict[str, Any], operations: Located, config: SdkConfig, diags: Diagnostics
) -> AuthFacts:
    resolver = Resolver(document, Diagnostics())  # pointers were checked by the builder
    drafts = _spec_schemes(document, resolver, diags)
    known = {d.id for d in drafts}
    warned: set[str] = set()

    def requirement(node: Any, where: str) -> tuple[str, ...] | None:
        """Scheme ids of a ``security`` list; None when it names no known scheme."""
        if not isinstance(node, list):
            diags.warn(where, "'security' must be a list of requirements; ignored")
            return None
        if not node:
            return ()
        ids: list[str] = []
        for index, entry in enumerate(node):
            if not isinstance(entry, dict):
                continue
            for key in entry:
                if key in known:
                    if key not in ids:
                        ids.append(str(key))
                elif key not in warned:
                    warned.add(str(key))
                    diags.warn(join_pointer(where, index, key),
                               f"security scheme {key!r} is not in components.securitySchemes")
        return tuple(ids) if ids else None

    top = requirement(document["security"], "#/security") if "security" in document else None
    per_op: list[tuple[str, ...] | None] = []
    for op, _ in operations:
        raw = _lookup(resolver, op.source)
        if isinstance(raw, dict) and "security" in raw:
            found = requirement(raw["security"], join_pointer(op.source, "security"))
            per_op.append(found if found is not None else top)
        else:
            per_op.append(top)

    headers: list[DefaultHeader] = []
    removed: set[str] = set()  # lowercase header names leaving every operation
    if config.auth.detect_headers and operations:
        for wire, params in _common_required_headers([op for op, _ in operations]):
            value = _constant(params)
            if value is not None:
                headers.append(DefaultHeader(wire, value, params[0].description,
                                             params[0].source))
                removed.add(wire.lower())
            elif not known and _CREDENTIAL_HEADER.search(wire):
                drafts.append(_Draft(id="header:" + wire, kind="api_key", wire_name=wire,
                                     description=params[0].description, origin="header",
                                     source=params[0].source))
                known.add("header:" + wire)
                removed.add(wire.lower())
                per_op = [(*(ids or ()), "header:" + wire) for ids in per_op]

    # The config: merged into a scheme of that key, else a new scheme.
    for key, entry in config.auth.schemes.items():
        where = pointer("auth", "schemes", key)
        draft = next((d for d in drafts if d.id == key), None)
        if draft is None:
            if entry.kind is None:
                diags.error(where, f"{key!r} is not a scheme of the spec: it needs a 'kind'")
                continue
            draft = _Draft(id=key, kind=entry.kind, origin="config",  # type: ignore[arg-type]
                           source=where)
            drafts.append(draft)
            # A new scheme joins every operation that takes a credential by default.
            per_op = [(*ids, key) if ids else ids for ids in per_op]
            top = (*(top or ()), key)
        elif entry.kind is not None:
            draft.kind = entry.kind  # type: ignore[assignment]
        if entry.location is not None:
            draft.location = entry.location
        if entry.wire_name is not None:
            draft.wire_name = entry.wire_name
        if entry.kind in ("bearer", "basic") and entry.wire_name is None:
            draft.wire_name, draft.location = "Authorization", "header"
        draft.option, draft.env = entry.option or draft.option, entry.env or draft.env
        draft.description = entry.description or draft.description
    if not drafts:
        drafts.append(_Draft(id="bearer", kind="bearer", origin="default"))
    all_ids = tuple(d.id for d in drafts)

    schemes = _finish(drafts, config.env_prefix)
    by_lower = {h.wire_name.lower(): h for h in headers}
    for name, value in config.auth.default_headers.items():
        by_lower[name.lower()] = DefaultHeader(name, value, None,
                                               pointer("auth", "default_headers", name))
    result: Located = []
    for (op, path), ids in zip(operations, per_op, strict=True):
        override = config.operations.get(op.id)
        if override is not None and override.security is not None:
            unknown = [k for k in override.security if k not in all_ids]
            for k in unknown:
                diags.error(pointer("operations", op.id, "security"), f"unknown scheme {k!r}")
            ids = tuple(k for k in override.security if k in all_ids)
        elif ids is None:
            ids = all_ids
        kept = tuple(p for p in op.header_params if p.wire_name.lower() not in removed)
        result.append((dataclasses.replace(op, security=ids, header_params=kept), path))
    return AuthFacts(schemes, tuple(by_lower.values()), result)


def _lookup(resolver: Resolver, where: str) -> Any:
    """The raw operation at ``Operation.source`` (a JSON pointer, with or without ``#``)."""
    ref = where if where.startswith("#") else "#" + where
    try:
        return resolver.lookup(ref, ref)
    except GenerationError:
        return None


def _spec_schemes(document: dict[str, Any], resolver: Resolver, diags: Diagnostics) -> list[_Draft]:
    components = document.get("components")
    raw = components.get("securitySchemes") if isinstance(components, dict) else None
    if raw is None:
        return []
    if not isinstance(raw, dict):
        diags.warn("#/components/securitySchemes", "must be a mapping; ignored")
        return []
    drafts: list[_Draft] = []
    for key, node in raw.items():
        where = pointer("components", "securitySchemes", key)
        try:
            node, where = resolver.deref(node, where)
        except GenerationError:
            diags.warn(where, "security scheme $ref does not resolve; skipped")
            continue
        if not isinstance(node, dict):
            diags.warn(where, "a security scheme must be a mapping; skipped")
            continue
        kind_of = node.get("type")
        description = node.get("description") if isinstance(node.get("description"), str) else None
        draft = _Draft(id=str(key), kind="bearer", description=description, source=where)
        if kind_of in ("oauth2", "openIdConnect"):
            pass  # the access token is sent as a bearer token
        elif kind_of == "http":
            scheme = str(node.get("scheme", "")).lower()
            if scheme == "basic":
                draft.kind = "basic"
            elif scheme != "bearer":
                diags.warn(where, f"http auth scheme {node.get('scheme')!r} is not supported; "
                                  "skipped")
                continue
        elif kind_of == "apiKey":
            location, name = node.get("in"), node.get("name")
            if location not in ("header", "query", "cookie") or not isinstance(name, str) \
                    or not name:
                diags.warn(where, "an apiKey scheme needs 'name' and 'in' of header/query/"
                                  "cookie; skipped")
                continue
            draft.kind, draft.location, draft.wire_name = "api_key", location, name
        else:
            diags.warn(where, f"security scheme type {kind_of!r} is not supported; skipped")
            continue
        drafts.append(draft)
    return drafts


def _common_required_headers(
    operations: Sequence[Operation],
) -> list[tuple[str, list[Parameter]]]:
    """Header parameters (by case-insensitive name) that every operation requires, in the
    first operation's order, with each operation's declaration."""
    found: list[tuple[str, list[Parameter]]] = []
    for param in operations[0].header_params:
        if not param.required:
            continue
        matches = []
        for op in operations:
            match = next((p for p in op.header_params
                          if p.required and p.wire_name.lower() == param.wire_name.lower()), None)
            if match is None:
                break
            matches.append(match)
        else:
            found.append((param.wire_name, matches))
    return found


def _constant(params: Sequence[Parameter]) -> str | None:
    """The one value every declaration allows (a literal, or the default), as header text."""
    values: set[str] = set()
    for param in params:
        if isinstance(param.type, LiteralType):
            value = param.type.value.value
        elif param.default is not None:
            value = param.default.value
        else:
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            return None
        values.add(str(value))
    return values.pop() if len(values) == 1 else None


def _finish(drafts: list[_Draft], env_prefix: str) -> tuple[AuthScheme, ...]:
    """Unique scheme names and credential options (config choices first, then the
    official-SDK names, then the scheme's own words)."""
    names, options = Scope(), Scope()
    for draft in drafts:
        if draft.option:
            options.claim(Name(tuple(draft.option.split("_"))))
    has_api_key = any(d.kind == "api_key" for d in drafts)
    schemes: list[AuthScheme] = []
    for draft in drafts:
        name, _ = names.claim(make_name(draft.id.removeprefix("header:"), ("auth",)))
        if draft.kind == "basic":
            wanted: list[tuple[str, ...]] = [("username",), ("password",)]
            if draft.option:
                wanted[0] = tuple(draft.option.split("_"))
        elif draft.option:
            wanted = [tuple(draft.option.split("_"))]
        elif draft.kind == "bearer" and has_api_key:
            wanted = [("auth", "token")]
        else:
            wanted = [("api", "key")]
        credentials: list[AuthCredential] = []
        for index, words in enumerate(wanted):
            if draft.option and index == 0:
                option = Name(words)  # claimed above
            else:
                option, clashed = options.claim(Name(words))
                if clashed:  # a second scheme of one kind: say which
                    option, _ = options.claim(Name(shorten_words(name.words + words)))
            env = draft.env if draft.env and index == 0 else None
            credentials.append(AuthCredential(
                option, env or f"{env_prefix}_{option.snake().upper()}"
            ))
        schemes.append(AuthScheme(
            id=draft.id, name=name, kind=draft.kind, credentials=tuple(credentials),
            location=draft.location,  # type: ignore[arg-type]
            wire_name=draft.wire_name, description=draft.description,
            origin=draft.origin,  # type: ignore[arg-type]
            source=draft.source,
        ))
    return tuple(schemes)


def shorten_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """Drop a repeated word (``jwt refresh`` + ``api key`` stays, ``api key api key`` not)."""
    out: list[str] = []
    for word in words:
        if word not in out:
            out.append(word)
    return tuple(out) if out else words_of("auth")
