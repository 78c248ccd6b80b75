"""Resource methods: one :class:`MethodModel` per operation, rendered twice (sync and async).

:func:`build_method` decides everything about a method once (its parameters as data, the
request plan, what it returns and how the result is cast); :func:`render_method` writes it as
the sync or the async flavour. The flavours differ only in data the model holds (``Flavoured``
pairs: the page class, the binary response class) and in ``async``/``await``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from generator.ir import IR, ModelDecl, Operation, RefType
from generator.languages.python import naming as pn
from generator.languages.python.imports import Imports
from generator.languages.python.params import Param, RequestPlan, plan_request
from generator.languages.python.typerefs import TypeRenderer

BINARY_RESPONSE = ("BinaryAPIResponse", "AsyncBinaryAPIResponse")
"""What a binary download returns (sync, async): the bytes with read/iter/write helpers."""
_HELPERS = {"get": "_get", "post": "_post", "put": "_put", "patch": "_patch", "delete": "_delete"}


@dataclass(frozen=True)
class Flavoured:
    """A text that differs between the sync and the async method."""

    sync: str
    async_: str

    def of(self, asynchronous: bool) -> str:
        return self.async_ if asynchronous else self.sync

    @staticmethod
    def same(text: str) -> Flavoured:
        return Flavoured(text, text)


@dataclass(frozen=True)
class PageCall:
    """A paginated list: ``self._get_api_list(...)`` returns a page (async: a paginator that
    is awaited for the first page or iterated); the method itself is never ``async def``."""

    page: Flavoured
    """``SyncCursorPage[Item]`` / ``AsyncCursorPage[Item]``."""
    item_type: str
    verb: str


@dataclass(frozen=True)
class RequestCall:
    """One request through ``self._<verb>`` (or ``request(...)`` for HEAD/OPTIONS/TRACE)."""

    helper: str | None
    """``_get``, ``_post``...; None: ``FinalRequestOptions.build`` and ``request``."""
    receiver: str
    """``self._client`` on a resource, ``self`` on the client (for ``request``)."""
    verb: str
    cast_to: Flavoured
    wrap: bool
    """Cast the result to the return type (an Annotated union or a generic alias is no class,
    and ``request`` returns Any)."""


@dataclass(frozen=True)
class StreamCall:
    """An event stream through ``request(..., stream=..., stream_cls=Stream[Item])``:
    always (``Response.kind`` ``event_stream``), or when the ``flag`` parameter is True
    (``Response.stream_flag``; the method then has ``@overload``s per flag value)."""

    receiver: str
    verb: str
    stream: Flavoured
    """``Stream[Item]`` / ``AsyncStream[Item]``."""
    flag: str | None = None
    """The identifier of the boolean parameter that selects the stream."""
    json_returns: Flavoured | None = None
    """What the method returns without the stream (with ``flag``)."""
    cast_to: str = "None"
    """The JSON result's ``cast_to`` (with ``flag``)."""


@dataclass
class MethodModel:
    name: str
    operation_id: str
    request: RequestPlan
    returns: Flavoured
    call: PageCall | RequestCall | StreamCall
    doc: str
    """The docstring text (escaped, not yet indented)."""
    idempotent_key: bool
    """Non-GET methods take ``idempotency_key``."""
    http_method: str
    path: str
    doc_summary: str
    uploads: bool = False
    """The method sends a multipart body (files): the README mentions it."""
    download: bool = False
    """The method returns a binary response object: the README says so."""
    imports: Imports = field(default_factory=Imports)
    """Every name either flavour uses."""

    @property
    def positional(self) -> list[str]:
        return [p.ident for p in self.request.positional]

    @property
    def keywords(self) -> list[str]:
        return [p.ident for p in self.request.keywords]

    @property
    def required_keywords(self) -> list[str]:
        return [p.ident for p in self.request.keywords if p.required]

    @property
    def signature_doc(self) -> str:
        """``retrieve(item_id, *, conversation_id, include)`` for api.md."""
        parts = list(self.positional)
        if self.keywords:
            parts += ["*", *self.keywords]
        return ", ".join(parts)

    @property
    def streams(self) -> bool:
        """The method can return an event stream (the README says how to read it)."""
        return isinstance(self.call, StreamCall)

    @property
    def async_returns(self) -> str:
        return self.returns.async_

    # Computed once per model: a model is never changed after build_method, and a session
    # hands the same model to the next run while its operation is unchanged (render pieces),
    # so an unchanged method is not written again when its module is.
    @functools.cached_property
    def sync_code(self) -> str:
        return render_method(self, asynchronous=False)

    @functools.cached_property
    def async_code(self) -> str:
        return render_method(self, asynchronous=True)


