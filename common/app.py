"""The one FastAPI app factory every service's `create_app()` calls."""

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from common.cache import Cache, create_redis
from common.db import Database
from common.errors import DomainError, install_error_handlers
from common.health import health_router
from common.http import create_http_client
from common.logging import configure_logging
from common.middleware import RequestContextMiddleware
from common.revocation import Revocations
from common.security import JwksKeySource, TokenVerifier
from common.settings import ServiceSettings

Hook = Callable[[FastAPI], Awaitable[None]]

# Swagger UI's files come from a package (fastapi-offline), so /docs works without reaching a CDN.
_SWAGGER_STATIC = Path(fastapi_offline.__file__).parent / "static"


def _mount_docs(app: FastAPI, prefix: str, title: str) -> None:
    static = f"{prefix}/docs/static"
    app.mount(static, StaticFiles(directory=_SWAGGER_STATIC), name="docs-static")

    @app.get(f"{prefix}/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=f"{prefix}/openapi.json",
            title=f"{title} - docs",
            swagger_js_url=f"{static}/swagger-ui-bundle.js",
            swagger_css_url=f"{static}/swagger-ui.css",
            swagger_favicon_url=f"{static}/favicon.png",
        )


def create_service_app(
    *,
    settings: ServiceSettings,
    title: str,
    description: str,
    routers: Sequence[APIRouter] = (),
    root_routers: Sequence[APIRouter] = (),
    error_statuses: dict[type[DomainError], int] | None = None,
    on_startup: Sequence[Hook] = (),
    on_shutdown: Sequence[Hook] = (),
    use_database: bool = True,
    version: str = "1.0.0",
) -> FastAPI:
    """Build a service: logging, request ids, error mapping, health, and the lifespan that opens
    the database, Redis, the outgoing HTTP client and the token verifier. `routers` are mounted
    under the service's URL prefix, `root_routers` as they are."""
    configure_logging(
        service=settings.service_name,
        level=settings.log_level,
        graylog_host=settings.graylog_host,
        graylog_port=settings.graylog_port,
    )
    prefix = settings.url_prefix

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = app.state
        state.settings = settings
        state.db = (
            Database(
                settings.database_url,
                pool_size=settings.db_pool_size,
                max_overflow=settings.db_max_overflow,
                application_name=settings.service_name,
            )
            if use_database
            else None
        )
        state.redis = create_redis(settings.redis_url, timeout=settings.redis_timeout_seconds)
        state.cache = Cache(state.redis, settings.redis_key_prefix)
        revocations_redis = (
            create_redis(settings.revocation_redis_url, timeout=settings.redis_timeout_seconds)
            if settings.revocation_redis_url
            else state.redis
        )
        state.revocations = Revocations(
            revocations_redis,
            settings.revocation_redis_prefix,
            cache_seconds=settings.revocation_cache_seconds,
        )
        state.http = create_http_client(timeout=settings.http_timeout_seconds, retries=settings.http_retries)
        if not hasattr(state, "verifier"):
            state.verifier = TokenVerifier(
                JwksKeySource(
                    state.http, f"{settings.auth_url}/auth/v1/jwks", ttl=settings.jwks_cache_seconds
                ),
                issuer=settings.jwt_issuer,
                audience=settings.jwt_audience,
                revocations=state.revocations,
            )
        for hook in on_startup:
            await hook(app)
        try:
            yield
        finally:
            for hook in on_shutdown:
                await hook(app)
            await state.http.aclose()
            if revocations_redis is not state.redis:
                await revocations_redis.aclose()
            await state.redis.aclose()
            if state.db is not None:
                await state.db.dispose()

    app = FastAPI(
        title=title,
        description=description,
        version=version,
        lifespan=lifespan,
        docs_url=None,
        openapi_url=f"{prefix}/openapi.json",
        redoc_url=None,
    )
    _mount_docs(app, prefix, title)
    app.state.readiness_checks = {}
    app.add_middleware(RequestContextMiddleware)
    install_error_handlers(app, error_statuses)
    app.include_router(health_router(settings.service_name), prefix=prefix)
    for router in routers:
        app.include_router(router, prefix=prefix)
    for router in root_routers:
        app.include_router(router)
    return app
