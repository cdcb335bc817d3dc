"""Sending due emails: rendered in the recipient's language, to the address auth has for them.

SMTP down or a 4xx answer: the delivery waits (exponential backoff) and is tried again, until it is
older than the give-up age. A 5xx answer (no such mailbox, say) or a person without an address is a
permanent failure: recorded and never tried again. Auth down: the delivery waits as for SMTP."""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from jinja2 import TemplateError

from common.clock import Clock
from common.errors import DependencyUnavailable
from common.mail import PERMANENT, SENT, Mailer, OutgoingEmail
from common.worker import backoff
from notification.delivery.models import EXPIRED, FAILED, PENDING, SKIPPED, EmailDelivery
from notification.delivery.models import SENT as DELIVERED
from notification.integrations.auth import Contact
from notification.links import Links
from notification.messages.models import Notification
from notification.preferences.service import Defaults, effective
from notification.rendering import render_email
from notification.uow import NotificationUnitOfWork

logger = logging.getLogger(__name__)


class AddressBook(Protocol):
    async def contacts(self, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, Contact]: ...


@dataclass(frozen=True)
class DeliveryPolicy:
    backoff_base_seconds: float = 5.0
    backoff_max_seconds: float = 600.0
    give_up_after: timedelta = timedelta(hours=48)
    batch_size: int = 50


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    expired: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.skipped + self.expired


def _one_line(text: str) -> str:
    return " ".join(text.split())


async def deliver_due(
    *,
    uow_factory: Callable[[], NotificationUnitOfWork],
    mailer: Mailer,
    addresses: AddressBook,
    clock: Clock,
    links: Links,
    defaults: Defaults,
    policy: DeliveryPolicy = DeliveryPolicy(),
) -> DeliveryReport:
    """Send one batch of due emails. The batch stays locked (SKIP LOCKED) until its outcome is stored,
    so concurrent workers never take the same delivery."""
    report = DeliveryReport()
    async with uow_factory() as uow:
        now = clock.now()
        due = await uow.deliveries.claim_due(now, policy.batch_size)
        if not due:
            return report
        preferences = await uow.preferences.get_many([delivery.recipient_id for delivery, _ in due])
        live: list[tuple[EmailDelivery, Notification]] = []
        for delivery, message in due:
            chosen = preferences.get(delivery.recipient_id)
            if chosen is not None and message.kind in chosen.muted_kinds:
                await uow.deliveries.settle(
                    delivery.id, status=SKIPPED, attempts=delivery.attempts, error="muted"
                )
                report.skipped += 1
            elif delivery.created_at + policy.give_up_after <= now:
                await uow.deliveries.settle(
                    delivery.id,
                    status=EXPIRED,
                    attempts=delivery.attempts,
                    error=f"gave up after {delivery.attempts} attempts; last: {delivery.last_error}",
                )
                report.expired += 1
            else:
                live.append((delivery, message))
        if live:
            await _send(uow, live, preferences, mailer, addresses, clock, links, defaults, policy, report)
        await uow.commit()
    if report.handled:
        logger.info(
            "email round",
            extra={
                "sent": report.sent,
                "retried": report.retried,
                "failed": report.failed,
                "skipped": report.skipped,
                "expired": report.expired,
            },
        )
    return report


async def _send(
    uow: NotificationUnitOfWork,
    live: list[tuple[EmailDelivery, Notification]],
    preferences: dict,
    mailer: Mailer,
    addresses: AddressBook,
    clock: Clock,
    links: Links,
    defaults: Defaults,
    policy: DeliveryPolicy,
    report: DeliveryReport,
) -> None:
    now = clock.now()

    async def later(delivery: EmailDelivery, error: str, address: str | None = None) -> None:
        attempts = delivery.attempts + 1
        wait = backoff(attempts, base=policy.backoff_base_seconds, cap=policy.backoff_max_seconds)
        await uow.deliveries.settle(
            delivery.id,
            status=PENDING,
            attempts=attempts,
            next_attempt_at=now + wait,
            error=error,
            address=address,
        )
        report.retried += 1

    try:
        known = await addresses.contacts([delivery.recipient_id for delivery, _ in live])
    except DependencyUnavailable as exc:
        for delivery, _ in live:
            await later(delivery, f"no address yet: {exc.detail}")
        return
    batch: list[tuple[EmailDelivery, OutgoingEmail]] = []
    for delivery, message in live:
        contact = known.get(delivery.recipient_id)
        address = contact.email if contact else None
        if not address:
            reason = "no such user at auth" if delivery.recipient_id not in known else "the user has no email"
            await uow.deliveries.settle(
                delivery.id, status=FAILED, attempts=delivery.attempts + 1, error=reason
            )
            report.failed += 1
            continue
        chosen = effective(
            preferences.get(delivery.recipient_id),
            defaults,
            account_language=contact.language if contact else None,
        )
        try:
            rendered = render_email(
                message.kind,
                message.context,
                language=chosen.language,
                timezone=chosen.timezone,
                settings_url=links.settings(),
            )
        except (TemplateError, TypeError, ValueError) as exc:
            logger.exception("cannot render email %s", delivery.id)
            await uow.deliveries.settle(
                delivery.id,
                status=FAILED,
                attempts=delivery.attempts + 1,
                error=f"cannot render: {exc}"[:500],
            )
            report.failed += 1
            continue
        batch.append(
            (
                delivery,
                OutgoingEmail(
                    to=address,
                    subject=_one_line(rendered.title),
                    body=rendered.body,
                    message_id=f"<{delivery.id}@notification.kinoclub>",
                    headers={
                        "X-Kinoclub-Notification": str(message.id),
                        "X-Kinoclub-Kind": message.kind,
                        "X-Kinoclub-Event": str(message.event_id or ""),
                        "Content-Language": chosen.language,
                    },
                ),
            )
        )
    results = await mailer.send([email for _, email in batch])
    now = clock.now()
    for (delivery, email), result in zip(batch, results, strict=True):
        if result.outcome == SENT:
            await uow.deliveries.settle(
                delivery.id, status=DELIVERED, attempts=delivery.attempts + 1, address=email.to, sent_at=now
            )
            report.sent += 1
        elif result.outcome == PERMANENT:
            await uow.deliveries.settle(
                delivery.id,
                status=FAILED,
                attempts=delivery.attempts + 1,
                error=result.error,
                address=email.to,
            )
            report.failed += 1
        else:
            await later(delivery, result.error or "temporary failure", address=email.to)
