# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

"""Response models: pydantic classes, open enums and forward-compatible unions."""

from __future__ import annotations

from typing import Any, ClassVar, Dict, List, Optional, TYPE_CHECKING, Union

from pydantic import Field, Tag
from typing_extensions import Annotated, Literal, TypeAlias

from .._models import BaseModel, discriminated_union, OpenEnum, UNKNOWN_TAG, UnknownVariant

__all__ = [
    "Annotation",
    "ApiLevel",
    "AuthMode",
    "ContainerFileCitationAnnotation",
    "ContentPart",
    "Conversation",
    "ConversationDeleted",
    "ConversationItem",
    "ConversationItemDeleted",
    "ConversationItemList",
    "CreateConversationItemsRequest",
    "CreateConversationRequest",
    "ErrorObject",
    "ErrorResponse",
    "FileCitationAnnotation",
    "FilePathAnnotation",
    "FileSearchCallItem",
    "FileSearchCallStatus",
    "FileSearchResult",
    "FunctionCallItem",
    "FunctionCallOutputItem",
    "HealthResponse",
    "ImageDetail",
    "IncludeOption",
    "InputContentPart",
    "InputFileContent",
    "InputImageContent",
    "InputTextContent",
    "ItemStatus",
    "ListOrder",
    "ListRoutesResponse",
    "Logprob",
    "McpApprovalRequestItem",
    "McpApprovalResponseItem",
    "McpCallItem",
    "McpListToolsItem",
    "McpTool",
    "MessageItem",
    "MessageRole",
    "Metadata",
    "OutputTextContent",
    "ReasoningItem",
    "ReasoningText",
    "RefusalContent",
    "RouteInfo",
    "SummaryText",
    "TopLogprob",
    "UnknownAnnotation",
    "UnknownContentPart",
    "UnknownConversationItem",
    "UnknownInputContentPart",
    "UpdateConversationRequest",
    "UrlCitationAnnotation",
    "VersionResponse",
    "WebSearchCallItem",
    "WebSearchCallStatus",
]


class UnknownAnnotation(UnknownVariant):
    """A Annotation variant this SDK version does not know yet, kept exactly as received
    (``raw``); ``type`` holds its discriminator value."""

    discriminator_property: ClassVar[Optional[str]] = "type"
    if TYPE_CHECKING:

        @property
        def type(self) -> Optional[str]:
            return self.discriminator_value

    else:
        type: Optional[str] = Field(default=None)


class ContainerFileCitationAnnotation(BaseModel):
    """A citation of a file inside a container."""

    type: Literal["container_file_citation"]
    """Always `container_file_citation`."""
    container_id: str
    """The id of the container holding the file."""
    file_id: str
    """The id of the cited file."""
    filename: str
    """The name of the cited file."""
    start_index: int
    """The first character of the citation in the text."""
    end_index: int
    """The last character of the citation in the text."""


class UnknownContentPart(UnknownVariant):
    """A ContentPart variant this SDK version does not know yet, kept exactly as received
    (``raw``); ``type`` holds its discriminator value."""

    discriminator_property: ClassVar[Optional[str]] = "type"
    if TYPE_CHECKING:

        @property
        def type(self) -> Optional[str]:
            return self.discriminator_value

    else:
        type: Optional[str] = Field(default=None)


class Conversation(BaseModel):
    """A conversation."""

    id: str
    """The conversation id: `conv_` and 48 lowercase hex digits."""
    object: Literal["conversation"]
    """Always `conversation`."""
    created_at: int
    """When the conversation was created, in Unix seconds."""
    metadata: Metadata
    """The metadata; `{}` when none is set."""


class ConversationDeleted(BaseModel):
    """The confirmation that a conversation was deleted."""

    id: str
    """The id of the deleted conversation."""
    object: Literal["conversation.deleted"]
    """Always `conversation.deleted`."""
    deleted: bool
    """Always true."""


