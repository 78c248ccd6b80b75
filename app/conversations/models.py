"""Request and response models of the Conversations API.

The item, content-part and annotation unions are named `TypeAliasType`s, so each one becomes a
single component schema (`oneOf` + `discriminator.mapping`) instead of being inlined wherever
it is used. The string enums are named `TypeAliasType`s over a `Literal` for the same reason:
each is one `$ref`-ed component (`ItemStatus`, `MessageRole`, ...), so third-party generators
emit one stable class per enum instead of numbered or per-operation copies, while validation
and the wire format stay those of a plain `Literal` (values are `str`, not `Enum` members).

Every union member declares `type` as a `Literal` without a default: that keeps `type`
required in the spec, which is what lets generated SDKs narrow on it.

Union members (and the helper objects inside them) keep unknown fields as sent
(`extra="allow"`), matching OpenAI's forward-compatible wire format. Request envelopes reject
unknown fields (`extra="forbid"`), as OpenAI rejects unknown parameters.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from typing_extensions import TypeAliasType

MAX_ITEMS_PER_REQUEST = 20
MAX_METADATA_PAIRS = 16
MAX_METADATA_KEY_LENGTH = 64
MAX_METADATA_VALUE_LENGTH = 512
MAX_ITEM_ID_LENGTH = 256

CONVERSATION_ID_PATTERN = r"^conv_[0-9a-f]{48}$"
# Client-chosen item ids are free-form, but bounded and NUL-free so that every backend can
# store and index them (PostgreSQL text cannot hold NUL; its btree entries are size-limited).
ITEM_ID_PATTERN = r"^[^\x00]+$"


class _OpenObject(BaseModel):
    """Base of wire objects that keep unknown fields exactly as the client sent them."""

    # strict: JSON types are not coerced (`0` is not `false`), so what the spec calls invalid
    # is rejected rather than silently converted.
    model_config = ConfigDict(extra="allow", strict=True)


class _ClosedRequest(BaseModel):
    """Base of request envelopes: unknown parameters are a 400, as in OpenAI's API."""

    model_config = ConfigDict(extra="forbid", strict=True)


ItemId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_ITEM_ID_LENGTH, pattern=ITEM_ID_PATTERN),
]

Metadata = TypeAliasType(
    "Metadata",
    Annotated[
        dict[
            Annotated[str, StringConstraints(min_length=1, max_length=MAX_METADATA_KEY_LENGTH)],
            Annotated[str, StringConstraints(max_length=MAX_METADATA_VALUE_LENGTH)],
        ],
        Field(
            max_length=MAX_METADATA_PAIRS,
            description=(
                "Up to 16 key-value pairs attached to an object. Keys are strings of 1 to 64 "
                "characters; values are strings of at most 512 characters."
            ),
        ),
    ],
)

IncludeOption = TypeAliasType(
    "IncludeOption",
    Annotated[
        Literal[
            "web_search_call.action.sources",
            "code_interpreter_call.outputs",
            "computer_call_output.output.image_url",
            "file_search_call.results",
            "message.input_image.image_url",
            "message.output_text.logprobs",
            "reasoning.encrypted_content",
        ],
        Field(description="Extra output data that can be requested with `include`."),
    ],
)

ListOrder = TypeAliasType(
    "ListOrder",
    Annotated[
        Literal["asc", "desc"],
        Field(description="The order of a list: `asc` for oldest first, `desc` for newest first."),
    ],
)


# --- annotations ---------------------------------------------------------------------------


class FileCitationAnnotation(_OpenObject):
    """A citation of a file."""

    type: Literal["file_citation"] = Field(description="Always `file_citation`.")
    file_id: str = Field(description="The id of the cited file.")
    filename: str = Field(description="The name of the cited file.")
    index: int = Field(description="The position of the citation in the text.")


class UrlCitationAnnotation(_OpenObject):
    """A citation of a web resource."""

    type: Literal["url_citation"] = Field(description="Always `url_citation`.")
    url: str = Field(description="The URL of the cited resource.")
    title: str = Field(description="The title of the cited resource.")
    start_index: int = Field(description="The first character of the citation in the text.")
    end_index: int = Field(description="The last character of the citation in the text.")


