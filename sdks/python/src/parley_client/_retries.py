# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

"""When to retry a failed attempt, and how long to wait before the next one."""

import email.utils
import random
import time
from dataclasses import dataclass
from datetime import timezone
from typing import Callable, Optional

import httpx

__all__ = ["RetryPolicy"]

SHOULD_RETRY_HEADER = "x-should-retry"


@dataclass(frozen=True)
class RetryPolicy:
    """How retries back off. Every field can be changed, unlike most generated SDKs.

    The delay before retry ``n`` (0-based) is the server's ``retry-after-ms`` /
    ``retry-after`` when it lies in ``(0, max_retry_after]`` seconds, otherwise
    ``min(initial_delay * 2**n, max_delay)`` with up to ``jitter`` of it taken off at random.
    """

    initial_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.25
    """Fraction (0-1) of the backoff that may be taken off at random."""
    retry_statuses: frozenset[int] = frozenset({408, 409, 429})
    retry_server_errors: bool = True
    """Also retry every status >= 500."""
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if self.initial_delay < 0 or self.max_delay < 0 or self.max_retry_after < 0:
            raise ValueError("RetryPolicy delays must not be negative")
        if not 0 <= self.jitter <= 1:
            raise ValueError(f"RetryPolicy.jitter must be within [0, 1], got {self.jitter!r}")

    def should_retry(self, response: httpx.Response) -> bool:
        """Whether a non-2xx response is worth another attempt."""
        # The server knows best: ``x-should-retry`` overrides the status in both directions.
        override = response.headers.get(SHOULD_RETRY_HEADER, "").strip().lower()
        if override == "true":
            return True
        if override == "false":
            return False
        status = response.status_code
        return status in self.retry_statuses or (self.retry_server_errors and status >= 500)

    def delay(
        self,
        retries_taken: int,
        response: Optional[httpx.Response] = None,
        *,
        random_fraction: Callable[[], float] = random.random,
        now: Callable[[], float] = time.time,
    ) -> float:
        """Seconds to wait before retry number ``retries_taken`` (0 for the first retry)."""
        if response is not None:
            server_delay = retry_after_seconds(response.headers, now=now)
            if server_delay is not None and 0 < server_delay <= self.max_retry_after:
                return server_delay
        backoff = min(self.initial_delay * (2.0**retries_taken), self.max_delay)
        return backoff * (1.0 - self.jitter * random_fraction())


def retry_after_seconds(
    headers: httpx.Headers, *, now: Callable[[], float] = time.time
) -> Optional[float]:
    """The delay the server asked for: ``retry-after-ms``, else ``retry-after``.

    ``retry-after`` may be seconds or an HTTP date. An unparsable header counts as absent.
    """
    milliseconds = _parse_float(headers.get("retry-after-ms"))
    if milliseconds is not None:
        return milliseconds / 1000.0
    retry_after = headers.get("retry-after")
    if retry_after is None:
        return None
    seconds = _parse_float(retry_after)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(retry_after)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # "-0000" parses as naive; RFC 9110 dates are GMT anyway
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp() - now()


def _parse_float(text: Optional[str]) -> Optional[float]:
    if text is None:
        return None
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if value == value else None  # NaN never compares in range
