"""Annotated dependencies of the auth routes (getters from `common.deps`)."""

from typing import Annotated

from fastapi import Depends

from auth_api.config import Settings
from auth_api.tokens.issuer import TokenIssuer
from auth_api.tokens.limiter import LoginLimiter
from auth_api.uow import AuthUnitOfWork
from auth_api.users.passwords import PasswordHasher
from common.deps import ClientIp, ClockDep, from_state, unit_of_work

UnitOfWork = Annotated[AuthUnitOfWork, Depends(unit_of_work(AuthUnitOfWork))]
SettingsDep = Annotated[Settings, Depends(from_state("settings"))]
Issuer = Annotated[TokenIssuer, Depends(from_state("issuer"))]
Hasher = Annotated[PasswordHasher, Depends(from_state("hasher"))]
Limiter = Annotated[LoginLimiter, Depends(from_state("login_limiter"))]

__all__ = ["ClientIp", "ClockDep", "Hasher", "Issuer", "Limiter", "SettingsDep", "UnitOfWork"]
