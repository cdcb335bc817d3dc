import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from booking_api.bookings.models import OFFERED, PENDING, WAITING, Booking
from booking_api.bookings.repository import BookingRow
from booking_api.events.models import SCHEDULED, Event
from booking_api.places.models import Place


class WaitlistRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def waiting(self, event_id: uuid.UUID) -> list[Booking]:
        """The evening's waiting entries, in the order they joined."""
        rows = await self.session.execute(
            select(Booking)
            .where(Booking.event_id == event_id, Booking.status == WAITING)
            .order_by(Booking.waitlisted_at, Booking.id)
        )
        return list(rows.scalars())

    async def entry(self, entry_id: uuid.UUID) -> BookingRow | None:
        """A row that began on a waiting list, with its event and place."""
        row = (
            await self.session.execute(
                select(Booking, Event, Place)
                .join(Event, Booking.event_id == Event.id)
                .join(Place, Event.place_id == Place.id)
                .where(Booking.id == entry_id, Booking.waitlisted_at.is_not(None))
            )
        ).first()
        return BookingRow(row[0], row[1], row[2]) if row else None

    async def of_guest(
        self, guest_id: uuid.UUID, *, event_id: uuid.UUID | None = None, offset: int, limit: int
    ) -> tuple[list[BookingRow], int]:
        """The person's waiting-list entries (for one evening, with `event_id`), the latest joined first."""
        where = [Booking.guest_id == guest_id, Booking.waitlisted_at.is_not(None)]
        if event_id is not None:
            where.append(Booking.event_id == event_id)
        total = await self.session.scalar(select(func.count()).select_from(Booking).where(*where))
        rows = await self.session.execute(
            select(Booking, Event, Place)
            .join(Event, Booking.event_id == Event.id)
            .join(Place, Event.place_id == Place.id)
            .where(*where)
            .order_by(Booking.waitlisted_at.desc(), Booking.id)
            .offset(offset)
            .limit(limit)
        )
        return [BookingRow(r[0], r[1], r[2]) for r in rows], int(total or 0)

    async def count_waiting(self, event_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
        if not event_ids:
            return {}
        rows = await self.session.execute(
            select(Booking.event_id, func.count())
            .where(Booking.event_id.in_(event_ids), Booking.status == WAITING)
            .group_by(Booking.event_id)
        )
        return {row[0]: int(row[1]) for row in rows}

    async def events_with_due_offers(self, now: datetime, limit: int) -> list[uuid.UUID]:
        rows = await self.session.execute(
            select(Booking.event_id)
            .where(Booking.status == OFFERED, Booking.offer_expires_at <= now)
            .group_by(Booking.event_id)
            .limit(limit)
        )
        return list(rows.scalars())

    async def events_with_unanswered_requests(
        self, now: datetime, *, answered_within: datetime, stop_before: datetime, limit: int
    ) -> list[uuid.UUID]:
        """Evenings with a pending request made before `answered_within`, or starting before `stop_before`."""
        rows = await self.session.execute(
            select(Booking.event_id)
            .join(Event, Booking.event_id == Event.id)
            .where(
                Booking.status == PENDING,
                (Booking.created_at <= answered_within) | (Event.starts_at <= stop_before),
            )
            .group_by(Booking.event_id)
            .limit(limit)
        )
        return list(rows.scalars())

    async def events_with_stale_lists(self, now: datetime, limit: int) -> list[uuid.UUID]:
        """Evenings that started (or were cancelled) with people still waiting or offered."""
        rows = await self.session.execute(
            select(Booking.event_id)
            .join(Event, Booking.event_id == Event.id)
            .where(
                Booking.status.in_((WAITING, OFFERED)),
                (Event.starts_at <= now) | (Event.status != SCHEDULED),
            )
            .group_by(Booking.event_id)
            .limit(limit)
        )
        return list(rows.scalars())
