"""Request-scoped dependencies of the booking service."""

from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request

from booking_api.bookings.idempotency import IdempotencyStore
from booking_api.config import Settings, get_settings
from booking_api.events.service import Rules
from booking_api.integrations.movies import MovieCatalog
from booking_api.integrations.shortener import ShareLinks
from booking_api.integrations.users import UserDirectory
from booking_api.uow import BookingUnitOfWork
from common.cache import Cache
from common.clock import Clock


async def _settings() -> Settings:
    return get_settings()


# Every dependency is `async def`: FastAPI runs plain `def` ones in a thread pool, a hop per request each.
SettingsDep = Annotated[Settings, Depends(_settings)]


async def get_uow(request: Request) -> BookingUnitOfWork:
    return BookingUnitOfWork(request.app.state.db.sessionmaker)


async def get_cache(request: Request) -> Cache:
    return request.app.state.cache


async def get_clock(request: Request) -> Clock:
    return request.app.state.clock


async def get_users(request: Request) -> UserDirectory:
    return request.app.state.users


async def get_movies(request: Request) -> MovieCatalog:
    return request.app.state.movies


async def get_links(request: Request) -> ShareLinks:
    return request.app.state.links


async def get_idempotency(request: Request) -> IdempotencyStore:
    return request.app.state.idempotency


async def get_rules(settings: SettingsDep) -> Rules:
    return Rules(
        min_lead=timedelta(minutes=settings.min_lead_minutes),
        horizon=timedelta(days=settings.max_horizon_days),
        event_ttl=settings.event_cache_seconds,
        list_ttl=settings.list_cache_seconds,
    )


UowDep = Annotated[BookingUnitOfWork, Depends(get_uow)]
CacheDep = Annotated[Cache, Depends(get_cache)]
ClockDep = Annotated[Clock, Depends(get_clock)]
UsersDep = Annotated[UserDirectory, Depends(get_users)]
MoviesDep = Annotated[MovieCatalog, Depends(get_movies)]
LinksDep = Annotated[ShareLinks, Depends(get_links)]
IdempotencyDep = Annotated[IdempotencyStore, Depends(get_idempotency)]
RulesDep = Annotated[Rules, Depends(get_rules)]
