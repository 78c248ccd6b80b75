# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

"""Python client for the Parley Conversations API.

    from parley_client import Parley
"""

from . import types as types
from ._base_client import RetryPolicy as RetryPolicy
from ._client import AsyncParley as AsyncParley
from ._client import Parley as Parley
from ._client import DEFAULT_BASE_URL as DEFAULT_BASE_URL
from ._client import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT
from ._exceptions import APIConnectionError as APIConnectionError
from ._exceptions import APIError as APIError
from ._exceptions import APIResponseValidationError as APIResponseValidationError
from ._exceptions import APIStatusError as APIStatusError
from ._exceptions import APIStreamError as APIStreamError
from ._exceptions import APITimeoutError as APITimeoutError
from ._exceptions import AuthenticationError as AuthenticationError
from ._exceptions import BadRequestError as BadRequestError
from ._exceptions import ConflictError as ConflictError
from ._exceptions import InternalServerError as InternalServerError
from ._exceptions import NotFoundError as NotFoundError
from ._exceptions import PermissionDeniedError as PermissionDeniedError
from ._exceptions import RateLimitError as RateLimitError
from ._exceptions import RequestTooLargeError as RequestTooLargeError
from ._exceptions import UnprocessableEntityError as UnprocessableEntityError
from ._models import BaseModel as BaseModel
from ._models import UnknownVariant as UnknownVariant
from ._models import is_unknown as is_unknown
from ._response import APIResponse as APIResponse
from ._response import AsyncAPIResponse as AsyncAPIResponse
from ._streaming import AsyncStream as AsyncStream
from ._streaming import ServerSentEvent as ServerSentEvent
from ._streaming import Stream as Stream
from ._types import NOT_GIVEN as NOT_GIVEN
from ._types import FileContent as FileContent
from ._types import FileTypes as FileTypes
from ._types import NotGiven as NotGiven
from ._types import Omit as Omit
from ._version import __version__ as __version__
from .pagination import SyncCursorPage as SyncCursorPage
from .pagination import AsyncCursorPage as AsyncCursorPage
