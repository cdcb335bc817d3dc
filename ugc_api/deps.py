"""Annotated dependencies of the UGC routes."""

from typing import Annotated

from fastapi import Depends, Request

from common.clock import Clock
from ugc_api.integrations.movies import MovieCatalog
from ugc_api.uow import UgcUnitOfWork


async def get_uow(request: Request) -> UgcUnitOfWork:
    return UgcUnitOfWork(request.app.state.db.sessionmaker)


async def get_clock(request: Request) -> Clock:
    return request.app.state.clock


async def get_movies(request: Request) -> MovieCatalog:
    return request.app.state.movies


UnitOfWork = Annotated[UgcUnitOfWork, Depends(get_uow)]
ClockDep = Annotated[Clock, Depends(get_clock)]
Movies = Annotated[MovieCatalog, Depends(get_movies)]
