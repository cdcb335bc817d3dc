"""Entry point: `uvicorn url_shortener.main:create_app --factory`."""

from collections.abc import Mapping

from fastapi import FastAPI

from common.app import create_service_app
from common.clock import SystemClock
from url_shortener.accounts.router import router as accounts_router
from url_shortener.config import get_settings
from url_shortener.links import service
from url_shortener.links.clicks import ClickCounter
from url_shortener.links.router import redirect_router
from url_shortener.links.router import router as links_router
from url_shortener.links.targets import TargetPolicy
from url_shortener.uow import ShortenerUnitOfWork

DESCRIPTION = """Short share links for events: `POST /url/v1/links` makes one, `GET /s/{code}` follows it.

Users and services (with their service credential) create links. Targets are http(s) URLs on the
platform's own hosts (plus `ALLOWED_TARGET_HOSTS`), so a short link never leads off-site. Shortening
the same URL again answers **200** with the caller's existing link; a new link is **201**.
Codes are 7 random characters (CSPRNG) from a 56-letter alphabet without look-alikes, or a chosen alias.

Redirects read Redis first (target and expiry; unknown codes for a few seconds) and PostgreSQL when
Redis misses or is down. Clicks are counted in memory and added to PostgreSQL in one batch about every
second and on shutdown, so stats may lag by that much.

When a person deletes their account (auth's `account.deleted`), the links they made are deleted too.
"""


async def _start(app: FastAPI) -> None:
    state = app.state
    settings = state.settings
    state.clock = SystemClock()
    state.target_policy = TargetPolicy(
        settings.target_hosts, max_length=settings.max_url_length, short_link_hosts=[settings.public_host]
    )

    async def write(counts: Mapping[str, int]) -> None:
        await service.record_clicks(uow=ShortenerUnitOfWork(state.db.sessionmaker), counts=counts)

    state.clicks = ClickCounter(write, interval=settings.click_flush_seconds)
    state.clicks.start()


async def _stop(app: FastAPI) -> None:
    await app.state.clicks.stop()


def create_app() -> FastAPI:
    return create_service_app(
        settings=get_settings(),
        title="Kinoclub URL shortener",
        description=DESCRIPTION,
        routers=[links_router, accounts_router],
        root_routers=[redirect_router],
        on_startup=[_start],
        on_shutdown=[_stop],
    )
