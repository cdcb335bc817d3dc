"""Issuing and redeeming single-use links (email verification, password reset)."""

import uuid
from datetime import datetime, timedelta
from typing import Any

from auth_api.links.exceptions import LinkExpired, LinkInvalid, LinkUsed
from auth_api.links.models import LinkToken
from auth_api.mail import service as mail
from auth_api.mail.compose import Kind
from auth_api.opaque import hash_secret_token, new_secret_token
from auth_api.uow import AuthUnitOfWork
from auth_api.users.models import User


def issue(
    uow: AuthUnitOfWork, *, user_id: uuid.UUID, email: str, purpose: str, now: datetime, ttl: int
) -> str:
    """A new link token (returned once, for the email); only its hash is stored."""
    token, token_hash = new_secret_token()
    uow.links.add(
        LinkToken(
            id=uuid.uuid4(),
            user_id=user_id,
            purpose=purpose,
            token_hash=token_hash,
            email=email,
            created_at=now,
            expires_at=now + timedelta(seconds=ttl),
        )
    )
    return token


async def email_link(
    uow: AuthUnitOfWork,
    mail_settings: mail.MailSettings,
    *,
    user: User,
    purpose: str,
    kind: Kind,
    page: str,
    now: datetime,
    ttl: int,
    **context: Any,
) -> None:
    """A new single-use link of `purpose` to the web front's `page` (older unused ones stop working),
    emailed to the account's address in its language."""
    await uow.links.void_unused(user.id, purpose, at=now)
    token = issue(uow, user_id=user.id, email=user.email, purpose=purpose, now=now, ttl=ttl)
    mail.queue(
        uow, mail_settings, user=user, kind=kind, now=now, link=mail_settings.link(page, token), **context
    )


async def redeem(uow: AuthUnitOfWork, *, token: str, purpose: str, now: datetime) -> LinkToken:
    """The link's row, now marked used; 400 `link_invalid`, `link_expired` or `link_used` otherwise."""
    row = await uow.links.get_for_update(hash_secret_token(token), purpose)
    if row is None:
        raise LinkInvalid()
    if row.used_at is not None:
        raise LinkUsed()
    if row.expires_at <= now:
        raise LinkExpired()
    row.used_at = now
    return row
