"""Path items -> Operations: operation ids (unique, disambiguated with a warning),
parameters (path template variables no parameter declares are inferred), request bodies and
their encoding and file parts, responses (kind, media, errors), event-stream facts (item type,
the body flag that selects the stream) and pagination.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any

from generator import media as media_kinds
from generator.builder.context import HTTP_METHODS, BuildContext
from generator.builder.declarations import Declarations
from generator.builder.resources import Resources
from generator.builder.reuse import IrReuse, NoReuse
from generator.builder.schemas import SchemaTypes
from generator.diagnostics import GenerationError, join_pointer, pointer
from generator.ir import (
    AliasDecl,
    AnyType,
    ArrayType,
    ErrorResponse,
    FilePart,
    ModelDecl,
    Name,
    NullableType,
    Operation,
    OperationPagination,
    Parameter,
    Property,
    RefType,
    RequestBody,
    Response,
    ScalarType,
    TypeRef,
)
from generator.naming import Scope, make_name, words_of
from generator.pagination import Paginator
from generator.pagination_hints import read_hint

_STATUS = re.compile(r"^[1-5](?:[0-9]{2}|XX)$")

# A ``text/event-stream`` schema with only these keys and ``type: string`` describes the stream's
# text, not one event.
_TEXT_SCHEMA_KEYS = frozenset({"type", "format", "description", "title", "example", "examples"})


class Operations:
    """Builds every operation with its resource path (names come from ``resources``)."""

    def __init__(
        self, ctx: BuildContext, registry: Declarations, types: SchemaTypes, resources: Resources,
        reuse: IrReuse | None = None,
    ) -> None:
        self.reuse = reuse or NoReuse()  # a session's last build's operations (see .reuse)
        self.ctx = ctx
        self.registry = registry
        self.types = types
        self.resources = resources
        self.paginator = Paginator(ctx.config, ctx.diags)

    def operations(self) -> list[tuple[Operation, tuple[str, ...]]]:
        """Every operation with its resource path; spec order."""
        resolved = self._path_items("paths")
        self._path_items("webhooks")  # not client methods, but malformed ones are reported
        plans = self.resources.plan_names({path: item for path, (item, _) in resolved.items()})
        seen_ids: dict[str, str] = {}
        result: list[tuple[Operation, tuple[str, ...]]] = []
        for path, (item, item_where) in resolved.items():
            for method in HTTP_METHODS:
                op = item.get(method)
                if op is None:
                    continue
                where = join_pointer(item_where, method)
                if not isinstance(op, dict):
                    self.ctx.diags.error(where, "an operation must be a mapping")
                    continue
                op_id = op.get("operationId")
                synthesized = f"{method}_{'_'.join(words_of(path)) or 'root'}"
                if op_id is None:
                    op_id = synthesized
                    self.ctx.diags.warn(where, f"no operationId; using {op_id!r}")
                elif not isinstance(op_id, str) or not op_id:
                    self.ctx.diags.warn(
                        join_pointer(where, "operationId"),
                        f"operationId must be a non-empty string; using {synthesized!r}",
                    )
                    op_id = synthesized
                if op_id in seen_ids:
                    first = seen_ids[op_id]
                    op_id = self._unique_op_id(op_id, method, path, seen_ids)
                    self.ctx.diags.warn(
                        join_pointer(where, "operationId"),
                        f"duplicate operationId {op.get('operationId')!r} "
                        f"(also at #{first.lstrip('#')}); "
                        f"using {op_id!r}",
                    )
                seen_ids[op_id] = where
                resource_path, method_name = plans[(path, method)]
                try:
                    operation = self.reuse.operation(
                        (op_id, method, path, where, resource_path, method_name), item, op,
                        functools.partial(self._operation, op_id, method, path, item, op, where,
                                          resource_path, method_name),
                        self.ctx, self.registry, self.paginator)
                except GenerationError:
                    continue  # recorded; the run fails with every error of it
                result.append((operation, resource_path))
        return result

    def _path_items(self, section: str) -> dict[str, tuple[dict[str, Any], str]]:
        """The path items of ``paths`` or ``webhooks``, each with a ``$ref`` followed (to
        ``#/components/pathItems/...`` or anywhere local), and the pointer it was found at."""
        items = self.ctx.doc.get(section) or {}
        resolved: dict[str, tuple[dict[str, Any], str]] = {}
        if not isinstance(items, dict):
            self.ctx.diags.error(pointer(section), "must be a mapping")
            return resolved
        for key, item in items.items():
            try:
                item, item_where = self.ctx.resolver.deref(item, pointer(section, key))
            except GenerationError:
                continue  # recorded
            if not isinstance(item, dict):
                self.ctx.diags.error(item_where, "a path item must be a mapping")
                continue
            if _foreign(item, _PATH_ITEM_KEYS):  # a $ref to a schema, `#/info`...
                self.ctx.diags.error(item_where, _not_a("path item", item, item_where,
                                                        pointer(section, key)))
                continue
            resolved[key] = (item, item_where)
        return resolved

    @staticmethod
    def _unique_op_id(op_id: str, method: str, path: str, taken: dict[str, str]) -> str:
        """A free id for the second holder of ``op_id``: method suffix, then path words, then
        a number (so the same spec always gets the same ids)."""
        candidates = [f"{op_id}_{method}", f"{op_id}_{method}_{'_'.join(words_of(path))}"]
        candidates += [f"{op_id}_{n}" for n in range(2, len(taken) + 3)]
        return next(c for c in candidates if c not in taken)

    def _operation(
        self,
        op_id: str,
        method: str,
        path: str,
        item: dict[str, Any],
        op: dict[str, Any],
        where: str,
        resource_path: tuple[str, ...],
        method_name: Name,
    ) -> Operation:
        hint = tuple(w for seg in resource_path for w in words_of(seg)) + method_name.words
        params = self._parameters(path, item, op, where, hint)
        scope = Scope({"".join(p.name.words) for p in params})
        body = self._request_body(op, where, hint, scope)
        response, errors = self._responses(op, where, hint)
        response, flag_field = self._stream_hints(op, response, where, hint)
        flag = self._stream_flag(body, response, flag_field or "stream")
        if flag is not None:
            response = dataclasses.replace(response, stream_flag=flag)
        elif flag_field is not None and response.streaming and response.kind == "json":
            self.ctx.diags.warn(
                where, f"stream condition field {flag_field!r} is not a boolean field of the "
                "JSON request body; the method does not stream")
        pagination = self._pagination(op_id, method, params, response, op, where)
        summary, description = op.get("summary"), op.get("description")
        raw_tags = op.get("tags")
        tags: list[Any] = raw_tags if isinstance(raw_tags, list) else []
        return Operation(
            id=op_id,
            name=method_name,
            http_method=method,  # type: ignore[arg-type]
            path=path,
            path_params=tuple(p for p in params if p.location == "path"),
            query_params=tuple(p for p in params if p.location == "query"),
            header_params=tuple(p for p in params if p.location == "header"),
            body=body,
            response=response,
            errors=errors,
            pagination=pagination,
            summary=summary if isinstance(summary, str) else None,
            description=description if isinstance(description, str) else None,
            deprecated=op.get("deprecated") is True,
            tags=tuple(str(t) for t in tags),
            source=where,
        )

    def _parameters(
        self,
        path: str,
        item: dict[str, Any],
        op: dict[str, Any],
        where: str,
        hint: tuple[str, ...],
    ) -> list[Parameter]:
        collected: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for owner, owner_where in ((item, where.rsplit("/", 1)[0]), (op, where)):
            raw = owner.get("parameters") or []
            if not isinstance(raw, list):
                self.ctx.diags.error(join_pointer(owner_where, "parameters"), "must be a list")
                continue
            for index, param in enumerate(raw):
                p_where = join_pointer(owner_where, "parameters", index)
                try:
                    param, _ = self.ctx.resolver.deref(param, p_where)
                except GenerationError:
                    continue  # recorded
                if (
                    not isinstance(param, dict)
                    or not isinstance(param.get("name"), str)
                    or (param.get("in") not in ("path", "query", "header", "cookie"))
                ):
                    self.ctx.diags.error(
                        p_where,
                        "a parameter needs a string 'name' and 'in' of path/query/header/cookie",
                    )
                    continue
                collected[(param["in"], param["name"])] = (param, p_where)
        template_names = re.findall(r"\{([^{}]*)\}", path)
        path_where = where.rsplit("/", 1)[0]
        for name in template_names:
            if ("path", name) not in collected:
                # What other generators do: the variable is a required string.
                self.ctx.diags.warn(
                    path_where,
                    f"path parameter {{{name}}} is not declared in the parameters of {where}; "
                    "taken as a required string",
                )
                collected[("path", name)] = (
                    {"name": name, "in": "path", "required": True, "schema": {"type": "string"}},
                    path_where,
                )
        scope = Scope()
        params: list[Parameter] = []
        ordered = sorted(
            collected.items(),
            key=lambda kv: (
                kv[0][0] != "path",
                template_names.index(kv[0][1])
                if kv[0] in {("path", n) for n in template_names}
                else 0,
            ),
        )
        for (location, wire), (param, p_where) in ordered:
            if location == "cookie":
                self.ctx.diags.warn(p_where, f"cookie parameter {wire!r} skipped (not supported)")
                continue
            if location == "path" and wire not in template_names:
                self.ctx.diags.warn(
                    p_where,
                    f"path parameter {wire!r} does not appear in the path {path!r}; skipped",
                )
                continue
            schema = param.get("schema")
            schema_where = join_pointer(p_where, "schema")
            if schema is None and isinstance(param.get("content"), dict) and param["content"]:
                media = next(iter(param["content"]))
                media_obj = param["content"][media]
                schema = media_obj.get("schema", {}) if isinstance(media_obj, dict) else {}
                schema_where = join_pointer(p_where, "content", media, "schema")
            name, _ = scope.claim(make_name(self._parameter_name(param, wire, p_where),
                                            ("param",)))
            type_ref = self.types.type_of(
                schema if schema is not None else {}, schema_where, hint + name.words
            )
            default = None
            if isinstance(schema, dict) and "default" in schema:
                default = self.types.checked_default(
                    schema["default"], type_ref, join_pointer(schema_where, "default")
                )
            description = param.get("description")
            explode = param.get("explode")
            params.append(
                Parameter(
                    wire_name=wire,
                    name=name,
                    location=location,  # type: ignore[arg-type]
                    type=type_ref,
                    required=location == "path" or param.get("required") is True,
                    description=description if isinstance(description, str) else None,
                    default=default,
                    explode=explode is not False,
                    deprecated=param.get("deprecated") is True,
                    source=p_where,
                )
            )
        return params

    def _parameter_name(self, param: dict[str, Any], wire: str, where: str) -> str:
        """The name the SDK gives a parameter: Fern's ``x-fern-parameter-name`` when the spec
        has one (the wire name is unchanged), else the wire name."""
        hinted = param.get("x-fern-parameter-name")
        if hinted is None:
            return wire
        if isinstance(hinted, str) and words_of(hinted):
            return hinted
        self.ctx.diags.warn(join_pointer(where, "x-fern-parameter-name"),
                            "parameter name hint must be a non-empty name; ignored")
        return wire

    def _request_body(
        self, op: dict[str, Any], where: str, hint: tuple[str, ...], scope: Scope
    ) -> RequestBody | None:
        if "requestBody" not in op:
            return None
        body_where = join_pointer(where, "requestBody")
        used_at = body_where
        body, body_where = self.ctx.resolver.deref(op["requestBody"], body_where)
        if isinstance(body, dict) and _foreign(body, _REQUEST_BODY_KEYS):  # `$ref` to a schema
            self.ctx.diags.error(body_where, _not_a("request body", body, body_where, used_at))
            return None
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict) or not content:
            self.ctx.diags.error(body_where, "requestBody needs a non-empty 'content' mapping")
            return None
        media = media_kinds.pick_request_media(content)
        media_obj = content[media] or {}
        schema = media_obj.get("schema", {}) if isinstance(media_obj, dict) else {}
        schema_where = join_pointer(body_where, "content", media, "schema")
        type_ref = self.types.type_of(schema, schema_where, hint + ("params",))
        fields: tuple[Property, ...] | None = None
        target = type_ref.inner if isinstance(type_ref, NullableType) else type_ref
        decl = self.registry.decls.get(target.id) if isinstance(target, RefType) else None
        if isinstance(decl, ModelDecl) and not isinstance(type_ref, NullableType):
            renamed = []
            for prop in decl.input_properties():  # readOnly properties are never sent
                name, clashed = scope.claim(prop.name)
                if clashed:
                    name, _ = scope.claim(Name(prop.name.words + ("body",), prop.wire_name))
                renamed.append(dataclasses.replace(prop, name=name))
            fields = tuple(renamed)
        encoding = media_kinds.request_encoding(media)
        file_parts: tuple[FilePart, ...] = ()
        if encoding == "multipart" and fields is not None:
            file_parts = self._file_parts(fields, schema, media_obj, schema_where)
        description = body.get("description")
        return RequestBody(
            media_type=media,
            type=type_ref,
            required=body.get("required") is True,
            fields=fields,
            description=description if isinstance(description, str) else None,
            encoding=encoding,
            file_parts=file_parts,
            content_type=media_kinds.content_type_header(media)
            if encoding in ("binary", "text")
            else None,
        )

    def _file_parts(
        self, fields: tuple[Property, ...], schema: Any, media_obj: Any, where: str
    ) -> tuple[FilePart, ...]:
        """The fields of a multipart body that are files: a ``format: binary`` string (or an
        array of them), or a string whose ``contentMediaType`` or ``encoding.contentType`` is
        not text (OpenAPI 3.1 spells a file that way)."""
        raw_props: dict[str, Any] = {}
        raw, raw_where = self.ctx.resolver.deref(schema, where)
        members = [raw, *(raw.get("allOf") or [])] if isinstance(raw, dict) else []
        for member in members if isinstance(members, list) else []:
            member, _ = self.ctx.resolver.deref(member, raw_where)
            if isinstance(member, dict) and isinstance(member.get("properties"), dict):
                raw_props.update(member["properties"])
        encodings = media_obj.get("encoding") if isinstance(media_obj, dict) else None
        parts: list[FilePart] = []
        for prop in fields:
            if prop.read_only:
                continue
            shape = self._file_shape(prop.type)
            if shape is None:
                continue
            multiple, nullable, binary_format = shape
            declared: str | None = None
            encoding = encodings.get(prop.wire_name) if isinstance(encodings, dict) else None
            if isinstance(encoding, dict) and isinstance(encoding.get("contentType"), str):
                declared = encoding["contentType"].split(",")[0].strip() or None
            if declared is None:
                declared = self._content_media_type(raw_props.get(prop.wire_name), raw_where)
            declared_binary = declared is not None and media_kinds.classify(declared) == "binary"
            if binary_format or declared_binary:
                parts.append(FilePart(prop.wire_name, multiple, nullable, declared))
        return tuple(parts)

    def _file_shape(self, type_ref: TypeRef) -> tuple[bool, bool, bool] | None:
        """``(multiple, nullable, format_binary)`` when ``type_ref`` is a string, a nullable
        string or an array of strings (through aliases); None for anything else."""
        multiple = nullable = False
        for _ in range(8):  # aliases of aliases: bounded, an alias cycle was refused earlier
            if isinstance(type_ref, RefType) and isinstance(
                alias := self.registry.decls.get(type_ref.id), AliasDecl
            ):
                type_ref = alias.target
            elif isinstance(type_ref, NullableType):
                # A null list or a null file means "no part"; a null inside a list is ignored.
                nullable = nullable or not multiple
                type_ref = type_ref.inner
            elif isinstance(type_ref, ArrayType) and not multiple:
                multiple, type_ref = True, type_ref.items
            else:
                break
        if isinstance(type_ref, ScalarType) and type_ref.scalar == "string":
            return multiple, nullable, type_ref.format == "binary"
        return None

    def _content_media_type(self, schema: Any, where: str) -> str | None:
        """A property's (or its array items') ``contentMediaType``."""
        for _ in range(2):
            schema, where = self.ctx.resolver.deref(schema, where)
            if not isinstance(schema, dict):
                return None
            value = schema.get("contentMediaType")
            if isinstance(value, str):
                return value
            schema = schema.get("items")
        return None

    def _responses(
        self, op: dict[str, Any], where: str, hint: tuple[str, ...]
    ) -> tuple[Response, tuple[ErrorResponse, ...]]:
        responses = op.get("responses")
        resp_where = join_pointer(where, "responses")
        if responses is None or responses == {}:
            # Valid since OpenAPI 3.1 (and common in 3.0 drafts): nothing says what comes back.
            self.ctx.diags.warn(where, "no responses declared; the method returns any value")
            return Response(status="200", type=AnyType(), media_type="application/json"), ()
        if not isinstance(responses, dict):
            self.ctx.diags.error(resp_where, "an operation needs a 'responses' mapping")
            responses = {}
        for status in [s for s in responses if s != "default" and not _STATUS.match(s)]:
            self.ctx.diags.warn(
                join_pointer(resp_where, status),
                f"invalid response status code {status!r}; response ignored",
            )
        responses = {s: r for s, r in responses.items() if s == "default" or _STATUS.match(s)}
        success_codes = sorted(s for s in responses if s.startswith("2"))
        success_codes.sort(key=lambda s: (s.endswith("XX"), s))
        success: Response | None = None
        errors: list[ErrorResponse] = []
        for status, raw in responses.items():
            r_where = join_pointer(resp_where, status)
            try:
                resp, r_where = self.ctx.resolver.deref(raw, r_where)
            except GenerationError:
                continue  # recorded
            if not isinstance(resp, dict):
                self.ctx.diags.error(r_where, "a response must be a mapping")
                continue
            if _foreign(resp, _RESPONSE_KEYS):
                self.ctx.diags.error(r_where, _not_a("response", resp, r_where,
                                                     join_pointer(resp_where, status)))
                continue
            content = resp.get("content") or {}
            if not isinstance(content, dict):
                self.ctx.diags.error(
                    join_pointer(r_where, "content"), "must be a mapping of media types"
                )
                continue
            is_success = bool(success_codes) and status == success_codes[0]
            if is_success and status in media_kinds.NO_CONTENT_STATUSES:
                if content:
                    self.ctx.diags.warn(
                        join_pointer(r_where, "content"),
                        f"a {status} response has no body; its content is ignored",
                    )
                content = {}
            media = media_kinds.pick_response_media(content)
            kind = media_kinds.response_media_kind(media) if media is not None else "empty"
            description = (
                resp.get("description") if isinstance(resp.get("description"), str) else None
            )
            type_ref: TypeRef | None = None
            if media is not None and kind == "json":
                media_obj = content[media] or {}
                schema = media_obj.get("schema", {}) if isinstance(media_obj, dict) else {}
                suffix = (
                    ("response",)
                    if status == (success_codes[:1] or [""])[0]
                    else ("error", status.lower())
                    if status != "default"
                    else ("error",)
                )
                type_ref = self.types.type_of(
                    schema,
                    join_pointer(r_where, "content", media, "schema"),
                    hint + suffix,
                )
            if is_success:
                success = Response(
                    status=status,
                    type=type_ref,
                    media_type=media,
                    streaming=any(
                        media_kinds.classify(m) == "event_stream" for m in content
                    ),
                    stream_item_type=self._stream_item_type(content, r_where, hint),
                    stream_terminator=self._speakeasy_sentinel(content, r_where),
                    description=description,
                    kind=kind,
                    accept=media_kinds.accept_header(media, kind) if media else None,
                )
            elif not status.startswith(("1", "2", "3")):
                errors.append(ErrorResponse(status=status, type=type_ref, description=description))
        if success is None:
            self.ctx.diags.warn(resp_where, "no 2xx response declared; the method returns raw JSON")
            success = Response(status="200", type=AnyType(), media_type="application/json")
        return success, tuple(errors)

    def _stream_item_type(
        self, content: dict[str, Any], where: str, hint: tuple[str, ...]
    ) -> TypeRef | None:
        """The type of one event's data: OpenAPI 3.2's ``itemSchema``, else the ``schema`` of
        the ``text/event-stream`` media (what 3.0/3.1 specs write) unless it only says
        "string" (the stream's text itself, which types no event)."""
        media_obj = content.get("text/event-stream")
        if not isinstance(media_obj, dict):
            return None
        key = "itemSchema" if "itemSchema" in media_obj else "schema"
        schema = media_obj.get(key)
        if schema is None or schema is True or schema == {} or (
            isinstance(schema, dict) and set(schema) <= _TEXT_SCHEMA_KEYS
            and schema.get("type") == "string"
        ):
            return None
        return self.types.type_of(
            schema,
            join_pointer(where, "content", "text/event-stream", key),
            hint + ("event",),
        )

    def _stream_hints(
        self, op: dict[str, Any], response: Response, where: str, hint: tuple[str, ...]
    ) -> tuple[Response, str | None]:
        """The response as the spec's own stream hints describe it, and the body field they
        name as the stream condition (None: the default, ``stream``).

        * Fern ``x-fern-streaming``: ``true`` (line-delimited JSON) or ``{format: sse|json}``:
          the whole answer is a stream of the declared JSON schema's events; with
          ``stream-condition: $request.<field>`` the answer is ``response`` (a schema) unless
          the field is true, then a stream of ``response-stream`` events; ``terminator`` is
          the data that ends it.
        * Speakeasy: ``x-speakeasy-stream-request-field`` (the condition field; its
          ``x-speakeasy-sse-sentinel`` is read with the response's media).
        """
        flag_field: str | None = None
        speakeasy_field = op.get("x-speakeasy-stream-request-field")
        if speakeasy_field is not None:
            if isinstance(speakeasy_field, str) and speakeasy_field:
                flag_field = speakeasy_field
            else:
                self.ctx.diags.warn(join_pointer(where, "x-speakeasy-stream-request-field"),
                                    "must be the name of a body field; ignored")
        fern = op.get("x-fern-streaming")
        if fern is None or fern is False:
            return response, flag_field
        f_where = join_pointer(where, "x-fern-streaming")
        spec: dict[str, Any] = {} if fern is True else fern if isinstance(fern, dict) else {}
        fmt = spec.get("format", "json")
        if not (fern is True or isinstance(fern, dict)) or fmt not in ("sse", "json"):
            self.ctx.diags.warn(f_where, "must be true or a mapping with format 'sse' or "
                                "'json'; ignored")
            return response, flag_field
        terminator = spec.get("terminator")
        if terminator is not None and not isinstance(terminator, str):
            self.ctx.diags.warn(join_pointer(f_where, "terminator"), "must be a string; ignored")
            terminator = None
        terminator = terminator if terminator is not None else response.stream_terminator
        media = "text/event-stream" if fmt == "sse" else "application/x-ndjson"
        condition = spec.get("stream-condition")
        if condition is None:
            # The answer is always the stream; the declared JSON schema types each event.
            item = response.type if response.kind == "json" else response.stream_item_type
            return dataclasses.replace(
                response, kind="event_stream", type=None, media_type=media, streaming=True,
                stream_item_type=item, stream_terminator=terminator, accept=None,
            ), flag_field
        if not isinstance(condition, str) or not condition.removeprefix("$request."):
            self.ctx.diags.warn(join_pointer(f_where, "stream-condition"),
                                "must name a request field ($request.<field>); ignored")
            return response, flag_field
        json_type = response.type if response.kind == "json" else None
        if spec.get("response") is not None:
            json_type = self.types.type_of(
                spec["response"], join_pointer(f_where, "response"), hint + ("response",))
        item_type = response.stream_item_type
        if spec.get("response-stream") is not None:
            item_type = self.types.type_of(
                spec["response-stream"], join_pointer(f_where, "response-stream"),
                hint + ("event",))
        if json_type is None:
            self.ctx.diags.warn(f_where, "a stream condition needs a JSON response "
                                "('response' or the operation's own); ignored")
            return response, flag_field
        return dataclasses.replace(
            response, kind="json", type=json_type, media_type="application/json",
            streaming=True, stream_item_type=item_type, stream_terminator=terminator,
            accept=None,
        ), condition.removeprefix("$request.")

    def _speakeasy_sentinel(self, content: dict[str, Any], where: str) -> str | None:
        """``x-speakeasy-sse-sentinel`` of a response's ``text/event-stream`` media."""
        media = content.get("text/event-stream")
        if not isinstance(media, dict) or "x-speakeasy-sse-sentinel" not in media:
            return None
        value = media["x-speakeasy-sse-sentinel"]
        if isinstance(value, str) and value:
            return value
        self.ctx.diags.warn(
            join_pointer(where, "content", "text/event-stream", "x-speakeasy-sse-sentinel"),
            "must be a non-empty string; ignored")
        return None

    @staticmethod
    def _stream_flag(body: RequestBody | None, response: Response, field: str) -> str | None:
        """The boolean body field (``field``) that turns a JSON answer into its event stream."""
        if not response.streaming or response.kind != "json" or body is None:
            return None
        if body.encoding != "json" or not body.fields:
            return None
        for prop in body.fields:
            inner = prop.type.inner if isinstance(prop.type, NullableType) else prop.type
            if (prop.wire_name == field and isinstance(inner, ScalarType)
                    and inner.scalar == "boolean"):
                return prop.wire_name
        return None

    def _pagination(
        self, op_id: str, method: str, params: list[Parameter], response: Response,
        op: dict[str, Any], where: str,
    ) -> OperationPagination | None:
        hint = read_hint(op, self.ctx.doc, where, self.ctx.diags)
        return self.paginator.operation(
            op_id, method, params, response, self.registry.decls, hint
        )


