"""Client configuration: auth, headers, per-request extras, derived clients, transports."""

from __future__ import annotations

import datetime
import enum
import json
import uuid
from typing import Any

import httpx
import pytest
from rt_pkg._base_client import SyncAPIClient, make_request_options
from rt_pkg._types import NOT_GIVEN, NotGiven, Omit
from rt_pkg._utils import strip_not_given, to_jsonable

from .fake_sdk import AsyncFake, Conversation, Fake, Message
from .helpers import BASE, Receive, Scope, Send, conversation
from .scripted import Reply, ScriptedTransport


def client_and_transport(*steps: Reply, **kwargs: Any) -> tuple[Fake, ScriptedTransport]:
    transport = ScriptedTransport(*steps)
    return Fake(http_client=transport.sync_client(), **kwargs), transport


def test_api_key_is_sent_as_bearer_token() -> None:
    client, transport = client_and_transport(
        Reply(json=conversation()), Reply(json=conversation()), api_key="sk-test"
    )
    client.conversations.retrieve("c")
    client.with_options(api_key=None).conversations.retrieve("c")
    assert transport.headers("Authorization") == ["Bearer sk-test", None]


def test_default_headers_user_agent_and_accept() -> None:
    client, transport = client_and_transport(
        Reply(json=conversation()), default_headers={"X-Team": "core"}
    )
    client.conversations.retrieve("c")
    request = transport.requests[0]
    assert request.headers["User-Agent"] == "fake-sdk/1.0"
    assert request.headers["Accept"] == "application/json"
    assert request.headers["X-Team"] == "core"
    assert "Content-Type" not in request.headers  # no body on a GET


def test_base_client_has_a_default_user_agent() -> None:
    transport = ScriptedTransport(Reply(json={}))
    SyncAPIClient(base_url=BASE, http_client=transport.sync_client())._get("/x", cast_to=object)
    assert transport.requests[0].headers["User-Agent"].startswith("SyncAPIClient/Python ")


def test_extra_headers_override_and_omit_defaults() -> None:
    client, transport = client_and_transport(
        Reply(json=conversation()), default_headers={"X-Team": "core"}, api_key="k"
    )
    client.conversations.retrieve(
        "c", extra_headers={"x-team": "edge", "Authorization": Omit(), "X-New": "1"}
    )
    headers = transport.requests[0].headers
    assert headers.get_list("X-Team") == ["edge"]
    assert "Authorization" not in headers
    assert headers["X-New"] == "1"


AWKWARD_QUERY: dict[str, Any] = {
    "q": "a b&c=d#e?f/g",
    "unicode": "naïve-日本",
    "percent": "100%",
    "many": ["x", "y z"],
    "flag": True,
    "n": 3,
}


def test_query_in_the_url_text_is_what_httpx_builds_from_params() -> None:
    # The runtime writes the query into the URL itself (httpx then parses the URL once).
    client, transport = client_and_transport(Reply(json=conversation()))
    client.conversations.retrieve("c", extra_query=AWKWARD_QUERY)
    expected = httpx.Client().build_request("GET", f"{BASE}/conversations/c", params=AWKWARD_QUERY)
    sent = transport.requests[0].url
    assert str(sent) == str(expected.url)
    assert sent.params.get_list("many") == ["x", "y z"]
    assert sent.params["q"] == "a b&c=d#e?f/g"


def test_query_merges_with_the_http_clients_own_params() -> None:
    transport = ScriptedTransport(Reply(json=conversation()))
    http = httpx.Client(transport=httpx.MockTransport(transport.handle), params={"team": "core"})
    Fake(http_client=http).conversations.retrieve("c", extra_query={"include": "all"})
    assert dict(transport.requests[0].url.params) == {"team": "core", "include": "all"}


def test_http_clients_own_params_are_sent_without_a_query_of_the_call() -> None:
    transport = ScriptedTransport(Reply(json=conversation()))
    http = httpx.Client(transport=httpx.MockTransport(transport.handle), params={"team": "core"})
    Fake(http_client=http).conversations.retrieve("c")
    assert dict(transport.requests[0].url.params) == {"team": "core"}


class _OwnBuildRequest(httpx.Client):
    """A client that overrides build_request: the runtime must go through it."""

    built = 0

    def build_request(self, *args: Any, **kwargs: Any) -> httpx.Request:
        type(self).built += 1
        return super().build_request(*args, **kwargs)


