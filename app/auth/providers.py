"""Authentication providers, and the `Authenticator` that tries them for each request.

Each provider answers with a principal name, `None` when the credential is not its kind, or
raises `AuthenticationFailed`. Failures carry no detail that would help guessing, and no
provider ever logs or echoes a credential.
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import json
import logging
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from app.auth.api_keys import ApiKeyStore, looks_like_api_key
from app.auth.config import AuthSettings, ConfigError, JwtSettings
from app.auth.principal import Principal, is_valid_principal_name
from app.database import Database

logger = logging.getLogger("app.auth")

# A bearer credential longer than this is refused unread (JWTs with many claims stay far below).
MAX_CREDENTIAL_LENGTH = 4096


class AuthenticationFailed(Exception):
    """A credential was presented and is not valid (the reason is only logged, generically)."""


class StaticTokenProvider:
    """Tokens from a JSON file `{"<token>": "<principal>"}`; only their hashes are kept."""

    def __init__(self, path: str) -> None:
        try:
            mapping = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ConfigError(f"auth.static_tokens_file {path}: {error}") from error
        if not isinstance(mapping, dict):
            raise ConfigError(f"auth.static_tokens_file {path}: expected a JSON object")
        self._owners: dict[str, str] = {}
        for token, principal in mapping.items():
            if not isinstance(principal, str) or not is_valid_principal_name(principal):
                raise ConfigError(f"auth.static_tokens_file {path}: invalid principal name")
            if len(token) < 16:
                raise ConfigError(f"auth.static_tokens_file {path}: tokens need 16+ characters")
            self._owners[_sha256(token)] = principal

    def authenticate(self, token: str) -> str | None:
        # A dict lookup on the hash: timing reveals nothing about the token itself.
        return self._owners.get(_sha256(token))


_KEY_TYPES: dict[str, tuple[type[Any], ...]] = {
    "RS": (rsa.RSAPublicKey,),
    "PS": (rsa.RSAPublicKey,),
    "ES": (ec.EllipticCurvePublicKey,),
    "Ed": (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey),
}


class JwtProvider:
    """OAuth2 / OIDC access tokens (JWTs), verified against a JWKS URL or a public key."""

    def __init__(self, settings: JwtSettings) -> None:
        self._settings = settings
        self._static_key: Any = None
        self._jwks: jwt.PyJWKClient | None = None
        if settings.jwks_url is not None:
            self._jwks = jwt.PyJWKClient(settings.jwks_url, cache_keys=True, timeout=10)
        else:
            assert settings.public_key_file is not None
            try:
                self._static_key = load_pem_public_key(Path(settings.public_key_file).read_bytes())
            except (OSError, ValueError) as error:
                raise ConfigError(f"auth.jwt.public_key_file: {error}") from error

    @staticmethod
    def looks_like_jwt(token: str) -> bool:
        return token.count(".") == 2

    async def authenticate(self, token: str) -> str | None:
        if not self.looks_like_jwt(token):
            return None
        settings = self._settings
        try:
            algorithm = jwt.get_unverified_header(token).get("alg")
            if algorithm not in settings.algorithms:
                raise AuthenticationFailed("algorithm not allowed")
            key = await self._key_for(token)
            # The key's type must match the algorithm's family: an RSA or EC public key is
            # never usable as an HMAC secret, nor for another family.
            if not isinstance(key, _KEY_TYPES[str(algorithm)[:2]]):
                raise AuthenticationFailed("key type does not match the algorithm")
            claims = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=settings.audience,
                issuer=settings.issuer,
                leeway=settings.leeway_seconds,
                options={"require": ["exp", "iss", "aud"], "verify_signature": True},
            )
        except (jwt.PyJWTError, KeyError) as error:
            raise AuthenticationFailed(type(error).__name__) from None
        principal = claims.get(settings.principal_claim)
        if not isinstance(principal, str) or not is_valid_principal_name(principal):
            raise AuthenticationFailed("no usable principal claim")
        return principal

    async def _key_for(self, token: str) -> Any:
        if self._jwks is None:
            return self._static_key
        # PyJWKClient fetches (and caches) the key set with blocking I/O.
        signing_key = await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)
        return signing_key.key


class TrustedHeaderProvider:
    """A principal name set by a gateway, believed only from the listed proxy addresses."""

    def __init__(self, header: str, proxies: tuple[str, ...]) -> None:
        self.header = header.lower().encode("latin-1")
        self._networks = [ipaddress.ip_network(proxy, strict=False) for proxy in proxies]

    def is_trusted_peer(self, client_host: str | None) -> bool:
        if client_host is None:
            return False
        try:
            address = ipaddress.ip_address(client_host)
        except ValueError:
            return False
        return any(address in network for network in self._networks)


class Authenticator:
    """Every configured provider, tried in order for the request's bearer credential."""

    def __init__(self, settings: AuthSettings, database: Database) -> None:
        self.settings = settings
        self.api_keys = ApiKeyStore(database) if settings.api_keys else None
        self.static_tokens = (
            StaticTokenProvider(settings.static_tokens_file)
            if settings.static_tokens_file
            else None
        )
        self.jwt = JwtProvider(settings.jwt) if settings.jwt is not None else None
        self.trusted_header = (
            TrustedHeaderProvider(settings.trusted_header, settings.trusted_proxies)
            if settings.trusted_header is not None
            else None
        )

    @property
    def enabled(self) -> bool:
        return self.settings.enabled

    def principal(self, owner: str) -> Principal:
        return Principal(owner, admin=owner == self.settings.admin_principal)

    async def authenticate_bearer(self, token: str) -> Principal:
        """The principal of a bearer credential, or `AuthenticationFailed`."""
        if not token or len(token) > MAX_CREDENTIAL_LENGTH:
            raise AuthenticationFailed("credential empty or too long")
        owner: str | None = None
        if self.api_keys is not None and looks_like_api_key(token):
            owner = await self.api_keys.verify(token)
        if owner is None and self.static_tokens is not None:
            owner = self.static_tokens.authenticate(token)
        if owner is None and self.jwt is not None and JwtProvider.looks_like_jwt(token):
            owner = await self.jwt.authenticate(token)
        if owner is None:
            raise AuthenticationFailed("unknown credential")
        return self.principal(owner)

    def authenticate_header(self, value: str) -> Principal:
        if not is_valid_principal_name(value):
            raise AuthenticationFailed("invalid principal header")
        return self.principal(value)


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
