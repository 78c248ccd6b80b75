"""A real, large third-party spec (llama-stack: 68 operations, 381 schemas) through our tooling.

It proves the loader, writer, validator, spec transforms and the oasdiff gate cope with a
real spec's size and quirks (-Input/-Output twins, 37-member unions, anyOf-wrapped unions).
The spec is a committed fixture (`tests/fixtures/specs/`, origin in its SOURCES.md).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from app.openapi import (
    complete_discriminator_mappings,
    deduplicate_union_members,
    iter_operations,
    reachable_schemas,
)
from pipeline.conformance import run_gate
from pipeline.oasdiff import Oasdiff
from pipeline.specfile import dump_spec, load_spec, parse_spec
from pipeline.validate import schema_errors
from tests.third_party import LLAMA_STACK

LLAMA_STACK_SPEC = LLAMA_STACK

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def llama() -> dict[str, Any]:
    return load_spec(LLAMA_STACK_SPEC)


def test_loads_with_its_full_size(llama: dict[str, Any]) -> None:
    assert llama["openapi"] == "3.1.0"
    assert sum(1 for _ in iter_operations(llama)) == 68
    assert len(llama["components"]["schemas"]) == 381
    twins = [n for n in llama["components"]["schemas"] if n.endswith("-Input")]
    assert twins and all(
        n.replace("-Input", "-Output") in llama["components"]["schemas"] for n in twins
    )
    # JSON's data model: status codes stay strings.
    for _, _, operation in iter_operations(llama):
        assert all(isinstance(status, str) for status in operation["responses"])


def test_is_valid_openapi_31(llama: dict[str, Any]) -> None:
    assert schema_errors(llama) == []


def test_round_trips_through_our_writer(llama: dict[str, Any]) -> None:
    text = dump_spec(llama)
    assert parse_spec(text) == llama
    assert dump_spec(parse_spec(text)) == text


def test_our_transforms_handle_it(llama: dict[str, Any]) -> None:
    spec = copy.deepcopy(llama)
    assert deduplicate_union_members(spec) == llama, "this release lists each member once"
    complete_discriminator_mappings(spec)  # every member has a const tag: no error
    reachable = reachable_schemas(spec)
    assert {"OpenAIResponseMessage-Input", "OpenAIResponseMessage-Output"} <= reachable
    # A quirk our check exists for: llama-stack's named ConversationItem union is dead
    # weight; its routes inline their own copies of the union instead of referencing it.
    assert "ConversationItem" not in reachable
    assert len(reachable) < len(spec["components"]["schemas"])


def test_oasdiff_against_itself_finds_nothing(tmp_path: Path) -> None:
    assert Oasdiff().changes("breaking", LLAMA_STACK_SPEC, LLAMA_STACK_SPEC, None) == []
    acknowledgements = tmp_path / "breaking-changes.yaml"
    acknowledgements.write_text("acknowledged: []\n")
    result = run_gate(
        LLAMA_STACK_SPEC,
        LLAMA_STACK_SPEC,
        acknowledgements_path=acknowledgements,
        build_dir=tmp_path / "build",
    )
    assert result.passed and not result.warnings and not result.acknowledged
    assert "No API changes." in (tmp_path / "build" / "spec-changelog.md").read_text()
