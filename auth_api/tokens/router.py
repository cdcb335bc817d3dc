"""Sign-in, refresh, logout, and service credentials."""

from fastapi import APIRouter, Response

from auth_api.deps import ClientIp, ClockDep, Hasher, Issuer, Limiter, SettingsDep, UnitOfWork
from auth_api.tokens import service
from auth_api.tokens.exceptions import (
    InvalidClient,
    InvalidCredentials,
    InvalidRefreshToken,
    RefreshTokenReused,
    TooManyLoginAttempts,
)
from auth_api.tokens.schemas import (
    LoginRequest,
    RefreshRequest,
    ServiceToken,
    ServiceTokenRequest,
    TokenPair,
)
from common.errors import error_responses

router = APIRouter(tags=["tokens"])


@router.post(
    "/v1/login", response_model=TokenPair, responses=error_responses(InvalidCredentials, TooManyLoginAttempts)
)
async def login(
    body: LoginRequest,
    uow: UnitOfWork,
    hasher: Hasher,
    issuer: Issuer,
    limiter: Limiter,
    clock: ClockDep,
    client_ip: ClientIp,
) -> TokenPair:
    """Sign in with email and password: an access token (15 minutes) and a refresh token."""
    return await service.login(
        uow=uow,
        hasher=hasher,
        issuer=issuer,
        limiter=limiter,
        clock=clock,
        email=body.email,
        password=body.password,
        client_ip=client_ip,
    )


@router.post(
    "/v1/refresh",
    response_model=TokenPair,
    responses=error_responses(InvalidRefreshToken, RefreshTokenReused),
)
async def refresh(body: RefreshRequest, uow: UnitOfWork, issuer: Issuer, clock: ClockDep) -> TokenPair:
    """Trade a refresh token for a new pair; the old one stops working, and reusing it revokes the family."""
    return await service.refresh(uow=uow, issuer=issuer, clock=clock, refresh_token=body.refresh_token)


@router.post("/v1/logout", status_code=204)
async def logout(body: RefreshRequest, uow: UnitOfWork, clock: ClockDep) -> Response:
    """Sign out: the refresh token and its whole family stop working (access tokens expire on their own)."""
    await service.logout(uow=uow, clock=clock, refresh_token=body.refresh_token)
    return Response(status_code=204)


@router.post("/v1/service_token", response_model=ServiceToken, responses=error_responses(InvalidClient))
async def service_token(
    body: ServiceTokenRequest, issuer: Issuer, clock: ClockDep, settings: SettingsDep
) -> ServiceToken:
    """A service's own short-lived token, for its client id and secret (see docs/service-auth.md)."""
    return await service.issue_service_token(
        issuer=issuer,
        clock=clock,
        clients=settings.service_clients,
        client_id=body.client_id,
        client_secret=body.client_secret,
    )
