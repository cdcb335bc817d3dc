"""Entry point: `uvicorn booking_api.main:create_app --factory`."""

import asyncio
import contextlib
import importlib
import logging
from datetime import timedelta

from fastapi import APIRouter, FastAPI

from booking_api.bookings.idempotency import IdempotencyStore
from booking_api.bookings.router import router as bookings_router
from booking_api.config import get_settings
from booking_api.deps import rules_from
from booking_api.events.router import router as events_router
from booking_api.integrations.movies import MovieCatalog
from booking_api.integrations.shortener import ShareLinks
from booking_api.integrations.users import UserDirectory
from booking_api.places.router import router as places_router
from booking_api.ratings.router import router as ratings_router
from booking_api.ratings.service import run_housekeeping
from booking_api.uow import BookingUnitOfWork
from common.app import create_service_app
from common.clock import clock_from_setting
from common.service_auth import ServiceTokenProvider

logger = logging.getLogger(__name__)


async def _wire(app: FastAPI) -> None:
    settings = get_settings()
    state = app.state
    state.clock = clock_from_setting(settings.test_clock_file)
    state.users = UserDirectory(
        state.http, state.cache, base_url=settings.auth_url, ttl=settings.user_cache_seconds
    )
    state.movies = MovieCatalog(
        state.http, state.cache, base_url=settings.movie_url, ttl=settings.movie_cache_seconds
    )
    state.rules = rules_from(settings)
    state.links = ShareLinks(
        state.http,
        ServiceTokenProvider(
            state.http,
            auth_url=settings.auth_url,
            client_id=settings.service_client_id,
            client_secret=settings.service_client_secret,
        ),
        base_url=settings.url_shortener_url,
        public_base_url=settings.public_base_url,
    )
    state.idempotency = IdempotencyStore(
        state.db.engine,
        stale_after=timedelta(seconds=settings.idempotency_stale_seconds),
        keep_for=timedelta(hours=settings.idempotency_keep_hours),
    )


async def _housekeeping_loop(app: FastAPI, every: float) -> None:
    """Announce ended evenings and reveal ratings whose window closed, every few seconds; forget
    idempotency keys past their keep period now and then."""
    rounds = 0
    while True:
        try:
            await run_housekeeping(
                uow=BookingUnitOfWork(app.state.db.sessionmaker), clock=app.state.clock, links=app.state.links
            )
            if rounds % 240 == 0:
                await app.state.idempotency.purge(app.state.clock.now())
        except Exception:
            logger.exception("housekeeping failed; retrying next round")
        rounds += 1
        await asyncio.sleep(every)


async def _start_housekeeping(app: FastAPI) -> None:
    app.state.housekeeping = asyncio.create_task(
        _housekeeping_loop(app, get_settings().housekeeping_seconds), name="housekeeping"
    )


async def _stop_housekeeping(app: FastAPI) -> None:
    app.state.housekeeping.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await app.state.housekeeping


def _test_routers(paths: list[str]) -> list[APIRouter]:
    routers = []
    for path in paths:
        module, _, name = path.partition(":")
        routers.append(getattr(importlib.import_module(module), name or "router"))
    return routers


def create_app() -> FastAPI:
    settings = get_settings()
    return create_service_app(
        settings=settings,
        title="Kinoclub Booking API",
        description=(
            "Hosts offer a film, a place and a time with a number of seats; guests pick a host, then a date "
            "and time, and book seats. Never more seats booked than the host has.\n\n"
            'Errors are `{"code", "detail", ...}`; each route lists its codes. Lists are '
            '`{"items", "total", "page", "size"}`.'
        ),
        routers=[
            places_router,
            events_router,
            bookings_router,
            ratings_router,
            *_test_routers(settings.test_routers),
        ],
        on_startup=[_wire, _start_housekeeping],
        on_shutdown=[_stop_housekeeping],
    )
