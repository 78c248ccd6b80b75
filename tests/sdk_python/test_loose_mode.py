"""Loose and strict response validation through a Python SDK generated from
``tests/loose_app.py``'s spec, against its server (sync on loopback, async in-process).

Loose mode (the default) never rejects those 2xx bodies: a missing required field is an absent
attribute (reading it raises an ``AttributeError`` naming the field), a mistyped value and an
unparseable ``date-time`` keep the value as received, unknown fields are kept, an unknown union
member is the ``Unknown…`` model and a known one that does not fit stays its own member. Strict
mode rejects each of those bodies. ``format: date-time`` fields are ``datetime``, typed so under
mypy --strict and pyright.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.app.live_server import serve_on_loopback
from tests.loose_app import BODIES, SPEC, create_loose_app
from tests.sdk_python.generated_sdk import generate_python_sdk, imported
from tests.sdk_python.test_streaming import type_check_user_program

PACKAGE = "loose_sdk"
DRIFTED = [case for case in BODIES if case != "ok"]


@pytest.fixture(scope="module")
def sdk_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_python_sdk(tmp_path_factory.mktemp("loose_py"), SPEC, PACKAGE, "x-lo")


@pytest.fixture
def sdk(sdk_root: Path) -> Iterator[ModuleType]:
    with imported(sdk_root, PACKAGE) as package:
        yield package


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_on_loopback(create_loose_app()) as url:
        yield url


def _client(sdk: ModuleType, base_url: str, *, strict: bool = False) -> Any:
    return sdk.LooseTest(base_url=base_url, max_retries=0, strict_response_validation=strict)


def test_a_conforming_body_parses_the_same_in_both_modes(sdk: ModuleType, base_url: str) -> None:
    for strict in (False, True):
        with _client(sdk, base_url, strict=strict) as client:
            widget = client.widgets.retrieve("ok")
        assert type(widget).__name__ == "Widget" and widget.count == 3
        assert widget.created_at == dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
        assert type(widget.shape).__name__ == "Circle" and widget.shape.radius == 1.5
        assert widget.to_dict() == BODIES["ok"]  # the date-time as it was sent


@pytest.mark.parametrize("case", DRIFTED)
def test_loose_mode_keeps_every_drifted_body_and_strict_rejects_it(
    sdk: ModuleType, base_url: str, case: str
) -> None:
    with _client(sdk, base_url) as client:
        widget = client.widgets.retrieve(case)
    assert type(widget).__name__ == "Widget" and widget.id == case
    assert widget.to_dict() == BODIES[case]  # exactly what arrived, mistyped values included
    with _client(sdk, base_url, strict=True) as client, pytest.raises(
        sdk.APIResponseValidationError, match="strict validation"
    ) as caught:
        client.widgets.retrieve(case)
    assert caught.value.body == BODIES[case]


def test_a_missing_required_field_is_an_absent_attribute(sdk: ModuleType, base_url: str) -> None:
    with _client(sdk, base_url) as client:
        widget = client.widgets.retrieve("missing")
    assert widget.created_at == dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    assert {"name", "count"}.isdisjoint(widget.model_fields_set)
    with pytest.raises(AttributeError, match=r"Widget\.name is required by the API spec"):
        _ = widget.name
    assert getattr(widget, "count", None) is None  # hasattr/getattr with a default work
    assert widget.updated_at is None  # an optional field absent is None, as always


def test_mistyped_values_and_unparseable_dates_are_kept_as_received(
    sdk: ModuleType, base_url: str
) -> None:
    with _client(sdk, base_url) as client:
        mistyped = client.widgets.retrieve("mistyped")
        bad_date = client.widgets.retrieve("bad_date")
    assert (mistyped.count, mistyped.tags, mistyped.status) == ("many", "a,b", 7)
    assert mistyped.name == "Sprocket"  # the fields that fit are validated
    assert (bad_date.created_at, bad_date.updated_at) == ("yesterday", "2024-13-45")
    assert json.loads(bad_date.to_json()) == BODIES["bad_date"]


def test_unknown_fields_enum_values_and_union_members(sdk: ModuleType, base_url: str) -> None:
    with _client(sdk, base_url) as client:
        extra = client.widgets.retrieve("unknown_fields")
        new_enum = client.widgets.retrieve("new_enum")
        new_shape = client.widgets.retrieve("new_shape")
        broken = client.widgets.retrieve("broken_shape")
        nested = client.widgets.retrieve("nested_missing")
    assert extra.model_extra == {"color": "teal", "specs": {"mass": 2}}
    assert new_enum.status == "prototype"
    # An unknown member is never coerced into a known one.
    assert type(new_shape.shape).__name__ == "UnknownShape"
    assert new_shape.shape.raw == {"type": "hexagon", "sides": 6}
    # A known member that does not fit stays that member, not the fallback.
    assert type(broken.shape).__name__ == "Square"
    assert "side" not in broken.shape.model_fields_set
    assert broken.shape.model_extra == {"edge": 2}
    assert type(nested.shape).__name__ == "Circle" and nested.shape.type == "circle"


def test_pages_of_drifted_items_in_both_modes(sdk: ModuleType, base_url: str) -> None:
    with _client(sdk, base_url) as client:
        widgets = list(client.widgets.list(limit=4))
    assert [w.id for w in widgets] == list(BODIES)
    assert [w.to_dict() for w in widgets] == list(BODIES.values())
    with _client(sdk, base_url, strict=True) as client, pytest.raises(
        sdk.APIResponseValidationError
    ):
        client.widgets.list(limit=4)


async def test_async_loose_and_strict(sdk: ModuleType) -> None:
    transport = httpx.ASGITransport(app=create_loose_app())
    async with httpx.AsyncClient(transport=transport) as http:
        client = sdk.AsyncLooseTest(base_url="http://loose.test", http_client=http, max_retries=0)
        widgets = [w async for w in client.widgets.list(limit=3)]
        assert [w.to_dict() for w in widgets] == list(BODIES.values())
        missing = await client.widgets.retrieve("missing")
        assert "name" not in missing.model_fields_set
        strict = client.with_options(strict_response_validation=True)
        with pytest.raises(sdk.APIResponseValidationError):
            await strict.widgets.retrieve("bad_date")


USER_PROGRAM = '''\
import datetime

from loose_sdk import LooseTest


def created(client: LooseTest) -> datetime.datetime:
    widget = client.widgets.retrieve("ok")
    if "name" in widget.model_fields_set:
        print(widget.name.upper())
    return widget.created_at


def newest(client: LooseTest) -> datetime.datetime:
    return max(w.created_at for w in client.widgets.list())
'''


def test_date_time_fields_are_typed_datetime(sdk_root: Path, tmp_path: Path) -> None:
    type_check_user_program(sdk_root / "src", USER_PROGRAM, tmp_path)
