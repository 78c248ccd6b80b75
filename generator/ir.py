"""The intermediate representation (IR): a language-neutral, frozen model of an API.

Data flows one way: ``load`` → ``resolve`` → ``build_ir`` (produces an :class:`IR`) → each language
backend (``generator/languages/<lang>/``) renders files from the IR plus the SDK config. Backends
never see the raw OpenAPI document.

Conventions that hold for every class below:

* Everything is a frozen dataclass; collections are tuples, ordered deterministically (spec order
  for operations, parameters and properties; sorted by ``id`` for type declarations).
* ``wire_*`` fields hold the exact strings of the spec (property keys, parameter names, enum values,
  schema keys). They may contain anything (quotes, NUL, ``*/``, emoji); backends must emit them only
  through their literal-escaping function.
* ``name`` fields are :class:`Name` values: lowercase ASCII word tuples, already de-duplicated
  within their scope (``foo-bar`` and ``foo_bar`` in one object become ``(foo, bar)`` and
  ``(foo, bar, 2)``). Each backend cases them (``snake``/``Pascal``/``camel``) and applies its own
  reserved-word rules; words may start with a digit, so backends must handle a leading digit.
* Free text (``description``, ``summary``, ``title``) is raw spec text; backends route it through
  their one comment/docstring escaping function.
* JSON values (defaults, enum values, literals) are :class:`JsonLiteral`: canonical JSON text, so
  the IR stays hashable and immutable and ``null`` is distinguishable from "absent" (``None``).
* ``source`` fields are JSON pointers into the spec (RFC 6901), for diagnostics and comments.

Changes after publication are additive only; see ``generator/IR-CHANGES.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

IR_VERSION = 3
"""Bumped on every published change (announced in ``generator/IR-CHANGES.md``)."""


# --------------------------------------------------------------------------- names and values


@dataclass(frozen=True, order=True)
class Name:
    """A neutral identifier: ASCII lowercase words, e.g. ``("conversation", "item")``.

    ``words`` is never empty. A word may start with a digit (``("1st", "place")``) and is
    ``[a-z0-9]+``. ``original`` is the spec string it was derived from (informational only).
    """

    words: tuple[str, ...]
    original: str = field(default="", compare=False)

    def snake(self) -> str:
        """``conversation_item`` (no reserved-word handling: that is the backend's job)."""
        return "_".join(self.words)

    def pascal(self) -> str:
        """``ConversationItem``."""
        return "".join(w[:1].upper() + w[1:] for w in self.words)

    def camel(self) -> str:
        """``conversationItem``."""
        pascal = self.pascal()
        return pascal[:1].lower() + pascal[1:]

    def kebab(self) -> str:
        """``conversation-item`` (file names in some languages)."""
        return "-".join(self.words)


JsonKind = Literal["string", "integer", "number", "boolean", "null", "array", "object"]


def json_kind(value: object) -> JsonKind:
    """The JSON kind of a decoded JSON value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


@dataclass(frozen=True)
class JsonLiteral:
    """A JSON value, stored as canonical JSON text (``json.dumps(v, sort_keys=True)``).

    ``JsonLiteral("null")`` is an explicit null; an absent value is ``None`` at the use site.
    """

    json: str
    kind: JsonKind = field(init=False, compare=False, repr=False)
    """Which JSON value this is, computed here once (``1`` is an integer, ``1.0`` a number)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", json_kind(json.loads(self.json)))

    @property
    def value(self) -> object:
        """The decoded Python value (``str``/``int``/``float``/``bool``/``None``/list/dict)."""
        return json.loads(self.json)

    @staticmethod
    def of(value: object) -> JsonLiteral:
        return JsonLiteral(json.dumps(value, sort_keys=True, ensure_ascii=False))


# --------------------------------------------------------------------------- type references
# A TypeRef describes the type of a property, parameter, body, response, array item, etc.
# Each variant has a ``kind`` discriminator string so templates/backends can switch on it.


@dataclass(frozen=True)
class ScalarType:
    """A JSON scalar. ``scalar`` is the JSON-Schema type; ``format`` is kept verbatim
    (``date-time``, ``int64``, ``binary``, ...) and is advisory: wire values are not converted."""

    scalar: Literal["string", "integer", "number", "boolean"]
    format: str | None = None
    kind: Literal["scalar"] = "scalar"


@dataclass(frozen=True)
class NullType:
    """Only ``null`` (a bare ``type: "null"``)."""

    kind: Literal["null"] = "null"


@dataclass(frozen=True)
class AnyType:
    """Any JSON value (the empty schema ``{}``, or a construct the generator cannot narrow)."""

    kind: Literal["any"] = "any"


@dataclass(frozen=True)
class LiteralType:
    """Exactly one JSON value: ``const``, or an inline single-member ``enum``. Discriminator
    properties of union members are always LiteralTypes."""

    value: JsonLiteral
    kind: Literal["literal"] = "literal"


@dataclass(frozen=True)
class ArrayType:
    """A JSON array of ``items``."""

    items: TypeRef
    kind: Literal["array"] = "array"


@dataclass(frozen=True)
class MapType:
    """A JSON object used as a map from string keys to ``values`` (``additionalProperties``
    with no ``properties``). ``values`` is :class:`AnyType` for a free-form object."""

    values: TypeRef
    kind: Literal["map"] = "map"


@dataclass(frozen=True)
class NullableType:
    """``inner`` or ``null``. Every nullable form (3.1 type arrays, ``anyOf`` with null,
    3.0 ``nullable: true``) becomes this wrapper; it is never nested and never wraps NullType."""

    inner: TypeRef
    kind: Literal["nullable"] = "nullable"


@dataclass(frozen=True)
class UnionType:
    """An inline, undiscriminated union (``anyOf``/``oneOf`` without a discriminator that did
    not deserve a named declaration). ``variants`` has at least two members, no NullType
    (nullability is expressed with NullableType around the union)."""

    variants: tuple[TypeRef, ...]
    kind: Literal["union"] = "union"


@dataclass(frozen=True)
class RefType:
    """A reference to a named declaration in :attr:`IR.types` by :attr:`TypeDecl.id`.
    References may be recursive (a model may refer to itself, directly or not)."""

    id: str
    kind: Literal["ref"] = "ref"


TypeRef = (
    ScalarType
    | NullType
    | AnyType
    | LiteralType
    | ArrayType
    | MapType
    | NullableType
    | UnionType
    | RefType
)


# --------------------------------------------------------------------------- declarations


@dataclass(frozen=True)
class Usage:
    """Where a declaration is reachable from: request side (parameters, request bodies) and/or
    response side (responses, errors). Backends may emit input shapes (e.g. Python TypedDicts)
    only for ``input`` declarations."""

    input: bool = False
    output: bool = False


@dataclass(frozen=True)
class Property:
    """One property of an object model, or one field of a flattened request body."""

    wire_name: str
    """The JSON key exactly as in the spec."""
    name: Name
    """Unique within its model (or within the operation's flattened body fields)."""
    type: TypeRef
    """The value type; nullable values are NullableType."""
    required: bool
    """The key must be present (a required property may still be nullable)."""
    description: str | None = None
    default: JsonLiteral | None = None
    """The schema ``default`` (already checked against the type), or None for no default."""
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    source: str = ""


@dataclass(frozen=True)
class ModelDecl:
    """An object type with named properties (``type: object`` with ``properties``, or the merge
    of an ``allOf``)."""

    id: str
    """Unique, stable key; also the default spelling source for generated names."""
    name: Name
    """Unique among all declarations (case-insensitively, after word joining)."""
    properties: tuple[Property, ...]
    additional_properties: TypeRef | None = None
    """Type of extra keys when the schema declares ``additionalProperties``/``patternProperties``
    as a schema or ``true`` (AnyType); None when not declared. Forward compatibility means
    unknown keys are always *tolerated* on responses regardless."""
    closed: bool = False
    """``additionalProperties: false`` was declared (informational; responses stay tolerant)."""
    wire_name: str | None = None
    """The component schema key, or None for an inline object that was given a name."""
    title: str | None = None
    description: str | None = None
    usage: Usage = Usage()
    source: str = ""
    kind: Literal["model"] = "model"

    def input_properties(self) -> tuple[Property, ...]:
        """The properties a request may send: ``readOnly`` ones are left out."""
        return tuple(p for p in self.properties if not p.read_only)

    def output_properties(self) -> tuple[Property, ...]:
        """The properties a response may hold: ``writeOnly`` ones are left out."""
        return tuple(p for p in self.properties if not p.write_only)


@dataclass(frozen=True)
class EnumMember:
    name: Name
    """Unique within the enum (``""`` becomes ``("empty",)``, duplicates get a numeric suffix)."""
    value: JsonLiteral
    """A string, integer, number or boolean (never null: see :attr:`EnumDecl.nullable`)."""
    description: str | None = None


@dataclass(frozen=True)
class EnumDecl:
    """A named enumeration. Responses must treat it as *open*: an unknown value from a newer
    server is kept as-is (loose mode), rejected only in strict validation."""

    id: str
    name: Name
    members: tuple[EnumMember, ...]
    """May be empty (``enum: []``, a warning is reported): backends fall back to ``base``."""
    base: Literal["string", "integer", "number", "boolean", "mixed"]
    """Common JSON type of the values ("mixed" when they differ)."""
    nullable: bool = False
    """``null`` was one of the values; references to this enum are wrapped in NullableType."""
    wire_name: str | None = None
    title: str | None = None
    description: str | None = None
    usage: Usage = Usage()
    source: str = ""
    kind: Literal["enum"] = "enum"


@dataclass(frozen=True)
class UnionVariant:
    type: TypeRef
    """Usually a RefType to a ModelDecl; may be any TypeRef for undiscriminated unions."""
    tags: tuple[str, ...] = ()
    """Discriminator values selecting this variant (several when the mapping has two names for
    one schema); empty for undiscriminated unions."""


@dataclass(frozen=True)
class Discriminator:
    property_wire_name: str
    """The JSON key holding the tag (e.g. ``"type"``)."""
    property_name: Name
    inferred: bool = False
    """True when the spec had no ``discriminator`` but every variant is a model with a required
    literal property of this name and distinct values (so O(1) dispatch is still possible)."""


@dataclass(frozen=True)
class ShapeTest:
    """Whether a value has the shape of one union member, for members that share a tag."""

    variant: int
    """Index into :attr:`UnionDecl.variants`."""
    required: tuple[str, ...] = ()
    """Wire keys the value must have (sorted; the discriminator itself is left out)."""
    values: tuple[tuple[str, tuple[JsonLiteral, ...]], ...] = ()
    """Wire key → the values it may hold (its ``const`` or ``enum``), sorted by key. A value
    whose key holds anything else is not this member; an absent key rules nothing out."""


@dataclass(frozen=True)
class SharedTag:
    """One discriminator value that several members carry (``InputMessage`` and
    ``OutputMessage`` are both ``type: message``). Backends dispatch by the tag, then take the
    first candidate whose :class:`ShapeTest` fits; when none fits the value is the unknown-variant
    fallback. Candidates are ordered most specific first (most tests), never by spec order."""

    tag: str
    candidates: tuple[ShapeTest, ...]


@dataclass(frozen=True)
class UnionDecl:
    """A named union (``oneOf``/``anyOf``, or a base schema with a discriminator mapping).

    With a ``discriminator``, every variant is a RefType to a ModelDecl whose discriminator
    property is a LiteralType (or a union of them), and backends must emit a
    forward-compatible fallback for unknown tags (never coerce into a known member)."""

    id: str
    name: Name
    variants: tuple[UnionVariant, ...]
    discriminator: Discriminator | None = None
    shared_tags: tuple[SharedTag, ...] = ()
    """Tags that select more than one variant, with the shape tests that decide among them
    (sorted by tag). Empty for a union whose tags are all distinct."""
    nullable: bool = False
    """``null`` was one of the alternatives; references are wrapped in NullableType."""
    wire_name: str | None = None
    title: str | None = None
    description: str | None = None
    usage: Usage = Usage()
    source: str = ""
    kind: Literal["union"] = "union"


@dataclass(frozen=True)
class AliasDecl:
    """A named schema that is neither an object model, an enum nor a union (e.g.
    ``Metadata = map<string,string>``, a named array or scalar). ``target`` is never this
    alias itself, nor only it or null; it may contain it inside arrays, maps or unions."""

    id: str
    name: Name
    target: TypeRef
    wire_name: str | None = None
    title: str | None = None
    description: str | None = None
    usage: Usage = Usage()
    source: str = ""
    recursive: bool = False
    """``target`` reaches this alias again through arrays, maps, nullables, inline unions and
    other aliases only, with no model, enum or union declaration between (``A = list[A]``,
    ``A = list[B]``, ``B = map[A]``): a language without recursive type aliases cannot spell
    it with an alias."""
    kind: Literal["alias"] = "alias"


TypeDecl = ModelDecl | EnumDecl | UnionDecl | AliasDecl


# --------------------------------------------------------------------------- operations


@dataclass(frozen=True)
class Parameter:
    """A path, query or header parameter (cookie parameters are skipped with a warning)."""

    wire_name: str
    name: Name
    """Unique among *all* parameters and flattened body fields of the operation."""
    location: Literal["path", "query", "header"]
    type: TypeRef
    required: bool
    """Always True for path parameters."""
    description: str | None = None
    default: JsonLiteral | None = None
    explode: bool = True
    """Query arrays: ``a=1&a=2`` (True, the OpenAPI default for ``form``) or ``a=1,2``."""
    deprecated: bool = False
    source: str = ""


BodyEncoding = Literal["json", "form", "multipart", "binary", "text"]
"""How a request body goes on the wire (from ``generator/media.py``, one classifier):

* ``json``: the body value as JSON;
* ``form``: ``application/x-www-form-urlencoded`` fields (an object body, flattened);
* ``multipart``: ``multipart/form-data`` fields plus the :attr:`RequestBody.file_parts`;
* ``binary``: opaque bytes as given (``application/octet-stream``, ``image/*``, ...), sent with
  :attr:`RequestBody.media_type` as ``Content-Type``;
* ``text``: a string as given (``text/*``, XML, line-delimited JSON), likewise.

An operation without a body has ``Operation.body is None`` (:attr:`Operation.body_encoding` is
then ``"none"``)."""

ResponseKind = Literal["json", "text", "binary", "event_stream", "empty"]
"""What the success response is turned into:

* ``json``: decoded and validated against :attr:`Response.type` (never None for this kind);
* ``text``: the body as a string;
* ``binary``: the exact bytes (a binary response object, never decoded as text);
* ``event_stream``: ``text/event-stream`` or line-delimited JSON and nothing else; until streams
  are implemented backends return the body as text;
* ``empty``: no body: a 204/205 status (whatever content it declares) or no content at all.
  Python returns ``None``, TypeScript ``void``."""


@dataclass(frozen=True)
class FilePart:
    """A field of a ``multipart`` body that is a file (or a list of files), not a form value.

    A field is a file when its schema is a ``format: binary`` string (or an array of them), when
    it declares a non-text ``contentMediaType``, or when the body's ``encoding`` gives it a
    non-text ``contentType``."""

    wire_name: str
    """The ``wire_name`` of the matching entry of :attr:`RequestBody.fields`."""
    multiple: bool = False
    """A list of files sent as repeated parts under one name (``files[]``-style arrays)."""
    nullable: bool = False
    """``null`` is accepted (and means: send no part)."""
    content_type: str | None = None
    """The declared content type of the part (``encoding.contentType`` or
    ``contentMediaType``), None when the spec does not say."""


@dataclass(frozen=True)
class RequestBody:
    media_type: str
    """``application/json``, ``multipart/form-data``, ``application/x-www-form-urlencoded``,
    ``application/octet-stream``, ...; JSON is chosen when several are offered, then multipart,
    then a URL-encoded form, else the first."""
    type: TypeRef
    required: bool
    fields: tuple[Property, ...] | None
    """The body's properties when it is an object model (RefType to a ModelDecl or inline
    object): backends expose them as individual (keyword) arguments. None when the body is not
    an object (array, union, scalar, map): backends take one ``body`` argument. ``readOnly``
    properties are not among them (a request never sends them)."""
    description: str | None = None
    encoding: BodyEncoding = "json"
    """How :attr:`media_type` is sent (see :data:`BodyEncoding`)."""
    file_parts: tuple[FilePart, ...] = ()
    """The file fields among :attr:`fields` (``multipart`` bodies only), in field order."""
    content_type: str | None = None
    """The ``Content-Type`` a ``binary`` or ``text`` body is sent with: :attr:`media_type`
    when it is one concrete, well-formed media type; None otherwise (a range such as
    ``image/*``, or another encoding: the runtime sets the header)."""

    def file_part(self, wire_name: str) -> FilePart | None:
        """The file part of the field ``wire_name``, None for an ordinary field."""
        return next((part for part in self.file_parts if part.wire_name == wire_name), None)


@dataclass(frozen=True)
class Response:
    """The success response (the lowest 2xx status declared)."""

    status: str
    """Always a string (``"200"``, ``"204"``, ``"2XX"``)."""
    type: TypeRef | None
    """Decoded JSON type; None unless :attr:`kind` is ``json``."""
    media_type: str | None = None
    """The media type the SDK reads (JSON first, then binary, text, a stream; see
    ``generator/media.py``); None when :attr:`kind` is ``empty``."""
    streaming: bool = False
    """The response can come as an event stream (``text/event-stream`` or line-delimited JSON is
    one of its media types). Always True when :attr:`kind` is ``event_stream``; may be True
    beside ``json`` (an operation that answers either way)."""
    stream_item_type: TypeRef | None = None
    """The type of one event's ``data`` (JSON) in the ``text/event-stream`` answer: its OpenAPI
    3.2 ``itemSchema``, else its ``schema`` when that is not a plain string (the 3.0/3.1
    convention); None when the spec gives neither, and events are untyped server-sent events."""
    stream_flag: str | None = None
    """The wire name of the boolean JSON body field (``stream``) whose ``true`` selects the
    event stream, when the response offers both JSON (:attr:`kind` ``json``) and an event
    stream. None when the operation always streams (:attr:`kind` ``event_stream``) or never."""
    stream_terminator: str | None = None
    """The ``data`` of the event that ends the stream (OpenAI's ``[DONE]``) when the spec names
    one (Fern's ``x-fern-streaming.terminator``, Speakeasy's ``x-speakeasy-sse-sentinel``);
    None when it names none (the runtimes end on ``[DONE]`` either way)."""
    description: str | None = None
    kind: ResponseKind = "json"
    """What the response becomes (see :data:`ResponseKind`)."""
    accept: str | None = None
    """The ``Accept`` header the method sends, None for the runtime's default (JSON): the
    media type of a ``text`` or ``binary`` response, when it is a well-formed media type."""


@dataclass(frozen=True)
class ErrorResponse:
    status: str
    """``"404"``, ``"4XX"`` or ``"default"``."""
    type: TypeRef | None
    description: str | None = None


PaginationKind = Literal["cursor_id", "cursor_token", "page_number", "offset", "next_url"]
"""How the next page is asked for (see :class:`PaginationScheme`):

* ``cursor_id``: ``cursor_param`` (``after``, ``after_id``, ``starting_after``) = the previous
  page's ``cursor_field`` (``last_id``), else the ``cursor_item_field`` (``id``) of its last item;
* ``cursor_token``: ``cursor_param`` (``cursor``, ``page_token``) = the opaque ``cursor_field``
  (``next_cursor``, ``next_page_token``) of the previous page;
* ``page_number``: ``cursor_param`` (``page``) = the previous page's number + 1 (from 1);
* ``offset``: ``cursor_param`` (``offset``) = the previous offset + its number of items;
* ``next_url``: GET the URL in ``cursor_field`` (``next``), as given (relative to the base URL
  when not absolute).

Every kind stops on an empty page, on ``has_more_field`` false, and on a missing next cursor."""


@dataclass(frozen=True)
class OperationPagination:
    """This operation is a paginated list: detected from its parameters and response fields
    (``generator/pagination.py``), or matched against / forced to a configured scheme."""

    scheme: str
    """Key into :attr:`IR.pagination_schemes` (the scheme holds the exact wire fields)."""
    item_type: TypeRef
    """Type of one element of the page's items array."""
    kind: PaginationKind = "cursor_id"
    """The scheme's kind (the same as ``IR.pagination_scheme(scheme).kind``)."""
    detected: bool = False
    """True when found by detection, False for a configured scheme."""
    before_param: str | None = None
    """The request parameter for the page before (``before``, ``before_id``,
    ``ending_before``); informational: SDKs page forward."""
    first_field: str | None = None
    """The response field with the first item's id (``first_id``); informational."""
    limit_param: str | None = None
    """The page-size request parameter (``limit``, ``page_size``), when there is one."""


AuthKind = Literal["bearer", "api_key", "basic"]
"""``bearer``: ``Authorization: Bearer <token>`` (``http`` bearer, ``oauth2``,
``openIdConnect``); ``api_key``: the credential as given, in a header, query parameter or cookie
(``apiKey``, or a credential-like header parameter on every operation); ``basic``:
``Authorization: Basic base64(username:password)``."""


@dataclass(frozen=True)
class AuthCredential:
    """One client option carrying a credential, with the environment variable it defaults to."""

    name: Name
    """The option: ``("api", "key")``, ``("auth", "token")``, ``("username",)``,
    ``("password",)``; unique among all schemes' credentials."""
    env_var: str
    """``<env prefix>_<NAME>`` (``PARLEY_API_KEY``), or the config's choice."""


@dataclass(frozen=True)
class AuthScheme:
    """How a client authenticates (``components.securitySchemes``, detection or config)."""

    id: str
    """The ``securitySchemes`` key (``bearerAuth``), ``header:<name>`` for a detected header,
    or the config's key; :attr:`Operation.security` refers to it."""
    name: Name
    """Words of :attr:`id`, unique among schemes."""
    kind: AuthKind
    credentials: tuple[AuthCredential, ...]
    """One for ``bearer``/``api_key``; ``username`` then ``password`` for ``basic``."""
    location: Literal["header", "query", "cookie"] = "header"
    wire_name: str = "Authorization"
    """The header, query parameter or cookie name (``Authorization`` for bearer and basic)."""
    description: str | None = None
    origin: Literal["spec", "header", "config", "default"] = "spec"
    """``spec``: a security scheme; ``header``: a required credential-like header parameter of
    every operation (removed from the operations' parameters); ``config``: the SDK config;
    ``default``: the spec says nothing, so an optional bearer ``api_key`` is kept."""
    source: str = ""


@dataclass(frozen=True)
class DefaultHeader:
    """A header sent with every request unless the caller overrides it: a required header
    parameter of every operation with one possible value (its ``default``, ``const`` or
    one-value ``enum``; removed from the operations' parameters), or a config entry."""

    wire_name: str
    value: str
    description: str | None = None
    source: str = ""


@dataclass(frozen=True)
class Operation:
    id: str
    """The spec's operationId (unique), or a synthesized ``<method>_<path>`` one (warned)."""
    name: Name
    """Method name within its resource (``list``, ``create``, ``retrieve``...), unique there."""
    http_method: Literal["get", "post", "put", "patch", "delete", "head", "options", "trace"]
    path: str
    """The path template exactly as in the spec, e.g. ``/v1/conversations/{conversation_id}``."""
    path_params: tuple[Parameter, ...]
    """In order of appearance in ``path``."""
    query_params: tuple[Parameter, ...]
    header_params: tuple[Parameter, ...]
    body: RequestBody | None
    response: Response
    errors: tuple[ErrorResponse, ...] = ()
    pagination: OperationPagination | None = None
    summary: str | None = None
    description: str | None = None
    deprecated: bool = False
    tags: tuple[str, ...] = ()
    source: str = ""
    security: tuple[str, ...] = ()
    """Ids of the :attr:`IR.auth_schemes` this operation accepts (any one of them; a
    requirement naming several sends each that is configured). ``()``: it takes no credential,
    and none is sent (``security: []``, or an API without auth)."""

    @property
    def body_encoding(self) -> BodyEncoding | Literal["none"]:
        """The request-body encoding, ``"none"`` when the operation takes no body."""
        return "none" if self.body is None else self.body.encoding


@dataclass(frozen=True)
class Resource:
    """A node of the resource tree. The root (``IR.root``) has ``name == Name(("client",))`` and
    ``path == ()``; its operations become top-level client methods."""

    name: Name
    path: tuple[str, ...]
    """Snake-case names from the root, e.g. ``("conversations", "items")``."""
    operations: tuple[Operation, ...]
    resources: tuple[Resource, ...]
    description: str | None = None
    path_names: tuple[Name, ...] = ()
    """The builder's Name of each level of ``path`` (``path_names[-1] == name``); empty only
    for the root."""

    @property
    def path_words(self) -> tuple[str, ...]:
        """Every word of the path, root first (``("conversations", "items")``): what a backend
        builds a class or type name from, without re-splitting the snake-case ``path``."""
        return tuple(w for n in self.path_names for w in n.words)


# --------------------------------------------------------------------------- API-wide data


@dataclass(frozen=True)
class PaginationScheme:
    """One pagination shape (see :data:`PaginationKind`): configured, or detected once per
    distinct (kind, wire fields) and shared by the operations that have it. Field names are
    wire names; None means the API has no such field."""

    key: str
    name: Name
    """E.g. ``("cursor", "page")``: backends derive page class names from it."""
    items_field: str = "data"
    cursor_param: str | None = "after"
    """The request query parameter that asks for the next page (None for ``next_url``)."""
    cursor_field: str | None = "last_id"
    """The response field holding the next cursor, page token or URL."""
    has_more_field: str | None = "has_more"
    kind: PaginationKind = "cursor_id"
    cursor_item_field: str | None = None
    """``cursor_id`` without ``cursor_field``: the wire field of the last item that is the
    cursor (``id``)."""
    total_field: str | None = None
    """``offset``: the total item count (``total``, ``total_count``, ``count``);
    ``page_number``: the number of pages (``total_pages``). Iteration stops once reached."""

    @property
    def pages_by_response_cursor(self) -> bool:
        """A ``cursor_id`` scheme whose response names the next cursor: the one shape that
        runtimes with a single cursor pager (Go, Kotlin) auto-paginate."""
        return self.kind == "cursor_id" and bool(self.cursor_param and self.cursor_field)


@dataclass(frozen=True)
class ApiInfo:
    title: str
    version: str
    """``info.version`` (a string even if the YAML said ``1.0``)."""
    description: str | None
    base_url: str
    """Default base URL: SDK config, else the first server URL, else ``http://localhost``."""
    spec_sha256: str
    """Hex SHA-256 of the spec file bytes (provenance)."""
    generator_version: str
    auth: Literal["bearer", "none"] = "bearer"
    """Summary of :attr:`IR.auth_schemes`: ``bearer`` when there is at least one scheme (kept
    for backends written before those), ``none`` when the API takes no credential."""


@dataclass(frozen=True)
class ExampleArg:
    """One path argument of a README example call."""

    created_id: bool = False
    """Pass the ``id`` of the object the plan's ``create`` call returned."""
    value: str | int | None = None
    """Otherwise a sample literal: the parameter's wire name for a string, 1 for a number."""


@dataclass(frozen=True)
class ExampleCall:
    operation_id: str
    """:attr:`Operation.id` of the operation to call."""
    resource: tuple[str, ...]
    """:attr:`Resource.path` of its resource (``()``: a top-level client method)."""
    args: tuple[ExampleArg, ...] = ()
    """Its path parameters, in order; it needs nothing else."""


@dataclass(frozen=True)
class ExamplePlan:
    """The README example calls, chosen once from the IR (``generator/examples.py``)."""

    create: ExampleCall | None = None
    created_has_id: bool = False
    """``create`` returns a model with a required string ``id`` (later calls may pass it)."""
    retrieve: ExampleCall | None = None
    missing: ExampleCall | None = None
    """``retrieve`` of an id that does not exist (a 404), for the errors example."""
    listing: ExampleCall | None = None
    """A paginated list call."""
    raw: ExampleCall | None = None
    """A non-paginated call for the raw-response example (the create, else the retrieve)."""


@dataclass(frozen=True)
class IR:
    api: ApiInfo
    types: tuple[TypeDecl, ...]
    """Every named declaration, sorted by ``id``; RefType ids resolve here."""
    root: Resource
    pagination_schemes: tuple[PaginationScheme, ...] = ()
    error_type: TypeRef | None = None
    """The common error body type when all documented errors share one (informational)."""
    ir_version: int = IR_VERSION
    examples: ExamplePlan | None = None
    """The README example plan (``generator.examples.example_plan``); the builder fills it in
    last (``generator.builder.build``); None only in an IR made by hand."""
    auth_schemes: tuple[AuthScheme, ...] = ()
    """Every way to authenticate, in spec order; each is one client option (or two, basic)."""
    default_headers: tuple[DefaultHeader, ...] = ()
    """Headers the client sends by default (callers may override them)."""

    def auth_scheme(self, scheme_id: str) -> AuthScheme | None:
        return next((s for s in self.auth_schemes if s.id == scheme_id), None)

    def pagination_scheme(self, key: str) -> PaginationScheme | None:
        return next((s for s in self.pagination_schemes if s.key == key), None)

    def types_by_id(self) -> dict[str, TypeDecl]:
        """An index of :attr:`types` (build it once per render, it is O(n))."""
        return {decl.id: decl for decl in self.types}

    def operations(self) -> tuple[Operation, ...]:
        """All operations, depth-first over the resource tree (root first)."""
        found: list[Operation] = []

        def walk(resource: Resource) -> None:
            found.extend(resource.operations)
            for child in resource.resources:
                walk(child)

        walk(self.root)
        return tuple(found)