class UnknownConversationItem(UnknownVariant):
    """A ConversationItem variant this SDK version does not know yet, kept exactly as received
    (``raw``); ``type`` holds its discriminator value."""

    discriminator_property: ClassVar[Optional[str]] = "type"
    if TYPE_CHECKING:

        @property
        def type(self) -> Optional[str]:
            return self.discriminator_value

    else:
        type: Optional[str] = Field(default=None)


class ConversationItemDeleted(BaseModel):
    """The confirmation that an item was deleted."""

    id: str
    """The id of the deleted item."""
    object: Literal["conversation.item.deleted"]
    """Always `conversation.item.deleted`."""
    deleted: bool
    """Always true."""


class ConversationItemList(BaseModel):
    """A page of conversation items."""

    object: Literal["list"]
    """Always `list`."""
    data: List[ConversationItem]
    """The items of this page."""
    first_id: Optional[str]
    """The id of the first item, or null when empty."""
    last_id: Optional[str]
    """The id of the last item, or null when empty."""
    has_more: bool
    """Whether more items follow this page."""


class CreateConversationItemsRequest(BaseModel):
    """The body of `createConversationItems`."""

    items: List[ConversationItem]
    """1 to 20 items to append (or replace, when an id already exists)."""


class CreateConversationRequest(BaseModel):
    """The body of `createConversation`."""

    items: Optional[List[ConversationItem]] = None
    """Up to 20 items to start the conversation with."""
    metadata: Optional[Metadata] = None
    """Key-value pairs to attach to the conversation."""


class ErrorObject(BaseModel):
    """What went wrong."""

    message: str
    """A human-readable explanation."""
    type: str
    """The error class: `invalid_request_error`, `authentication_error`, `rate_limit_error` or `server_error`."""
    param: Optional[str]
    """The offending parameter as a dotted path (`items.3.role`), if any."""
    code: Optional[str]
    """A machine-readable error code, if any."""


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorObject
    """The error."""


class FileCitationAnnotation(BaseModel):
    """A citation of a file."""

    type: Literal["file_citation"]
    """Always `file_citation`."""
    file_id: str
    """The id of the cited file."""
    filename: str
    """The name of the cited file."""
    index: int
    """The position of the citation in the text."""


class FilePathAnnotation(BaseModel):
    """A path to a file produced by a tool."""

    type: Literal["file_path"]
    """Always `file_path`."""
    file_id: str
    """The id of the file."""
    index: int
    """The position of the path in the text."""


class FileSearchCallItem(BaseModel):
    """A file search made by a tool."""

    type: Literal["file_search_call"]
    """Always `file_search_call`."""
    id: str
    """The item id."""
    queries: List[str]
    """The queries that were searched."""
    status: FileSearchCallStatus
    """The status of the search."""
    results: Optional[List[FileSearchResult]] = None
    """The results of the search, if included."""


class FileSearchResult(BaseModel):
    """One result of a file search."""

    attributes: Dict[str, Any]
    """Attributes stored with the file."""
    file_id: str
    """The id of the file."""
    filename: str
    """The name of the file."""
    score: float
    """The relevance score of the result."""
    text: str
    """The text retrieved from the file."""


class FunctionCallItem(BaseModel):
    """A call of a function tool by the model."""

    type: Literal["function_call"]
    """Always `function_call`."""
    id: Optional[str] = None
    """The item id; assigned as `item_...` when not sent."""
    call_id: str
    """The id that links the call to its output."""
    name: str
    """The name of the function."""
    arguments: str
    """The arguments, as a JSON string."""
    status: Optional[ItemStatus] = None
    """The status of the call."""


class FunctionCallOutputItem(BaseModel):
    """The output of a function tool call."""

    type: Literal["function_call_output"]
    """Always `function_call_output`."""
    id: Optional[str] = None
    """The item id; assigned as `item_...` when not sent."""
    call_id: str
    """The id of the call this output answers."""
    output: Union[str, List[InputContentPart]]
    """The output, as a string or a list of input content parts."""
    status: Optional[ItemStatus] = None
    """The status of the output."""


class HealthResponse(BaseModel):
    """The service's health."""

    status: Literal["OK"]
    """Always `OK` while the service answers."""
    auth: AuthMode
    """`none` when the service is open (no auth configured), else `bearer`."""


