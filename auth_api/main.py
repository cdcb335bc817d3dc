"""Entry point: `uvicorn auth_api.main:create_app --factory`. Mail and the account events for the other
services go out from its worker: `python -m auth_api.worker`."""

from collections.abc import Awaitable, Callable

from fastapi import FastAPI

from auth_api.config import Settings, get_settings
from auth_api.groups.router import router as groups_router
from auth_api.keys.router import router as keys_router
from auth_api.keys.store import KeyStore, LocalKeySource
from auth_api.mail.service import MailSettings
from auth_api.privacy.holders import data_holders
from auth_api.privacy.router import router as privacy_router
from auth_api.privacy.sources import ExportSources, OwnServiceToken
from auth_api.recovery.router import router as recovery_router
from auth_api.sessions.revoker import Revoker
from auth_api.sessions.router import router as sessions_router
from auth_api.throttle import Throttle
from auth_api.tokens.issuer import TokenIssuer
from auth_api.tokens.router import router as tokens_router
from auth_api.users.passwords import PasswordHasher
from auth_api.users.router import router as users_router
from auth_api.verification.router import router as verification_router
from common.app import create_service_app
from common.clock import SystemClock
from common.ratelimit import RateLimiter
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
            session_max_age=settings.session_max_age_seconds,
        )
        state.throttle = Throttle(
            RateLimiter(state.redis, prefix=settings.redis_key_prefix, clock=state.clock), settings
        )
        state.revoker = Revoker(state.revocations, access_ttl=settings.access_token_ttl_seconds)
        state.mail = MailSettings(
            public_base_url=settings.public_base_url, default_language=settings.default_language
        )
        state.export_sources = ExportSources(
            state.http, OwnServiceToken(state.issuer, state.clock), data_holders(settings)
        )
        # Auth checks its own tokens against its key files, not over HTTP against its own JWKS.
        state.verifier = TokenVerifier(
            LocalKeySource(keys),
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            revocations=state.revocations,
        )

    return start


def create_app() -> FastAPI:
    settings = get_settings()
    return create_service_app(
        settings=settings,
        title="Kinoclub Auth API",
        description="Accounts, sessions, sign-in, email verification, password recovery, groups, the "
        "person's data (export, deletion), and the public keys every service verifies tokens with. "
        "More in `docs/auth.md`.",
        routers=[
            users_router,
            tokens_router,
            sessions_router,
            verification_router,
            recovery_router,
            privacy_router,
            groups_router,
            keys_router,
        ],
        on_startup=[_startup(settings)],
    )