def _sent_with(http_class: type[httpx.Client], **client_kwargs: Any) -> httpx.Request:
    transport = ScriptedTransport(Reply(json=conversation()))
    http = http_class(transport=httpx.MockTransport(transport.handle), **client_kwargs)
    client = Fake(http_client=http, api_key="k", default_headers={"X-Team": "core"})
    client.conversations.retrieve("c", extra_headers={"x-mine": "call", "X-Call": "2"},
                                  extra_query={"q": "a b"}, timeout=4.0)
    return transport.requests[0]


def test_a_request_is_what_httpx_build_request_makes_of_it() -> None:
    # The runtime builds requests for a stock httpx client without its header merge; the
    # request must be the one httpx's own build_request makes (as for a client overriding it).
    own = {"headers": {"X-Mine": "client", "User-Agent": "theirs", "X-Other": "kept"},
           "timeout": 9.0}
    fast = _sent_with(httpx.Client, **own)
    _OwnBuildRequest.built = 0
    through_httpx = _sent_with(_OwnBuildRequest, **own)
    assert _OwnBuildRequest.built == 1
    assert fast.headers.raw == through_httpx.headers.raw
    assert fast.headers["x-mine"] == "call"
    assert fast.headers["X-Other"] == "kept"
    assert fast.headers["User-Agent"] == "fake-sdk/1.0"
    assert (fast.method, str(fast.url)) == (through_httpx.method, str(through_httpx.url))
    assert fast.extensions == through_httpx.extensions
    assert fast.extensions["timeout"]["read"] == 4.0


def test_the_http_clients_cookies_are_sent() -> None:
    sent = _sent_with(httpx.Client, cookies={"session": "s1"})
    assert sent.headers["Cookie"] == "session=s1"


def test_extra_query_and_default_query_merge() -> None:
    client, transport = client_and_transport(
        Reply(json=conversation()), default_query={"api-version": "2", "drop": None}
    )
    client.conversations.retrieve("c", extra_query={"include": "all", "api-version": "3"})
    params = transport.requests[0].url.params
    assert dict(params) == {"api-version": "3", "include": "all"}  # None is not sent


def test_extra_body_merges_into_the_json_body() -> None:
    client, transport = client_and_transport(Reply(201, json=conversation()))
    client.conversations.create(metadata={"a": "b"}, extra_body={"beta": True, "metadata": None})
    request = transport.requests[0]
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {"metadata": None, "beta": True}


def test_none_is_sent_as_null_and_omitted_is_not_sent() -> None:
    client, transport = client_and_transport(
        Reply(201, json=conversation()), Reply(201, json=conversation()), Reply(json=conversation())
    )
    client.conversations.create(metadata=None)
    client.conversations.create()
    client.conversations.update("c", metadata=None)
    assert transport.json_bodies() == [{"metadata": None}, {}, {"metadata": None}]


def test_request_bodies_accept_dicts_and_models() -> None:
    client, transport = client_and_transport(Reply(201, json=conversation()))
    model = Message.model_validate(
        {"type": "message", "id": "m", "role": "user", "content": [], "class": "x", "extra": 1}
    )
    client.conversations.create(
        items=[
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]}
        ],
        extra_body={"model_item": model},
    )
    body = transport.json_bodies()[0]
    assert isinstance(body, dict)
    assert body["items"][0]["content"][0]["text"] == "hi"
    assert body["model_item"] == {
        "type": "message",
        "id": "m",
        "role": "user",
        "content": [],
        "class": "x",
        "extra": 1,
    }


def test_with_options_derives_a_client_sharing_the_pool() -> None:
    client, transport = client_and_transport(
        Reply(json=conversation()), default_headers={"X-A": "1"}, api_key="k"
    )
    derived = client.with_options(timeout=3.0, max_retries=7, default_headers={"X-B": "2"})
    assert isinstance(derived, Fake)
    assert derived is not client
    assert derived.max_retries == 7 and client.max_retries == 2
    assert derived.timeout == httpx.Timeout(3.0)
    assert derived.api_key == "k"
    assert derived._client is client._client
    assert derived.conversations._client is derived  # resources bind to the new client
    derived.conversations.retrieve("c")
    assert transport.requests[0].headers["X-A"] == "1"
    assert transport.requests[0].headers["X-B"] == "2"
    replaced = client.copy(set_default_headers={"X-C": "3"})
    assert "X-A" not in replaced.default_headers
    with pytest.raises(ValueError, match="not both"):
        client.copy(default_headers={}, set_default_headers={})


