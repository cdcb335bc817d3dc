"""Passwords: forgotten (an emailed single-use link), reset with that link, changed while signed in."""

from fastapi import APIRouter, BackgroundTasks

from auth_api.deps import (
    ClientIp,
    ClockDep,
    Hasher,
    MailDep,
    RevokerDep,
    SettingsDep,
    ThrottleDep,
    UnitOfWork,
)
from auth_api.links.exceptions import LinkExpired, LinkInvalid, LinkUsed
from auth_api.recovery import service
from auth_api.recovery.schemas import Accepted, ChangeRequest, ForgotRequest, PasswordSet, ResetRequest
from auth_api.tokens.exceptions import TooManyLoginAttempts
from auth_api.users.exceptions import WrongPassword
from common.errors import NotAuthenticated, TooManyRequests, error_responses
from common.security import CurrentUserEvenBanned, InvalidToken, UserTokenRequired

router = APIRouter(tags=["passwords"])

FORGOT_ANSWER = (
    "If an account uses this address, a link to choose a new password is on its way; it works for 30 minutes."
)


@router.post(
    "/v1/password/forgot",
    status_code=202,
    response_model=Accepted,
    responses=error_responses(TooManyRequests),
)
async def forgot_password(
    body: ForgotRequest,
    background: BackgroundTasks,
    uow: UnitOfWork,
    throttle: ThrottleDep,
    clock: ClockDep,
    mail: MailDep,
    settings: SettingsDep,
) -> Accepted:
    """Ask for a link to reset the password. The answer is the same, and as quick, for any address:
    whether it has an account is never told; if it has, the link arrives by email (single use, 30 minutes)."""
    background.add_task(
        service.send_reset_link,
        uow=uow,
        throttle=throttle,
        clock=clock,
        mail_settings=mail,
        ttl=settings.reset_link_ttl_seconds,
        email=body.email,
    )
    return Accepted(detail=FORGOT_ANSWER)


@router.post(
    "/v1/password/reset",
    response_model=PasswordSet,
    responses=error_responses(LinkInvalid, LinkExpired, LinkUsed, TooManyRequests),
)
async def reset_password(
    body: ResetRequest, uow: UnitOfWork, hasher: Hasher, clock: ClockDep, revoker: RevokerDep, mail: MailDep
) -> PasswordSet:
    """Choose a new password with the emailed link's token: every session of the account ends, and the
    link stops working (a used, expired or wrong token is 400)."""
    user = await service.reset_password(
        uow=uow,
        hasher=hasher,
        clock=clock,
        revoker=revoker,
        mail_settings=mail,
        token=body.token,
        password=body.password,
    )
    return PasswordSet(detail="The password is changed; sign in with it.", email=user.email)


@router.post(
    "/v1/password/change",
    response_model=PasswordSet,
    responses=error_responses(
        NotAuthenticated, InvalidToken, UserTokenRequired, WrongPassword, TooManyLoginAttempts
    ),
)
async def change_password(
    body: ChangeRequest,
    user: CurrentUserEvenBanned,
    uow: UnitOfWork,
    hasher: Hasher,
    throttle: ThrottleDep,
    clock: ClockDep,
    revoker: RevokerDep,
    mail: MailDep,
    client_ip: ClientIp,
) -> PasswordSet:
    """Change my password, giving the current one: my other sessions end, this one stays signed in."""
    await service.change_password(
        uow=uow,
        hasher=hasher,
        throttle=throttle,
        clock=clock,
        revoker=revoker,
        mail_settings=mail,
        user=user,
        current_password=body.current_password,
        new_password=body.new_password,
        client_ip=client_ip,
    )
    return PasswordSet(detail="The password is changed; your other sessions have ended.")
