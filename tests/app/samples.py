"""One fully populated sample of every item type, content part and annotation.

Each sample also carries unknown extra fields (`x_*`) at several depths, which the API must
store and return exactly as sent.
"""

from __future__ import annotations

from typing import Any

ANNOTATIONS: list[dict[str, Any]] = [
    {
        "type": "file_citation",
        "file_id": "file_1",
        "filename": "a.pdf",
        "index": 3,
        "x_note": "extra on an annotation",
    },
    {
        "type": "url_citation",
        "url": "https://example.com",
        "title": "Example",
        "start_index": 0,
        "end_index": 7,
    },
    {
        "type": "container_file_citation",
        "container_id": "cntr_1",
        "file_id": "file_2",
        "filename": "b.csv",
        "start_index": 1,
        "end_index": 4,
    },
    {"type": "file_path", "file_id": "file_3", "index": 9},
]

INPUT_PARTS: list[dict[str, Any]] = [
    {"type": "input_text", "text": "Hello \u00e9\u4e16\U0001f600", "x_part": {"nested": [1, 2]}},
    {
        "type": "input_image",
        "detail": "high",
        "image_url": "https://example.com/cat.png",
        "file_id": None,
    },
    {
        "type": "input_file",
        "file_id": "file_4",
        "file_data": "aGVsbG8=",
        "file_url": "https://example.com/f.txt",
        "filename": "f.txt",
    },
]

OUTPUT_PARTS: list[dict[str, Any]] = [
    {
        "type": "output_text",
        "text": "The answer [1].",
        "annotations": ANNOTATIONS,
        "logprobs": [
            {
                "token": "The",
                "logprob": -0.25,
                "bytes": [84, 104, 101],
                "top_logprobs": [{"token": "A", "logprob": -1.5, "bytes": [65]}],
            }
        ],
    },
    {"type": "refusal", "refusal": "I can't help with that."},
]

ITEMS: list[dict[str, Any]] = [
    {
        "type": "message",
        "id": "msg_sample_text",
        "role": "system",
        "content": "Be brief.",
        "status": "completed",
        "x_extra": "kept",
    },
    {
        "type": "message",
        "id": "msg_sample_input",
        "role": "user",
        "content": INPUT_PARTS,
        "status": "completed",
    },
    {
        "type": "message",
        "id": "msg_sample_output",
        "role": "assistant",
        "content": OUTPUT_PARTS,
        "status": "incomplete",
        "x_extra": {"deep": {"list": [True, None, 1.5]}},
    },
    {
        "type": "message",
        "id": "msg_sample_dev",
        "role": "developer",
        "content": [{"type": "input_text", "text": "dev"}],
        "status": "in_progress",
    },
    {
        "type": "web_search_call",
        "id": "ws_1",
        "status": "completed",
        "action": {"type": "search", "query": "weather"},
    },
    {
        "type": "file_search_call",
        "id": "fs_1",
        "queries": ["q1", "q2"],
        "status": "completed",
        "results": [
            {
                "attributes": {"k": "v", "n": 1},
                "file_id": "file_5",
                "filename": "c.md",
                "score": 0.75,
                "text": "found",
                "x_result": 1,
            }
        ],
    },
    {
        "type": "function_call",
        "id": "fc_1",
        "call_id": "call_1",
        "name": "get_weather",
        "arguments": '{"city": "Paris"}',
        "status": "completed",
    },
    {
        "type": "function_call_output",
        "id": "fco_1",
        "call_id": "call_1",
        "output": "sunny",
        "status": "completed",
    },
    {
        "type": "function_call_output",
        "id": "fco_2",
        "call_id": "call_1",
        "output": INPUT_PARTS,
        "status": "completed",
    },
    {
        "type": "mcp_approval_request",
        "id": "mcpr_1",
        "name": "delete_repo",
        "arguments": "{}",
        "server_label": "github",
    },
    {
        "type": "mcp_approval_response",
        "id": "mcpa_1",
        "approval_request_id": "mcpr_1",
        "approve": False,
        "reason": "too risky",
    },
    {
        "type": "mcp_call",
        "id": "mcp_1",
        "name": "search",
        "arguments": '{"q": 1}',
        "server_label": "docs",
        "error": None,
        "output": "3 results",
    },
    {
        "type": "mcp_list_tools",
        "id": "mcpl_1",
        "server_label": "docs",
        "tools": [
            {
                "name": "search",
                "input_schema": {"type": "object", "properties": {}},
                "description": "Search the docs",
                "annotations": {"readOnly": True},
            }
        ],
    },
    {
        "type": "reasoning",
        "id": "rs_1",
        "summary": [{"type": "summary_text", "text": "Think"}],
        "content": [{"type": "reasoning_text", "text": "Step 1"}],
        "status": "completed",
        "encrypted_content": "opaque",
    },
]

ITEM_TYPES = {
    "message",
    "web_search_call",
    "file_search_call",
    "function_call",
    "function_call_output",
    "mcp_approval_request",
    "mcp_approval_response",
    "mcp_call",
    "mcp_list_tools",
    "reasoning",
}