def build_method(
    ir: IR,
    op: Operation,
    name: str,
    types: TypeRenderer,
    page_classes: tuple[str, str] | None,
    *,
    is_resource: bool,
) -> MethodModel:
    """``page_classes``: the (sync, async) page classes of the operation's pagination scheme,
    when it has one."""
    imports = Imports()
    t = types.into(imports)
    imports.use_all(["Optional", "Headers", "Query", "Mapping", "Union", "NotGiven", "NOT_GIVEN"])
    imports.use("httpx")
    request = plan_request(ir, op, t)
    verb = op.http_method
    call: PageCall | RequestCall | StreamCall
    stream = _stream_call(op, t, request, is_resource)
    if stream is not None:
        returns, call = stream
    elif op.pagination is not None and page_classes is not None:
        item_type = t.output(op.pagination.item_type)
        sync_page, async_page = (imports.use_from(".pagination", c) for c in page_classes)
        returns = Flavoured(
            f"{sync_page}[{item_type}]",
            f"{imports.use('AsyncPaginator')}[{item_type}, {async_page}[{item_type}]]",
        )
        imports.use_all(["cast", "Any"])
        call = PageCall(Flavoured(f"{sync_page}[{item_type}]", f"{async_page}[{item_type}]"),
                        item_type, verb)
    else:
        returns, call = _request_call(op, t, request, is_resource)

    doc_lines = [pn.py_doc(op.summary or op.description or f"{op.http_method.upper()} {op.path}")]
    if op.summary and op.description and op.description.strip() != op.summary.strip():
        doc_lines += ["", pn.py_doc(op.description)]
    args = [f"          {p.ident}: {pn.indent_doc(p.doc, 14)}" for p in request.documented if p.doc]
    if args:
        doc_lines += ["", "Args:", *[a.strip("\n") for a in args]]
    if op.deprecated:
        doc_lines += ["", "Deprecated."]
    return MethodModel(
        name=name,
        operation_id=op.id,
        request=request,
        returns=returns,
        call=call,
        doc="\n".join(doc_lines),
        idempotent_key=verb != "get",
        http_method=verb.upper(),
        path=pn.md_text(op.path),
        doc_summary=pn.md_text(op.summary or op.description),
        uploads=op.body_encoding == "multipart",
        download=returns.sync == BINARY_RESPONSE[0],
        imports=imports,
    )


def _request_call(
    op: Operation, t: TypeRenderer, request: RequestPlan, is_resource: bool
) -> tuple[Flavoured, RequestCall]:
    response = op.response
    if response.kind == "binary":
        returns = Flavoured(*(t.use(c) for c in BINARY_RESPONSE))
        cast_to, wrap = returns, False
    elif response.kind in ("text", "event_stream"):
        # An event stream is read as text until streams are implemented.
        returns, cast_to, wrap = Flavoured.same("str"), Flavoured.same("str"), False
    elif response.kind == "empty" or response.type is None:
        returns, cast_to, wrap = Flavoured.same("None"), Flavoured.same("None"), False
    else:
        scratch = Imports()
        text = t.into(scratch).output(response.type)
        decl = t.decls.get(response.type.id) if isinstance(response.type, RefType) else None
        if text == "Any":
            text = "object"  # a JSON value of any shape: nothing to import
        else:
            t.imports.merge(scratch)
        wrap = not isinstance(decl, ModelDecl) and text not in ("object", "str")
        returns = Flavoured.same(text)
        cast_to = Flavoured.same(f"{t.use('cast')}({t.use('Any')}, {text})" if wrap else text)
    helper = _HELPERS.get(op.http_method)
    if request.files_expr and helper not in ("_post", "_put", "_patch"):
        helper = None  # only FinalRequestOptions.build takes files for other verbs
    if helper is None:
        t.use("FinalRequestOptions")
    # Without a helper, ``request`` returns Any, so the result is cast (mypy: "Returning Any").
    wrap = wrap or helper is None
    if wrap:
        t.use("cast")
    receiver = "self._client" if is_resource else "self"
    return returns, RequestCall(helper, receiver, op.http_method, cast_to, wrap)


