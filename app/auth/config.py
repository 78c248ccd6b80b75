"""Auth and rate-limit settings: one TOML settings file and/or `PARLEY_AUTH_*` variables.

    PARLEY_SETTINGS_FILE=parley.toml       # [auth], [auth.jwt] and [rate_limits] tables
    PARLEY_AUTH_API_KEYS=1                 # bearer API keys from `python -m app keys`
    PARLEY_AUTH_STATIC_TOKENS_FILE=tokens.json   # {"<token>": "<principal>", ...}
    PARLEY_AUTH_JWT_ISSUER / _AUDIENCE / _JWKS_URL / _PUBLIC_KEY_FILE / _ALGORITHMS /
        _PRINCIPAL_CLAIM / _LEEWAY_SECONDS  # OAuth2 / OIDC access tokens
    PARLEY_AUTH_TRUSTED_HEADER=x-authenticated-user  # set by a gateway, honoured only from
    PARLEY_AUTH_TRUSTED_PROXIES=10.0.0.5,10.1.0.0/16 # these peer addresses
    PARLEY_AUTH_ADMIN_PRINCIPAL=ops        # may read and change every owner's data (off)
    PARLEY_RATE_LIMIT_READ_PER_MINUTE / PARLEY_RATE_LIMIT_WRITE_PER_MINUTE
    PARLEY_RATE_LIMIT_BACKEND=database     # share the buckets through the database (memory)

An environment variable wins over the same key in the file. A setting that cannot be right
(an HMAC or `none` algorithm, a trusted header without proxies) is a `ConfigError` at start-up.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import Any

SETTINGS_FILE_ENV = "PARLEY_SETTINGS_FILE"

# Asymmetric algorithms only: a verifier configured with a public key must never accept an
# HMAC signature made with that (public) key as the secret, nor an unsigned token.
ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
DEFAULT_ALGORITHMS = ("RS256", "ES256")
DEFAULT_LEEWAY_SECONDS = 30.0


class ConfigError(ValueError):
    """The auth settings are inconsistent; the message names the setting."""


@dataclass(frozen=True)
class JwtSettings:
    """Verification of OAuth2 / OIDC JWT access tokens."""

    issuer: str
    audience: str
    jwks_url: str | None = None
    public_key_file: str | None = None
    algorithms: tuple[str, ...] = DEFAULT_ALGORITHMS
    principal_claim: str = "sub"
    leeway_seconds: float = DEFAULT_LEEWAY_SECONDS

    def __post_init__(self) -> None:
        if not self.issuer or not self.audience:
            raise ConfigError("auth.jwt needs both issuer and audience")
        if (self.jwks_url is None) == (self.public_key_file is None):
            raise ConfigError("auth.jwt needs exactly one of jwks_url and public_key_file")
        bad = [name for name in self.algorithms if name not in ASYMMETRIC_ALGORITHMS]
        if bad or not self.algorithms:
            raise ConfigError(
                f"auth.jwt.algorithms {bad or '[]'} not allowed; choose from "
                f"{sorted(ASYMMETRIC_ALGORITHMS)} (never none or HS*)"
            )
        if not 0 <= self.leeway_seconds <= 300:
            raise ConfigError("auth.jwt.leeway_seconds must be between 0 and 300")


@dataclass(frozen=True)
class AuthSettings:
    """Which authentication providers are on; none is the open embedded default."""

    api_keys: bool = False
    static_tokens_file: str | None = None
    jwt: JwtSettings | None = None
    trusted_header: str | None = None
    trusted_proxies: tuple[str, ...] = ()
    admin_principal: str | None = None

    def __post_init__(self) -> None:
        if self.trusted_header is not None and not self.trusted_proxies:
            raise ConfigError("auth.trusted_header needs a non-empty auth.trusted_proxies list")
        for proxy in self.trusted_proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError as error:
                raise ConfigError(f"auth.trusted_proxies: {proxy!r} is not an address") from error

    @property
    def enabled(self) -> bool:
        """True when at least one provider is configured."""
        return bool(
            self.api_keys
            or self.static_tokens_file
            or self.jwt is not None
            or self.trusted_header is not None
        )


@dataclass(frozen=True)
class RateLimitSettings:
    """Per-principal token buckets, in requests per minute; None is unlimited."""

    read_per_minute: int | None = None
    write_per_minute: int | None = None
    # "memory" (per process, the default) or "database" (shared by workers on one database).
    backend: str = "memory"

    def __post_init__(self) -> None:
        if self.backend not in ("memory", "database"):
            raise ConfigError("rate_limits.backend must be 'memory' or 'database'")
        for name in ("read_per_minute", "write_per_minute"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ConfigError(f"rate_limits.{name} must be at least 1")


_ENV_KEYS: dict[tuple[str, ...], str] = {
    ("auth", "api_keys"): "PARLEY_AUTH_API_KEYS",
    ("auth", "static_tokens_file"): "PARLEY_AUTH_STATIC_TOKENS_FILE",
    ("auth", "trusted_header"): "PARLEY_AUTH_TRUSTED_HEADER",
    ("auth", "trusted_proxies"): "PARLEY_AUTH_TRUSTED_PROXIES",
    ("auth", "admin_principal"): "PARLEY_AUTH_ADMIN_PRINCIPAL",
    ("auth", "jwt", "issuer"): "PARLEY_AUTH_JWT_ISSUER",
    ("auth", "jwt", "audience"): "PARLEY_AUTH_JWT_AUDIENCE",
    ("auth", "jwt", "jwks_url"): "PARLEY_AUTH_JWT_JWKS_URL",
    ("auth", "jwt", "public_key_file"): "PARLEY_AUTH_JWT_PUBLIC_KEY_FILE",
    ("auth", "jwt", "algorithms"): "PARLEY_AUTH_JWT_ALGORITHMS",
    ("auth", "jwt", "principal_claim"): "PARLEY_AUTH_JWT_PRINCIPAL_CLAIM",
    ("auth", "jwt", "leeway_seconds"): "PARLEY_AUTH_JWT_LEEWAY_SECONDS",
    ("rate_limits", "read_per_minute"): "PARLEY_RATE_LIMIT_READ_PER_MINUTE",
    ("rate_limits", "write_per_minute"): "PARLEY_RATE_LIMIT_WRITE_PER_MINUTE",
    ("rate_limits", "backend"): "PARLEY_RATE_LIMIT_BACKEND",
}


def _raw_settings() -> dict[str, Any]:
    """The settings file (if any) with the environment laid over it."""
    path = os.environ.get(SETTINGS_FILE_ENV)
    raw: dict[str, Any] = {}
    if path:
        try:
            raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"{SETTINGS_FILE_ENV}={path}: {error}") from error
    for keys, env_name in _ENV_KEYS.items():
        value = os.environ.get(env_name)
        if value is None or value == "":
            continue
        table = raw
        for key in keys[:-1]:
            table = table.setdefault(key, {})
        table[keys[-1]] = value
    return raw


def _build(cls: type[Any], table: Mapping[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise ConfigError(f"unknown setting(s) in [{where}]: {', '.join(unknown)}")
    required = [
        f.name
        for f in known.values()
        if f.default is MISSING and f.default_factory is MISSING and f.name not in table
    ]
    if required:
        raise ConfigError(f"[{where}] needs {' and '.join(required)}")
    values: dict[str, Any] = {}
    for name, value in table.items():
        kind = str(known[name].type)
        if isinstance(value, str) and "tuple" in kind:
            value = [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, list):
            value = tuple(str(part) for part in value)
        elif "bool" in kind and isinstance(value, str):
            value = value.strip().lower() not in ("0", "false", "no", "off")
        elif "int" in kind and isinstance(value, str):
            value = int(value)
        elif "float" in kind and isinstance(value, str):
            value = float(value)
        values[name] = value
    return cls(**values)


def auth_settings_from_env() -> AuthSettings:
    """The `[auth]` settings from `PARLEY_SETTINGS_FILE` and `PARLEY_AUTH_*`."""
    table = dict(_raw_settings().get("auth", {}))
    jwt_table = table.pop("jwt", None)
    settings: AuthSettings = _build(AuthSettings, table, "auth")
    if jwt_table:
        jwt: JwtSettings = _build(JwtSettings, jwt_table, "auth.jwt")
        settings = AuthSettings(**{**_fields_of(settings), "jwt": jwt})
    return settings


def rate_limit_settings_from_env() -> RateLimitSettings:
    """The `[rate_limits]` settings from `PARLEY_SETTINGS_FILE` and `PARLEY_RATE_LIMIT_*`."""
    settings: RateLimitSettings = _build(
        RateLimitSettings, _raw_settings().get("rate_limits", {}), "rate_limits"
    )
    return settings


def _fields_of(instance: Any) -> dict[str, Any]:
    return {f.name: getattr(instance, f.name) for f in fields(instance)}


__all__ = [
    "AuthSettings",
    "ConfigError",
    "JwtSettings",
    "RateLimitSettings",
    "auth_settings_from_env",
    "rate_limit_settings_from_env",
]
