"""Other people's generators on our spec: openapi-python-client and datamodel-code-generator.

Each generates code from spec/openapi.yaml into a temporary directory; the code then drives
the in-process app (httpx.ASGITransport) with one conversation item of every type, lists
the items back and checks each one decodes to the right class. What each tool gets right
or wrong on our spec is recorded in spec/CONSUMERS.md.
"""

from __future__ import annotations

import enum
import importlib
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from app.main import create_app
from app.settings import Settings

SPEC = Path("spec/openapi.yaml").resolve()
pytestmark = pytest.mark.slow

# One item of every ConversationItem type, and the member class each must decode to.
ITEMS: list[tuple[str, dict[str, Any]]] = [
    (
        "MessageItem",
        {
            "type": "message",
            "role": "assistant",
            "content": [
                {
                    "type": "output_text",
                    "text": "See the docs.",
                    "annotations": [
                        {
                            "type": "url_citation",
                            "url": "https://example.com",
                            "title": "Docs",
                            "start_index": 4,
                            "end_index": 8,
                        }
                    ],
                }
            ],
        },
    ),
    ("WebSearchCallItem", {"type": "web_search_call", "id": "ws_1", "status": "completed"}),
    (
        "FileSearchCallItem",
        {
            "type": "file_search_call",
            "id": "fs_1",
            "queries": ["parley"],
            "status": "completed",
            "results": [
                {
                    "attributes": {},
                    "file_id": "file_1",
                    "filename": "a.txt",
                    "score": 0.5,
                    "text": "t",
                }
            ],
        },
    ),
    (
        "FunctionCallItem",
        {"type": "function_call", "call_id": "call_1", "name": "f", "arguments": "{}"},
    ),
    (
        "FunctionCallOutputItem",
        {"type": "function_call_output", "call_id": "call_1", "output": "42"},
    ),
    (
        "McpApprovalRequestItem",
        {
            "type": "mcp_approval_request",
            "id": "mcpr_1",
            "name": "t",
            "arguments": "{}",
            "server_label": "s",
        },
    ),
    (
        "McpApprovalResponseItem",
        {"type": "mcp_approval_response", "approval_request_id": "mcpr_1", "approve": True},
    ),
    (
        "McpCallItem",
        {
            "type": "mcp_call",
            "id": "mcp_1",
            "name": "t",
            "arguments": "{}",
            "server_label": "s",
            "output": "ok",
        },
    ),
    (
        "McpListToolsItem",
        {
            "type": "mcp_list_tools",
            "id": "mcpl_1",
            "server_label": "s",
            "tools": [{"name": "t", "input_schema": {}}],
        },
    ),
    (
        "ReasoningItem",
        {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "hm"}]},
    ),
]
EXPECTED_CLASSES = [name for name, _ in ITEMS]
PAYLOADS = [payload for _, payload in ITEMS]

# The spec's named enum components; each must become exactly one enum class of that name,
# and no other enum class may exist (inline enums used to become `Status5`,
# `MessageItemStatusType0` or one `...IncludeItem` per operation; see CONSUMERS.md).
NAMED_ENUMS = (
    "ApiLevel",
    "AuthMode",
    "FileSearchCallStatus",
    "ImageDetail",
    "IncludeOption",
    "ItemStatus",
    "ListOrder",
    "MessageRole",
    "WebSearchCallStatus",
)


def enum_class_names(module: ModuleType) -> set[str]:
    return {
        name
        for name, value in vars(module).items()
        if isinstance(value, type)
        and issubclass(value, enum.Enum)
        and value is not enum.Enum
        and value.__module__.startswith(module.__name__)
    }


