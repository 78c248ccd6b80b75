"""Parameters and bodies: what one operation's Python method takes and how it sends it.

:func:`plan_request` turns an IR ``Operation`` into a :class:`RequestPlan`: the method's
parameters as data (identifier, type, required, doc; positional vs keyword-only), and the
expressions of the request (path, ``make_request_options(...)``, JSON/form body, multipart
files). Both the sync and the async method render from the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir import IR, FilePart, Operation
from generator.languages.python import auth_pages
from generator.languages.python import naming as pn
from generator.languages.python.typerefs import TypeRenderer

# The runtime's ``BodyEncoding`` for each IR encoding: text and bytes are both sent as given
# ("raw", with the operation's media type as Content-Type). None: JSON, the runtime default.
RUNTIME_ENCODING: dict[str, str | None] = {
    "json": None,
    "form": "form",
    "multipart": "multipart",
    "binary": "raw",
    "text": "raw",
}


@dataclass(frozen=True)
class Param:
    """One parameter of a generated method."""

    ident: str
    type_text: str
    required: bool
    doc: str = ""
    """Its description, escaped for a docstring ('' when the spec gives none)."""
    wire_name: str | None = None
    """The body field or parameter name it is sent as (None: the whole raw body)."""


@dataclass(frozen=True)
class RequestPlan:
    positional: tuple[Param, ...]
    """Before ``*`` (the last path parameter)."""
    keywords: tuple[Param, ...]
    """Keyword-only, in signature order: required ones first, then optional."""
    documented: tuple[Param, ...]
    """The ``Args:`` of the docstring, in declaration order (positional first)."""
    path_expr: str
    options_expr: str
    body_expr: str | None
    files_expr: str | None


def upload_type(t: TypeRenderer, part: FilePart) -> str:
    """The parameter type of a multipart file field: ``FileTypes``, in a ``Sequence`` for a
    list of files, ``Optional`` when null is accepted (IR facts: ``RequestBody.file_parts``)."""
    text = f"{t.use('Sequence')}[{t.use('FileTypes')}]" if part.multiple else t.use("FileTypes")
    return t.optional(text) if part.nullable else text


def raw_body_type(t: TypeRenderer, encoding: str) -> str | None:
    """A raw body: bytes, an open binary file or a path (a ``str`` is sent as UTF-8); text: a
    str. None for an encoded (JSON) body."""
    if encoding == "binary":
        return t.union(["str", t.use("FileContent")])
    return "str" if encoding == "text" else None


def plan_request(ir: IR, op: Operation, t: TypeRenderer) -> RequestPlan:
    use = t.use
    params = [*op.path_params, *op.query_params, *op.header_params]
    body_fields = list(op.body.fields) if op.body and op.body.fields is not None else []
    raw_names = [pn.param_name(p.name) for p in params] + [
        pn.param_name(f.name) for f in body_fields
    ]
    if op.body is not None and op.body.fields is None:
        raw_names.append("body")
    idents = pn.unique(raw_names)
    param_ident = dict(zip([id(p) for p in params], idents[: len(params)], strict=False))
    field_ident = dict(zip([id(f) for f in body_fields], idents[len(params) :], strict=False))

    positional_params = op.path_params[-1:] if op.path_params else ()
    declared: list[Param] = []
    for p in params:
        if p in positional_params:
            continue
        declared.append(
            Param(param_ident[id(p)], t.input(p.type), p.required, pn.py_doc(p.description))
        )
    encoding = RUNTIME_ENCODING[op.body.encoding] if op.body is not None else None
    # Multipart file fields (IR file parts) are FileTypes, sent apart from the form fields.
    uploads = {
        id(f): upload_type(t, part)
        for f in body_fields
        if op.body is not None and (part := op.body.file_part(f.wire_name)) is not None
    }
    for f in body_fields:
        if f.read_only:
            continue
        type_text = uploads.get(id(f)) or t.input(f.type)
        declared.append(
            Param(field_ident[id(f)], type_text, f.required, pn.py_doc(f.description), f.wire_name)
        )
    if op.body is not None and op.body.fields is None:
        body_type = raw_body_type(t, op.body.encoding) or t.input(op.body.type)
        declared.append(
            Param(idents[-1], body_type, op.body.required, pn.py_doc(op.body.description))
        )
    positional = tuple(
        Param(param_ident[id(p)], t.input(p.type), True, pn.py_doc(p.description))
        for p in positional_params
    )

    # -- the request ------------------------------------------------------------------------
    path_args = ", ".join(
        f"{pn.py_string(p.wire_name)}: {param_ident[id(p)]}" for p in op.path_params
    )
    path_expr = (
        f"{use('path_template')}({pn.py_string(op.path)}, {{{path_args}}})"
        if op.path_params
        else pn.py_string(op.path)
    )
    option_args: list[str] = []
    if op.query_params:
        query = ", ".join(
            f"{pn.py_string(p.wire_name)}: {param_ident[id(p)]}" for p in op.query_params
        )
        option_args.append(f"query={use('to_jsonable')}({{{query}}})")
    # A text or binary download asks for its media type (the runtime's default is JSON).
    accept = op.response.accept
    fixed_headers = [f"{pn.py_string('Accept')}: {pn.py_string(accept)}"] if accept else []
    if op.header_params:
        headers = ", ".join(
            fixed_headers
            + [f"{pn.py_string(p.wire_name)}: {param_ident[id(p)]}" for p in op.header_params]
        )
        option_args.append(
            f"extra_headers={use('cast')}({use('Headers')}, {{**{{k: str(v) for k, v in "
            f"{use('strip_not_given')}({{{headers}}}).items()}}, **(extra_headers or {{}})}})"
        )
    elif fixed_headers:
        option_args.append(f"extra_headers={{{fixed_headers[0]}, **(extra_headers or {{}})}}")
    else:
        option_args.append("extra_headers=extra_headers")
    option_args += ["extra_query=extra_query", "extra_body=extra_body"]
    option_args += auth_pages.security_option(ir, op)
    if op.http_method != "get":
        option_args.append("idempotency_key=idempotency_key")
    option_args.append("timeout=timeout")
    if encoding is not None:
        option_args.append(f"body_encoding={pn.py_string(encoding)}")
    if op.body is not None and op.body.content_type is not None:
        option_args.append(f"content_type={pn.py_string(op.body.content_type)}")
    options_expr = (
        f"{use('make_request_options')}(\n"
        + "".join(f"                {a},\n" for a in option_args)
        + "            )"
    )
    body_expr = None
    files_expr = None
    # JSON bodies are converted here; form and multipart bodies are flattened by the runtime
    # (which also drops unset values), raw bodies are sent as given.
    if op.body is not None:
        convert = encoding in (None, "raw")
        if op.body.fields is not None:
            sent = [f for f in body_fields if not f.read_only]
            items = ", ".join(
                f"{pn.py_string(f.wire_name)}: {field_ident[id(f)]}"
                for f in sent
                if id(f) not in uploads
            )
            body_expr = f"{use('to_jsonable')}({{{items}}})" if convert else f"{{{items}}}"
            if any(id(f) in uploads for f in sent):
                files = ", ".join(
                    f"{pn.py_string(f.wire_name)}: {field_ident[id(f)]}"
                    for f in sent
                    if id(f) in uploads
                )
                files_expr = f"{{{files}}}"
        elif encoding == "raw":
            body_expr = idents[-1]
        else:
            body_expr = f"{use('to_jsonable')}({idents[-1]})" if convert else idents[-1]

    keywords = tuple(p for p in declared if p.required) + tuple(
        p for p in declared if not p.required
    )
    return RequestPlan(
        positional=positional,
        keywords=keywords,
        documented=positional + tuple(declared),
        path_expr=path_expr,
        options_expr=options_expr,
        body_expr=body_expr,
        files_expr=files_expr,
    )
