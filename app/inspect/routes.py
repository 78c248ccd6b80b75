"""HTTP routes of the inspect API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic.json_schema import SkipJsonSchema

from app.errors import error_responses
from app.inspect.models import ApiLevel, HealthResponse, ListRoutesResponse, VersionResponse
from app.inspect.service import InspectService
from app.routing import ExactPathRoute


def create_router(service: InspectService) -> APIRouter:
    """The inspect routes, bound to `service`."""
    router = APIRouter(prefix="/v1", tags=["inspect"], route_class=ExactPathRoute)

    @router.get(
        "/inspect/routes",
        operation_id="listRoutes",
        response_model=ListRoutesResponse,
        summary="List routes",
        description="List every route of every API of the service, in registration order.",
        responses=error_responses(400, 500),
    )
    async def list_routes(
        api_filter: Annotated[
            ApiLevel | SkipJsonSchema[None],
            Query(description="Only list the routes of this API level."),
        ] = None,
    ) -> ListRoutesResponse:
        return await service.list_routes(api_filter)

    @router.get(
        "/health",
        operation_id="health",
        response_model=HealthResponse,
        summary="Check health",
        description="Report that the service is up.",
        responses=error_responses(500),
    )
    async def health() -> HealthResponse:
        return await service.health()

    @router.get(
        "/version",
        operation_id="version",
        response_model=VersionResponse,
        summary="Get the version",
        description="Report the version of the service.",
        responses=error_responses(500),
    )
    async def version() -> VersionResponse:
        return await service.version()

    return router
