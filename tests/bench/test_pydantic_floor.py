"""The pydantic floor of the sdk_python benchmark: minimal models of the SDK's own."""

from __future__ import annotations

import json
import sys
from typing import Any

import pydantic
import pytest
from pydantic import TypeAdapter

from bench.payloads import item_list_payload
from bench.pydantic_floor import floor_models
from bench.sdk_python import find_model, import_sdk


@pytest.fixture(scope="module")
def sdk_and_floor() -> tuple[Any, dict[str, Any]]:
    sdk, why = import_sdk()
    assert sdk is not None, why
    item_list = find_model(sdk, "ConversationItemList")
    return item_list, floor_models(sys.modules[item_list.__module__])


def test_the_floor_validates_the_same_page_into_the_same_item_classes(
    sdk_and_floor: tuple[Any, dict[str, Any]],
) -> None:
    sdk_list, floor = sdk_and_floor
    payload = item_list_payload(40)
    ours = TypeAdapter(sdk_list).validate_json(payload)
    minimal = TypeAdapter(floor["ConversationItemList"]).validate_json(payload)
    assert [type(i).__name__ for i in minimal.data] == [type(i).__name__ for i in ours.data]
    assert minimal.model_dump(by_alias=True, exclude_unset=True) == ours.to_dict()
    sdk_base = sys.modules[sdk_list.__module__].BaseModel  # the SDK's base (extras kept, ...)
    assert not any(isinstance(item, sdk_base) for item in minimal.data)


def test_the_floor_has_none_of_the_sdks_guarantees(
    sdk_and_floor: tuple[Any, dict[str, Any]],
) -> None:
    sdk_list, floor = sdk_and_floor
    body = json.loads(item_list_payload(2))
    body["data"][0]["brand_new_field"] = 1
    body["data"].append({"type": "brand_new_item", "id": "x"})
    text = json.dumps(body)
    ours = TypeAdapter(sdk_list).validate_json(text)
    assert type(ours.data[-1]).__name__.startswith("Unknown")
    assert ours.data[0].model_extra == {"brand_new_field": 1}
    with pytest.raises(pydantic.ValidationError, match="brand_new_item"):
        TypeAdapter(floor["ConversationItemList"]).validate_json(text)
    body["data"].pop()
    minimal = TypeAdapter(floor["ConversationItemList"]).validate_json(json.dumps(body))
    assert minimal.data[0].model_extra is None  # extras dropped, not kept
