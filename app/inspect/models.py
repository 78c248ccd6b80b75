"""Response models of the inspect API."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field
from typing_extensions import TypeAliasType

# A named alias, so the spec has one `ApiLevel` component (a stable class in generated
# clients) rather than an inline enum on the `api_filter` parameter.
ApiLevel = TypeAliasType(
    "ApiLevel",
    Annotated[
        Literal["v1", "v1alpha", "v1beta", "deprecated"],
        Field(description="An API level of the service; `deprecated` selects deprecated routes."),
    ],
)


AuthMode = TypeAliasType(
    "AuthMode",
    Annotated[
        Literal["none", "bearer"],
        Field(description="How callers authenticate: `none` (open) or `bearer` credentials."),
    ],
)


class RouteInfo(BaseModel):
    """One method on one path of the service."""

    route: str = Field(
        description="The path template, such as `/v1/conversations/{conversation_id}`."
    )
    method: str = Field(description="The HTTP method, upper case.")
    provider_types: list[str] = Field(
        description="The provider types serving the route; empty, as this service has none."
    )


class ListRoutesResponse(BaseModel):
    """Every route of every API, in registration order."""

    data: list[RouteInfo] = Field(description="The routes.")


class HealthResponse(BaseModel):
    """The service's health."""

    status: Literal["OK"] = Field(description="Always `OK` while the service answers.")
    auth: AuthMode = Field(
        description="`none` when the service is open (no auth configured), else `bearer`."
    )


class VersionResponse(BaseModel):
    """The service's version."""

    version: str = Field(description="The version of the service.")
