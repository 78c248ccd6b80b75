"""Who is calling: the `Principal` of the current request, and the owner it maps to.

`AuthMiddleware` sets `current_principal` for every `/v1` request; the storage layer
(`app.conversations.service`) reads it to scope every query. There is no default: code that
runs without a principal fails instead of seeing everyone's data.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass

# The owner of every conversation created while auth is off, and of every row that existed
# before owners were recorded. No credential can authenticate as this name.
ANONYMOUS_OWNER = "anonymous"
MAX_PRINCIPAL_LENGTH = 256
# Printable, no whitespace or control characters: a principal lands in logs and in the DB.
_PRINCIPAL = re.compile(r"[\x21-\x7e]{1,256}")


@dataclass(frozen=True)
class Principal:
    """An authenticated caller; `admin` may read and change every owner's data."""

    owner: str
    admin: bool = False


ANONYMOUS = Principal(ANONYMOUS_OWNER)

current_principal: ContextVar[Principal] = ContextVar("parley_principal")


def is_valid_principal_name(name: str) -> bool:
    """A name a credential may map to: printable ASCII, bounded, never the anonymous owner."""
    return bool(_PRINCIPAL.fullmatch(name)) and name != ANONYMOUS_OWNER
