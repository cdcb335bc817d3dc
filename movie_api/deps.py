"""Request dependencies of movie_api: settings, the unit of work, the cache and the catalog version."""

from typing import Annotated

from fastapi import Depends, Request

from common.cache import Cache
from movie_api.config import Settings, get_settings
from movie_api.movies.repository import MovieUnitOfWork
from movie_api.movies.service import CatalogVersion


async def _uow(request: Request) -> MovieUnitOfWork:
    return MovieUnitOfWork(request.app.state.db.sessionmaker)


async def _cache(request: Request) -> Cache:
    return request.app.state.cache


async def _catalog(request: Request) -> CatalogVersion:
    return request.app.state.catalog_version


async def _settings() -> Settings:
    return get_settings()


SettingsDep = Annotated[Settings, Depends(_settings)]
UnitOfWork = Annotated[MovieUnitOfWork, Depends(_uow)]
CacheDep = Annotated[Cache, Depends(_cache)]
CatalogDep = Annotated[CatalogVersion, Depends(_catalog)]
