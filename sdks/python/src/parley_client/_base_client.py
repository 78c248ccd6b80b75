# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

"""The HTTP core shared by every generated client: request building, retries, error mapping.

Ownership of the connection pool: a client closes only an ``httpx`` client it created itself.
An ``http_client=`` passed by the caller stays the caller's to close, and ``copy()`` /
``with_options()`` share the pool of the client they derive from without owning it.
"""

import asyncio
import base64
import logging
import platform
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import (
    Any,
    ClassVar,
    Final,
    Generic,
    Optional,
    TypeVar,
    Union,
    cast,
    overload,
)

import httpx
from typing_extensions import Literal, Self

from ._body import EncodedBody, encode_body
from ._exceptions import APIConnectionError, APITimeoutError, make_status_error
from ._options import FinalRequestOptions, make_request_options
from ._pagination import AsyncPaginator, BaseAsyncPage, BaseSyncPage
from ._response import (
    APIResponse,
    AsyncAPIResponse,
    process_response,
    raw_response_requested,
    streamed_response_requested,
)
from ._retries import RetryPolicy
from ._streaming import make_stream
from ._types import NOT_GIVEN, Headers, NotGiven, Omit, RequestOptions, Timeout

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncAPIClient",
    "AuthScheme",
    "RetryPolicy",
    "SyncAPIClient",
    "make_request_options",
]

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT: httpx.Timeout = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_IDEMPOTENCY_HEADER = "Idempotency-Key"
RETRY_COUNT_HEADER = "x-retry-count"
_HTTPX_DEFAULT_TIMEOUT = httpx.Timeout(5.0)

ResponseT = TypeVar("ResponseT")
SyncPageT = TypeVar("SyncPageT", bound=BaseSyncPage[Any])
AsyncPageT = TypeVar("AsyncPageT", bound=BaseAsyncPage[Any])
_HttpxClientT = TypeVar("_HttpxClientT", httpx.Client, httpx.AsyncClient)
HttpMethod = Literal["get", "post", "put", "patch", "delete"]


_STOCK_BUILD_REQUEST: Final = httpx.Client.build_request
"""httpx's own ``build_request`` (``AsyncClient``'s too): a client that overrides it is used
through it."""


def _as_httpx_timeout(timeout: Timeout) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    return httpx.Timeout(timeout)


@dataclass(frozen=True)
class AuthScheme:
    """One way to authenticate (a generated client lists its API's in ``_auth_schemes``)."""

    id: str
    kind: Literal["bearer", "api_key", "basic"]
    location: Literal["header", "query", "cookie"] = "header"
    name: str = "Authorization"
    """The header, query parameter or cookie that carries the credential."""
    options: tuple[str, ...] = ("api_key",)
    """The client options holding its credentials (basic: username, then password)."""


