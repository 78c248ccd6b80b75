"""Models: forward compatibility in loose mode, strictness on demand, exact round trips."""
# Models here are written like generated code, which must evaluate on Python 3.9:
# ruff: noqa: UP007, UP035, UP045

from __future__ import annotations

import json
from typing import Any, Optional, Union

import pydantic
import pytest
from pydantic import Field, Tag
from rt_pkg._exceptions import APIResponseValidationError
from rt_pkg._models import (
    UNKNOWN_TAG,
    BaseModel,
    OpenEnum,
    UnknownVariant,
    _adapter_for,
    discriminated_union,
    validate_response,
)
from typing_extensions import Annotated, Literal

from .fake_sdk import (
    Conversation,
    ConversationItem,
    Fake,
    FunctionCall,
    Message,
    UnknownConversationItem,
)
from .helpers import conversation, function_call, message
from .scripted import Reply, ScriptedTransport


def fetch_item(payload: dict[str, Any], *, strict: bool) -> ConversationItem:
    transport = ScriptedTransport(Reply(200, json=payload))
    client = Fake(
        http_client=transport.sync_client(), strict_response_validation=strict, max_retries=0
    )
    return client.conversations.items.retrieve("item_1", conversation_id="conv_1")


def fetch_conversation(payload: dict[str, Any], *, strict: bool = False) -> Conversation:
    transport = ScriptedTransport(Reply(200, json=payload))
    client = Fake(
        http_client=transport.sync_client(), strict_response_validation=strict, max_retries=0
    )
    return client.conversations.retrieve("conv_1")


# -- loose mode keeps what a newer server sends -----------------------------------------------


def test_unknown_fields_are_kept_and_round_trip() -> None:
    payload = message(new_field={"nested": [1, 2]}, **{"class": "vip"})
    item = fetch_item(payload, strict=False)
    assert isinstance(item, Message)
    assert item.class_ == "vip"
    assert item.model_extra == {"new_field": {"nested": [1, 2]}}
    assert item.to_dict() == payload
    assert json.loads(item.to_json()) == payload


def test_unknown_fields_in_nested_models_are_kept() -> None:
    payload = message()
    payload["content"][0]["annotations"] = ["x"]
    item = fetch_item(payload, strict=False)
    assert isinstance(item, Message)
    assert item.content[0].model_extra == {"annotations": ["x"]}
    assert item.to_dict() == payload


def test_unknown_enum_value_is_kept_as_a_string() -> None:
    item = fetch_item(message(role="critic", status="archived"), strict=False)
    assert isinstance(item, Message)
    # Statically a Literal; at runtime the unknown value survives as a plain str.
    assert str(item.role) == "critic"
    assert str(item.status) == "archived"
    assert item.to_dict()["role"] == "critic"


def test_known_enum_value_still_validates() -> None:
    item = fetch_item(message(role="assistant"), strict=True)
    assert isinstance(item, Message) and item.role == "assistant"


def test_open_enum_keeps_a_non_string_in_loose_mode_and_rejects_it_in_strict() -> None:
    item = fetch_item(message(role=5), strict=False)
    assert isinstance(item, Message) and item.to_dict()["role"] == 5
    with pytest.raises(APIResponseValidationError, match="role"):
        fetch_item(message(role=5), strict=True)


def test_unknown_variant_keeps_raw_data_and_type_string() -> None:
    payload = {"type": "reasoning_v9", "id": "rs_1", "summary": [{"text": "hm"}], "role": "user"}
    item = fetch_item(payload, strict=False)
    assert type(item) is UnknownConversationItem
    assert item.discriminator_value == "reasoning_v9"
    assert item.type == "reasoning_v9"
    assert item.raw == payload
    assert item.to_dict() == payload
    assert json.loads(item.to_json()) == payload


def test_unknown_variant_is_never_coerced_into_a_lookalike_member() -> None:
    # Has every field of a Message but a different type: must not become a Message.
    payload = message(type="message_v2")
    item = fetch_item(payload, strict=False)
    assert type(item) is UnknownConversationItem
    assert not isinstance(item, Message)


def test_broken_known_variant_is_its_member_not_the_fallback() -> None:
    # A known type with a missing required field is a broken payload, not a new variant: loose
    # mode keeps it as its own member (the field absent), strict mode rejects it.
    payload = function_call()
    del payload["name"]
    item = fetch_item(payload, strict=False)
    assert type(item) is FunctionCall
    assert "name" not in item.model_fields_set and item.to_dict() == payload
    with pytest.raises(AttributeError, match=r"FunctionCall\.name is required"):
        _ = item.name
    with pytest.raises(APIResponseValidationError) as caught:
        fetch_item(payload, strict=True)
    assert "function_call.name" in caught.value.message
    assert "message." not in caught.value.message  # only the tagged member was tried


def test_missing_discriminator_is_the_fallback_in_loose_mode() -> None:
    item = fetch_item({"id": "x"}, strict=False)
    assert type(item) is UnknownConversationItem and item.raw == {"id": "x"}
    with pytest.raises(APIResponseValidationError):
        fetch_item({"id": "x"}, strict=True)


def test_every_known_variant_dispatches_to_its_class() -> None:
    assert type(fetch_item(message(), strict=False)) is Message
    assert type(fetch_item(function_call(), strict=False)) is FunctionCall


def test_dispatch_is_a_tagged_union_lookup() -> None:
    schema: Any = _adapter_for(ConversationItem).core_schema
    while schema["type"] == "definitions":  # pydantic wraps shared model schemas
        schema = schema["schema"]
    # pydantic-core's tagged union: one dict lookup on the tag, then only that member runs;
    # the fallback member is tried only when that fails.
    assert schema["type"] == "union" and schema["mode"] == "left_to_right"
    tagged, fallback = schema["choices"]
    assert tagged["type"] == "tagged-union"
    assert set(tagged["choices"]) == {"message", "function_call"}
    assert fallback["type"] == "function-after"