class ContainerFileCitationAnnotation(_OpenObject):
    """A citation of a file inside a container."""

    type: Literal["container_file_citation"] = Field(
        description="Always `container_file_citation`."
    )
    container_id: str = Field(description="The id of the container holding the file.")
    file_id: str = Field(description="The id of the cited file.")
    filename: str = Field(description="The name of the cited file.")
    start_index: int = Field(description="The first character of the citation in the text.")
    end_index: int = Field(description="The last character of the citation in the text.")


class FilePathAnnotation(_OpenObject):
    """A path to a file produced by a tool."""

    type: Literal["file_path"] = Field(description="Always `file_path`.")
    file_id: str = Field(description="The id of the file.")
    index: int = Field(description="The position of the path in the text.")


Annotation = TypeAliasType(
    "Annotation",
    Annotated[
        FileCitationAnnotation
        | UrlCitationAnnotation
        | ContainerFileCitationAnnotation
        | FilePathAnnotation,
        Field(discriminator="type", description="An annotation on output text, by `type`."),
    ],
)


# --- content parts -------------------------------------------------------------------------


class TopLogprob(_OpenObject):
    """One of the most likely alternatives for a token."""

    token: str = Field(description="The alternative token.")
    logprob: float = Field(description="The log probability of the alternative token.")
    bytes: list[int] | None = Field(
        default=None, description="The UTF-8 bytes of the token, if available."
    )


class Logprob(_OpenObject):
    """The log probability of one output token."""

    token: str = Field(description="The token.")
    logprob: float = Field(description="The log probability of the token.")
    bytes: list[int] | None = Field(
        default=None, description="The UTF-8 bytes of the token, if available."
    )
    top_logprobs: list[TopLogprob] | None = Field(
        default=None, description="The most likely alternatives at this position."
    )


class InputTextContent(_OpenObject):
    """Text given to the model."""

    type: Literal["input_text"] = Field(description="Always `input_text`.")
    text: str = Field(description="The text.")


ImageDetail = TypeAliasType(
    "ImageDetail",
    Annotated[
        Literal["low", "high", "auto"],
        Field(description="How much detail of an image the model sees."),
    ],
)


class InputImageContent(_OpenObject):
    """An image given to the model, by URL or by file id."""

    type: Literal["input_image"] = Field(description="Always `input_image`.")
    detail: ImageDetail = Field(default="auto", description="How much detail the model should see.")
    image_url: str | None = Field(
        default=None, description="A fully qualified URL or a base64 data URL of the image."
    )
    file_id: str | None = Field(default=None, description="The id of an uploaded image file.")


class InputFileContent(_OpenObject):
    """A file given to the model."""

    type: Literal["input_file"] = Field(description="Always `input_file`.")
    file_id: str | None = Field(default=None, description="The id of an uploaded file.")
    file_data: str | None = Field(default=None, description="The file content, base64-encoded.")
    file_url: str | None = Field(default=None, description="A URL of the file.")
    filename: str | None = Field(default=None, description="The name of the file.")


class OutputTextContent(_OpenObject):
    """Text produced by the model."""

    type: Literal["output_text"] = Field(description="Always `output_text`.")
    text: str = Field(description="The text.")
    annotations: list[Annotation] = Field(
        default_factory=list, description="Citations and file paths within the text."
    )
    logprobs: list[Logprob] | None = Field(
        default=None, description="Log probabilities of the output tokens, if requested."
    )


class RefusalContent(_OpenObject):
    """A refusal by the model."""

    type: Literal["refusal"] = Field(description="Always `refusal`.")
    refusal: str = Field(description="The explanation of the refusal.")


ContentPart = TypeAliasType(
    "ContentPart",
    Annotated[
        InputTextContent
        | InputImageContent
        | InputFileContent
        | OutputTextContent
        | RefusalContent,
        Field(discriminator="type", description="One part of a message's content, by `type`."),
    ],
)

InputContentPart = TypeAliasType(
    "InputContentPart",
    Annotated[
        InputTextContent | InputImageContent | InputFileContent,
        Field(discriminator="type", description="One part of an input, by `type`."),
    ],
)


# --- item helpers --------------------------------------------------------------------------

ItemStatus = TypeAliasType(
    "ItemStatus",
    Annotated[
        Literal["in_progress", "completed", "incomplete"],
        Field(description="The status of an item."),
    ],
)

WebSearchCallStatus = TypeAliasType(
    "WebSearchCallStatus",
    Annotated[
        Literal["in_progress", "searching", "completed", "failed"],
        Field(description="The status of a web search call."),
    ],
)