class _BaseClient(Generic[_HttpxClientT]):
    """Configuration and the parts of a request that do not depend on sync versus async."""

    _client: _HttpxClientT
    _auth_schemes: ClassVar[tuple[AuthScheme, ...]] = (AuthScheme("bearer", "bearer"),)

    def __init__(
        self,
        *,
        base_url: str,
        api_key: Optional[str],
        timeout: Union[Timeout, NotGiven],
        max_retries: int,
        default_headers: Optional[Mapping[str, str]],
        default_query: Optional[Mapping[str, object]],
        http_client: Optional[_HttpxClientT],
        strict_response_validation: bool,
        retry_policy: Optional[RetryPolicy],
        idempotency_header: Optional[str],
        user_agent: Optional[str],
        credentials: Optional[Mapping[str, Optional[str]]] = None,
    ) -> None:
        parsed_base_url = httpx.URL(base_url)
        if parsed_base_url.scheme not in ("http", "https") or not parsed_base_url.host:
            raise ValueError(f"base_url must be an absolute http(s) URL, got {base_url!r}")
        retries = cast(object, max_retries)  # checked at runtime: callers may not type-check
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise ValueError(f"max_retries must be a non-negative int, got {max_retries!r}")
        self.base_url = str(parsed_base_url).rstrip("/")
        self.api_key = api_key
        self._credentials: dict[str, Optional[str]] = dict(credentials or {})
        """Credentials other than ``api_key``, by option name (``auth_token``, ``username``)."""
        self.max_retries = max_retries
        self.strict_response_validation = strict_response_validation
        self.retry_policy = retry_policy if retry_policy is not None else RetryPolicy()
        self.idempotency_header = idempotency_header or None
        self.user_agent = user_agent or f"{type(self).__name__}/Python {platform.python_version()}"
        self._custom_headers: dict[str, str] = dict(default_headers or {})
        self._custom_query: dict[str, object] = dict(default_query or {})
        if not isinstance(timeout, NotGiven):
            self.timeout = _as_httpx_timeout(timeout)
        elif http_client is not None and http_client.timeout != _HTTPX_DEFAULT_TIMEOUT:
            # The caller configured their client's timeout on purpose: keep it.
            self.timeout = http_client.timeout
        else:
            self.timeout = DEFAULT_TIMEOUT

    # -- request building -------------------------------------------------------------------

    def _credential(self, option: str) -> Optional[str]:
        return self.api_key if option == "api_key" else self._credentials.get(option)

    def _auth(
        self, security: Optional[tuple[str, ...]] = None
    ) -> tuple[dict[str, str], dict[str, str]]:
        """The headers and query parameters carrying the configured credentials of the
        schemes in ``security`` (None: every scheme). A scheme without credentials is left
        out: the server decides whether the request needed it."""
        headers: dict[str, str] = {}
        query: dict[str, str] = {}
        cookies: list[str] = []
        for scheme in self._auth_schemes:
            if security is not None and scheme.id not in security:
                continue
            values = [self._credential(option) for option in scheme.options]
            if scheme.kind == "basic":
                if values[0] is None:
                    continue
                pair = f"{values[0]}:{values[1] if len(values) > 1 and values[1] else ''}"
                value = "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
            elif not values[0]:
                continue
            elif scheme.kind == "bearer":
                value = f"Bearer {values[0]}"
            else:
                value = values[0]
            if scheme.location == "query":
                query[scheme.name] = value
            elif scheme.location == "cookie":
                cookies.append(f"{scheme.name}={value}")
            else:
                headers[scheme.name] = value
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        return headers, query

    def _auth_headers(self) -> dict[str, str]:
        """The authentication headers of every scheme (per request: see ``_auth``)."""
        return self._auth()[0]

    @property
    def default_headers(self) -> dict[str, str]:
        """Sent with every request, then the request's credentials, then its own headers."""
        return {
            "Accept": "application/json",
            "User-Agent": self.user_agent,
            **self._custom_headers,
        }

    def _url_for(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return f"{self.base_url}/{path.lstrip('/')}"

    def _idempotency_key_for(self, options: FinalRequestOptions) -> Optional[str]:
        """One key per logical non-GET request, so every retry of it carries the same key."""
        if self.idempotency_header is None or options.method == "GET":
            return None
        if options.idempotency_key is not None:
            return options.idempotency_key
        for name, value in options.headers.items():
            if name.lower() == self.idempotency_header.lower() and isinstance(value, str):
                return value
        return str(uuid.uuid4())

    def _build_request(
        self,
        options: FinalRequestOptions,
        *,
        content: Optional[EncodedBody],
        retries_taken: int,
        idempotency_key: Optional[str],
    ) -> httpx.Request:
        # Layered case-insensitively in a plain dict (lower-case name -> (name, value)): an
        # httpx.Headers re-encodes every name on every lookup, a measurable cost per call.
        merged: dict[str, tuple[str, str]] = {}
        auth_headers, auth_query = self._auth(options.security)
        layers: list[Headers] = [
            {"Accept": "application/json", "User-Agent": self.user_agent},
            auth_headers,
            self._custom_headers,
            options.headers,
        ]
        for layer in layers:
            for name, value in layer.items():
                if isinstance(value, Omit):
                    merged.pop(name.lower(), None)
                else:
                    merged[name.lower()] = (name, value)
        if content is not None and (content.fixed_content_type or "content-type" not in merged):
            merged["content-type"] = ("Content-Type", content.content_type)
        if RETRY_COUNT_HEADER not in merged:
            merged[RETRY_COUNT_HEADER] = (RETRY_COUNT_HEADER, str(retries_taken))
        if idempotency_key is not None and self.idempotency_header is not None:
            merged[self.idempotency_header.lower()] = (self.idempotency_header, idempotency_key)
        headers = list(merged.values())
        timeout = (
            self.timeout
            if isinstance(options.timeout, NotGiven)
            else _as_httpx_timeout(options.timeout)
        )
        url = self._url_for(options.path)
        params: Optional[dict[str, Any]] = _query_params(
            {**auth_query, **self._custom_query, **options.params}
        )
        if not params:
            # None, not {}: httpx re-parses the URL (every component, char by char) for {}.
            params = None
        elif not self._client.params and "?" not in url and "#" not in url:
            # The query goes into the URL text, encoded by httpx's own QueryParams, so httpx
            # parses the URL once instead of twice (a measurable cost per call).
            url = f"{url}?{httpx.QueryParams(params)}"
            params = None
        body = content.content if content is not None else None
        client = self._client
        if (
            params is None
            and type(client).build_request is _STOCK_BUILD_REQUEST
            and url.startswith(("http://", "https://"))
            and not client.params
            and not client.cookies
        ):
            # What httpx's own build_request makes of this (the client's headers, ours
            # replacing any of the same name, the timeout extension), without its header
            # merge, which looks every name up in an httpx.Headers: a measurable cost per call.
            # The client's raw bytes and our text: httpx normalizes each pair on its own.
            layered: list[tuple[Any, Any]] = [
                (name, value)
                for name, value in client.headers.raw
                if name.decode("latin-1").lower() not in merged
            ]
            layered.extend(headers)
            return httpx.Request(
                options.method,
                url,
                content=body,
                headers=layered,
                extensions={"timeout": timeout.as_dict()},
            )
        return client.build_request(
            options.method, url, params=params, headers=headers, content=body, timeout=timeout
        )

    def _max_retries_for(self, options: FinalRequestOptions) -> int:
        if isinstance(options.max_retries, NotGiven):
            return self.max_retries
        return options.max_retries

    def _retry_delay(
        self,
        *,
        retries_taken: int,
        max_retries: int,
        response: Optional[httpx.Response],
    ) -> Optional[float]:
        """Seconds to wait before retrying, or ``None`` when this failure is final."""
        if retries_taken >= max_retries:
            return None
        if response is not None and not self.retry_policy.should_retry(response):
            return None
        delay = self.retry_policy.delay(retries_taken, response)
        log.debug(
            "Retrying (%d of %d) in %.3fs after %s",
            retries_taken + 1,
            max_retries,
            delay,
            f"HTTP {response.status_code}" if response is not None else "a transport error",
        )
        return delay

    def _copy_kwargs(
        self,
        *,
        base_url: Union[str, NotGiven],
        api_key: Union[Optional[str], NotGiven],
        timeout: Union[Timeout, NotGiven],
        max_retries: Union[int, NotGiven],
        default_headers: Optional[Mapping[str, str]],
        set_default_headers: Optional[Mapping[str, str]],
        default_query: Optional[Mapping[str, object]],
        set_default_query: Optional[Mapping[str, object]],
        http_client: Union[_HttpxClientT, NotGiven],
        strict_response_validation: Union[bool, NotGiven],
        retry_policy: Union[RetryPolicy, NotGiven],
        credentials: Optional[Mapping[str, Optional[str]]] = None,
    ) -> dict[str, Any]:
        if default_headers is not None and set_default_headers is not None:
            raise ValueError("Pass default_headers or set_default_headers, not both")
        if default_query is not None and set_default_query is not None:
            raise ValueError("Pass default_query or set_default_query, not both")
        headers = dict(self._custom_headers)
        if set_default_headers is not None:
            headers = dict(set_default_headers)
        elif default_headers is not None:
            headers.update(default_headers)
        query = dict(self._custom_query)
        if set_default_query is not None:
            query = dict(set_default_query)
        elif default_query is not None:
            query.update(default_query)
        return {
            "base_url": self.base_url if isinstance(base_url, NotGiven) else base_url,
            "api_key": self.api_key if isinstance(api_key, NotGiven) else api_key,
            "timeout": self.timeout if isinstance(timeout, NotGiven) else timeout,
            "max_retries": self.max_retries if isinstance(max_retries, NotGiven) else max_retries,
            "default_headers": headers,
            "default_query": query,
            # The derived client borrows this pool; only the original closes it.
            "http_client": self._client if isinstance(http_client, NotGiven) else http_client,
            "strict_response_validation": (
                self.strict_response_validation
                if isinstance(strict_response_validation, NotGiven)
                else strict_response_validation
            ),
            "retry_policy": (
                self.retry_policy if isinstance(retry_policy, NotGiven) else retry_policy
            ),
            # Each credential but api_key is its own option of the generated client.
            **{**self._credentials, **(credentials or {})},
        }


def _query_params(params: Mapping[str, object]) -> dict[str, Any]:
    """Drop unset values; ``None`` too, since a query string cannot express ``null``."""
    return {
        key: value
        for key, value in params.items()
        if value is not None and not isinstance(value, (NotGiven, Omit))
    }


class SyncAPIClient(_BaseClient[httpx.Client]):
    def __init__(
        self,
        *,
        base_url: str,
        api_key: Optional[str] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        http_client: Optional[httpx.Client] = None,
        strict_response_validation: bool = False,
        retry_policy: Optional[RetryPolicy] = None,
        idempotency_header: Optional[str] = DEFAULT_IDEMPOTENCY_HEADER,
        user_agent: Optional[str] = None,
        credentials: Optional[Mapping[str, Optional[str]]] = None,
    ) -> None:
        if not isinstance(cast(object, http_client), (httpx.Client, type(None))):
            raise TypeError(
                f"http_client must be an httpx.Client, got {type(http_client).__name__}"
            )
        super().__init__(
            base_url=base_url,
            api_key=api_key,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            strict_response_validation=strict_response_validation,
            retry_policy=retry_policy,
            idempotency_header=idempotency_header,
            user_agent=user_agent,
            credentials=credentials,
        )
        self._owns_http_client = http_client is None
        self._client = http_client or httpx.Client(timeout=self.timeout, follow_redirects=True)

    # -- lifecycle ----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection pool if this client created it (see the module docstring)."""
        if self._owns_http_client:
            self._client.close()

    def is_closed(self) -> bool:
        return self._client.is_closed

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def copy(
        self,
        *,
        base_url: Union[str, NotGiven] = NOT_GIVEN,
        api_key: Union[Optional[str], NotGiven] = NOT_GIVEN,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
        max_retries: Union[int, NotGiven] = NOT_GIVEN,
        default_headers: Optional[Mapping[str, str]] = None,
        set_default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        set_default_query: Optional[Mapping[str, object]] = None,
        http_client: Union[httpx.Client, NotGiven] = NOT_GIVEN,
        strict_response_validation: Union[bool, NotGiven] = NOT_GIVEN,
        retry_policy: Union[RetryPolicy, NotGiven] = NOT_GIVEN,
        credentials: Optional[Mapping[str, Optional[str]]] = None,
    ) -> Self:
        """A new client with some options changed, sharing this client's connection pool.

        ``default_headers`` / ``default_query`` are merged into the current ones; the
        ``set_`` variants replace them. ``credentials`` changes options other than
        ``api_key`` (``{"auth_token": ...}``).
        """
        return type(self)(
            **self._copy_kwargs(
                base_url=base_url,
                api_key=api_key,
                timeout=timeout,
                max_retries=max_retries,
                default_headers=default_headers,
                set_default_headers=set_default_headers,
                default_query=default_query,
                set_default_query=set_default_query,
                http_client=http_client,
                strict_response_validation=strict_response_validation,
                retry_policy=retry_policy,
                credentials=credentials,
            )
        )

    with_options = copy

    # -- sending ------------------------------------------------------------------------------

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def _send(
        self, options: FinalRequestOptions, *, stream: bool = False
    ) -> httpx.Response:
        """Send with retries; return a 2xx response with its body read (``stream``: unread, so
        a retry happens only before its first byte), or raise."""
        max_retries = self._max_retries_for(options)
        idempotency_key = self._idempotency_key_for(options)
        content = encode_body(options)  # once per call: every retry sends the same bytes
        retries_taken = 0
        while True:
            request = self._build_request(
                options,
                content=content,
                retries_taken=retries_taken,
                idempotency_key=idempotency_key,
            )
            try:
                # stream=False: httpx reads the whole body and releases the connection, also
                # when reading fails half way, so no code path below can leak it. A stream's
                # body is left to the caller (its Stream closes it).
                response = self._client.send(request, stream=stream)
            except httpx.TransportError as exc:
                delay = self._retry_delay(
                    retries_taken=retries_taken, max_retries=max_retries, response=None
                )
                if delay is None:
                    if isinstance(exc, httpx.TimeoutException):
                        raise APITimeoutError(request=request) from exc
                    raise APIConnectionError(
                        request=request, message=f"Connection error: {exc!r}"
                    ) from exc
            else:
                if response.is_success:
                    return response
                if stream:
                    response.read()  # the error body, for the error
                response.close()
                delay = self._retry_delay(
                    retries_taken=retries_taken, max_retries=max_retries, response=response
                )
                if delay is None:
                    raise make_status_error(response)
            self._sleep(delay)
            retries_taken += 1

    def request(
        self,
        cast_to: Any,
        options: FinalRequestOptions,
        *,
        stream: bool = False,
        stream_cls: Any = None,
    ) -> Any:
        """``stream``: return ``stream_cls`` (``Stream[Item]``) over the unread body."""
        raw = raw_response_requested()
        streamed = streamed_response_requested()
        response = self._send(options, stream=stream or streamed)
        strict = self.strict_response_validation
        if stream:
            if raw:
                return APIResponse(
                    response, lambda: make_stream(stream_cls, response, strict=strict)
                )
            return make_stream(stream_cls, response, strict=strict)
        if streamed:
            return APIResponse(
                response, lambda: process_response(cast_to, response, strict=strict),
                read_first=True,
            )
        if raw:
            return APIResponse(response, lambda: process_response(cast_to, response, strict=strict))
        return process_response(cast_to, response, strict=strict)

    @overload
    def _get(
        self, path: str, *, cast_to: type[ResponseT], options: Optional[RequestOptions] = None
    ) -> ResponseT: ...
    @overload
    def _get(
        self, path: str, *, cast_to: None, options: Optional[RequestOptions] = None
    ) -> None: ...
    def _get(self, path: str, *, cast_to: Any, options: Optional[RequestOptions] = None) -> Any:
        return self.request(cast_to, FinalRequestOptions.build("get", path, options=options))

    @overload
    def _post(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> ResponseT: ...
    @overload
    def _post(
        self,
        path: str,
        *,
        cast_to: None,
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> None: ...
    def _post(
        self,
        path: str,
        *,
        cast_to: Any,
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> Any:
        return self.request(
            cast_to,
            FinalRequestOptions.build("post", path, body=body, files=files, options=options),
        )

    @overload
    def _put(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> ResponseT: ...
    @overload
    def _put(
        self,
        path: str,
        *,
        cast_to: None,
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> None: ...
    def _put(
        self,
        path: str,
        *,
        cast_to: Any,
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> Any:
        return self.request(
            cast_to, FinalRequestOptions.build("put", path, body=body, files=files, options=options)
        )

    @overload
    def _patch(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> ResponseT: ...
    @overload
    def _patch(
        self,
        path: str,
        *,
        cast_to: None,
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> None: ...
    def _patch(
        self,
        path: str,
        *,
        cast_to: Any,
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> Any:
        return self.request(
            cast_to,
            FinalRequestOptions.build("patch", path, body=body, files=files, options=options),
        )

    @overload
    def _delete(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        body: object = None,
        options: Optional[RequestOptions] = None,
    ) -> ResponseT: ...
    @overload
    def _delete(
        self,
        path: str,
        *,
        cast_to: None,
        body: object = None,
        options: Optional[RequestOptions] = None,
    ) -> None: ...
    def _delete(
        self,
        path: str,
        *,
        cast_to: Any,
        body: object = None,
        options: Optional[RequestOptions] = None,
    ) -> Any:
        return self.request(
            cast_to, FinalRequestOptions.build("delete", path, body=body, options=options)
        )

    def _get_api_list(
        self,
        path: str,
        *,
        page: type[SyncPageT],
        model: Any,
        options: Optional[RequestOptions] = None,
        method: HttpMethod = "get",
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
    ) -> SyncPageT:
        return self._request_page(
            page,
            model,
            FinalRequestOptions.build(method, path, body=body, files=files, options=options),
        )

    def _request_page(
        self, page: type[SyncPageT], model: Any, options: FinalRequestOptions
    ) -> SyncPageT:
        raw = raw_response_requested()
        response = self._send(options)

        def build() -> SyncPageT:
            return page._from_response(  # pyright: ignore[reportPrivateUsage]
                client=self,
                model=model,
                options=options,
                response=response,
                strict=self.strict_response_validation,
            )

        if raw:
            return cast(SyncPageT, APIResponse(response, build))
        return build()


class AsyncAPIClient(_BaseClient[httpx.AsyncClient]):
    def __init__(
        self,
        *,
        base_url: str,
        api_key: Optional[str] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        http_client: Optional[httpx.AsyncClient] = None,
        strict_response_validation: bool = False,
        retry_policy: Optional[RetryPolicy] = None,
        idempotency_header: Optional[str] = DEFAULT_IDEMPOTENCY_HEADER,
        user_agent: Optional[str] = None,
        credentials: Optional[Mapping[str, Optional[str]]] = None,
    ) -> None:
        if not isinstance(cast(object, http_client), (httpx.AsyncClient, type(None))):
            raise TypeError(
                f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}"
            )
        super().__init__(
            base_url=base_url,
            api_key=api_key,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            strict_response_validation=strict_response_validation,
            retry_policy=retry_policy,
            idempotency_header=idempotency_header,
            user_agent=user_agent,
            credentials=credentials,
        )
        self._owns_http_client = http_client is None
        self._client = http_client or httpx.AsyncClient(timeout=self.timeout, follow_redirects=True)

    # -- lifecycle ----------------------------------------------------------------------------

    async def close(self) -> None:
        """Close the connection pool if this client created it (see the module docstring)."""
        if self._owns_http_client:
            await self._client.aclose()

    def is_closed(self) -> bool:
        return self._client.is_closed

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def copy(
        self,
        *,
        base_url: Union[str, NotGiven] = NOT_GIVEN,
        api_key: Union[Optional[str], NotGiven] = NOT_GIVEN,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
        max_retries: Union[int, NotGiven] = NOT_GIVEN,
        default_headers: Optional[Mapping[str, str]] = None,
        set_default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        set_default_query: Optional[Mapping[str, object]] = None,
        http_client: Union[httpx.AsyncClient, NotGiven] = NOT_GIVEN,
        strict_response_validation: Union[bool, NotGiven] = NOT_GIVEN,
        retry_policy: Union[RetryPolicy, NotGiven] = NOT_GIVEN,
        credentials: Optional[Mapping[str, Optional[str]]] = None,
    ) -> Self:
        """A new client with some options changed, sharing this client's connection pool.

        ``default_headers`` / ``default_query`` are merged into the current ones; the
        ``set_`` variants replace them. ``credentials`` changes options other than
        ``api_key`` (``{"auth_token": ...}``).
        """
        return type(self)(
            **self._copy_kwargs(
                base_url=base_url,
                api_key=api_key,
                timeout=timeout,
                max_retries=max_retries,
                default_headers=default_headers,
                set_default_headers=set_default_headers,
                default_query=default_query,
                set_default_query=set_default_query,
                http_client=http_client,
                strict_response_validation=strict_response_validation,
                retry_policy=retry_policy,
                credentials=credentials,
            )
        )

    with_options = copy

    # -- sending ------------------------------------------------------------------------------

    async def _sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def _send(
        self, options: FinalRequestOptions, *, stream: bool = False
    ) -> httpx.Response:
        """Send with retries; return a 2xx response with its body read (``stream``: unread, so
        a retry happens only before its first byte), or raise."""
        max_retries = self._max_retries_for(options)
        idempotency_key = self._idempotency_key_for(options)
        content = encode_body(options)  # once per call: every retry sends the same bytes
        retries_taken = 0
        while True:
            request = self._build_request(
                options,
                content=content,
                retries_taken=retries_taken,
                idempotency_key=idempotency_key,
            )
            try:
                # stream=False: httpx reads the whole body and releases the connection, also
                # when reading fails half way, so no code path below can leak it. A stream's
                # body is left to the caller (its Stream closes it).
                response = await self._client.send(request, stream=stream)
            except httpx.TransportError as exc:
                delay = self._retry_delay(
                    retries_taken=retries_taken, max_retries=max_retries, response=None
                )
                if delay is None:
                    if isinstance(exc, httpx.TimeoutException):
                        raise APITimeoutError(request=request) from exc
                    raise APIConnectionError(
                        request=request, message=f"Connection error: {exc!r}"
                    ) from exc
            else:
                if response.is_success:
                    return response
                if stream:
                    await response.aread()  # the error body, for the error
                await response.aclose()
                delay = self._retry_delay(
                    retries_taken=retries_taken, max_retries=max_retries, response=response
                )
                if delay is None:
                    raise make_status_error(response)
            await self._sleep(delay)
            retries_taken += 1

    async def request(
        self,
        cast_to: Any,
        options: FinalRequestOptions,
        *,
        stream: bool = False,
        stream_cls: Any = None,
    ) -> Any:
        """``stream``: return ``stream_cls`` (``AsyncStream[Item]``) over the unread body."""
        raw = raw_response_requested()
        streamed = streamed_response_requested()
        response = await self._send(options, stream=stream or streamed)
        strict = self.strict_response_validation
        if stream:
            if raw:
                return AsyncAPIResponse(
                    response, lambda: make_stream(stream_cls, response, strict=strict)
                )
            return make_stream(stream_cls, response, strict=strict)
        if streamed:
            return AsyncAPIResponse(
                response, lambda: process_response(cast_to, response, strict=strict),
                read_first=True,
            )
        if raw:
            return AsyncAPIResponse(
                response, lambda: process_response(cast_to, response, strict=strict)
            )
        return process_response(cast_to, response, strict=strict)

    @overload
    async def _get(
        self, path: str, *, cast_to: type[ResponseT], options: Optional[RequestOptions] = None
    ) -> ResponseT: ...
    @overload
    async def _get(
        self, path: str, *, cast_to: None, options: Optional[RequestOptions] = None
    ) -> None: ...
    async def _get(
        self, path: str, *, cast_to: Any, options: Optional[RequestOptions] = None
    ) -> Any:
        return await self.request(cast_to, FinalRequestOptions.build("get", path, options=options))

    @overload
    async def _post(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> ResponseT: ...
    @overload
    async def _post(
        self,
        path: str,
        *,
        cast_to: None,
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> None: ...
    async def _post(
        self,
        path: str,
        *,
        cast_to: Any,
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> Any:
        return await self.request(
            cast_to,
            FinalRequestOptions.build("post", path, body=body, files=files, options=options),
        )

    @overload
    async def _put(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> ResponseT: ...
    @overload
    async def _put(
        self,
        path: str,
        *,
        cast_to: None,
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> None: ...
    async def _put(
        self,
        path: str,
        *,
        cast_to: Any,
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> Any:
        return await self.request(
            cast_to, FinalRequestOptions.build("put", path, body=body, files=files, options=options)
        )

    @overload
    async def _patch(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> ResponseT: ...
    @overload
    async def _patch(
        self,
        path: str,
        *,
        cast_to: None,
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> None: ...
    async def _patch(
        self,
        path: str,
        *,
        cast_to: Any,
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
        options: Optional[RequestOptions] = None,
    ) -> Any:
        return await self.request(
            cast_to,
            FinalRequestOptions.build("patch", path, body=body, files=files, options=options),
        )

    @overload
    async def _delete(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        body: object = None,
        options: Optional[RequestOptions] = None,
    ) -> ResponseT: ...
    @overload
    async def _delete(
        self,
        path: str,
        *,
        cast_to: None,
        body: object = None,
        options: Optional[RequestOptions] = None,
    ) -> None: ...
    async def _delete(
        self,
        path: str,
        *,
        cast_to: Any,
        body: object = None,
        options: Optional[RequestOptions] = None,
    ) -> Any:
        return await self.request(
            cast_to, FinalRequestOptions.build("delete", path, body=body, options=options)
        )

    def _get_api_list(
        self,
        path: str,
        *,
        page: type[AsyncPageT],
        model: Any,
        options: Optional[RequestOptions] = None,
        method: HttpMethod = "get",
        body: object = None,
        files: Optional[Mapping[str, object]] = None,
    ) -> "AsyncPaginator[Any, AsyncPageT]":
        """Not a coroutine: ``await`` the result for the first page, or ``async for`` it."""
        return AsyncPaginator(
            client=self,
            page=page,
            model=model,
            options=FinalRequestOptions.build(
                method, path, body=body, files=files, options=options
            ),
        )

    async def _request_page(
        self, page: type[AsyncPageT], model: Any, options: FinalRequestOptions
    ) -> AsyncPageT:
        raw = raw_response_requested()
        response = await self._send(options)

        def build() -> AsyncPageT:
            return page._from_response(  # pyright: ignore[reportPrivateUsage]
                client=self,
                model=model,
                options=options,
                response=response,
                strict=self.strict_response_validation,
            )

        if raw:
            return cast(AsyncPageT, AsyncAPIResponse(response, build))
        return build()
