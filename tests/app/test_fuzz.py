"""Schemathesis over every operation of the app's own spec, with every default check.

Deterministic (`derandomize=True`, no example database). 100 examples per operation in CI
(env `CI` set), fewer locally to keep the edit-test loop short. All calls share one
in-process ASGI client, so the app's lifespan (and its in-memory database) spans the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.core.transport import Response
from schemathesis.python import asgi

from app.main import create_app
from app.settings import Settings

MAX_EXAMPLES = 100 if os.environ.get("CI") else 20
ROOT = Path(__file__).resolve().parents[2]

APP = create_app(Settings(database_url="sqlite+aiosqlite://"))
# One deliberate exception to "schema-valid input is accepted": an `after` cursor must name an
# item of the conversation, which no schema can express, and the contract answers any other
# value with a 400 (`param: "after"`, proven in test_pagination.py).
CONFIG = SchemathesisConfig.from_str(
    """
[[operations]]
include-operation-id = "listConversationItems"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "404"]
"""
)
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG)

FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def asgi_session() -> Iterator[asgi.ASGIClient]:
    """One in-process client for the whole module (one lifespan, one event loop)."""
    with asgi.get_client(APP) as client:
        yield client


# One test function per operation, not `SCHEMA.parametrize()` over all of them: under pytest 9
# the items that one function yields share a node id, and pytest-xdist (`nox -s test`) runs
# only the first item of a node id, so ten operations would go unfuzzed.
OPERATION_IDS = sorted(
    operation["operationId"]
    for path_item in APP.openapi()["paths"].values()
    for operation in path_item.values()
    if isinstance(operation, dict)
)


def _fuzz_test(operation_id: str) -> Callable[..., None]:
    # `exclude` the others: an `include` filter is OR-ed with the config's operation filter.
    others = [other for other in OPERATION_IDS if other != operation_id]

    @pytest.mark.slow
    @SCHEMA.exclude(operation_id=others).parametrize()
    @FUZZ_SETTINGS
    def test(case: schemathesis.Case, asgi_session: asgi.ASGIClient) -> None:
        case.call_and_validate(session=asgi_session)

    return test


for _operation_id in OPERATION_IDS:
    globals()[f"test_operation_{_operation_id}"] = _fuzz_test(_operation_id)


def test_every_operation_has_a_fuzz_test_of_its_own(request: pytest.FixtureRequest) -> None:
    operations = [result.ok() for result in SCHEMA.get_all_operations()]
    assert sorted(op.definition.raw["operationId"] for op in operations) == OPERATION_IDS
    module = request.node.path.relative_to(ROOT).as_posix()
    node_ids = [item.nodeid for item in request.session.items
                if item.nodeid.startswith(f"{module}::test_operation_")]
    if node_ids:  # the fuzz tests were collected (not left out by `-k`)
        assert len(node_ids) == len(set(node_ids)) == len(OPERATION_IDS), node_ids


@pytest.mark.slow
def test_stateful_workflows(asgi_session: asgi.ASGIClient) -> None:
    """Chains operations along the spec's links: create → add items → list/retrieve → delete."""
    base_machine = SCHEMA.as_state_machine()
    succeeded: set[str] = set()

    class ConversationWorkflows(base_machine):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, object]:
            return {"session": asgi_session}

        def after_call(self, response: Response, case: schemathesis.Case) -> None:
            if response.status_code == 200:
                succeeded.add(case.operation.definition.raw["operationId"])

    ConversationWorkflows.run(
        settings=settings(
            FUZZ_SETTINGS,
            max_examples=MAX_EXAMPLES,
            stateful_step_count=8,
        )
    )
    # The links really chained calls on live resources (not just 404s on random ids): the
    # creation succeeded and so did several operations fed by its response.
    linked = {
        "retrieveConversation",
        "updateConversation",
        "deleteConversation",
        "createConversationItems",
        "listConversationItems",
    }
    assert "createConversation" in succeeded, succeeded
    assert len(linked & succeeded) >= 3, succeeded
