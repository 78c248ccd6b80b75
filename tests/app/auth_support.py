"""Credentials for the auth tests: static tokens, RSA/EC keys, signed JWTs, a JWKS server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi import FastAPI

from app.auth.config import AuthSettings, JwtSettings, RateLimitSettings
from app.main import create_app
from app.settings import Settings

ISSUER = "https://issuer.test"
AUDIENCE = "parley"
ALICE_TOKEN = "alice-static-token-0123456789"
BOB_TOKEN = "bob-static-token-9876543210ab"
ADMIN_TOKEN = "ops-static-token-admin-00000"


def write_static_tokens(directory: Path, tokens: dict[str, str] | None = None) -> str:
    path = directory / "tokens.json"
    mapping = tokens or {ALICE_TOKEN: "alice", BOB_TOKEN: "bob", ADMIN_TOKEN: "ops"}
    path.write_text(json.dumps(mapping), encoding="utf-8")
    return str(path)


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def make_app(
    database_url: str,
    *,
    auth: AuthSettings,
    rate_limits: RateLimitSettings | None = None,
) -> FastAPI:
    return create_app(
        Settings(
            database_url=database_url, auth=auth, rate_limits=rate_limits or RateLimitSettings()
        )
    )


@dataclass(frozen=True)
class SigningKeys:
    rsa: rsa.RSAPrivateKey
    ec: ec.EllipticCurvePrivateKey
    other_rsa: rsa.RSAPrivateKey  # not published: its signatures must not verify

    def rsa_public_pem(self) -> bytes:
        return self.rsa.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def jwks(self) -> dict[str, Any]:
        rsa_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.rsa.public_key()))
        ec_jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.ec.public_key()))
        return {
            "keys": [
                {**rsa_jwk, "kid": "rsa-1", "use": "sig", "alg": "RS256"},
                {**ec_jwk, "kid": "ec-1", "use": "sig", "alg": "ES256"},
            ]
        }


def generate_keys() -> SigningKeys:
    return SigningKeys(
        rsa=rsa.generate_private_key(public_exponent=65537, key_size=2048),
        ec=ec.generate_private_key(ec.SECP256R1()),
        other_rsa=rsa.generate_private_key(public_exponent=65537, key_size=2048),
    )


def claims(subject: str = "alice", **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": subject,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
    }
    base.update(overrides)
    return {key: value for key, value in base.items() if value is not None}


def sign_rs256(keys: SigningKeys, payload: dict[str, Any], kid: str = "rsa-1") -> str:
    return jwt.encode(payload, keys.rsa, algorithm="RS256", headers={"kid": kid})


def sign_es256(keys: SigningKeys, payload: dict[str, Any], kid: str = "ec-1") -> str:
    return jwt.encode(payload, keys.ec, algorithm="ES256", headers={"kid": kid})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unsigned_token(payload: dict[str, Any], kid: str = "rsa-1") -> str:
    """The `alg: none` attack: a token with no signature at all."""
    header = {"alg": "none", "typ": "JWT", "kid": kid}
    return f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload).encode())}."


def hmac_with_public_key(keys: SigningKeys, payload: dict[str, Any], kid: str = "rsa-1") -> str:
    """The HS/RS confusion attack: HS256 with the (public) RSA key as the HMAC secret."""
    header = {"alg": "HS256", "typ": "JWT", "kid": kid}
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload).encode())}"
    signature = hmac.new(keys.rsa_public_pem(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


def tamper_signature(token: str) -> str:
    head, body, signature = token.split(".")
    flipped = ("A" if signature[10] != "A" else "B").join([signature[:10], signature[11:]])
    return f"{head}.{body}.{flipped}"


def swap_payload(token: str, payload: dict[str, Any]) -> str:
    """A valid signature over other claims (a forged `sub`)."""
    head, _, signature = token.split(".")
    return f"{head}.{_b64(json.dumps(payload).encode())}.{signature}"


@contextmanager
def serve_jwks(document: dict[str, Any], hits: list[str] | None = None) -> Iterator[str]:
    """Serve `document` as JSON on a loopback port; yield its URL; append each path to `hits`."""
    body = json.dumps(document).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            if hits is not None:
                hits.append(self.path)
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def jwt_settings(
    *, jwks_url: str | None = None, public_key_file: str | None = None, **kw: Any
) -> JwtSettings:
    return JwtSettings(
        issuer=ISSUER, audience=AUDIENCE, jwks_url=jwks_url, public_key_file=public_key_file, **kw
    )
