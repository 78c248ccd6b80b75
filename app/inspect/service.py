"""The inspect API's behaviour, behind the `InspectService` protocol."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from app.inspect.models import (
    ApiLevel,
    AuthMode,
    HealthResponse,
    ListRoutesResponse,
    RouteInfo,
    VersionResponse,
)


class InspectService(Protocol):
    """Everything the inspect routes need."""

    async def list_routes(self, api_filter: ApiLevel | None) -> ListRoutesResponse:
        """Every route of every registered API, optionally only those of one API level."""
        ...

    async def health(self) -> HealthResponse:
        """The service's health."""
        ...

    async def version(self) -> VersionResponse:
        """The service's version."""
        ...


class RegistryInspectService:
    """`InspectService` reporting the routes of the app's API registry.

    `route_catalog` is called on every request because the catalogue is only complete once
    every router of the registry (this one included) has been built.
    """

    def __init__(
        self,
        route_catalog: Callable[[], list[RouteInfo]],
        version: str,
        auth: AuthMode = "none",
    ) -> None:
        self._route_catalog = route_catalog
        self._version = version
        self._auth: AuthMode = auth

    async def list_routes(self, api_filter: ApiLevel | None) -> ListRoutesResponse:
        routes = self._route_catalog()
        if api_filter is not None:
            routes = [route for route in routes if _api_level(route.route) == api_filter]
        return ListRoutesResponse(data=routes)

    async def health(self) -> HealthResponse:
        return HealthResponse(status="OK", auth=self._auth)

    async def version(self) -> VersionResponse:
        return VersionResponse(version=self._version)


def _api_level(path: str) -> str:
    """The API level is the first path segment: `/v1/...` → `v1`."""
    return path.strip("/").split("/", 1)[0]
