"""Per-request options: what generated methods pass in, and what one request resolves to."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Optional, Union, cast

from ._files import FilePart, read_files
from ._types import NOT_GIVEN, BodyEncoding, Headers, NotGiven, Query, RequestOptions, Timeout

__all__ = ["FinalRequestOptions", "make_request_options"]


def make_request_options(
    *,
    query: Optional[Query] = None,
    extra_headers: Optional[Headers] = None,
    extra_query: Optional[Query] = None,
    extra_body: Optional[Mapping[str, object]] = None,
    idempotency_key: Optional[str] = None,
    timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
    body_encoding: Optional[BodyEncoding] = None,
    content_type: Optional[str] = None,
    security: Optional[tuple[str, ...]] = None,
) -> RequestOptions:
    """Bundle a generated method's query and its per-request ``extra_*`` keywords.

    ``body_encoding`` (default: JSON, or multipart when files are passed) and ``content_type``
    (the operation's media type, for ``raw`` bodies) describe how the body goes on the wire.
    ``security`` names the auth schemes the operation accepts (``()``: send no credential);
    None means every scheme of the client.
    """
    options: RequestOptions = {}
    if extra_headers is not None:
        options["headers"] = extra_headers
    params: dict[str, object] = {}
    if query is not None:
        params.update(query)
    if extra_query is not None:
        params.update(extra_query)  # the caller's extras win over generated parameters
    if params:
        options["params"] = params
    if extra_body is not None:
        options["extra_json"] = extra_body
    if idempotency_key is not None:
        options["idempotency_key"] = idempotency_key
    if not isinstance(timeout, NotGiven):
        options["timeout"] = timeout
    if body_encoding is not None:
        options["body_encoding"] = body_encoding
    if content_type is not None:
        options["content_type"] = content_type
    if security is not None:
        options["security"] = security
    return options


def _empty_params() -> dict[str, object]:
    return {}


def _empty_headers() -> dict[str, str]:
    return {}


@dataclass(frozen=True)
class FinalRequestOptions:
    """One logical request (all its retries share it), resolved from a method call."""

    method: str
    path: str
    params: Mapping[str, object] = field(default_factory=lambda: _empty_params())
    headers: Headers = field(default_factory=lambda: _empty_headers())
    json_data: object = None
    """The body: a JSON value, the form fields (an object) for ``multipart`` / ``form``, or the
    content for ``raw``. ``None`` means "no body"; a JSON ``null`` body is not supported."""
    body_encoding: BodyEncoding = "json"
    files: Optional[tuple[tuple[str, FilePart], ...]] = None
    """Multipart file parts, already read into memory (``build`` reads the caller's
    ``{field: FileTypes or a list of them}``), so retries and later pages resend them."""
    content_type: Optional[str] = None
    """The body's ``Content-Type`` when not the encoding's default (a caller's header wins,
    except for multipart, whose boundary must match)."""
    timeout: Union[Timeout, NotGiven] = NOT_GIVEN
    max_retries: Union[int, NotGiven] = NOT_GIVEN
    idempotency_key: Optional[str] = None
    security: Optional[tuple[str, ...]] = None
    """The auth schemes this request may use (``()``: none); None: all of the client's."""

    @classmethod
    def build(
        cls,
        method: str,
        path: str,
        *,
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> "FinalRequestOptions":
        options = options or {}
        encoding: BodyEncoding = options.get(
            "body_encoding", "multipart" if files is not None else "json"
        )
        if files is not None and encoding != "multipart":
            raise ValueError(f"file uploads need body_encoding='multipart', not {encoding!r}")
        json_data = body
        extra_json = options.get("extra_json")
        if extra_json:
            if json_data is None:
                json_data = dict(extra_json)
            elif isinstance(json_data, Mapping):
                merged: dict[str, object] = dict(cast(Mapping[str, object], json_data))
                merged.update(extra_json)  # the caller's extras win over generated fields
                json_data = merged
            else:
                raise TypeError(
                    f"extra_body needs an object request body, got {type(json_data).__name__}"
                )
        return cls(
            method=method.upper(),
            path=path,
            params=dict(options.get("params") or {}),
            headers=dict(options.get("headers") or {}),
            json_data=json_data,
            body_encoding=encoding,
            files=tuple(read_files(files)) if files is not None else None,
            content_type=options.get("content_type"),
            timeout=options.get("timeout", NOT_GIVEN),
            max_retries=options.get("max_retries", NOT_GIVEN),
            idempotency_key=options.get("idempotency_key"),
            security=options.get("security"),
        )

    def with_params(self, **params: Any) -> "FinalRequestOptions":
        """A copy with some query parameters replaced (the next page's cursor)."""
        return replace(self, params={**self.params, **params})