def run_tool(*command: str, cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{command[0]} failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Both tools' output in one directory on sys.path, imported under unique names."""
    root = tmp_path_factory.mktemp("consumers")
    run_tool(
        sys.executable, "-m", "openapi_python_client", "generate", "--path", str(SPEC),
        "--meta", "none", "--output-path", "parley_opc_client", cwd=root,
    )  # fmt: skip
    run_tool(
        sys.executable, "-m", "datamodel_code_generator", "--input", str(SPEC),
        "--input-file-type", "openapi", "--output", "parley_dcg_models.py",
        "--output-model-type", "pydantic_v2.BaseModel", "--target-python-version", "3.11",
        "--use-annotated", "--field-constraints", "--disable-timestamp",
        "--formatters", "black", cwd=root,
    )  # fmt: skip
    sys.path.insert(0, str(root))
    try:
        yield root
    finally:
        sys.path.remove(str(root))
        for name in [
            m for m in sys.modules if m.startswith(("parley_opc_client", "parley_dcg_models"))
        ]:
            del sys.modules[name]


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(database_url="sqlite+aiosqlite://"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
    await app.state.database.dispose()


def load(name: str) -> ModuleType:
    return importlib.import_module(name)


async def test_openapi_python_client_round_trips_every_item_type(
    generated: Path, http: httpx.AsyncClient
) -> None:
    client_module = load("parley_opc_client.client")
    create = load("parley_opc_client.api.conversations.create_conversation")
    list_items = load("parley_opc_client.api.conversations.list_conversation_items")
    models = load("parley_opc_client.models")

    client = client_module.Client(base_url="http://testserver")
    client.set_async_httpx_client(http)
    body = models.CreateConversationRequest.from_dict({"items": PAYLOADS})
    conversation = await create.asyncio(client=client, body=body)
    assert isinstance(conversation, models.Conversation), conversation
    assert conversation.id.startswith("conv_")

    page = await list_items.asyncio(
        conversation.id,
        client=client,
        order=models.ListOrder.ASC,
        include=[models.IncludeOption.MESSAGE_OUTPUT_TEXT_LOGPROBS],
    )
    assert isinstance(page, models.ConversationItemList), page
    assert [type(item).__name__ for item in page.data] == EXPECTED_CLASSES
    message = page.data[0]
    # Named enum components: one class each, shared by every field that uses the enum.
    assert enum_class_names(models) == set(NAMED_ENUMS)
    assert message.role is models.MessageRole.ASSISTANT
    assert page.data[1].status is models.WebSearchCallStatus.COMPLETED
    annotation = message.content[0].annotations[0]
    assert type(message.content[0]).__name__ == "OutputTextContent"
    assert type(annotation).__name__ == "UrlCitationAnnotation" and annotation.end_index == 8
    # Decoding and re-encoding keeps every item as the server sent it.
    served = (await http.get(f"/v1/conversations/{conversation.id}/items?order=asc")).json()
    assert [item.to_dict() for item in page.data] == served["data"]

    # Errors decode to the documented ErrorResponse model.
    missing = await list_items.asyncio("conv_" + "0" * 48, client=client)
    assert isinstance(missing, models.ErrorResponse) and missing.error.code == "not_found"
    # Recorded in CONSUMERS.md: it ignores the discriminator and tries members in order,
    # so an item type newer than the spec fails against the last member.
    with pytest.raises(ValueError, match="type must match const 'reasoning', got 'compaction'"):
        models.ConversationItemList.from_dict({**served, "data": [{"type": "compaction"}]})


async def test_datamodel_code_generator_models_decode_every_item_type(
    generated: Path, http: httpx.AsyncClient
) -> None:
    models = load("parley_dcg_models")

    request = models.CreateConversationRequest.model_validate({"items": PAYLOADS})
    body = request.model_dump(mode="json", by_alias=True, exclude_none=True)
    created = await http.post("/v1/conversations", json=body)
    assert created.status_code == 200, created.text
    conversation = models.Conversation.model_validate(created.json())

    listed = await http.get(f"/v1/conversations/{conversation.id}/items", params={"order": "asc"})
    page = models.ConversationItemList.model_validate(listed.json())
    assert [type(item.root).__name__ for item in page.data] == EXPECTED_CLASSES
    # Named enum components: one class each under its own name (no `Status5`, `Detail`).
    assert enum_class_names(models) == set(NAMED_ENUMS)
    assert page.data[0].root.role is models.MessageRole.assistant
    assert page.data[2].root.status is models.FileSearchCallStatus.completed
    content = page.data[0].root.content[0]
    assert type(content.root).__name__ == "OutputTextContent"
    assert type(content.root.annotations[0].root).__name__ == "UrlCitationAnnotation"
    # It uses the discriminator (a pydantic tagged union), so an item type newer than the
    # spec is rejected by its tag (recorded in CONSUMERS.md).
    with pytest.raises(ValueError, match="does not match any of the expected tags"):
        models.ConversationItem.model_validate({"type": "compaction"})
