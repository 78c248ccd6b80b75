"""Error mapping: every non-2xx raises its class; bad 2xx bodies raise a validation error."""

from __future__ import annotations

import json

import pytest
from rt_pkg._exceptions import (
    APIError,
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestTooLargeError,
    UnprocessableEntityError,
)
from rt_pkg._options import FinalRequestOptions

from .fake_sdk import AsyncFake, Fake
from .helpers import conversation, error_body
from .scripted import Reply, ScriptedTransport

STATUS_CLASSES = [
    (400, BadRequestError),
    (401, AuthenticationError),
    (403, PermissionDeniedError),
    (404, NotFoundError),
    (409, ConflictError),
    (413, RequestTooLargeError),
    (422, UnprocessableEntityError),
    (429, RateLimitError),
    (500, InternalServerError),
    (503, InternalServerError),
    (599, InternalServerError),
]


def client_for(*steps: Reply) -> tuple[Fake, ScriptedTransport]:
    transport = ScriptedTransport(*steps)
    return Fake(http_client=transport.sync_client(), max_retries=0), transport


@pytest.mark.parametrize(("status", "error_class"), STATUS_CLASSES)
def test_each_status_maps_to_its_class_with_every_attribute(
    status: int, error_class: type[APIStatusError]
) -> None:
    body = error_body("Item 3 is invalid", "invalid_request_error", "items.3.role", "invalid_value")
    client, transport = client_for(
        Reply(status, json=body, headers={"x-request-id": "req_123", "x-extra": "1"})
    )
    with pytest.raises(error_class) as caught:
        client.conversations.retrieve("conv_1")
    error = caught.value
    assert type(error) is error_class
    assert isinstance(error, APIStatusError) and isinstance(error, APIError)
    assert error.status == error.status_code == status
    assert error.message == f"Error code: {status} - Item 3 is invalid"
    assert str(error) == error.message
    assert error.type == "invalid_request_error"
    assert error.param == "items.3.role"
    assert error.code == "invalid_value"
    assert error.request_id == "req_123"
    assert error.headers["x-extra"] == "1"
    assert error.body == body
    assert error.response.status_code == status
    assert error.request.url.path == "/v1/conversations/conv_1"
    assert transport.leaked == 0


@pytest.mark.parametrize("status", [302, 304, 405, 415, 418])
def test_other_non_2xx_statuses_raise_the_base_status_error(status: int) -> None:
    client, _ = client_for(
        Reply(status, json=error_body("nope", "invalid_request_error", None, None))
    )
    with pytest.raises(APIStatusError) as caught:
        client.conversations.retrieve("conv_1")
    assert type(caught.value) is APIStatusError
    assert caught.value.status == status
    assert caught.value.param is None and caught.value.code is None


def test_operation_without_response_body_still_raises_on_error() -> None:
    client, _ = client_for(
        Reply(404, json=error_body("gone", "invalid_request_error", None, "not_found"))
    )
    with pytest.raises(NotFoundError):
        client.conversations.ping()


def test_operation_without_response_body_returns_none_on_204() -> None:
    client, transport = client_for(Reply(204), Reply(204))
    client.conversations.ping()
    assert client.request(None, FinalRequestOptions.build("post", "/ping")) is None
    assert len(transport.requests) == 2


def test_non_json_error_body_keeps_the_text() -> None:
    client, _ = client_for(
        Reply(
            502, body="<html><body>Bad gateway</body></html>", headers={"content-type": "text/html"}
        )
    )
    with pytest.raises(InternalServerError) as caught:
        client.conversations.retrieve("conv_1")
    assert caught.value.body == "<html><body>Bad gateway</body></html>"
    assert "Bad gateway" in caught.value.message
    assert caught.value.type is None and caught.value.request_id is None