FileSearchCallStatus = TypeAliasType(
    "FileSearchCallStatus",
    Annotated[
        Literal["in_progress", "searching", "completed", "incomplete", "failed"],
        Field(description="The status of a file search call."),
    ],
)

MessageRole = TypeAliasType(
    "MessageRole",
    Annotated[
        Literal["system", "developer", "user", "assistant"],
        Field(description="The author of a message."),
    ],
)


class FileSearchResult(_OpenObject):
    """One result of a file search."""

    attributes: dict[str, Any] = Field(description="Attributes stored with the file.")
    file_id: str = Field(description="The id of the file.")
    filename: str = Field(description="The name of the file.")
    score: float = Field(description="The relevance score of the result.")
    text: str = Field(description="The text retrieved from the file.")


class McpTool(_OpenObject):
    """A tool offered by an MCP server."""

    name: str = Field(description="The name of the tool.")
    input_schema: dict[str, Any] = Field(description="The JSON schema of the tool's input.")
    description: str | None = Field(default=None, description="What the tool does.")


class SummaryText(_OpenObject):
    """A piece of a reasoning summary."""

    type: Literal["summary_text"] = Field(description="Always `summary_text`.")
    text: str = Field(description="The summary text.")


class ReasoningText(_OpenObject):
    """A piece of reasoning content."""

    type: Literal["reasoning_text"] = Field(description="Always `reasoning_text`.")
    text: str = Field(description="The reasoning text.")


# --- items ---------------------------------------------------------------------------------


class MessageItem(_OpenObject):
    """A message from the system, the developer, the user or the assistant."""

    type: Literal["message"] = Field(description="Always `message`.")
    id: ItemId | None = Field(
        default=None, description="The item id; assigned as `msg_...` when not sent."
    )
    role: MessageRole = Field(description="Who wrote the message.")
    content: str | list[ContentPart] = Field(
        description="The message text, or a list of content parts."
    )
    status: ItemStatus | None = Field(default=None, description="The status of the message.")


class WebSearchCallItem(_OpenObject):
    """A web search made by a tool."""

    type: Literal["web_search_call"] = Field(description="Always `web_search_call`.")
    id: ItemId = Field(description="The item id.")
    status: WebSearchCallStatus = Field(description="The status of the search.")


class FileSearchCallItem(_OpenObject):
    """A file search made by a tool."""

    type: Literal["file_search_call"] = Field(description="Always `file_search_call`.")
    id: ItemId = Field(description="The item id.")
    queries: list[str] = Field(description="The queries that were searched.")
    status: FileSearchCallStatus = Field(description="The status of the search.")
    results: list[FileSearchResult] | None = Field(
        default=None, description="The results of the search, if included."
    )


class FunctionCallItem(_OpenObject):
    """A call of a function tool by the model."""

    type: Literal["function_call"] = Field(description="Always `function_call`.")
    id: ItemId | None = Field(
        default=None, description="The item id; assigned as `item_...` when not sent."
    )
    call_id: str = Field(description="The id that links the call to its output.")
    name: str = Field(description="The name of the function.")
    arguments: str = Field(description="The arguments, as a JSON string.")
    status: ItemStatus | None = Field(default=None, description="The status of the call.")


class FunctionCallOutputItem(_OpenObject):
    """The output of a function tool call."""

    type: Literal["function_call_output"] = Field(description="Always `function_call_output`.")
    id: ItemId | None = Field(
        default=None, description="The item id; assigned as `item_...` when not sent."
    )
    call_id: str = Field(description="The id of the call this output answers.")
    output: str | list[InputContentPart] = Field(
        description="The output, as a string or a list of input content parts."
    )
    status: ItemStatus | None = Field(default=None, description="The status of the output.")


class McpApprovalRequestItem(_OpenObject):
    """A request for approval of an MCP tool call."""

    type: Literal["mcp_approval_request"] = Field(description="Always `mcp_approval_request`.")
    id: ItemId = Field(description="The item id.")
    name: str = Field(description="The name of the tool to call.")
    arguments: str = Field(description="The arguments, as a JSON string.")
    server_label: str = Field(description="The label of the MCP server.")


