"""Entry point: `uvicorn booking_api.main:create_app --factory`. The composition root: the one place
that knows every layer, builds the long-lived collaborators and the unit of work, and mounts the
routers."""

import importlib
from datetime import timedelta

from fastapi import APIRouter, FastAPI

from booking_api.blocks.router import router as blocks_router
from booking_api.bookings.router import router as bookings_router
from booking_api.browse.router import router as browse_router
from booking_api.config import Settings, get_settings
from booking_api.core.env import Env
from booking_api.core.idempotency import IdempotencyStore
from booking_api.core.router import router as rules_router
from booking_api.core.rules import BookingRules
from booking_api.events.router import router as events_router
from booking_api.housekeeping.loop import Housekeeping
from booking_api.integrations.friends import Friendships
from booking_api.integrations.movies import MovieCatalog
from booking_api.integrations.shortener import ShareLinks
from booking_api.integrations.users import Bans, UserDirectory
from booking_api.invites.router import router as invites_router
from booking_api.places.router import router as places_router
from booking_api.ratings.router import router as ratings_router
from booking_api.reports.router import router as reports_router
from booking_api.uow import BookingUnitOfWork
from booking_api.waitlist.router import router as waitlist_router
from common.app import create_service_app
from common.clock import clock_from_setting
from common.service_auth import ServiceTokenProvider
from common.service_client import ServiceClient


def _env(app: FastAPI, settings: Settings) -> Env:
    state = app.state
    tokens = ServiceTokenProvider(
        state.http,
        auth_url=settings.auth_url,
        client_id=settings.service_client_id,
        client_secret=settings.service_client_secret,
    )
    unavailable = "The {} is unavailable; nothing was changed."
    auth = ServiceClient(state.http, base_url=settings.auth_url, detail=unavailable.format("Auth API"))
    movies = ServiceClient(state.http, base_url=settings.movie_url, detail=unavailable.format("Movie API"))
    shortener = ServiceClient(state.http, base_url=settings.url_shortener_url, tokens=tokens)
    auth_as_booking = ServiceClient(
        state.http, base_url=settings.auth_url, tokens=tokens, detail=unavailable.format("Auth API")
    )
    ugc = ServiceClient(
        state.http, base_url=settings.ugc_url, tokens=tokens, detail=unavailable.format("UGC API")
    )
    users = UserDirectory(auth, state.cache, ttl=settings.user_cache_seconds)
    return Env(
        cache=state.cache,
        clock=clock_from_setting(settings.test_clock_file),
        users=users,
        bans=Bans(auth_as_booking, users),
        movies=MovieCatalog(movies, state.cache, ttl=settings.movie_cache_seconds),
        friends=Friendships(ugc),
        links=ShareLinks(shortener, public_base_url=settings.public_base_url),
        idempotency=IdempotencyStore(
            state.db.engine,
            stale_after=timedelta(seconds=settings.idempotency_stale_seconds),
            keep_for=timedelta(hours=settings.idempotency_keep_hours),
        ),
        rules=BookingRules.from_settings(settings),
        public_base_url=settings.public_base_url,
        event_cache_seconds=settings.event_cache_seconds,
        list_cache_seconds=settings.list_cache_seconds,
    )


async def _wire(app: FastAPI) -> None:
    settings = get_settings()
    state = app.state
    state.env = _env(app, settings)

    def new_uow() -> BookingUnitOfWork:
        return BookingUnitOfWork(
            state.db.sessionmaker, state.db.autocommit_sessionmaker, cache=state.cache, rules=state.env.rules
        )

    state.new_uow = new_uow
    state.housekeeping = Housekeeping(new_uow=new_uow, env=state.env, every=settings.housekeeping_seconds)
    state.housekeeping.start()


async def _unwire(app: FastAPI) -> None:
    await app.state.housekeeping.stop()


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
            browse_router,
            bookings_router,
            waitlist_router,
            invites_router,
            blocks_router,
            ratings_router,
            reports_router,
            rules_router,
            *_test_routers(settings.test_routers),
        ],
        on_startup=[_wire],
        on_shutdown=[_unwire],
    )