def test_loose_mode_coerces_compatible_scalars() -> None:
    assert fetch_conversation(conversation(created_at="1700000000")).created_at == 1700000000


# -- strict mode rejects every mismatch -------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        (message(surprise=1), "unexpected field(s) 'surprise'"),
        (message(role="critic"), "role"),
        ({"type": "reasoning_v9", "id": "rs_1"}, "unknown variant type='reasoning_v9'"),
        (message(content=[{"type": "input_text", "text": "x", "extra": 1}]), "'extra'"),
    ],
    ids=["extra-field", "enum-value", "variant", "nested-extra-field"],
)
def test_strict_mode_rejects_drift(payload: dict[str, Any], needle: str) -> None:
    with pytest.raises(APIResponseValidationError) as caught:
        fetch_item(payload, strict=True)
    assert needle in caught.value.message
    assert "strict validation" in caught.value.message
    assert caught.value.body == payload


def test_strict_mode_rejects_scalar_coercion() -> None:
    with pytest.raises(APIResponseValidationError, match="created_at"):
        fetch_conversation(conversation(created_at="1700000000"), strict=True)


def test_strict_mode_accepts_a_conforming_payload() -> None:
    item = fetch_item({**message(), "class": None}, strict=True)
    assert isinstance(item, Message)
    assert fetch_conversation(conversation(metadata={"a": "b"}), strict=True).metadata == {"a": "b"}


# -- None versus omitted ----------------------------------------------------------------------


def test_null_and_absent_fields_round_trip_distinctly() -> None:
    with_null = fetch_conversation(conversation(metadata=None))
    absent = fetch_conversation(conversation())
    assert with_null.metadata is None and absent.metadata is None
    assert with_null.to_dict() == conversation(metadata=None)
    assert "metadata" not in absent.to_dict()
    assert "metadata" in with_null.model_fields_set
    assert "metadata" not in absent.model_fields_set
    assert json.loads(with_null.to_json()) == conversation(metadata=None)
    assert "metadata" not in json.loads(absent.to_json())


def test_to_dict_options() -> None:
    item = fetch_item({**message(), "class": None}, strict=False)
    assert isinstance(item, Message)
    assert "class" not in item.to_dict(exclude_none=True)
    assert "class_" in item.to_dict(by_alias=False)
    assert "status" in item.to_dict(exclude_unset=False)


def test_models_accept_python_names_and_wire_names() -> None:
    by_name = Message.model_validate(
        {"type": "message", "id": "m", "role": "user", "content": [], "class_": "a"}
    )
    by_alias = Message.model_validate(
        {"type": "message", "id": "m", "role": "user", "content": [], "class": "a"}
    )
    assert by_name.to_dict() == by_alias.to_dict()


# -- the building blocks directly ---------------------------------------------------------------


class Plain(BaseModel):
    kind: Literal["plain"]
    class_: str = Field(alias="class")


class Fancy(BaseModel):
    kind: Literal["fancy"]


class UnknownShape(UnknownVariant):
    kind: str


Shape = Annotated[
    Union[
        Annotated[Plain, Tag("plain")],
        Annotated[Fancy, Tag("fancy")],
        Annotated[UnknownShape, Tag(UNKNOWN_TAG)],
    ],
    discriminated_union("kind", ["plain", "fancy"]),
]


def test_discriminator_dispatches_model_instances_too() -> None:
    shapes: list[Any] = [
        Plain.model_validate({"kind": "plain", "class": "c"}),
        Fancy(kind="fancy"),
        UnknownShape.model_validate({"kind": "odd", "x": 1}),
    ]
    adapter = pydantic.TypeAdapter(list[Shape])
    dumped = adapter.dump_python(shapes, mode="json", by_alias=True, exclude_unset=True)
    assert dumped == [{"kind": "plain", "class": "c"}, {"kind": "fancy"}, {"kind": "odd", "x": 1}]
    revalidated = adapter.validate_python(shapes)
    assert [type(shape) for shape in revalidated] == [Plain, Fancy, UnknownShape]


def test_discriminator_reads_aliased_fields_on_instances() -> None:
    class A(BaseModel):
        class_: Literal["a"] = Field(alias="class")

    class Other(UnknownVariant):
        class_: str = Field(alias="class")

    by_class = Annotated[
        Union[Annotated[A, Tag("a")], Annotated[Other, Tag(UNKNOWN_TAG)]],
        discriminated_union("class", ["a"]),
    ]
    adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(by_class)
    assert type(adapter.validate_python(A.model_validate({"class": "a"}))) is A
    other = adapter.validate_python({"class": "zz"})
    assert type(other) is Other and other.discriminator_value == "zz"


def test_unknown_variant_with_explicit_discriminator_property() -> None:
    class Loose(UnknownVariant):
        discriminator_property = "kind"
        kind: str
        version: int

    assert Loose.model_validate({"kind": "k", "version": 2}).discriminator_value == "k"


def test_validate_response_caches_adapters_and_raises_pydantic_errors() -> None:
    assert _adapter_for(Conversation) is _adapter_for(Conversation)
    with pytest.raises(pydantic.ValidationError):
        validate_response(Conversation, {"id": 1}, strict=True)
    kept = validate_response(Conversation, {"id": 1}, strict=False)  # loose never raises
    assert type(kept) is Conversation and kept.to_dict() == {"id": 1}
    assert validate_response(Optional[int], None, strict=True) is None


def test_open_enum_marker_repr() -> None:
    assert repr(OpenEnum) == "OpenEnum"
