"""The SDK config file (YAML): names, resource/method overrides, pagination, retries.

Every key is optional; :func:`default_config` is what a spec without a config gets. Example
(``sdks/config.yaml``)::

    version: 0.1.0                  # SDK version (all languages)
    client:
      name: Parley                  # client class
      env_prefix: PARLEY            # PARLEY_BASE_URL, PARLEY_API_KEY
      base_url: http://localhost:8000
      idempotency_header: Idempotency-Key
    retries: {max_retries: 2, initial_delay: 0.5, max_delay: 8.0, jitter: 0.25,
              retry_statuses: [408, 409, 429], timeout: 60.0, connect_timeout: 5.0}
    languages:                      # one section per backend, validated by the backend
      python: {package_name: parley_client, dist_name: parley-client, async_name: AsyncParley}
      typescript: {package_name: parley-client}
    pagination:                     # schemes, matched against list operations before detection
      cursor_page: {items: data, cursor_param: after, cursor_field: last_id, has_more: has_more}
      # kind: cursor_id (default) | cursor_token | page_number | offset | next_url; also
      # cursor_item_field, limit_param, total; null for a field the API does not have
    auth:                           # overrides what the spec declares (generator/auth.py)
      detect_headers: true          # credential / constant headers on every operation
      schemes:                      # by securitySchemes key (merged), or a new key (added)
        bearerAuth: {kind: bearer, option: api_key, env: PARLEY_API_KEY}
        # kind: bearer | api_key | basic; in: header | query | cookie; name: X-Api-Key
      default_headers: {anthropic-version: "2023-06-01"}   # sent unless overridden
    strip_path_prefixes: [v1]       # path segments ignored when deriving resources
    resources:                      # rename a derived resource path
      vector-io: vector_io
    operations:                     # per operationId
      health: {resource: health, method: check}
      listRoutes: {resource: inspect.routes, method: list, pagination: false}
      health: {security: []}        # scheme keys the operation accepts ([]: no credential)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostics, pointer
from generator.naming import title_names, words_of

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DIST = re.compile(r"^(@[a-z0-9][a-z0-9._-]*/)?[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class RetryConfig:
    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.25
    retry_statuses: tuple[int, ...] = (408, 409, 429)
    """Retried in addition to every status >= 500."""
    timeout: float = 60.0
    connect_timeout: float = 5.0


PAGINATION_KINDS = ("cursor_id", "cursor_token", "page_number", "offset", "next_url")


@dataclass(frozen=True)
class PaginationConfig:
    key: str
    items: str = "data"
    cursor_param: str | None = "after"
    cursor_field: str | None = "last_id"
    has_more: str | None = "has_more"
    kind: str = "cursor_id"
    """One of :data:`PAGINATION_KINDS` (see ``generator.ir.PaginationKind``)."""
    cursor_item_field: str | None = None
    limit_param: str | None = None
    total: str | None = None


@dataclass(frozen=True)
class AuthSchemeConfig:
    """``auth.schemes.<key>``: every key optional when it names a spec scheme (merged into
    it); ``kind`` is required for a new one."""

    kind: str | None = None
    location: str | None = None
    wire_name: str | None = None
    option: str | None = None
    """The client option's snake_case name (``api_key``); basic: the username option."""
    env: str | None = None
    """Its environment variable (basic: the username's)."""
    description: str | None = None


@dataclass(frozen=True)
class AuthConfig:
    detect_headers: bool = True
    """Recognise credential-like and constant required headers of every operation."""
    schemes: dict[str, AuthSchemeConfig] = field(default_factory=dict)
    default_headers: dict[str, str] = field(default_factory=dict)
    """Sent with every request (they win over detected ones)."""


@dataclass(frozen=True)
class OperationOverride:
    resource: str | None = None
    """Dotted resource path (``conversations.items``); ``""`` puts the method on the client."""
    method: str | None = None
    """Method name (snake_case words, e.g. ``check`` or ``list_all``)."""
    pagination: str | bool | None = None
    """A scheme key to force, ``False`` to disable, None for automatic matching."""
    security: tuple[str, ...] | None = None
    """Auth scheme keys the operation accepts (``()``: none), None for the spec's."""