def _stream_call(
    op: Operation, t: TypeRenderer, request: RequestPlan, is_resource: bool
) -> tuple[Flavoured, StreamCall] | None:
    """The stream of an ``event_stream`` response, or of a ``stream_flag`` one whose flag is
    one of the method's parameters; None for every other method."""
    response = op.response
    flag = None
    if response.kind != "event_stream":
        if response.stream_flag is None:
            return None
        flag = next(
            (p for p in request.keywords if p.wire_name == response.stream_flag), None
        )
        if flag is None:
            return None
    item = (
        t.output(response.stream_item_type)
        if response.stream_item_type is not None
        else t.use("ServerSentEvent")
    )
    stream = Flavoured(f"{t.use('Stream')}[{item}]", f"{t.use('AsyncStream')}[{item}]")
    t.use_all_for_stream()
    receiver = "self._client" if is_resource else "self"
    if flag is None:
        return stream, StreamCall(receiver, op.http_method, stream)
    json_returns, json_call = _request_call(op, t, request, is_resource)
    t.use("overload")
    t.use("Literal")
    returns = Flavoured(
        t.union([json_returns.sync, stream.sync]), t.union([json_returns.async_, stream.async_])
    )
    return returns, StreamCall(
        receiver, op.http_method, stream, flag.ident, json_returns, json_call.cast_to.sync
    )


# =========================================================================== rendering


def _signature(m: MethodModel, flag: str | None = None) -> str:
    """``flag``: the stream flag's annotation (and default) in one ``@overload``."""
    lines = ["        self,"]
    lines += [f"        {p.ident}: {p.type_text}," for p in m.request.positional]
    lines.append("        *,")
    keywords = list(m.request.keywords)
    call = m.call
    if isinstance(call, StreamCall) and call.flag is not None:
        param = next(p for p in keywords if p.ident == call.flag)
        keywords.remove(param)
        if flag is None:
            flag = "Union[bool, NotGiven] = NOT_GIVEN"
        text = f"        {param.ident}: {flag},"
        # After the required keywords: a required keyword-only parameter may follow optional
        # ones, but reads better first.
        required = [_keyword(p) for p in keywords if p.required]
        lines += required + [text] + [_keyword(p) for p in keywords if not p.required]
    else:
        lines += [_keyword(p) for p in keywords]
    lines.append(
        "        # Use the following arguments to pass what the API does not take as kwargs."
    )
    lines.append("        extra_headers: Optional[Headers] = None,")
    lines.append("        extra_query: Optional[Query] = None,")
    lines.append("        extra_body: Optional[Mapping[str, object]] = None,")
    if m.idempotent_key:
        lines.append("        idempotency_key: Optional[str] = None,")
    lines.append("        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,")
    return "\n".join(lines)


def _keyword(p: Param) -> str:
    if p.required:
        return f"        {p.ident}: {p.type_text},"
    return f"        {p.ident}: Union[{p.type_text}, NotGiven] = NOT_GIVEN,"


def _lines(head: str, args: list[str], indent: str) -> str:
    """``head(`` + one argument a line at ``indent`` + ``)``."""
    return f"{head}(\n" + "".join(f"{indent}    {a},\n" for a in args) + f"{indent})"