class UnknownInputContentPart(UnknownVariant):
    """A InputContentPart variant this SDK version does not know yet, kept exactly as received
    (``raw``); ``type`` holds its discriminator value."""

    discriminator_property: ClassVar[Optional[str]] = "type"
    if TYPE_CHECKING:

        @property
        def type(self) -> Optional[str]:
            return self.discriminator_value

    else:
        type: Optional[str] = Field(default=None)


class InputFileContent(BaseModel):
    """A file given to the model."""

    type: Literal["input_file"]
    """Always `input_file`."""
    file_id: Optional[str] = None
    """The id of an uploaded file."""
    file_data: Optional[str] = None
    """The file content, base64-encoded."""
    file_url: Optional[str] = None
    """A URL of the file."""
    filename: Optional[str] = None
    """The name of the file."""


class InputImageContent(BaseModel):
    """An image given to the model, by URL or by file id."""

    type: Literal["input_image"]
    """Always `input_image`."""
    detail: Optional[ImageDetail] = None
    """How much detail the model should see."""
    image_url: Optional[str] = None
    """A fully qualified URL or a base64 data URL of the image."""
    file_id: Optional[str] = None
    """The id of an uploaded image file."""


class InputTextContent(BaseModel):
    """Text given to the model."""

    type: Literal["input_text"]
    """Always `input_text`."""
    text: str
    """The text."""


class ListRoutesResponse(BaseModel):
    """Every route of every API, in registration order."""

    data: List[RouteInfo]
    """The routes."""


class Logprob(BaseModel):
    """The log probability of one output token."""

    token: str
    """The token."""
    logprob: float
    """The log probability of the token."""
    bytes_: Optional[List[int]] = Field(default=None, alias="bytes")
    """The UTF-8 bytes of the token, if available."""
    top_logprobs: Optional[List[TopLogprob]] = None
    """The most likely alternatives at this position."""


class McpApprovalRequestItem(BaseModel):
    """A request for approval of an MCP tool call."""

    type: Literal["mcp_approval_request"]
    """Always `mcp_approval_request`."""
    id: str
    """The item id."""
    name: str
    """The name of the tool to call."""
    arguments: str
    """The arguments, as a JSON string."""
    server_label: str
    """The label of the MCP server."""


class McpApprovalResponseItem(BaseModel):
    """The answer to an MCP approval request."""

    type: Literal["mcp_approval_response"]
    """Always `mcp_approval_response`."""
    id: Optional[str] = None
    """The item id; assigned as `item_...` when not sent."""
    approval_request_id: str
    """The id of the approval request answered."""
    approve: bool
    """Whether the call is approved."""
    reason: Optional[str] = None
    """Why it was approved or denied."""


class McpCallItem(BaseModel):
    """A call of a tool on an MCP server."""

    type: Literal["mcp_call"]
    """Always `mcp_call`."""
    id: str
    """The item id."""
    name: str
    """The name of the tool."""
    arguments: str
    """The arguments, as a JSON string."""
    server_label: str
    """The label of the MCP server."""
    error: Optional[str] = None
    """The error of the call, if it failed."""
    output: Optional[str] = None
    """The output of the call."""


class McpListToolsItem(BaseModel):
    """The tools an MCP server offers."""

    type: Literal["mcp_list_tools"]
    """Always `mcp_list_tools`."""
    id: str
    """The item id."""
    server_label: str
    """The label of the MCP server."""
    tools: List[McpTool]
    """The tools offered."""


class McpTool(BaseModel):
    """A tool offered by an MCP server."""

    name: str
    """The name of the tool."""
    input_schema: Dict[str, Any]
    """The JSON schema of the tool's input."""
    description: Optional[str] = None
    """What the tool does."""


class MessageItem(BaseModel):
    """A message from the system, the developer, the user or the assistant."""

    type: Literal["message"]
    """Always `message`."""
    id: Optional[str] = None
    """The item id; assigned as `msg_...` when not sent."""
    role: MessageRole
    """Who wrote the message."""
    content: Union[str, List[ContentPart]]
    """The message text, or a list of content parts."""
    status: Optional[ItemStatus] = None
    """The status of the message."""


