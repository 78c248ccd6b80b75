# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

"""Request shapes: ``TypedDict``s with the wire names as keys. Anywhere a model is expected as
input, the corresponding response model instance is accepted too."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence, Union

from typing_extensions import Literal, Required, TypedDict

from ._models import (
    ContainerFileCitationAnnotation,
    FileCitationAnnotation,
    FilePathAnnotation,
    FileSearchCallItem,
    FileSearchCallStatus,
    FileSearchResult,
    FunctionCallItem,
    FunctionCallOutputItem,
    ImageDetail,
    InputFileContent,
    InputImageContent,
    InputTextContent,
    ItemStatus,
    Logprob,
    McpApprovalRequestItem,
    McpApprovalResponseItem,
    McpCallItem,
    McpListToolsItem,
    McpTool,
    MessageItem,
    MessageRole,
    OutputTextContent,
    ReasoningItem,
    ReasoningText,
    RefusalContent,
    SummaryText,
    TopLogprob,
    UrlCitationAnnotation,
    WebSearchCallItem,
    WebSearchCallStatus,
)

__all__ = [
    "AnnotationParam",
    "ContainerFileCitationAnnotationParam",
    "ContentPartParam",
    "ConversationItemParam",
    "CreateConversationItemsRequestParam",
    "CreateConversationRequestParam",
    "FileCitationAnnotationParam",
    "FilePathAnnotationParam",
    "FileSearchCallItemParam",
    "FileSearchResultParam",
    "FunctionCallItemParam",
    "FunctionCallOutputItemParam",
    "InputContentPartParam",
    "InputFileContentParam",
    "InputImageContentParam",
    "InputTextContentParam",
    "LogprobParam",
    "McpApprovalRequestItemParam",
    "McpApprovalResponseItemParam",
    "McpCallItemParam",
    "McpListToolsItemParam",
    "McpToolParam",
    "MessageItemParam",
    "MetadataParam",
    "OutputTextContentParam",
    "ReasoningItemParam",
    "ReasoningTextParam",
    "RefusalContentParam",
    "SummaryTextParam",
    "TopLogprobParam",
    "UpdateConversationRequestParam",
    "UrlCitationAnnotationParam",
    "WebSearchCallItemParam",
]


class ContainerFileCitationAnnotationParam(TypedDict, total=False):
    """A citation of a file inside a container."""

    type: Required[Literal["container_file_citation"]]
    """Always `container_file_citation`."""
    container_id: Required[str]
    """The id of the container holding the file."""
    file_id: Required[str]
    """The id of the cited file."""
    filename: Required[str]
    """The name of the cited file."""
    start_index: Required[int]
    """The first character of the citation in the text."""
    end_index: Required[int]
    """The last character of the citation in the text."""


class CreateConversationItemsRequestParam(TypedDict, total=False):
    """The body of `createConversationItems`."""

    items: Required[Sequence[ConversationItemParam]]
    """1 to 20 items to append (or replace, when an id already exists)."""


class CreateConversationRequestParam(TypedDict, total=False):
    """The body of `createConversation`."""

    items: Sequence[ConversationItemParam]
    """Up to 20 items to start the conversation with."""
    metadata: MetadataParam
    """Key-value pairs to attach to the conversation."""


class FileCitationAnnotationParam(TypedDict, total=False):
    """A citation of a file."""

    type: Required[Literal["file_citation"]]
    """Always `file_citation`."""
    file_id: Required[str]
    """The id of the cited file."""
    filename: Required[str]
    """The name of the cited file."""
    index: Required[int]
    """The position of the citation in the text."""


class FilePathAnnotationParam(TypedDict, total=False):
    """A path to a file produced by a tool."""

    type: Required[Literal["file_path"]]
    """Always `file_path`."""
    file_id: Required[str]
    """The id of the file."""
    index: Required[int]
    """The position of the path in the text."""


class FileSearchCallItemParam(TypedDict, total=False):
    """A file search made by a tool."""

    type: Required[Literal["file_search_call"]]
    """Always `file_search_call`."""
    id: Required[str]
    """The item id."""
    queries: Required[Sequence[str]]
    """The queries that were searched."""
    status: Required[FileSearchCallStatus]
    """The status of the search."""
    results: Optional[Sequence[Union[FileSearchResultParam, FileSearchResult]]]
    """The results of the search, if included."""


class FileSearchResultParam(TypedDict, total=False):
    """One result of a file search."""

    attributes: Required[Mapping[str, Any]]
    """Attributes stored with the file."""
    file_id: Required[str]
    """The id of the file."""
    filename: Required[str]
    """The name of the file."""
    score: Required[float]
    """The relevance score of the result."""
    text: Required[str]
    """The text retrieved from the file."""


class FunctionCallItemParam(TypedDict, total=False):
    """A call of a function tool by the model."""

    type: Required[Literal["function_call"]]
    """Always `function_call`."""
    id: Optional[str]
    """The item id; assigned as `item_...` when not sent."""
    call_id: Required[str]
    """The id that links the call to its output."""
    name: Required[str]
    """The name of the function."""
    arguments: Required[str]
    """The arguments, as a JSON string."""
    status: Optional[ItemStatus]
    """The status of the call."""


class FunctionCallOutputItemParam(TypedDict, total=False):
    """The output of a function tool call."""

    type: Required[Literal["function_call_output"]]
    """Always `function_call_output`."""
    id: Optional[str]
    """The item id; assigned as `item_...` when not sent."""
    call_id: Required[str]
    """The id of the call this output answers."""
    output: Required[Union[str, Sequence[InputContentPartParam]]]
    """The output, as a string or a list of input content parts."""
    status: Optional[ItemStatus]
    """The status of the output."""


class InputFileContentParam(TypedDict, total=False):
    """A file given to the model."""

    type: Required[Literal["input_file"]]
    """Always `input_file`."""
    file_id: Optional[str]
    """The id of an uploaded file."""
    file_data: Optional[str]
    """The file content, base64-encoded."""
    file_url: Optional[str]
    """A URL of the file."""
    filename: Optional[str]
    """The name of the file."""


class InputImageContentParam(TypedDict, total=False):
    """An image given to the model, by URL or by file id."""

    type: Required[Literal["input_image"]]
    """Always `input_image`."""
    detail: ImageDetail
    """How much detail the model should see."""
    image_url: Optional[str]
    """A fully qualified URL or a base64 data URL of the image."""
    file_id: Optional[str]
    """The id of an uploaded image file."""


class InputTextContentParam(TypedDict, total=False):
    """Text given to the model."""

    type: Required[Literal["input_text"]]
    """Always `input_text`."""
    text: Required[str]
    """The text."""


LogprobParam = TypedDict(
    "LogprobParam",
    {
        "token": "Required[str]",
        "logprob": "Required[float]",
        "bytes": "Optional[Sequence[int]]",
        "top_logprobs": "Optional[Sequence[Union[TopLogprobParam, TopLogprob]]]",
    },
    total=False,
)
"""The log probability of one output token."""


class McpApprovalRequestItemParam(TypedDict, total=False):
    """A request for approval of an MCP tool call."""

    type: Required[Literal["mcp_approval_request"]]
    """Always `mcp_approval_request`."""
    id: Required[str]
    """The item id."""
    name: Required[str]
    """The name of the tool to call."""
    arguments: Required[str]
    """The arguments, as a JSON string."""
    server_label: Required[str]
    """The label of the MCP server."""


class McpApprovalResponseItemParam(TypedDict, total=False):
    """The answer to an MCP approval request."""

    type: Required[Literal["mcp_approval_response"]]
    """Always `mcp_approval_response`."""
    id: Optional[str]
    """The item id; assigned as `item_...` when not sent."""
    approval_request_id: Required[str]
    """The id of the approval request answered."""
    approve: Required[bool]
    """Whether the call is approved."""
    reason: Optional[str]
    """Why it was approved or denied."""


class McpCallItemParam(TypedDict, total=False):
    """A call of a tool on an MCP server."""

    type: Required[Literal["mcp_call"]]
    """Always `mcp_call`."""
    id: Required[str]
    """The item id."""
    name: Required[str]
    """The name of the tool."""
    arguments: Required[str]
    """The arguments, as a JSON string."""
    server_label: Required[str]
    """The label of the MCP server."""
    error: Optional[str]
    """The error of the call, if it failed."""
    output: Optional[str]
    """The output of the call."""


class McpListToolsItemParam(TypedDict, total=False):
    """The tools an MCP server offers."""

    type: Required[Literal["mcp_list_tools"]]
    """Always `mcp_list_tools`."""
    id: Required[str]
    """The item id."""
    server_label: Required[str]
    """The label of the MCP server."""
    tools: Required[Sequence[Union[McpToolParam, McpTool]]]
    """The tools offered."""


class McpToolParam(TypedDict, total=False):
    """A tool offered by an MCP server."""

    name: Required[str]
    """The name of the tool."""
    input_schema: Required[Mapping[str, Any]]
    """The JSON schema of the tool's input."""
    description: Optional[str]
    """What the tool does."""


