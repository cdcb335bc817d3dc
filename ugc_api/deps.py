"""Annotated dependencies of the UGC routes (getters from `common.deps`)."""

from typing import Annotated

from fastapi import Depends

from common.deps import ClockDep, from_state, unit_of_work
from ugc_api.integrations.movies import MovieCatalog
from ugc_api.uow import UgcUnitOfWork

UnitOfWork = Annotated[UgcUnitOfWork, Depends(unit_of_work(UgcUnitOfWork))]
Movies = Annotated[MovieCatalog, Depends(from_state("movies"))]

__all__ = ["ClockDep", "Movies", "UnitOfWork"]
