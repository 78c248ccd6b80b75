"""The generated client's configuration: environment variables, config-file defaults, the
headers it sends, and path guards on generated methods (against a recording transport)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest


def _recording_client(**kwargs: Any) -> tuple[Any, list[httpx.Request]]:
    from parley_client import Parley

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = {"id": "conv_" + "a" * 48, "object": "conversation", "created_at": 1,
                "metadata": {}}
        return httpx.Response(200, json=body, headers={"x-request-id": "req_1"})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    return Parley(http_client=http, **kwargs), seen


def test_environment_configures_base_url_and_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLEY_BASE_URL", "http://env.example:9000/api")
    monkeypatch.setenv("PARLEY_API_KEY", "env-key")
    client, seen = _recording_client()
    client.conversations.retrieve("conv_" + "a" * 48)
    assert str(seen[0].url) == "http://env.example:9000/api/v1/conversations/conv_" + "a" * 48
    assert seen[0].headers["authorization"] == "Bearer env-key"
    explicit, seen2 = _recording_client(base_url="http://arg.example", api_key="arg-key")
    explicit.conversations.retrieve("conv_" + "a" * 48)
    assert seen2[0].url.host == "arg.example"
    assert seen2[0].headers["authorization"] == "Bearer arg-key"


def test_defaults_come_from_the_sdk_config(monkeypatch: pytest.MonkeyPatch) -> None:
    from parley_client import Parley
    from parley_client._client import DEFAULT_BASE_URL, DEFAULT_RETRY_POLICY

    monkeypatch.delenv("PARLEY_BASE_URL", raising=False)
    monkeypatch.delenv("PARLEY_API_KEY", raising=False)
    client = Parley()
    try:
        assert client.base_url == DEFAULT_BASE_URL == "http://localhost:8000"
        assert client.api_key is None
        assert client.max_retries == 2
        assert client.timeout == httpx.Timeout(60.0, connect=5.0)
        assert client.retry_policy == DEFAULT_RETRY_POLICY
        assert DEFAULT_RETRY_POLICY.retry_statuses == frozenset({408, 409, 429})
        assert (DEFAULT_RETRY_POLICY.initial_delay, DEFAULT_RETRY_POLICY.max_delay) == (0.5, 8.0)
    finally:
        client.close()


def test_generated_methods_send_what_they_are_given() -> None:
    client, seen = _recording_client(base_url="http://x.example")
    client.conversations.create(metadata={"a": "b"}, extra_headers={"X-Extra": "1"},
                                idempotency_key="key-1")
    client.conversations.update("conv_" + "a" * 48, metadata={})
    request = seen[0]
    assert request.method == "POST" and request.url.path == "/v1/conversations"
    assert json.loads(request.content) == {"metadata": {"a": "b"}}  # items omitted, not null
    assert request.headers["idempotency-key"] == "key-1"
    assert request.headers["x-extra"] == "1"
    assert request.headers["user-agent"].startswith("parley-client/")
    assert json.loads(seen[1].content) == {"metadata": {}}
    assert seen[1].headers.get("idempotency-key")  # generated once per non-GET call


def test_path_guards_fire_before_any_request() -> None:
    client, seen = _recording_client(base_url="http://x.example")
    for bad in ("", ".", ".."):
        with pytest.raises(ValueError, match="conversation_id"):
            client.conversations.items.list(bad)
    assert seen == []
    client.conversations.items.retrieve("a/b?c#d é", conversation_id="conv_" + "a" * 48)
    assert seen[0].url.raw_path.decode().endswith("/items/a%2Fb%3Fc%23d%20%C3%A9")