class McpApprovalResponseItem(_OpenObject):
    """The answer to an MCP approval request."""

    type: Literal["mcp_approval_response"] = Field(description="Always `mcp_approval_response`.")
    id: ItemId | None = Field(
        default=None, description="The item id; assigned as `item_...` when not sent."
    )
    approval_request_id: str = Field(description="The id of the approval request answered.")
    approve: bool = Field(description="Whether the call is approved.")
    reason: str | None = Field(default=None, description="Why it was approved or denied.")


class McpCallItem(_OpenObject):
    """A call of a tool on an MCP server."""

    type: Literal["mcp_call"] = Field(description="Always `mcp_call`.")
    id: ItemId = Field(description="The item id.")
    name: str = Field(description="The name of the tool.")
    arguments: str = Field(description="The arguments, as a JSON string.")
    server_label: str = Field(description="The label of the MCP server.")
    error: str | None = Field(default=None, description="The error of the call, if it failed.")
    output: str | None = Field(default=None, description="The output of the call.")


class McpListToolsItem(_OpenObject):
    """The tools an MCP server offers."""

    type: Literal["mcp_list_tools"] = Field(description="Always `mcp_list_tools`.")
    id: ItemId = Field(description="The item id.")
    server_label: str = Field(description="The label of the MCP server.")
    tools: list[McpTool] = Field(description="The tools offered.")


class ReasoningItem(_OpenObject):
    """The model's reasoning."""

    type: Literal["reasoning"] = Field(description="Always `reasoning`.")
    id: ItemId = Field(description="The item id.")
    summary: list[SummaryText] = Field(description="A summary of the reasoning.")
    content: list[ReasoningText] | None = Field(
        default=None, description="The reasoning text itself."
    )
    status: ItemStatus | None = Field(default=None, description="The status of the reasoning.")


ConversationItem = TypeAliasType(
    "ConversationItem",
    Annotated[
        MessageItem
        | WebSearchCallItem
        | FileSearchCallItem
        | FunctionCallItem
        | FunctionCallOutputItem
        | McpApprovalRequestItem
        | McpApprovalResponseItem
        | McpCallItem
        | McpListToolsItem
        | ReasoningItem,
        Field(discriminator="type", description="An item of a conversation, by `type`."),
    ],
)


# --- requests ------------------------------------------------------------------------------


class CreateConversationRequest(_ClosedRequest):
    """The body of `createConversation`."""

    items: list[ConversationItem] = Field(
        default_factory=list,
        max_length=MAX_ITEMS_PER_REQUEST,
        description="Up to 20 items to start the conversation with.",
    )
    metadata: Metadata = Field(
        default_factory=dict, description="Key-value pairs to attach to the conversation."
    )


class UpdateConversationRequest(_ClosedRequest):
    """The body of `updateConversation`."""

    metadata: Metadata = Field(description="The new metadata; replaces the whole map.")


class CreateConversationItemsRequest(_ClosedRequest):
    """The body of `createConversationItems`."""

    items: list[ConversationItem] = Field(
        min_length=1,
        max_length=MAX_ITEMS_PER_REQUEST,
        description="1 to 20 items to append (or replace, when an id already exists).",
    )


# --- responses -----------------------------------------------------------------------------


class Conversation(BaseModel):
    """A conversation."""

    id: str = Field(description="The conversation id: `conv_` and 48 lowercase hex digits.")
    object: Literal["conversation"] = Field(description="Always `conversation`.")
    created_at: int = Field(description="When the conversation was created, in Unix seconds.")
    metadata: Metadata = Field(description="The metadata; `{}` when none is set.")


class ConversationDeleted(BaseModel):
    """The confirmation that a conversation was deleted."""

    id: str = Field(description="The id of the deleted conversation.")
    object: Literal["conversation.deleted"] = Field(description="Always `conversation.deleted`.")
    deleted: bool = Field(description="Always true.")


class ConversationItemDeleted(BaseModel):
    """The confirmation that an item was deleted."""

    id: str = Field(description="The id of the deleted item.")
    object: Literal["conversation.item.deleted"] = Field(
        description="Always `conversation.item.deleted`."
    )
    deleted: bool = Field(description="Always true.")


class ConversationItemList(BaseModel):
    """A page of conversation items."""

    object: Literal["list"] = Field(description="Always `list`.")
    data: list[ConversationItem] = Field(description="The items of this page.")
    first_id: str | None = Field(description="The id of the first item, or null when empty.")
    last_id: str | None = Field(description="The id of the last item, or null when empty.")
    has_more: bool = Field(description="Whether more items follow this page.")