class MessageItemParam(TypedDict, total=False):
    """A message from the system, the developer, the user or the assistant."""

    type: Required[Literal["message"]]
    """Always `message`."""
    id: Optional[str]
    """The item id; assigned as `msg_...` when not sent."""
    role: Required[MessageRole]
    """Who wrote the message."""
    content: Required[Union[str, Sequence[ContentPartParam]]]
    """The message text, or a list of content parts."""
    status: Optional[ItemStatus]
    """The status of the message."""


class OutputTextContentParam(TypedDict, total=False):
    """Text produced by the model."""

    type: Required[Literal["output_text"]]
    """Always `output_text`."""
    text: Required[str]
    """The text."""
    annotations: Sequence[AnnotationParam]
    """Citations and file paths within the text."""
    logprobs: Optional[Sequence[Union[LogprobParam, Logprob]]]
    """Log probabilities of the output tokens, if requested."""


class ReasoningItemParam(TypedDict, total=False):
    """The model's reasoning."""

    type: Required[Literal["reasoning"]]
    """Always `reasoning`."""
    id: Required[str]
    """The item id."""
    summary: Required[Sequence[Union[SummaryTextParam, SummaryText]]]
    """A summary of the reasoning."""
    content: Optional[Sequence[Union[ReasoningTextParam, ReasoningText]]]
    """The reasoning text itself."""
    status: Optional[ItemStatus]
    """The status of the reasoning."""