_PATH_ITEM_KEYS = frozenset({
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
    "additionalOperations", "servers", "parameters", "summary", "description", "$ref",
})
_RESPONSE_KEYS = frozenset({"description", "content", "headers", "links", "summary"})
_REQUEST_BODY_KEYS = frozenset({"description", "content", "required"})


_OTHER_OBJECT_KEYS = frozenset({
    "type", "properties", "allOf", "oneOf", "anyOf", "items", "enum", "required",
    "additionalProperties", "$schema", "openapi", "info", "paths", "version", "title",
})
"""Keys of a schema or of the info or document objects, never of a path item, response or
request body."""


def _foreign(node: dict[str, Any], keys: frozenset[str]) -> bool:
    """``node`` is some other object (a schema, the info object, ``#/components``) where a
    path item or response belongs: it has keys, none of them one of ``keys`` or an
    extension, or one of a schema's or the document's."""
    return bool(node) and (
        not any(k in keys or str(k).startswith("x-") for k in node)
        or not (_OTHER_OBJECT_KEYS - keys).isdisjoint(node)  # a request body's `required`
    )


def _not_a(kind: str, node: dict[str, Any], where: str, used_at: str) -> str:
    keys_found = sorted(map(str, node))
    found = ", ".join(keys_found[:5]) + (", ..." if len(keys_found) > 5 else "")
    message = f"not a {kind} object (its keys: {found})"
    if where.lstrip("#") != used_at.lstrip("#"):
        message += f"; referenced from #{used_at.lstrip('#')}"
    return message
