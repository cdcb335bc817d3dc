"""Use cases of email verification: opening the emailed link, and asking for a new one."""

import uuid

from auth_api.links import service as links
from auth_api.links.exceptions import LinkInvalid
from auth_api.links.models import VERIFY_EMAIL
from auth_api.mail.service import MailSettings
from auth_api.throttle import Throttle
from auth_api.uow import AuthUnitOfWork
from auth_api.users.exceptions import UserNotFound
from auth_api.users.service import send_verification
from auth_api.verification.exceptions import EmailAlreadyVerified, TooManyVerificationEmails
from auth_api.verification.schemas import Verified
from common.clock import Clock


async def verify_email(*, uow: AuthUnitOfWork, clock: Clock, token: str) -> Verified:
    """Mark the address the link was sent to as verified; the link works once (400 otherwise)."""
    async with uow:
        now = clock.now()
        link = await links.redeem(uow, token=token, purpose=VERIFY_EMAIL, now=now)
        user = await uow.users.get(link.user_id)
        if user is None or user.email.lower() != link.email.lower():
            raise LinkInvalid()
        if user.email_verified_at is None:
            user.email_verified_at = now
        await uow.commit()
        return Verified(email=user.email)


async def resend(
    *,
    uow: AuthUnitOfWork,
    throttle: Throttle,
    clock: Clock,
    mail_settings: MailSettings,
    ttl: int,
    user_id: uuid.UUID,
) -> None:
    """Email a new verification link (older ones stop working): one a minute, a few a day (429)."""
    async with uow:
        user = await uow.users.get(user_id)
        if user is None:
            raise UserNotFound()
        if user.email_verified_at is not None:
            raise EmailAlreadyVerified()
        wait = await throttle.verification_mail(user_id=user_id)
        if wait is not None:
            raise TooManyVerificationEmails(headers={"Retry-After": str(wait)}, retry_after=wait)
        await send_verification(uow, mail_settings, user=user, now=clock.now(), ttl=ttl)
        await uow.commit()
