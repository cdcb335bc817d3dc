"""Annotated dependencies of the url_shortener routes (getters from `common.deps`)."""

from typing import Annotated

from fastapi import Depends

from common.deps import CacheDep, ClockDep, from_state, unit_of_work
from url_shortener.config import Settings
from url_shortener.links.clicks import ClickCounter
from url_shortener.links.targets import TargetPolicy
from url_shortener.uow import ShortenerUnitOfWork

UnitOfWork = Annotated[ShortenerUnitOfWork, Depends(unit_of_work(ShortenerUnitOfWork))]
SettingsDep = Annotated[Settings, Depends(from_state("settings"))]
ClicksDep = Annotated[ClickCounter, Depends(from_state("clicks"))]
PolicyDep = Annotated[TargetPolicy, Depends(from_state("target_policy"))]

__all__ = ["CacheDep", "ClicksDep", "ClockDep", "PolicyDep", "SettingsDep", "UnitOfWork"]