def _body(m: MethodModel, asynchronous: bool) -> str:
    r = m.request
    call = m.call
    if isinstance(call, StreamCall):
        body_arg = f", body={r.body_expr}" if r.body_expr else ""
        if r.files_expr:
            body_arg += f", files={r.files_expr}"
        options = r.options_expr.replace("\n", "\n    ")  # re-indent one level deeper
        selected = "True" if call.flag is None else f"{call.flag} is True"
        awaited = "await " if asynchronous else ""
        return (
            f"        return cast(\n            {m.returns.of(asynchronous)},\n"
            f"            {awaited}{call.receiver}.request(\n"
            f"                {call.cast_to},\n"
            f"                FinalRequestOptions.build(\n"
            f"                    {pn.py_string(call.verb)},\n"
            f"                    {r.path_expr}{body_arg},\n"
            f"                    options={options.replace(chr(10), chr(10) + '    ')},\n"
            "                ),\n"
            f"                stream={selected},\n"
            f"                stream_cls={call.stream.of(asynchronous)},\n"
            "            ),\n        )\n"
        )
    if isinstance(call, PageCall):
        args = [r.path_expr, f"page={call.page.of(asynchronous)}",
                f"model=cast(Any, {call.item_type})"]
        if call.verb != "get":
            args.append(f'method="{call.verb}"')
        if r.body_expr:
            args.append(f"body={r.body_expr}")
        if r.files_expr:
            args.append(f"files={r.files_expr}")
        args.append(f"options={r.options_expr}")
        return f"        return {_lines('self._get_api_list', args, '        ')}\n"
    cast_to = call.cast_to.of(asynchronous)
    if call.helper is not None:
        rest = []
        if r.body_expr and call.verb in ("post", "put", "patch", "delete"):
            rest.append(f"body={r.body_expr}")
        if r.files_expr and call.verb in ("post", "put", "patch"):
            rest.append(f"files={r.files_expr}")
        rest.append(f"options={r.options_expr}")
        expr = _lines(f"self.{call.helper}", [r.path_expr, f"cast_to={cast_to}", *rest],
                      "        ")
    else:
        # HEAD/OPTIONS/TRACE have no helper: build the request options explicitly.
        body_arg = f", body={r.body_expr}" if r.body_expr else ""
        if r.files_expr:
            body_arg += f", files={r.files_expr}"
        options = r.options_expr.replace("\n", "\n    ")  # re-indent one level deeper
        expr = (
            f"{call.receiver}.request(\n            {cast_to},\n"
            f"            FinalRequestOptions.build(\n"
            f"                {pn.py_string(call.verb)},\n"
            f"                {r.path_expr}{body_arg},\n"
            f"                options={options},\n"
            "            ),\n        )"
        )
    awaited = "await " if asynchronous else ""
    if call.wrap:
        nested = expr.replace("\n", "\n    ")  # re-indent one level deeper
        return (
            f"        return cast(\n            {m.returns.of(asynchronous)},\n"
            f"            {awaited}{nested},\n        )\n"
        )
    return f"        return {awaited}{expr}\n"


def render_method(m: MethodModel, *, asynchronous: bool) -> str:
    """The method's code, as the sync or the async flavour (at class-body indentation)."""
    is_coroutine = asynchronous and not isinstance(m.call, PageCall)
    keyword = "async def" if is_coroutine else "def"
    doc_block = f'        """{pn.indent_doc(m.doc, 8)}\n        """\n'
    overloads = ""
    call = m.call
    if isinstance(call, StreamCall) and call.flag is not None and call.json_returns:
        # The official SDKs' pattern: stream=True gives the stream, False or nothing the
        # model, a plain bool the union of both.
        param = next(p for p in m.request.keywords if p.ident == call.flag)
        absent = "Literal[False]" if param.required else \
            "Union[Literal[False], NotGiven] = NOT_GIVEN"
        for flag, returns in (
            ("Literal[True]", call.stream.of(asynchronous)),
            (absent, call.json_returns.of(asynchronous)),
            ("bool", m.returns.of(asynchronous)),
        ):
            overloads += (
                f"    @overload\n    {keyword} {m.name}(\n{_signature(m, flag)}\n"
                f"    ) -> {returns}: ...\n\n"
            )
    return overloads + (
        f"    {keyword} {m.name}(\n{_signature(m)}\n    ) -> {m.returns.of(asynchronous)}:\n"
        f"{doc_block}{_body(m, asynchronous)}"
    )
