"""Annotated dependencies of the url_shortener routes.

They are `async def` on purpose: FastAPI runs a plain `def` dependency in a worker thread, and six
thread hops per redirect cost more than the redirect itself.
"""

from typing import Annotated

from fastapi import Depends, Request

from common.cache import Cache
from common.clock import Clock
from url_shortener.config import Settings
from url_shortener.links.clicks import ClickCounter
from url_shortener.links.targets import TargetPolicy
from url_shortener.uow import ShortenerUnitOfWork


async def get_uow(request: Request) -> ShortenerUnitOfWork:
    return ShortenerUnitOfWork(request.app.state.db.sessionmaker)


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_cache(request: Request) -> Cache:
    return request.app.state.cache


async def get_clock(request: Request) -> Clock:
    return request.app.state.clock


async def get_clicks(request: Request) -> ClickCounter:
    return request.app.state.clicks


async def get_policy(request: Request) -> TargetPolicy:
    return request.app.state.target_policy


UnitOfWork = Annotated[ShortenerUnitOfWork, Depends(get_uow)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
CacheDep = Annotated[Cache, Depends(get_cache)]
ClockDep = Annotated[Clock, Depends(get_clock)]
ClicksDep = Annotated[ClickCounter, Depends(get_clicks)]
PolicyDep = Annotated[TargetPolicy, Depends(get_policy)]
