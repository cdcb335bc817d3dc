"""Queueing an account email in the transaction of the change that causes it, and sending the queue
(`deliver_due`, a round of `python -m auth_api.worker`)."""

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from auth_api.mail.compose import Kind, compose
from auth_api.mail.models import QueuedEmail
from auth_api.uow import AuthUnitOfWork
from auth_api.users.models import User
from common.clock import Clock
from common.mail import PERMANENT, SENT, Mailer, OutgoingEmail
from common.worker import backoff

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailSettings:
    public_base_url: str
    default_language: str = "ru"

    def page(self, page: str) -> str:
        """A page of the web front (`/forgot-password`)."""
        return f"{self.public_base_url.rstrip('/')}/{page}"

    def link(self, page: str, token: str) -> str:
        """A page of the web front with a token (`/verify-email?token=...`)."""
        return f"{self.page(page)}?token={token}"


def queue(
    uow: AuthUnitOfWork, mail: MailSettings, *, user: User, kind: Kind, now: datetime, **context: Any
) -> None:
    """Queue an email to the account's address, in its language; it goes when the transaction commits."""
    composed = compose(
        kind,
        language=user.language,
        default_language=mail.default_language,
        name=user.name,
        email=user.email,
        **context,
    )
    uow.mail.add(
        QueuedEmail(
            id=uuid.uuid4(),
            user_id=user.id,
            to_address=user.email,
            kind=kind,
            subject=composed.subject,
            body=composed.body,
            created_at=now,
            next_attempt_at=now,
        )
    )


@dataclass(frozen=True)
class MailPolicy:
    backoff_base_seconds: float = 5.0
    backoff_max_seconds: float = 600.0
    give_up_after: timedelta = field(default_factory=lambda: timedelta(hours=48))
    batch_size: int = 20


async def deliver_due(*, uow: AuthUnitOfWork, mailer: Mailer, clock: Clock, policy: MailPolicy) -> int:
    """Send the emails whose time has come; sent ones and hopeless ones leave the queue (the queue
    holds addresses, so nothing stays longer than it must). How many were handled."""
    async with uow:
        now = clock.now()
        due = await uow.mail.due(now=now, limit=policy.batch_size)
        if not due:
            return 0
        results = await mailer.send(
            [
                OutgoingEmail(
                    to=email.to_address,
                    subject=email.subject,
                    body=email.body,
                    headers={"X-Kinoclub-Account": email.kind},
                )
                for email in due
            ]
        )
        done: list[uuid.UUID] = []
        for email, result in zip(due, results, strict=True):
            if result.outcome == SENT:
                done.append(email.id)
            elif result.outcome == PERMANENT or now - email.created_at > policy.give_up_after:
                logger.warning(
                    "account email dropped: %s", result.error, extra={"user_id": str(email.user_id)}
                )
                done.append(email.id)
            else:
                attempts = email.attempts + 1
                wait = backoff(attempts, base=policy.backoff_base_seconds, cap=policy.backoff_max_seconds)
                await uow.mail.postpone(email.id, attempts=attempts, at=now + wait, error=result.error or "")
        await uow.mail.remove(done)
        await uow.commit()
    return len(due)
