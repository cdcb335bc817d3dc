"""Sign-in, refresh, logout, and service credentials."""

from typing import Annotated

from fastapi import APIRouter, Header, Response

from auth_api.deps import (
    BearerIfValid,
    ClientIp,
    ClockDep,
    Hasher,
    Issuer,
    RevokerDep,
    SettingsDep,
    ThrottleDep,
    UnitOfWork,
)
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
    LogoutRequest,
    RefreshRequest,
    ServiceToken,
    ServiceTokenRequest,
    TokenPair,
)
from common.errors import TooManyRequests, error_responses

router = APIRouter(tags=["tokens"])


@router.post(
    "/v1/login",
    response_model=TokenPair,
    # 429 `too_many_requests` comes from nginx (more than 5 requests a second from one address).
    responses=error_responses(InvalidCredentials, TooManyLoginAttempts, TooManyRequests),
)
async def login(
    body: LoginRequest,
    uow: UnitOfWork,
    hasher: Hasher,
    issuer: Issuer,
    throttle: ThrottleDep,
    clock: ClockDep,
    client_ip: ClientIp,
    user_agent: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> TokenPair:
    """Sign in with email and password: a new session, with an access token (minutes) and a refresh
    token. A wrong email or password is one answer; repeated failures are slowed down per account and
    address (429 with Retry-After), so strangers cannot lock the owner out."""
    return await service.login(
        uow=uow,
        hasher=hasher,
        issuer=issuer,
        throttle=throttle,
        clock=clock,
        email=body.email,
        password=body.password,
        client_ip=client_ip,
        device=user_agent,
    )


@router.post(
    "/v1/refresh",
    response_model=TokenPair,
    responses=error_responses(InvalidRefreshToken, RefreshTokenReused),
)
async def refresh(
    body: RefreshRequest, uow: UnitOfWork, issuer: Issuer, revoker: RevokerDep, clock: ClockDep
) -> TokenPair:
    """Trade a refresh token for a new pair; the old one stops working, and reusing it ends the session."""
    return await service.refresh(
        uow=uow, issuer=issuer, revoker=revoker, clock=clock, refresh_token=body.refresh_token
    )


@router.post("/v1/logout", status_code=204)
async def logout(
    uow: UnitOfWork,
    clock: ClockDep,
    revoker: RevokerDep,
    caller: BearerIfValid,
    body: LogoutRequest | None = None,
) -> Response:
    """Sign out: the session of the refresh token (and of the bearer token, if sent) ends; its access
    tokens are refused by every service within a second. `everywhere: true` ends every session."""
    await service.logout(
        uow=uow,
        revoker=revoker,
        clock=clock,
        refresh_token=body.refresh_token if body else None,
        caller=caller,
        everywhere=body.everywhere if body else False,
    )
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
