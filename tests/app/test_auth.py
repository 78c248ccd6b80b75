"""Every authentication provider: valid credentials, and each way a credential can be wrong."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app import __main__ as entry_point
from app.auth.config import AuthSettings, ConfigError, JwtSettings
from app.auth.providers import StaticTokenProvider
from tests.app import auth_support as support
from tests.app.auth_support import ALICE_TOKEN, BOB_TOKEN, bearer, claims, make_app
from tests.app.conftest import SQLITE_MEMORY_URL
from tests.app.helpers import assert_error


@pytest.fixture(scope="module")
def keys() -> support.SigningKeys:
    return support.generate_keys()


@pytest.fixture(scope="module")
def jwks_url(keys: support.SigningKeys) -> Iterator[str]:
    with support.serve_jwks(keys.jwks()) as url:
        yield url


async def _client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
    await app.state.database.dispose()


@pytest.fixture
async def jwks_client(jwks_url: str) -> AsyncIterator[httpx.AsyncClient]:
    auth = AuthSettings(jwt=support.jwt_settings(jwks_url=jwks_url))
    async for client in _client(make_app(SQLITE_MEMORY_URL, auth=auth)):
        yield client


@pytest.fixture
async def keys_app(tmp_path: Path) -> FastAPI:
    return make_app(
        SQLITE_MEMORY_URL,
        auth=AuthSettings(api_keys=True, static_tokens_file=support.write_static_tokens(tmp_path)),
    )


@pytest.fixture
async def keys_client(keys_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async for client in _client(keys_app):
        yield client


def assert_unauthorized(response: httpx.Response, *secrets_sent: str) -> None:
    """401, `WWW-Authenticate: Bearer`, the envelope, and no credential echoed."""
    assert_error(response, 401, code="invalid_api_key", error_type="authentication_error")
    assert response.headers["www-authenticate"].startswith("Bearer")
    for secret in secrets_sent:
        assert secret not in response.text
        assert all(secret not in value for value in response.headers.values())


async def _whoami(client: httpx.AsyncClient, token: str) -> httpx.Response:
    """Create a conversation with `token`; 200 proves the credential was accepted."""
    return await client.post("/v1/conversations", headers=bearer(token), json={})


# --- JWTs against a JWKS URL -------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
async def test_valid_jwt(
    jwks_client: httpx.AsyncClient, keys: support.SigningKeys, algorithm: str
) -> None:
    sign = support.sign_rs256 if algorithm == "RS256" else support.sign_es256
    response = await _whoami(jwks_client, sign(keys, claims()))
    assert response.status_code == 200, response.text


async def test_expiry_within_the_leeway_is_accepted(
    jwks_client: httpx.AsyncClient, keys: support.SigningKeys
) -> None:
    token = support.sign_rs256(keys, claims(exp=claims()["iat"] - 5))
    assert (await _whoami(jwks_client, token)).status_code == 200


def _bad_tokens(keys: support.SigningKeys) -> dict[str, str]:
    now = claims()["iat"]
    valid = support.sign_rs256(keys, claims())
    return {
        "expired": support.sign_rs256(keys, claims(exp=now - 3600, iat=now - 7200, nbf=None)),
        "wrong-issuer": support.sign_rs256(keys, claims(iss="https://evil.test")),
        "wrong-audience": support.sign_rs256(keys, claims(aud="someone-else")),
        "not-yet-valid": support.sign_rs256(keys, claims(nbf=now + 3600)),
        "no-expiry": support.sign_rs256(keys, claims(exp=None)),
        "alg-none": support.unsigned_token(claims()),
        "hs-rs-confusion": support.hmac_with_public_key(keys, claims()),
        "tampered-signature": support.tamper_signature(valid),
        "forged-subject": support.swap_payload(valid, claims(subject="bob")),
        "unknown-kid": support.sign_rs256(keys, claims(), kid="nobody"),
        "unpublished-key": support.jwt.encode(
            claims(), keys.other_rsa, algorithm="RS256", headers={"kid": "rsa-1"}
        ),
        "ec-key-under-rsa-kid": support.sign_es256(keys, claims(), kid="rsa-1"),
        "no-subject": support.sign_rs256(keys, claims(subject=None)),
        "anonymous-subject": support.sign_rs256(keys, claims(subject="anonymous")),
        "garbage": "a.b.c",
    }


BAD_TOKEN_NAMES = list(_bad_tokens(support.generate_keys()))


@pytest.mark.parametrize("case", BAD_TOKEN_NAMES)
async def test_invalid_jwt_is_a_401(
    jwks_client: httpx.AsyncClient, keys: support.SigningKeys, case: str
) -> None:
    token = _bad_tokens(keys)[case]
    response = await _whoami(jwks_client, token)
    assert_unauthorized(response, token)
    assert response.json()["error"]["message"] == "Invalid credentials."


async def test_unknown_kids_do_not_hammer_the_jwks_endpoint(keys: support.SigningKeys) -> None:
    hits: list[str] = []
    with support.serve_jwks(keys.jwks(), hits) as url:
        app = make_app(SQLITE_MEMORY_URL, auth=AuthSettings(jwt=support.jwt_settings(jwks_url=url)))
        async for client in _client(app):
            assert (await _whoami(client, support.sign_rs256(keys, claims()))).status_code == 200
            for n in range(20):
                token = support.sign_rs256(keys, claims(), kid=f"unknown-{n}")
                assert (await _whoami(client, token)).status_code == 401
    # The first fetch, and at most one refresh inside PyJWKClient's cool-down.
    assert 1 <= len(hits) <= 2, hits


async def test_no_header_is_a_401(jwks_client: httpx.AsyncClient) -> None:
    response = await jwks_client.get("/v1/conversations/conv_" + "0" * 48)
    assert_unauthorized(response)


@pytest.mark.parametrize(
    "authorization", ["Basic YWxpY2U6cHc=", "Bearer", "Bearer ", "Token abc", "bearer"]
)
async def test_other_schemes_are_a_401(jwks_client: httpx.AsyncClient, authorization: str) -> None:
    response = await jwks_client.get("/v1/health", headers={"authorization": authorization})
    assert_unauthorized(response)


async def test_principal_from_a_configured_claim(tmp_path: Path, keys: support.SigningKeys) -> None:
    key_file = tmp_path / "public.pem"
    key_file.write_bytes(keys.rsa_public_pem())
    settings = support.jwt_settings(public_key_file=str(key_file), principal_claim="email")
    app = make_app(SQLITE_MEMORY_URL, auth=AuthSettings(jwt=settings))
    async for client in _client(app):
        alice = support.sign_rs256(keys, claims(subject="x", email="alice@example.com"))
        bob = support.sign_rs256(keys, claims(subject="x", email="bob@example.com"))
        created = (await _whoami(client, alice)).json()
        path = f"/v1/conversations/{created['id']}"
        assert (await client.get(path, headers=bearer(alice))).status_code == 200
        # Same `sub`, other `email`: another principal.
        assert (await client.get(path, headers=bearer(bob))).status_code == 404


async def test_static_public_key_rejects_the_attacks(
    tmp_path: Path, keys: support.SigningKeys
) -> None:
    key_file = tmp_path / "public.pem"
    key_file.write_bytes(keys.rsa_public_pem())
    app = make_app(
        SQLITE_MEMORY_URL,
        auth=AuthSettings(jwt=support.jwt_settings(public_key_file=str(key_file))),
    )
    async for client in _client(app):
        assert (await _whoami(client, support.sign_rs256(keys, claims()))).status_code == 200
        for token in (
            support.unsigned_token(claims()),
            support.hmac_with_public_key(keys, claims()),
            support.sign_es256(keys, claims()),  # ES256 is allowed, but not with an RSA key
        ):
            assert_unauthorized(await _whoami(client, token), token)


@pytest.mark.parametrize("algorithms", [("HS256",), ("none",), ("RS256", "HS512"), ()])
def test_symmetric_or_none_algorithms_are_a_config_error(algorithms: tuple[str, ...]) -> None:
    with pytest.raises(ConfigError):
        JwtSettings(issuer="i", audience="a", jwks_url="http://x", algorithms=algorithms)


# --- API keys and static tokens -----------------------------------------------------------


async def test_api_key_lifecycle(keys_app: FastAPI, keys_client: httpx.AsyncClient) -> None:
    store = keys_app.state.authenticator.api_keys
    key, info = await store.create("carol", "ci")
    assert key.startswith("prl_" + info.key_id + "_")
    assert (await _whoami(keys_client, key)).status_code == 200
    listed = await store.list()
    assert [(entry.owner, entry.name, entry.revoked_at) for entry in listed] == [
        ("carol", "ci", None)
    ]
    assert await store.revoke(info.key_id)
    assert not await store.revoke(info.key_id)
    assert_unauthorized(await _whoami(keys_client, key), key)


async def test_api_key_is_stored_only_as_its_hash(keys_app: FastAPI) -> None:
    from sqlalchemy import select

    from app.auth.api_keys import api_keys, hash_key

    key, info = await keys_app.state.authenticator.api_keys.create("carol")
    async with keys_app.state.database.transaction() as connection:
        row = (await connection.execute(select(api_keys))).one()
    assert key not in [str(value) for value in row]
    assert row.key_hash == hash_key(key) and row.key_id == info.key_id


async def test_unknown_and_tampered_api_keys(
    keys_app: FastAPI, keys_client: httpx.AsyncClient
) -> None:
    key, _ = await keys_app.state.authenticator.api_keys.create("carol")
    unknown = f"prl_{secrets.token_hex(8)}_{secrets.token_urlsafe(32)}"
    tampered = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    for token in (unknown, tampered, key + "x", "prl_short"):
        assert_unauthorized(await _whoami(keys_client, token), token)


async def test_static_tokens(keys_client: httpx.AsyncClient) -> None:
    assert (await _whoami(keys_client, ALICE_TOKEN)).status_code == 200
    assert (await _whoami(keys_client, BOB_TOKEN)).status_code == 200
    assert_unauthorized(await _whoami(keys_client, ALICE_TOKEN + "x"), ALICE_TOKEN)


def test_static_tokens_keep_only_hashes(tmp_path: Path) -> None:
    provider = StaticTokenProvider(support.write_static_tokens(tmp_path))
    assert ALICE_TOKEN not in repr(vars(provider))
    assert provider.authenticate(ALICE_TOKEN) == "alice"
    assert provider.authenticate("nope" * 8) is None


def test_keys_cli_create_list_revoke(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/keys.db"

    def run(*argv: str) -> tuple[int, str]:
        with pytest.raises(SystemExit) as exited:
            entry_point.main(["keys", *argv, "--database-url", url])
        return int(exited.value.code or 0), capsys.readouterr().out

    code, out = run("create", "--owner", "alice", "--name", "ci")
    key = out.splitlines()[0]
    assert code == 0 and key.startswith("prl_")
    key_id = key[4:20]
    code, out = run("list")
    assert code == 0 and key_id in out and "alice" in out and "active" in out
    assert key not in out and key[21:] not in out
    assert run("revoke", key_id)[0] == 0
    assert "revoked" in run("list")[1]
    assert run("revoke", key_id)[0] == 1
    assert run("create", "--owner", "anonymous")[0] == 2


# --- the trusted upstream header ----------------------------------------------------------


@pytest.mark.parametrize(("proxies", "trusted"), [(("127.0.0.1",), True), (("10.0.0.0/8",), False)])
async def test_trusted_header_only_from_trusted_proxies(
    proxies: tuple[str, ...], trusted: bool
) -> None:
    auth = AuthSettings(trusted_header="x-authenticated-user", trusted_proxies=proxies)
    app = make_app(SQLITE_MEMORY_URL, auth=auth)
    async for client in _client(app):  # ASGITransport's peer is 127.0.0.1
        response = await client.post(
            "/v1/conversations", headers={"x-authenticated-user": "alice"}, json={}
        )
        if trusted:
            assert response.status_code == 200, response.text
        else:
            assert_unauthorized(response)


def test_trusted_header_needs_proxies() -> None:
    with pytest.raises(ConfigError):
        AuthSettings(trusted_header="x-user")


# --- configuration ------------------------------------------------------------------------


def test_auth_settings_from_a_file_and_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_file = tmp_path / "parley.toml"
    settings_file.write_text(
        '[auth]\napi_keys = true\nadmin_principal = "ops"\n'
        '[auth.jwt]\nissuer = "https://i"\naudience = "a"\njwks_url = "http://127.0.0.1:9/j"\n'
        "[rate_limits]\nread_per_minute = 600\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PARLEY_SETTINGS_FILE", str(settings_file))
    monkeypatch.setenv("PARLEY_AUTH_JWT_ALGORITHMS", "ES256,RS384")
    monkeypatch.setenv("PARLEY_RATE_LIMIT_WRITE_PER_MINUTE", "60")
    from app.settings import Settings

    settings = Settings()
    assert settings.auth.api_keys and settings.auth.admin_principal == "ops"
    assert settings.auth.jwt is not None and settings.auth.jwt.algorithms == ("ES256", "RS384")
    assert settings.rate_limits.read_per_minute == 600
    assert settings.rate_limits.write_per_minute == 60


def test_unknown_settings_are_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings_file = tmp_path / "parley.toml"
    settings_file.write_text("[auth]\napi_key = true\n", encoding="utf-8")
    monkeypatch.setenv("PARLEY_SETTINGS_FILE", str(settings_file))
    from app.auth.config import auth_settings_from_env

    with pytest.raises(ConfigError, match="api_key"):
        auth_settings_from_env()


# --- off by default -------------------------------------------------------------------------


async def test_auth_off_by_default(sqlite_client: httpx.AsyncClient) -> None:
    health = await sqlite_client.get("/v1/health")
    assert health.json() == {"status": "OK", "auth": "none"}
    assert (await sqlite_client.post("/v1/conversations", json={})).status_code == 200


async def test_unauthenticated_start_logs_a_warning(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    from app.main import create_app
    from app.settings import Settings

    for auth, warned in (
        (AuthSettings(), True),
        (AuthSettings(static_tokens_file=support.write_static_tokens(tmp_path)), False),
    ):
        caplog.clear()
        app = create_app(Settings(database_url=SQLITE_MEMORY_URL, auth=auth))
        with caplog.at_level("WARNING", logger="app.auth"):
            async with app.router.lifespan_context(app):
                pass
        assert ("No authentication configured" in caplog.text) is warned


async def test_health_reports_bearer_when_auth_is_on(keys_client: httpx.AsyncClient) -> None:
    response = await keys_client.get("/v1/health", headers=bearer(ALICE_TOKEN))
    assert response.json() == {"status": "OK", "auth": "bearer"}


@pytest.mark.parametrize(
    ("host", "flag", "refused"),
    [
        ("0.0.0.0", False, True),
        ("192.168.1.10", False, True),
        ("0.0.0.0", True, False),
        ("127.0.0.1", False, False),
        ("::1", False, False),
        ("localhost", False, False),
    ],
)
def test_non_loopback_without_auth_needs_the_flag(
    monkeypatch: pytest.MonkeyPatch, host: str, flag: bool, refused: bool
) -> None:
    for name in ("PARLEY_SETTINGS_FILE", "PARLEY_AUTH_API_KEYS", "PARLEY_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    served: list[Any] = []
    monkeypatch.setattr(entry_point.serving, "run", lambda *args, **kwargs: served.append(kwargs))
    argv = ["--host", host, "--database-url", SQLITE_MEMORY_URL]
    if flag:
        argv.append("--allow-unauthenticated")
    if refused:
        with pytest.raises(SystemExit) as exited:
            entry_point.main(argv)
        assert exited.value.code == 2 and not served
    else:
        entry_point.main(argv)
        assert served[0]["host"] == host


def test_invalid_settings_are_a_clean_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PARLEY_AUTH_JWT_ISSUER", "https://i")  # no audience, no key source
    monkeypatch.setattr(entry_point.serving, "run", lambda *args, **kwargs: None)
    with pytest.raises(SystemExit) as exited:
        entry_point.main(["--database-url", SQLITE_MEMORY_URL])
    assert exited.value.code == 2
    assert "invalid settings: [auth.jwt] needs audience" in capsys.readouterr().err
