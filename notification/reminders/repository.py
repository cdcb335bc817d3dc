import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Row, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notification.events.models import ACTIVE, SCHEDULED, BookingProjection, EventProjection
from notification.reminders.models import SentReminder


class ReminderRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def due(
        self, kind: str, *, lead: timedelta, until: timedelta, now: datetime, limit: int
    ) -> Sequence[Row[BookingProjection, EventProjection]]:
        """Active bookings of scheduled screenings whose reminder moment (start - lead) has come, while
        the start is still more than `until` away, booked before that moment, and not yet reminded of
        this start time. Reading the current start makes a moved screening's reminder follow it."""
        done = (
            select(SentReminder.booking_id)
            .where(
                SentReminder.booking_id == BookingProjection.booking_id,
                SentReminder.kind == kind,
                SentReminder.starts_at == EventProjection.starts_at,
            )
            .exists()
        )
        rows = await self.session.execute(
            select(BookingProjection, EventProjection)
            .join(EventProjection, EventProjection.event_id == BookingProjection.event_id)
            .where(
                BookingProjection.status == ACTIVE,
                EventProjection.status == SCHEDULED,
                EventProjection.starts_at <= now + lead,
                EventProjection.starts_at > now + until,
                BookingProjection.booked_at < EventProjection.starts_at - lead,
                ~done,
            )
            .order_by(EventProjection.starts_at, BookingProjection.booking_id)
            .limit(limit)
        )
        return rows.all()

    async def mark(self, booking_id: uuid.UUID, kind: str, starts_at: datetime, *, now: datetime) -> bool:
        """Claim this reminder; False when another scan already did."""
        inserted = await self.session.scalar(
            insert(SentReminder)
            .values(booking_id=booking_id, kind=kind, starts_at=starts_at, created_at=now)
            .on_conflict_do_nothing()
            .returning(SentReminder.booking_id)
        )
        return inserted is not None

    async def link(
        self, booking_id: uuid.UUID, kind: str, starts_at: datetime, notification_id: uuid.UUID
    ) -> None:
        await self.session.execute(
            update(SentReminder)
            .where(
                SentReminder.booking_id == booking_id,
                SentReminder.kind == kind,
                SentReminder.starts_at == starts_at,
            )
            .values(notification_id=notification_id)
        )