class OutputTextContent(BaseModel):
    """Text produced by the model."""

    type: Literal["output_text"]
    """Always `output_text`."""
    text: str
    """The text."""
    annotations: Optional[List[Annotation]] = None
    """Citations and file paths within the text."""
    logprobs: Optional[List[Logprob]] = None
    """Log probabilities of the output tokens, if requested."""


class ReasoningItem(BaseModel):
    """The model's reasoning."""

    type: Literal["reasoning"]
    """Always `reasoning`."""
    id: str
    """The item id."""
    summary: List[SummaryText]
    """A summary of the reasoning."""
    content: Optional[List[ReasoningText]] = None
    """The reasoning text itself."""
    status: Optional[ItemStatus] = None
    """The status of the reasoning."""


class ReasoningText(BaseModel):
    """A piece of reasoning content."""

    type: Literal["reasoning_text"]
    """Always `reasoning_text`."""
    text: str
    """The reasoning text."""


class RefusalContent(BaseModel):
    """A refusal by the model."""

    type: Literal["refusal"]
    """Always `refusal`."""
    refusal: str
    """The explanation of the refusal."""


class RouteInfo(BaseModel):
    """One method on one path of the service."""

    route: str
    """The path template, such as `/v1/conversations/{conversation_id}`."""
    method: str
    """The HTTP method, upper case."""
    provider_types: List[str]
    """The provider types serving the route; empty, as this service has none."""


class SummaryText(BaseModel):
    """A piece of a reasoning summary."""

    type: Literal["summary_text"]
    """Always `summary_text`."""
    text: str
    """The summary text."""


class TopLogprob(BaseModel):
    """One of the most likely alternatives for a token."""

    token: str
    """The alternative token."""
    logprob: float
    """The log probability of the alternative token."""
    bytes_: Optional[List[int]] = Field(default=None, alias="bytes")
    """The UTF-8 bytes of the token, if available."""


class UpdateConversationRequest(BaseModel):
    """The body of `updateConversation`."""

    metadata: Metadata
    """The new metadata; replaces the whole map."""


class UrlCitationAnnotation(BaseModel):
    """A citation of a web resource."""

    type: Literal["url_citation"]
    """Always `url_citation`."""
    url: str
    """The URL of the cited resource."""
    title: str
    """The title of the cited resource."""
    start_index: int
    """The first character of the citation in the text."""
    end_index: int
    """The last character of the citation in the text."""


class VersionResponse(BaseModel):
    """The service's version."""

    version: str
    """The version of the service."""


class WebSearchCallItem(BaseModel):
    """A web search made by a tool."""

    type: Literal["web_search_call"]
    """Always `web_search_call`."""
    id: str
    """The item id."""
    status: WebSearchCallStatus
    """The status of the search."""


if TYPE_CHECKING:
    Annotation: TypeAlias = Union[
        FileCitationAnnotation,
        UrlCitationAnnotation,
        ContainerFileCitationAnnotation,
        FilePathAnnotation,
    ]
else:
    Annotation = Annotated[
        Union[
            Annotated[FileCitationAnnotation, Tag("file_citation")],
            Annotated[UrlCitationAnnotation, Tag("url_citation")],
            Annotated[ContainerFileCitationAnnotation, Tag("container_file_citation")],
            Annotated[FilePathAnnotation, Tag("file_path")],
            Annotated[UnknownAnnotation, Tag(UNKNOWN_TAG)],
        ],
        discriminated_union(
            "type",
            [
                "file_citation",
                "url_citation",
                "container_file_citation",
                "file_path",
            ],
        ),
    ]
"""An annotation on output text, by `type`."""


ApiLevel = Annotated[Literal["v1", "v1alpha", "v1beta", "deprecated"], OpenEnum]
"""An API level of the service; `deprecated` selects deprecated routes."""


AuthMode = Annotated[Literal["none", "bearer"], OpenEnum]
"""How callers authenticate: `none` (open) or `bearer` credentials."""


