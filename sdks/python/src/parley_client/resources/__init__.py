# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

"""Resource classes (reached through the client, e.g. ``client.conversations``)."""

from .conversations import Conversations as Conversations
from .conversations import AsyncConversations as AsyncConversations

from .health import Health as Health
from .health import AsyncHealth as AsyncHealth

from .inspect import Inspect as Inspect
from .inspect import AsyncInspect as AsyncInspect

from .version import Version as Version
from .version import AsyncVersion as AsyncVersion
