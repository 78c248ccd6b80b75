"""Forward compatibility of the generated models (loose by default, strict on request)."""

from __future__ import annotations

import pydantic
import pytest


def test_unknown_union_variant_is_kept_not_coerced() -> None:
    from parley_client._models import validate_response
    from parley_client.types import ConversationItem, UnknownConversationItem

    data = {"type": "hologram", "id": "h1", "depth": 3}
    item = validate_response(ConversationItem, data, strict=False)
    assert type(item) is UnknownConversationItem
    assert item.type == "hologram" and item.discriminator_value == "hologram"
    assert item.to_dict() == data
    with pytest.raises(pydantic.ValidationError):
        validate_response(ConversationItem, data, strict=True)


def test_unknown_nested_part_and_annotation_variants() -> None:
    from parley_client._models import validate_response
    from parley_client.types import MessageItem, OutputTextContent

    data = {"type": "message", "role": "assistant", "content": [
        {"type": "output_audio", "audio": "..."},
        {"type": "output_text", "text": "x", "annotations": [{"type": "page_ref", "page": 2}]},
    ]}
    item = validate_response(MessageItem, data, strict=False)
    assert isinstance(item.content, list)
    assert type(item.content[0]).__name__ == "UnknownContentPart"
    text = item.content[1]
    assert isinstance(text, OutputTextContent) and text.annotations is not None
    assert type(text.annotations[0]).__name__ == "UnknownAnnotation"
    assert item.to_dict() == data


def test_unknown_enum_value_and_field_preserved_in_loose_mode_only() -> None:
    from parley_client._models import validate_response
    from parley_client.types import MessageItem

    data = {"type": "message", "role": "critic", "content": "hm", "mood": "grumpy"}
    item = validate_response(MessageItem, data, strict=False)
    assert item.role == "critic" and item.model_extra == {"mood": "grumpy"}
    assert item.to_dict() == data
    with pytest.raises(pydantic.ValidationError):
        validate_response(MessageItem, data, strict=True)


def test_none_versus_omitted_round_trips() -> None:
    from parley_client.types import MessageItem

    explicit = MessageItem.model_validate(
        {"type": "message", "role": "user", "content": "x", "status": None})
    omitted = MessageItem.model_validate({"type": "message", "role": "user", "content": "x"})
    assert "status" in explicit.to_dict() and explicit.to_dict()["status"] is None
    assert "status" not in omitted.to_dict()