@dataclass(frozen=True)
class SdkConfig:
    version: str = "0.1.0"
    client_name: str = "Client"
    env_prefix: str = "API"
    name_words: tuple[str, ...] = ()
    """The API's name words when the client name came from ``info.title`` (``OpenAI`` →
    ``("openai",)``): the package default is built from them, not by splitting the class."""
    base_url: str | None = None
    """None: the spec's first server URL (else ``http://localhost``)."""
    idempotency_header: str = "Idempotency-Key"
    retries: RetryConfig = RetryConfig()
    languages: Mapping[str, Any] = field(default_factory=dict)
    """Each backend's own typed config, parsed from its ``languages.<name>`` section (see
    ``Backend.config``); a language without a section is absent and gets its defaults."""
    pagination: tuple[PaginationConfig, ...] = (PaginationConfig(key="cursor_page"),)
    strip_path_prefixes: tuple[str, ...] = ()
    """Leading path segments ignored for resource naming; default: version-like segments."""
    resources: dict[str, str] = field(default_factory=dict)
    operations: dict[str, OperationOverride] = field(default_factory=dict)
    auth: AuthConfig = AuthConfig()

    @property
    def package_words(self) -> tuple[str, ...]:
        """The default package name's words, from the client name (``Parley`` → parley, client);
        each backend spells them its own way."""
        if self.name_words:
            return (*self.name_words, "client")
        stem = re.sub(r"(?<!^)(?=[A-Z])", "_", self.client_name).lower()
        return ("api", "client") if stem == "client" else (*stem.split("_"), "client")


def default_config(title: str | None = None, avoid: frozenset[str] = frozenset()) -> SdkConfig:
    """The defaults; with the spec's ``info.title``, the client, package and environment
    prefix are named after the API (``OpenAI``, ``openai_client``, ``OPENAI_API_KEY``).
    ``avoid``: the spec's schema names, which the client class must not take."""
    return _title_defaults(SdkConfig(), title, {}, avoid)


def _title_defaults(
    config: SdkConfig, title: str | None, client: dict[str, Any], avoid: frozenset[str]
) -> SdkConfig:
    """Fill what the config's ``client`` section leaves unset: the class and the package
    from the title, the environment prefix from the configured class (else the title)."""
    named = title_names(title) if title else None
    changes: dict[str, Any] = {}
    if "name" not in client and named is not None:
        # A schema named like the API (``Nulls`` in the "Nulls" API) keeps its name.
        taken = {"".join(words_of(name)) for name in avoid}
        client_name = named[1] + ("Client" if named[1].lower() in taken else "")
        changes.update(client_name=client_name, name_words=named[0])
    if "env_prefix" not in client:
        if "name" in client:
            changes["env_prefix"] = "_".join(w.upper() for w in words_of(config.client_name))
        elif named is not None:
            changes["env_prefix"] = named[2]
    return replace(config, **changes) if changes else config


# Shared by the backends' config parsers (each validates its own section with these).
IDENTIFIER = _IDENT
DIST_NAME = _DIST


@dataclass(frozen=True)
class ConfigSection:
    """One language's ``languages.<name>`` mapping, handed to its backend's ``parse_config``;
    errors go to ``diags`` with a pointer under ``where``."""

    data: Mapping[str, Any]
    core: SdkConfig
    """The language-neutral config, already parsed (client name, version, ...)."""
    where: str
    diags: Diagnostics

    def string(self, key: str, pattern: re.Pattern[str] | None = None) -> str | None:
        return _Reader(self.diags).string(self.data.get(key), self.where + pointer(key), pattern)

    def check_keys(self, allowed: Iterable[str]) -> None:
        _Reader(self.diags).unknown_keys(dict(self.data), set(allowed), self.where)


