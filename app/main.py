"""Assembly of the service: `create_app(settings)` builds the FastAPI application."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app import openapi as spec_postprocessing
from app.auth.middleware import AuthMiddleware, RateLimitMiddleware
from app.auth.providers import Authenticator
from app.auth.ratelimit import RateLimiter
from app.conversations.hot_path import HotPathMiddleware
from app.conversations.service import SqlConversationService
from app.database import Database
from app.error_handlers import install_error_handlers
from app.middleware import (
    AccessLogMiddleware,
    BodySizeLimitMiddleware,
    HeadMiddleware,
    RequestIdMiddleware,
    UnexpectedErrorMiddleware,
)
from app.registry import build_routers
from app.settings import Settings
from app.version import __version__

DESCRIPTION = (
    "Conversations and their items, wire-compatible with OpenAI's Conversations API. "
    'Every error has the body `{"error": {"message", "type", "param", "code"}}`.'
)

# One schema per model for requests and responses. Our request and response shapes are the
# same objects (items are stored and returned exactly as sent), so FastAPI's default of
# splitting models with defaults into `-Input`/`-Output` twins would only give SDKs two names
# for one type.
SEPARATE_INPUT_OUTPUT_SCHEMAS = False

# The repository has no LICENSE file yet; Apache-2.0 is the licence the spec declares.
# Keep this in step with a LICENSE file if one is added.
# An SPDX `identifier` (OpenAPI 3.1) rather than a `url` keeps the spec self-contained.
LICENSE_INFO = {"name": "Apache-2.0", "identifier": "Apache-2.0"}

logger = logging.getLogger("app.auth")


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app: every router of the registry, error envelope, middleware, spec."""
    settings = settings or Settings()
    database = Database(settings.database_url)
    authenticator = Authenticator(settings.auth, database)
    limiter = RateLimiter(
        settings.rate_limits.read_per_minute,
        settings.rate_limits.write_per_minute,
        database=database if settings.rate_limits.backend == "database" else None,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if not authenticator.enabled:
            logger.warning(
                "No authentication configured: every caller shares the anonymous owner. "
                "Configure an auth provider before exposing the service (see README, 'auth')."
            )
        await database.ensure_schema()
        yield
        await database.dispose()

    app = FastAPI(
        title=settings.title,
        version=__version__,
        description=DESCRIPTION,
        license_info=LICENSE_INFO,
        lifespan=lifespan,
        separate_input_output_schemas=SEPARATE_INPUT_OUTPUT_SCHEMAS,
        docs_url="/docs" if settings.docs_enabled else None,
        redoc_url="/redoc" if settings.docs_enabled else None,
    )
    app.state.settings = settings
    app.state.authenticator = authenticator
    app.state.rate_limiter = limiter
    app.state.database = database
    routers = build_routers(settings, database)
    for router in routers:
        app.include_router(router)
    app.state.api_routes = [route for router in routers for route in router.routes]
    install_error_handlers(app)
    if settings.hot_path_enabled:
        # Innermost: the two hot operations skip FastAPI's routing, not any middleware below.
        app.add_middleware(HotPathMiddleware, service=SqlConversationService(database))
    # Added innermost first: the request id wraps everything, including the 500 and 413.
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_body_bytes=settings.max_body_bytes,
        body_timeout_seconds=settings.body_timeout_seconds,
    )
    # Who is calling, then how often: before the body is read, after the 500 catch-all.
    app.add_middleware(RateLimitMiddleware, limiter=limiter)
    app.add_middleware(AuthMiddleware, authenticator=authenticator)
    app.add_middleware(UnexpectedErrorMiddleware)
    app.add_middleware(HeadMiddleware)
    app.add_middleware(AccessLogMiddleware)
    app.add_middleware(RequestIdMiddleware)
    _install_openapi(app)
    return app


def _install_openapi(app: FastAPI) -> None:
    """Serve (and cache) FastAPI's spec after the spec post-processing steps."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                openapi_version=app.openapi_version,
                description=app.description,
                license_info=app.license_info,
                routes=app.routes,
                tags=app.openapi_tags,
                servers=app.servers,
                separate_input_output_schemas=SEPARATE_INPUT_OUTPUT_SCHEMAS,
            )
            app.openapi_schema = spec_postprocessing.customize_openapi(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
