"""Entry point: `uvicorn booking_api.main:create_app --factory`."""

import importlib
from datetime import timedelta

from fastapi import APIRouter, FastAPI

from booking_api.bookings.idempotency import IdempotencyStore
from booking_api.bookings.router import router as bookings_router
from booking_api.config import get_settings
from booking_api.events.router import router as events_router
from booking_api.integrations.movies import MovieCatalog
from booking_api.integrations.users import UserDirectory
from booking_api.places.router import router as places_router
from common.app import create_service_app
from common.clock import SystemClock


async def _wire(app: FastAPI) -> None:
    settings = get_settings()
    state = app.state
    state.clock = SystemClock()
    state.users = UserDirectory(
        state.http, state.cache, base_url=settings.auth_url, ttl=settings.user_cache_seconds
    )
    state.movies = MovieCatalog(
        state.http, state.cache, base_url=settings.movie_url, ttl=settings.movie_cache_seconds
    )
    state.idempotency = IdempotencyStore(
        state.db.engine,
        stale_after=timedelta(seconds=settings.idempotency_stale_seconds),
        keep_for=timedelta(hours=settings.idempotency_keep_hours),
    )


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
        routers=[places_router, events_router, bookings_router, *_test_routers(settings.test_routers)],
        on_startup=[_wire],
    )