if TYPE_CHECKING:
    ContentPart: TypeAlias = Union[
        InputTextContent,
        InputImageContent,
        InputFileContent,
        OutputTextContent,
        RefusalContent,
    ]
else:
    ContentPart = Annotated[
        Union[
            Annotated[InputTextContent, Tag("input_text")],
            Annotated[InputImageContent, Tag("input_image")],
            Annotated[InputFileContent, Tag("input_file")],
            Annotated[OutputTextContent, Tag("output_text")],
            Annotated[RefusalContent, Tag("refusal")],
            Annotated[UnknownContentPart, Tag(UNKNOWN_TAG)],
        ],
        discriminated_union(
            "type",
            [
                "input_text",
                "input_image",
                "input_file",
                "output_text",
                "refusal",
            ],
        ),
    ]
"""One part of a message's content, by `type`."""


if TYPE_CHECKING:
    ConversationItem: TypeAlias = Union[
        MessageItem,
        WebSearchCallItem,
        FileSearchCallItem,
        FunctionCallItem,
        FunctionCallOutputItem,
        McpApprovalRequestItem,
        McpApprovalResponseItem,
        McpCallItem,
        McpListToolsItem,
        ReasoningItem,
    ]
else:
    ConversationItem = Annotated[
        Union[
            Annotated[MessageItem, Tag("message")],
            Annotated[WebSearchCallItem, Tag("web_search_call")],
            Annotated[FileSearchCallItem, Tag("file_search_call")],
            Annotated[FunctionCallItem, Tag("function_call")],
            Annotated[FunctionCallOutputItem, Tag("function_call_output")],
            Annotated[McpApprovalRequestItem, Tag("mcp_approval_request")],
            Annotated[McpApprovalResponseItem, Tag("mcp_approval_response")],
            Annotated[McpCallItem, Tag("mcp_call")],
            Annotated[McpListToolsItem, Tag("mcp_list_tools")],
            Annotated[ReasoningItem, Tag("reasoning")],
            Annotated[UnknownConversationItem, Tag(UNKNOWN_TAG)],
        ],
        discriminated_union(
            "type",
            [
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
            ],
        ),
    ]
"""An item of a conversation, by `type`."""


FileSearchCallStatus = Annotated[Literal["in_progress", "searching", "completed", "incomplete", "failed"], OpenEnum]
"""The status of a file search call."""


ImageDetail = Annotated[Literal["low", "high", "auto"], OpenEnum]
"""How much detail of an image the model sees."""


IncludeOption = Annotated[Literal["web_search_call.action.sources", "code_interpreter_call.outputs", "computer_call_output.output.image_url", "file_search_call.results", "message.input_image.image_url", "message.output_text.logprobs", "reasoning.encrypted_content"], OpenEnum]
"""Extra output data that can be requested with `include`."""


if TYPE_CHECKING:
    InputContentPart: TypeAlias = Union[
        InputTextContent,
        InputImageContent,
        InputFileContent,
    ]
else:
    InputContentPart = Annotated[
        Union[
            Annotated[InputTextContent, Tag("input_text")],
            Annotated[InputImageContent, Tag("input_image")],
            Annotated[InputFileContent, Tag("input_file")],
            Annotated[UnknownInputContentPart, Tag(UNKNOWN_TAG)],
        ],
        discriminated_union(
            "type",
            [
                "input_text",
                "input_image",
                "input_file",
            ],
        ),
    ]
"""One part of an input, by `type`."""


ItemStatus = Annotated[Literal["in_progress", "completed", "incomplete"], OpenEnum]
"""The status of an item."""


ListOrder = Annotated[Literal["asc", "desc"], OpenEnum]
"""The order of a list: `asc` for oldest first, `desc` for newest first."""


MessageRole = Annotated[Literal["system", "developer", "user", "assistant"], OpenEnum]
"""The author of a message."""


Metadata = Dict[str, str]
"""Up to 16 key-value pairs attached to an object. Keys are strings of 1 to 64 characters; values are strings of at most 512 characters."""


WebSearchCallStatus = Annotated[Literal["in_progress", "searching", "completed", "failed"], OpenEnum]
"""The status of a web search call."""

