"""Housekeeping of the auth tables (the worker runs it every minute): what no one can use any more goes."""

from datetime import timedelta

from sqlalchemy import delete, or_

from auth_api.links.models import LinkToken
from auth_api.sessions.models import Session
from auth_api.tokens.models import RefreshToken
from auth_api.uow import AuthUnitOfWork
from common.clock import Clock

# Ended sessions stay this long, so "this session ended" stays explainable in the logs for a while.
KEEP_ENDED = timedelta(days=7)


async def sweep(*, uow: AuthUnitOfWork, clock: Clock) -> None:
    """Delete expired or revoked refresh tokens, used or expired links, and sessions that ended (or
    expired) a week ago."""
    now = clock.now()
    async with uow:
        await uow.session.execute(
            delete(RefreshToken).where(
                or_(
                    RefreshToken.expires_at < now,
                    RefreshToken.revoked_at.is_not(None),
                    RefreshToken.used_at < now - timedelta(minutes=5),
                )
            )
        )
        await uow.session.execute(
            delete(LinkToken).where(
                or_(
                    LinkToken.expires_at < now - timedelta(days=1),
                    LinkToken.used_at < now - timedelta(days=1),
                )
            )
        )
        await uow.session.execute(
            delete(Session).where(
                or_(Session.ended_at < now - KEEP_ENDED, Session.expires_at < now - KEEP_ENDED)
            )
        )
        await uow.commit()
