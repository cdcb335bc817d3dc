"""Request dependencies of movie_api (getters from `common.deps`)."""

from typing import Annotated

from fastapi import Depends

from common.deps import CacheDep, from_state, unit_of_work
from movie_api.config import Settings
from movie_api.movies.repository import MovieUnitOfWork
from movie_api.movies.service import CatalogVersion

SettingsDep = Annotated[Settings, Depends(from_state("settings"))]
UnitOfWork = Annotated[MovieUnitOfWork, Depends(unit_of_work(MovieUnitOfWork))]
CatalogDep = Annotated[CatalogVersion, Depends(from_state("catalog_version"))]

__all__ = ["CacheDep", "CatalogDep", "SettingsDep", "UnitOfWork"]
