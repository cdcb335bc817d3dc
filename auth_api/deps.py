"""Annotated dependencies of the auth routes."""

from typing import Annotated

from fastapi import Depends, Request

from auth_api.config import Settings
from auth_api.tokens.issuer import TokenIssuer
from auth_api.tokens.limiter import LoginLimiter
from auth_api.uow import AuthUnitOfWork
from auth_api.users.passwords import PasswordHasher
from common.clock import Clock


async def get_uow(request: Request) -> AuthUnitOfWork:
    return AuthUnitOfWork(request.app.state.db.sessionmaker)


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_issuer(request: Request) -> TokenIssuer:
    return request.app.state.issuer


async def get_hasher(request: Request) -> PasswordHasher:
    return request.app.state.hasher


async def get_limiter(request: Request) -> LoginLimiter:
    return request.app.state.login_limiter


async def get_clock(request: Request) -> Clock:
    return request.app.state.clock


async def get_client_ip(request: Request) -> str:
    # uvicorn runs with --proxy-headers and trusts only the local nginx, so this is the caller's address.
    return request.client.host if request.client else "unknown"


UnitOfWork = Annotated[AuthUnitOfWork, Depends(get_uow)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Issuer = Annotated[TokenIssuer, Depends(get_issuer)]
Hasher = Annotated[PasswordHasher, Depends(get_hasher)]
Limiter = Annotated[LoginLimiter, Depends(get_limiter)]
ClockDep = Annotated[Clock, Depends(get_clock)]
ClientIp = Annotated[str, Depends(get_client_ip)]
