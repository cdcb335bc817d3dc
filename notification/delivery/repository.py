"""Email deliveries: claimed with SKIP LOCKED, so several workers never send one message twice."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notification.delivery.models import PENDING, EmailDelivery
from notification.messages.models import Notification


class DeliveryRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def add_many(self, rows: list[tuple[uuid.UUID, uuid.UUID]], *, now: datetime) -> None:
        """Pending email deliveries for (notification id, recipient id) pairs, due at once."""
        if not rows:
            return
        table = EmailDelivery.__table__
        await self.session.execute(
            insert(table).on_conflict_do_nothing(index_elements=[table.c.notification_id]),
            [
                {
                    "id": uuid.uuid4(),
                    "notification_id": notification_id,
                    "recipient_id": recipient_id,
                    "status": PENDING,
                    "attempts": 0,
                    "next_attempt_at": now,
                    "last_error": None,
                    "address": None,
                    "created_at": now,
                    "sent_at": None,
                }
                for notification_id, recipient_id in rows
            ],
        )

    async def claim_due(self, now: datetime, limit: int) -> Sequence[Row[EmailDelivery, Notification]]:
        """Due deliveries with their messages, locked until the transaction ends; others skip them."""
        rows = await self.session.execute(
            select(EmailDelivery, Notification)
            .join(Notification, Notification.id == EmailDelivery.notification_id)
            .where(EmailDelivery.status == PENDING, EmailDelivery.next_attempt_at <= now)
            .order_by(EmailDelivery.next_attempt_at, EmailDelivery.id)
            .limit(limit)
            .with_for_update(of=EmailDelivery, skip_locked=True)
        )
        return rows.all()

    async def settle(
        self,
        delivery_id: uuid.UUID,
        *,
        status: str,
        attempts: int,
        next_attempt_at: datetime | None = None,
        error: str | None = None,
        address: str | None = None,
        sent_at: datetime | None = None,
    ) -> None:
        values: dict[str, object] = {"status": status, "attempts": attempts}
        # A success keeps the last failure's text: how a message got through stays readable.
        if error is not None:
            values["last_error"] = error
        if next_attempt_at is not None:
            values["next_attempt_at"] = next_attempt_at
        if address is not None:
            values["address"] = address
        if sent_at is not None:
            values["sent_at"] = sent_at
        await self.session.execute(
            update(EmailDelivery).where(EmailDelivery.id == delivery_id).values(**values)
        )