def test_strict_mode_can_be_switched_per_derived_client() -> None:
    payload = conversation(surprise=True)
    client, _ = client_and_transport(Reply(json=payload), Reply(json=payload))
    assert client.conversations.retrieve("c").model_extra == {"surprise": True}
    strict = client.with_options(strict_response_validation=True)
    from rt_pkg._exceptions import APIResponseValidationError

    with pytest.raises(APIResponseValidationError):
        strict.conversations.retrieve("c")


def test_a_caller_supplied_client_is_never_closed() -> None:
    transport = ScriptedTransport()
    http_client = transport.sync_client()
    with Fake(http_client=http_client) as client:
        derived = client.with_options(max_retries=0)
        derived.close()
    assert not http_client.is_closed
    http_client.close()


def test_an_owned_client_is_closed_but_not_by_its_copies() -> None:
    client = Fake()
    derived = client.with_options(max_retries=0)
    derived.close()
    assert not client.is_closed()  # the copy only borrows the pool
    with client:
        pass
    assert client.is_closed()


async def test_async_ownership_rules() -> None:
    transport = ScriptedTransport()
    http_client = transport.async_client()
    async with AsyncFake(http_client=http_client):
        pass
    assert not http_client.is_closed
    await http_client.aclose()
    owned = AsyncFake()
    await owned.with_options(max_retries=1).close()
    assert not owned.is_closed()
    async with owned:
        pass
    assert owned.is_closed()


@pytest.mark.parametrize("base_url", ["api.test", "ftp://api.test", "http://", ""])
def test_invalid_base_url_is_refused(base_url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        Fake(base_url=base_url)


@pytest.mark.parametrize("max_retries", [-1, True, 1.5])
def test_invalid_max_retries_is_refused(max_retries: Any) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        Fake(max_retries=max_retries)


def test_wrong_http_client_type_is_refused() -> None:
    with pytest.raises(TypeError, match="httpx.Client"):
        Fake(http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="httpx.AsyncClient"):
        AsyncFake(http_client=httpx.Client())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "base_url", ["http://api.test/v1", "http://api.test/v1/", "http://api.test/v1//"]
)
def test_base_url_and_path_are_joined_once(base_url: str) -> None:
    client, transport = client_and_transport(Reply(json=conversation()), base_url=base_url)
    client.conversations.retrieve("c")
    assert str(transport.requests[0].url) == "http://api.test/v1/conversations/c"


async def test_async_client_over_an_asgi_app() -> None:
    seen: list[dict[str, Any]] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        message = await receive()
        seen.append({"headers": dict(scope["headers"]), "body": message.get("body", b"")})
        body = json.dumps(conversation()).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 201,
                "headers": [(b"content-type", b"application/json"), (b"x-request-id", b"r")],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as http_client:
        client = AsyncFake(http_client=http_client, api_key="k")
        created = await client.conversations.create(metadata={"x": "y"})
    assert isinstance(created, Conversation)
    assert seen[0]["headers"][b"authorization"] == b"Bearer k"
    assert json.loads(seen[0]["body"]) == {"metadata": {"x": "y"}}


# -- helpers used by generated code -----------------------------------------------------------


def test_not_given_sentinel() -> None:
    assert not NOT_GIVEN
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert isinstance(NOT_GIVEN, NotGiven)
    assert not Omit() and repr(Omit()) == "Omit()"


def test_strip_not_given_keeps_none() -> None:
    assert strip_not_given({"a": NOT_GIVEN, "b": None, "c": 0, "d": Omit()}) == {"b": None, "c": 0}
    assert strip_not_given(None) == {}


class Colour(enum.Enum):
    RED = "red"


def test_to_jsonable_converts_models_containers_and_leaves() -> None:
    model = Conversation.model_validate(conversation(metadata=None))
    when = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)  # noqa: UP017 (3.9)
    ident = uuid.UUID(int=1)
    value = {
        "model": model,
        "items": ({"when": when, "skip": NOT_GIVEN}, [Colour.RED, ident]),
        "none": None,
    }
    assert to_jsonable(value) == {
        "model": conversation(metadata=None),
        "items": [{"when": "2024-01-02T03:04:05Z"}, ["red", str(ident)]],
        "none": None,
    }


def test_make_request_options() -> None:
    assert make_request_options() == {}
    options = make_request_options(
        query={"limit": 1, "after": "x"},
        extra_headers={"X": "1"},
        extra_query={"after": "y"},
        extra_body={"b": 2},
        idempotency_key="k",
        timeout=None,
    )
    assert options == {
        "headers": {"X": "1"},
        "params": {"limit": 1, "after": "y"},
        "extra_json": {"b": 2},
        "idempotency_key": "k",
        "timeout": None,
    }