class ReasoningTextParam(TypedDict, total=False):
    """A piece of reasoning content."""

    type: Required[Literal["reasoning_text"]]
    """Always `reasoning_text`."""
    text: Required[str]
    """The reasoning text."""


class RefusalContentParam(TypedDict, total=False):
    """A refusal by the model."""

    type: Required[Literal["refusal"]]
    """Always `refusal`."""
    refusal: Required[str]
    """The explanation of the refusal."""


class SummaryTextParam(TypedDict, total=False):
    """A piece of a reasoning summary."""

    type: Required[Literal["summary_text"]]
    """Always `summary_text`."""
    text: Required[str]
    """The summary text."""


TopLogprobParam = TypedDict(
    "TopLogprobParam",
    {
        "token": "Required[str]",
        "logprob": "Required[float]",
        "bytes": "Optional[Sequence[int]]",
    },
    total=False,
)
"""One of the most likely alternatives for a token."""


class UpdateConversationRequestParam(TypedDict, total=False):
    """The body of `updateConversation`."""

    metadata: Required[MetadataParam]
    """The new metadata; replaces the whole map."""


class UrlCitationAnnotationParam(TypedDict, total=False):
    """A citation of a web resource."""

    type: Required[Literal["url_citation"]]
    """Always `url_citation`."""
    url: Required[str]
    """The URL of the cited resource."""
    title: Required[str]
    """The title of the cited resource."""
    start_index: Required[int]
    """The first character of the citation in the text."""
    end_index: Required[int]
    """The last character of the citation in the text."""


class WebSearchCallItemParam(TypedDict, total=False):
    """A web search made by a tool."""

    type: Required[Literal["web_search_call"]]
    """Always `web_search_call`."""
    id: Required[str]
    """The item id."""
    status: Required[WebSearchCallStatus]
    """The status of the search."""


AnnotationParam = Union[Union[FileCitationAnnotationParam, FileCitationAnnotation], Union[UrlCitationAnnotationParam, UrlCitationAnnotation], Union[ContainerFileCitationAnnotationParam, ContainerFileCitationAnnotation], Union[FilePathAnnotationParam, FilePathAnnotation]]


ContentPartParam = Union[Union[InputTextContentParam, InputTextContent], Union[InputImageContentParam, InputImageContent], Union[InputFileContentParam, InputFileContent], Union[OutputTextContentParam, OutputTextContent], Union[RefusalContentParam, RefusalContent]]


ConversationItemParam = Union[Union[MessageItemParam, MessageItem], Union[WebSearchCallItemParam, WebSearchCallItem], Union[FileSearchCallItemParam, FileSearchCallItem], Union[FunctionCallItemParam, FunctionCallItem], Union[FunctionCallOutputItemParam, FunctionCallOutputItem], Union[McpApprovalRequestItemParam, McpApprovalRequestItem], Union[McpApprovalResponseItemParam, McpApprovalResponseItem], Union[McpCallItemParam, McpCallItem], Union[McpListToolsItemParam, McpListToolsItem], Union[ReasoningItemParam, ReasoningItem]]


InputContentPartParam = Union[Union[InputTextContentParam, InputTextContent], Union[InputImageContentParam, InputImageContent], Union[InputFileContentParam, InputFileContent]]


MetadataParam = Mapping[str, str]