class _Reader:
    """Typed access to the config mapping with pointer-carrying errors."""

    def __init__(self, diags: Diagnostics) -> None:
        self.diags = diags

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.diags.error(where, "must be a mapping")
            return {}
        return value

    def string(self, value: Any, where: str, pattern: re.Pattern[str] | None = None) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            self.diags.error(where, "must be a non-empty string")
            return None
        if pattern is not None and not pattern.match(value):
            self.diags.error(where, f"{value!r} is not valid here (must match {pattern.pattern})")
            return None
        return value

    def number(self, value: Any, where: str, *, integer: bool = False) -> float | None:
        if value is None:
            return None
        ok = isinstance(value, int) if integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok or value < 0:
            self.diags.error(where, f"must be a non-negative {'integer' if integer else 'number'}")
            return None
        return value  # type: ignore[no-any-return]

    def unknown_keys(self, data: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in sorted(set(data) - allowed):
            self.diags.error(
                pointer(*where.split("/")[1:], key) if where else pointer(key),
                f"unknown config key {key!r}",
            )


def parse_config(
    data: Any, diags: Diagnostics, title: str | None = None, avoid: frozenset[str] = frozenset()
) -> SdkConfig:
    """Validate a loaded config mapping; errors are recorded in ``diags`` (source ``config``).
    ``title`` (the spec's ``info.title``) names what ``client`` leaves unset, avoiding the
    schema names ``avoid``."""
    r = _Reader(diags)
    top = r.mapping(data, "#")
    r.unknown_keys(
        top,
        {
            "version",
            "client",
            "retries",
            "languages",
            "pagination",
            "strip_path_prefixes",
            "resources",
            "operations",
            "auth",
        },
        "",
    )
    kwargs: dict[str, Any] = {}
    if (version := r.string(top.get("version"), "#/version")) is not None:
        kwargs["version"] = version

    client = r.mapping(top.get("client"), "#/client")
    if "async_name" in client:
        diags.error(
            "#/client/async_name",
            "the async client is Python's: set languages.python.async_name instead",
        )
        client = {k: v for k, v in client.items() if k != "async_name"}
    r.unknown_keys(client, {"name", "env_prefix", "base_url", "idempotency_header"}, "/client")
    for key, attr, pat in (
        ("name", "client_name", _IDENT),
        ("env_prefix", "env_prefix", re.compile(r"^[A-Z][A-Z0-9_]*$")),
        ("base_url", "base_url", re.compile(r"^https?://\S+$")),
        ("idempotency_header", "idempotency_header", re.compile(r"^[A-Za-z0-9-]+$")),
    ):
        if (value := r.string(client.get(key), pointer("client", key), pat)) is not None:
            kwargs[attr] = value

    retries = r.mapping(top.get("retries"), "#/retries")
    r.unknown_keys(retries, set(RetryConfig.__dataclass_fields__), "/retries")
    retry_kwargs: dict[str, Any] = {}
    for key in ("initial_delay", "max_delay", "jitter", "timeout", "connect_timeout"):
        if (num := r.number(retries.get(key), pointer("retries", key))) is not None:
            retry_kwargs[key] = float(num)
    if (
        num := r.number(retries.get("max_retries"), "#/retries/max_retries", integer=True)
    ) is not None:
        retry_kwargs["max_retries"] = int(num)
    if "jitter" in retry_kwargs and retry_kwargs["jitter"] > 1:
        diags.error("#/retries/jitter", "must be a fraction between 0 and 1")
    statuses = retries.get("retry_statuses")
    if statuses is not None:
        if not isinstance(statuses, list) or not all(
            isinstance(s, int) and not isinstance(s, bool) and 100 <= s <= 599 for s in statuses
        ):
            diags.error("#/retries/retry_statuses", "must be a list of HTTP status codes")
        else:
            retry_kwargs["retry_statuses"] = tuple(sorted(set(statuses)))
    kwargs["retries"] = RetryConfig(**retry_kwargs)

    sections = {
        lang: r.mapping(spec, pointer("languages", lang))
        for lang, spec in sorted(r.mapping(top.get("languages"), "#/languages").items())
    }

    if "pagination" in top:
        schemes: list[PaginationConfig] = []
        keys = ("items", "cursor_param", "cursor_field", "has_more", "kind", "cursor_item_field",
                "limit_param", "total")
        for key, spec in sorted(r.mapping(top.get("pagination"), "#/pagination").items()):
            entry = r.mapping(spec, pointer("pagination", key))
            r.unknown_keys(entry, set(keys), f"/pagination/{key}")
            if not _IDENT.match(key):
                diags.error(pointer("pagination", key), "scheme key must be an identifier")
            fields: dict[str, Any] = {}
            for f in keys:
                if f in entry and entry[f] is None and f not in ("items", "kind"):
                    fields[f] = None  # the API has no such field
                elif (value := r.string(entry.get(f), pointer("pagination", key, f))) is not None:
                    fields[f] = value
            if fields.get("kind", "cursor_id") not in PAGINATION_KINDS:
                diags.error(pointer("pagination", key, "kind"),
                            f"must be one of {', '.join(PAGINATION_KINDS)}")
                fields.pop("kind")
            schemes.append(PaginationConfig(key=key, **fields))
        kwargs["pagination"] = tuple(schemes)
    if "auth" in top:
        kwargs["auth"] = _parse_auth(r, top.get("auth"), diags)

    prefixes = top.get("strip_path_prefixes")
    if prefixes is not None:
        if not isinstance(prefixes, list) or not all(isinstance(p, str) for p in prefixes):
            diags.error("#/strip_path_prefixes", "must be a list of path segments")
        else:
            kwargs["strip_path_prefixes"] = tuple(prefixes)

    resources: dict[str, str] = {}
    for key, value in r.mapping(top.get("resources"), "#/resources").items():
        target = r.string(
            value, pointer("resources", key), re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
        )
        if target:
            resources[key] = target
    kwargs["resources"] = resources

    operations: dict[str, OperationOverride] = {}
    scheme_keys = {p.key for p in kwargs.get("pagination", SdkConfig().pagination)}
    for op_id, spec in r.mapping(top.get("operations"), "#/operations").items():
        where = pointer("operations", op_id)
        entry = r.mapping(spec, where)
        r.unknown_keys(
            entry, {"resource", "method", "pagination", "security"}, f"/operations/{op_id}"
        )
        resource = entry.get("resource")
        if resource is not None and not (
            isinstance(resource, str)
            and (resource == "" or re.match(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$", resource))
        ):
            diags.error(where + "/resource", "must be a dotted snake_case path or ''")
            resource = None
        method = r.string(entry.get("method"), where + "/method", re.compile(r"^[a-z][a-z0-9_]*$"))
        pagination = entry.get("pagination")
        if pagination is not None and pagination is not False and pagination not in scheme_keys:
            diags.error(where + "/pagination", f"unknown pagination scheme {pagination!r}")
            pagination = None
        security = entry.get("security")
        if security is not None and not (
            isinstance(security, list) and all(isinstance(k, str) and k for k in security)
        ):
            diags.error(where + "/security", "must be a list of auth scheme keys")
            security = None
        operations[op_id] = OperationOverride(
            resource=resource,
            method=method,
            pagination=pagination,
            security=tuple(security) if security is not None else None,
        )
    kwargs["operations"] = operations
    core = _title_defaults(SdkConfig(**kwargs), title, client, avoid)
    return _parse_languages(core, sections, diags)


def _parse_auth(r: _Reader, value: Any, diags: Diagnostics) -> AuthConfig:
    auth = r.mapping(value, "#/auth")
    r.unknown_keys(auth, {"detect_headers", "schemes", "default_headers"}, "/auth")
    detect = auth.get("detect_headers", True)
    if not isinstance(detect, bool):
        diags.error("#/auth/detect_headers", "must be true or false")
        detect = True
    schemes: dict[str, AuthSchemeConfig] = {}
    enums = {"kind": ("bearer", "api_key", "basic"), "in": ("header", "query", "cookie")}
    for key, spec in r.mapping(auth.get("schemes"), "#/auth/schemes").items():
        where = pointer("auth", "schemes", key)
        entry = r.mapping(spec, where)
        r.unknown_keys(entry, {"kind", "in", "name", "option", "env", "description"},
                       f"/auth/schemes/{key}")
        values: dict[str, str | None] = {}
        for f in ("kind", "in", "name", "option", "env", "description"):
            pattern = {"option": re.compile(r"^[a-z][a-z0-9_]*$"),
                       "env": re.compile(r"^[A-Z][A-Z0-9_]*$"),
                       "name": re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")}.get(f)
            text = r.string(entry.get(f), pointer("auth", "schemes", key, f), pattern)
            if text is not None and f in enums and text not in enums[f]:
                diags.error(pointer("auth", "schemes", key, f),
                            f"must be one of {', '.join(enums[f])}")
                text = None
            values[f] = text
        schemes[str(key)] = AuthSchemeConfig(
            kind=values["kind"], location=values["in"], wire_name=values["name"],
            option=values["option"], env=values["env"], description=values["description"],
        )
    headers: dict[str, str] = {}
    for name, text in r.mapping(auth.get("default_headers"), "#/auth/default_headers").items():
        where = pointer("auth", "default_headers", name)
        if not re.match(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", str(name)):
            diags.error(where, "must be a header name")
        elif not isinstance(text, (str, int, float)) or isinstance(text, bool):
            diags.error(where, "must be a string")
        else:
            headers[str(name)] = str(text)
    return AuthConfig(detect_headers=detect, schemes=schemes, default_headers=headers)


def _parse_languages(
    core: SdkConfig, sections: dict[str, dict[str, Any]], diags: Diagnostics
) -> SdkConfig:
    """Each ``languages.<name>`` section, validated by its own backend."""
    # Imported here: the registry imports the backends, whose parsers import this module.
    from generator.languages import get_backend, unknown_language

    languages: dict[str, Any] = {}
    for lang, section in sections.items():
        backend = get_backend(lang)
        if backend is None:
            diags.error(pointer("languages", lang), unknown_language(lang))
            continue
        languages[lang] = backend.parse_config(
            ConfigSection(section, core, pointer("languages", lang), diags)
        )
    return replace(core, languages=languages)


def load_config(
    path: Path | None,
    diags: Diagnostics,
    title: str | None = None,
    avoid: frozenset[str] = frozenset(),
) -> SdkConfig:
    """Read and validate the config file (None → defaults); ``title``, ``avoid``: see
    ``parse_config``."""
    if path is None:
        return default_config(title, avoid)
    from generator.load import read_document

    config_diags = Diagnostics(source="config")
    data, _raw = read_document(path, config_diags)
    config = parse_config(data, config_diags, title, avoid)
    diags.items.extend(config_diags.items)
    diags.raise_if_errors()
    return config