def test_fastapi_detail_body_becomes_the_message() -> None:
    detail = [{"loc": ["body", "items"], "msg": "field required"}]
    client, _ = client_for(Reply(422, json={"detail": detail}))
    with pytest.raises(UnprocessableEntityError) as caught:
        client.conversations.retrieve("conv_1")
    assert "field required" in caught.value.message


def test_empty_error_body_uses_the_reason_phrase() -> None:
    client, _ = client_for(Reply(500))
    with pytest.raises(InternalServerError) as caught:
        client.conversations.retrieve("conv_1")
    assert caught.value.message == "Error code: 500 - Internal Server Error"
    assert caught.value.body is None


def test_long_error_text_is_cut_in_the_message_but_kept_whole_in_body() -> None:
    text = "x" * 5000
    client, _ = client_for(Reply(500, body=text, headers={"content-type": "text/plain"}))
    with pytest.raises(InternalServerError) as caught:
        client.conversations.retrieve("conv_1")
    assert len(caught.value.message) < 700
    assert "more characters" in caught.value.message
    assert caught.value.body == text


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("<!DOCTYPE html><html><body>Welcome to nginx</body></html>", "text/html"),
        ('{"id": "conv_1", "object": "conv', "application/json"),  # truncated
        ("", "application/json"),  # empty
        ("\xff\xfe not json", "application/octet-stream"),
    ],
    ids=["html", "truncated", "empty", "binary"],
)
def test_bad_2xx_body_raises_response_validation_error(body: str, content_type: str) -> None:
    client, transport = client_for(
        Reply(200, body=body, headers={"content-type": content_type, "x-request-id": "req_9"})
    )
    with pytest.raises(APIResponseValidationError) as caught:
        client.conversations.retrieve("conv_1")
    error = caught.value
    assert error.status == error.status_code == 200
    assert error.request_id == "req_9"
    assert "200" in error.message
    assert content_type in error.message
    assert body[:20] in error.message  # the excerpt
    assert not isinstance(error.__cause__, json.JSONDecodeError)
    assert transport.leaked == 0


def test_2xx_json_of_the_wrong_shape_is_kept_in_loose_mode_and_raises_in_strict() -> None:
    client, _ = client_for(Reply(200, json=["not", "an", "object"]))
    # Loose mode never rejects a 2xx body: what arrived comes back, as received.
    received: object = client.conversations.retrieve("conv_1")
    assert received == ["not", "an", "object"]
    transport = ScriptedTransport(Reply(200, json=["not", "an", "object"]))
    strict = Fake(http_client=transport.sync_client(), max_retries=0,
                  strict_response_validation=True)
    with pytest.raises(APIResponseValidationError) as caught:
        strict.conversations.retrieve("conv_1")
    assert caught.value.body == ["not", "an", "object"]
    assert "does not match the expected type" in caught.value.message


def test_any_2xx_status_is_a_success() -> None:
    client, _ = client_for(Reply(201, json=conversation()), Reply(203, json=conversation("c2")))
    assert client.conversations.retrieve("conv_1").id == "conv_1"
    assert client.conversations.retrieve("c2").id == "c2"


def test_free_form_json_response_is_returned_as_is() -> None:
    client, _ = client_for(Reply(200, json={"anything": [1, None, {"x": True}]}))
    assert client.conversations.echo_raw() == {"anything": [1, None, {"x": True}]}


async def test_async_error_mapping_and_validation_error() -> None:
    transport = ScriptedTransport(
        Reply(
            409,
            json=error_body("busy", "conflict", None, "conflict"),
            headers={"x-request-id": "r1"},
        ),
        Reply(200, body="<html>", headers={"content-type": "text/html"}),
    )
    client = AsyncFake(http_client=transport.async_client(), max_retries=0)
    with pytest.raises(ConflictError) as caught:
        await client.conversations.retrieve("conv_1")
    assert (caught.value.code, caught.value.request_id) == ("conflict", "r1")
    with pytest.raises(APIResponseValidationError):
        await client.conversations.retrieve("conv_1")
    assert transport.leaked == 0
