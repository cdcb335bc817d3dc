"""Entry point: `uvicorn auth_api.main:create_app --factory`."""

from collections.abc import Awaitable, Callable

from fastapi import FastAPI

from auth_api.config import Settings, get_settings
from auth_api.groups.router import router as groups_router
from auth_api.keys.router import router as keys_router
from auth_api.keys.store import KeyStore, LocalKeySource
from auth_api.tokens.issuer import TokenIssuer
from auth_api.tokens.limiter import LoginLimiter
from auth_api.tokens.router import router as tokens_router
from auth_api.users.passwords import PasswordHasher
from auth_api.users.router import router as users_router
from common.app import create_service_app
from common.clock import SystemClock
from common.security import TokenVerifier


def _startup(settings: Settings) -> Callable[[FastAPI], Awaitable[None]]:
    async def start(app: FastAPI) -> None:
        state = app.state
        keys = KeyStore(settings.keys_dir)
        keys.ensure_key()
        state.keys = keys
        state.clock = SystemClock()
        state.hasher = PasswordHasher()
        state.issuer = TokenIssuer(
            keys,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            access_ttl=settings.access_token_ttl_seconds,
            refresh_ttl=settings.refresh_token_ttl_seconds,
            service_ttl=settings.service_token_ttl_seconds,
        )
        state.login_limiter = LoginLimiter(
            state.redis,
            prefix=settings.redis_key_prefix,
            clock=state.clock,
            max_per_account=settings.login_max_failures_per_account,
            max_per_ip=settings.login_max_failures_per_ip,
            window_seconds=settings.login_failure_window_seconds,
        )
        # Auth checks its own tokens against its key files, not over HTTP against its own JWKS.
        state.verifier = TokenVerifier(
            LocalKeySource(keys), issuer=settings.jwt_issuer, audience=settings.jwt_audience
        )

    return start


def create_app() -> FastAPI:
    settings = get_settings()
    return create_service_app(
        settings=settings,
        title="Kinoclub Auth API",
        description="Users, groups, sign-in and the public keys every service verifies tokens with.",
        routers=[users_router, tokens_router, groups_router, keys_router],
        on_startup=[_startup(settings)],
    )
