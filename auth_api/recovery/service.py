"""Use cases of passwords: forgetting one (a single-use emailed link), resetting it with that link, and
changing it while signed in."""

import logging
import uuid
from datetime import datetime

from auth_api.links import service as links
from auth_api.links.models import RESET_PASSWORD
from auth_api.mail import service as mail
from auth_api.sessions.revoker import Revoker
from auth_api.throttle import Throttle
from auth_api.tokens.exceptions import InvalidCredentials
from auth_api.tokens.service import check_password
from auth_api.uow import AuthUnitOfWork
from auth_api.users.exceptions import UserNotFound, WrongPassword
from auth_api.users.models import User
from auth_api.users.passwords import PasswordHasher
from common.clock import Clock
from common.security import Principal

logger = logging.getLogger(__name__)


async def send_reset_link(
    *,
    uow: AuthUnitOfWork,
    throttle: Throttle,
    clock: Clock,
    mail_settings: mail.MailSettings,
    ttl: int,
    email: str,
) -> None:
    """Email a single-use reset link to the account with this address, if there is one. It runs after
    the answer has gone (the same answer, at the same moment, for any address), so neither the answer
    nor its timing tells whether the address has an account. A few mails an hour per account at most."""
    async with uow:
        user = await uow.users.get_by_email(email)
        if user is None:
            return
        if await throttle.reset_mail(email=email) is not None:
            logger.info("reset link not sent: too many lately", extra={"user_id": str(user.id)})
            return
        await links.email_link(
            uow,
            mail_settings,
            user=user,
            purpose=RESET_PASSWORD,
            kind="reset_password",
            page="reset-password",
            now=clock.now(),
            ttl=ttl,
            minutes=ttl // 60,
        )
        await uow.commit()


async def reset_password(
    *,
    uow: AuthUnitOfWork,
    hasher: PasswordHasher,
    clock: Clock,
    revoker: Revoker,
    mail_settings: mail.MailSettings,
    token: str,
    password: str,
) -> User:
    """Set the password with a reset link's token (once; 400 for a used, expired or wrong one) and end
    every session of the account. Opening the link also proves the address, so it counts as verified."""
    password_hash = await hasher.hash(password)
    async with uow:
        now = clock.now()
        link = await links.redeem(uow, token=token, purpose=RESET_PASSWORD, now=now)
        user = await uow.users.get(link.user_id)
        if user is None:
            raise UserNotFound()
        user.password_hash = password_hash
        if user.email_verified_at is None and user.email.lower() == link.email.lower():
            user.email_verified_at = now
        await uow.links.void_unused(user.id, RESET_PASSWORD, at=now)
        revoker.end_sessions(uow, await uow.sessions.end(user.id, at=now))
        _tell_password_changed(uow, mail_settings, user=user, now=now, everywhere=True)
        await uow.commit()
        return user


async def change_password(
    *,
    uow: AuthUnitOfWork,
    hasher: PasswordHasher,
    throttle: Throttle,
    clock: Clock,
    revoker: Revoker,
    mail_settings: mail.MailSettings,
    user: Principal,
    current_password: str,
    new_password: str,
    client_ip: str,
) -> None:
    """Change my password, given the current one (wrong tries count like failed sign-ins); every other
    session of mine ends, this one stays."""
    account = await verify_own_password(
        uow=uow,
        hasher=hasher,
        throttle=throttle,
        user_id=user.user_id,
        password=current_password,
        client_ip=client_ip,
    )
    password_hash = await hasher.hash(new_password)
    async with uow:
        current = await uow.users.get(account.id)
        if current is None:
            raise UserNotFound()
        current.password_hash = password_hash
        keep = uuid.UUID(user.session_id) if user.session_id else None
        now = clock.now()
        revoker.end_sessions(uow, await uow.sessions.end(current.id, at=now, keep=keep))
        _tell_password_changed(uow, mail_settings, user=current, now=now, everywhere=keep is None)
        await uow.commit()


async def verify_own_password(
    *,
    uow: AuthUnitOfWork,
    hasher: PasswordHasher,
    throttle: Throttle,
    user_id: uuid.UUID,
    password: str,
    client_ip: str,
) -> User:
    """The signed-in person's account if `password` is theirs; 403 `wrong_password` otherwise. Tries
    are throttled like sign-ins to this account from this address (429)."""
    async with uow:
        user = await uow.users.get(user_id)
    if user is None:
        raise UserNotFound()
    try:
        account, attempt = await check_password(
            uow=uow,
            hasher=hasher,
            throttle=throttle,
            email=user.email,
            password=password,
            client_ip=client_ip,
        )
    except InvalidCredentials as exc:
        raise WrongPassword() from exc
    await throttle.login_succeeded(attempt)
    return account


def _tell_password_changed(
    uow: AuthUnitOfWork, mail_settings: mail.MailSettings, *, user: User, now: datetime, everywhere: bool
) -> None:
    """The owner hears of every password change, so a change they did not make does not go unnoticed."""
    mail.queue(
        uow,
        mail_settings,
        user=user,
        kind="password_changed",
        now=now,
        link=mail_settings.page("forgot-password"),
        everywhere=everywhere,
    )
