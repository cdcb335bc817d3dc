"""Email verification: the emailed link's token, and asking for a new link."""

from fastapi import APIRouter

from auth_api.deps import ClockDep, MailDep, SettingsDep, ThrottleDep, UnitOfWork
from auth_api.links.exceptions import LinkExpired, LinkInvalid, LinkUsed
from auth_api.verification import service
from auth_api.verification.exceptions import EmailAlreadyVerified, TooManyVerificationEmails
from auth_api.verification.schemas import Sent, Verified, VerifyRequest
from common.errors import NotAuthenticated, TooManyRequests, error_responses
from common.security import CurrentUserEvenBanned, InvalidToken, UserTokenRequired

router = APIRouter(tags=["verification"])


@router.post(
    "/v1/email/verify",
    response_model=Verified,
    responses=error_responses(LinkInvalid, LinkExpired, LinkUsed, TooManyRequests),
)
async def verify_email(body: VerifyRequest, uow: UnitOfWork, clock: ClockDep) -> Verified:
    """Confirm the email address with the token of the link sent to it (single use; 400 otherwise)."""
    return await service.verify_email(uow=uow, clock=clock, token=body.token)


@router.post(
    "/v1/email/verify/resend",
    status_code=202,
    response_model=Sent,
    responses=error_responses(
        NotAuthenticated, InvalidToken, UserTokenRequired, EmailAlreadyVerified, TooManyVerificationEmails
    ),
)
async def resend_verification(
    user: CurrentUserEvenBanned,
    uow: UnitOfWork,
    clock: ClockDep,
    throttle: ThrottleDep,
    mail: MailDep,
    settings: SettingsDep,
) -> Sent:
    """Email me a new verification link (the older ones stop working); once a minute, 5 a day."""
    await service.resend(
        uow=uow,
        throttle=throttle,
        clock=clock,
        mail_settings=mail,
        ttl=settings.verification_link_ttl_seconds,
        user_id=user.user_id,
    )
    return Sent(detail="A new verification link is on its way.")
