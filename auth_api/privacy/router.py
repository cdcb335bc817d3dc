"""My data: export everything the platform holds about me; delete my account everywhere."""

from typing import Any

from fastapi import APIRouter, Response

from auth_api.deps import (
    ClientIp,
    ClockDep,
    ExportSourcesDep,
    Hasher,
    RevokerDep,
    SettingsDep,
    ThrottleDep,
    UnitOfWork,
)
from auth_api.groups.exceptions import LastAdmin
from auth_api.privacy import service
from auth_api.privacy.holders import data_holders
from auth_api.privacy.schemas import DeleteRequest
from auth_api.tokens.exceptions import TooManyLoginAttempts
from auth_api.users.exceptions import UserNotFound, WrongPassword
from common.errors import NotAuthenticated, error_responses
from common.security import CurrentUserEvenBanned, InvalidToken, UserTokenRequired

router = APIRouter(tags=["my data"])

_SIGNED_IN = (NotAuthenticated, InvalidToken, UserTokenRequired)


@router.get("/v1/me/export", responses=error_responses(*_SIGNED_IN, UserNotFound))
async def export_my_data(
    user: CurrentUserEvenBanned, uow: UnitOfWork, clock: ClockDep, sources: ExportSourcesDep
) -> dict[str, Any]:
    """Everything the platform holds about me, from every service, as one JSON document: `account`
    (with sessions), `bookings`, `hosted_evenings`, `ratings_given`, `ratings_received`, `reviews`,
    `friends`, `subscriptions`, `notifications`, ... and `sources`, what each service answered."""
    return await service.export(uow=uow, clock=clock, sources=sources, user=user)


@router.delete(
    "/v1/me",
    status_code=204,
    responses=error_responses(*_SIGNED_IN, WrongPassword, TooManyLoginAttempts, LastAdmin),
)
async def delete_me(
    body: DeleteRequest,
    user: CurrentUserEvenBanned,
    uow: UnitOfWork,
    hasher: Hasher,
    throttle: ThrottleDep,
    clock: ClockDep,
    revoker: RevokerDep,
    settings: SettingsDep,
    client_ip: ClientIp,
) -> Response:
    """Delete my account, confirming with my password: signed out everywhere at once; every service
    removes my personal data within a minute (reviews and ratings stay, by "deleted user")."""
    await service.delete_account(
        uow=uow,
        hasher=hasher,
        throttle=throttle,
        clock=clock,
        revoker=revoker,
        destinations=[holder.name for holder in data_holders(settings)],
        user=user,
        password=body.password,
        client_ip=client_ip,
    )
    return Response(status_code=204)
