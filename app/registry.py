"""The one registry of APIs: `create_app` mounts these routers, `/v1/inspect/routes` lists them.

Adding an API means adding one factory to `API_FACTORIES`, and nothing more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fastapi import APIRouter
from fastapi.routing import APIRoute

from app.conversations.routes import create_router as create_conversations_router
from app.conversations.service import SqlConversationService
from app.database import Database
from app.inspect.models import AuthMode, RouteInfo
from app.inspect.routes import create_router as create_inspect_router
from app.inspect.service import RegistryInspectService
from app.settings import Settings
from app.version import __version__


@dataclass(frozen=True)
class ApiContext:
    """What a router factory may use to build its service."""

    settings: Settings
    database: Database
    route_catalog: Callable[[], list[RouteInfo]]


RouterFactory = Callable[[ApiContext], APIRouter]


def _conversations(context: ApiContext) -> APIRouter:
    return create_conversations_router(SqlConversationService(context.database))


def _inspect(context: ApiContext) -> APIRouter:
    auth: AuthMode = "bearer" if context.settings.auth.enabled else "none"
    return create_inspect_router(
        RegistryInspectService(context.route_catalog, __version__, auth=auth)
    )


API_FACTORIES: tuple[RouterFactory, ...] = (_conversations, _inspect)


def route_catalog(routers: Sequence[APIRouter]) -> list[RouteInfo]:
    """One entry per method of every route of `routers`, in registration order."""
    catalog: list[RouteInfo] = []
    for router in routers:
        for route in router.routes:
            if isinstance(route, APIRoute):
                catalog.extend(
                    RouteInfo(route=route.path_format, method=method, provider_types=[])
                    for method in sorted(route.methods or ())
                )
    return catalog


def build_routers(settings: Settings, database: Database) -> list[APIRouter]:
    """Build every registered router; the inspect API sees the finished catalogue."""
    catalog: list[RouteInfo] = []
    context = ApiContext(settings, database, lambda: list(catalog))
    routers = [factory(context) for factory in API_FACTORIES]
    catalog.extend(route_catalog(routers))
    return routers
