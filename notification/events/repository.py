"""Inbound events (deduplicated by id) and the projection of screenings and bookings."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.events import BookingFacts, Envelope, EventFacts, Guest
from notification.events.models import (
    ACTIVE,
    CANCELLED,
    SCHEDULED,
    BookingProjection,
    EventProjection,
    InboundEvent,
)


class InboundRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def add(self, envelope: Envelope, *, source: str, now: datetime) -> bool:
        """Store the envelope unless its id is known; True when it is new. A concurrent twin waits for
        the first to commit and then finds it there."""
        table = InboundEvent.__table__
        inserted = await self.session.scalar(
            insert(table)
            .values(
                id=envelope.id,
                type=envelope.type,
                occurred_at=envelope.occurred_at,
                request_id=envelope.request_id,
                data=envelope.data,
                source=source,
                received_at=now,
            )
            .on_conflict_do_nothing(index_elements=[table.c.id])
            .returning(table.c.id)
        )
        return inserted is not None


class ProjectionRepository:
    """Changes are applied in arrival order, which is the order they committed in booking: the relay
    sends a screening's events one by one in outbox order, and booking writes them under the
    screening's row lock. (Their `occurred_at` is when each use case began, which two concurrent
    changes can have the other way round.)"""

    def __init__(self, session: AsyncSession):
        self.session = session

    async def apply_event(self, data: EventFacts, *, at: datetime, status: str | None = None) -> None:
        """Take the screening's facts from an event payload; `status` None keeps the one it has."""
        values: dict[str, Any] = {
            "event_id": data.event_id,
            "host_id": data.host_id,
            "host_name": data.host_name,
            "movie_id": data.movie_id,
            "movie_title": data.movie_title,
            "starts_at": data.starts_at,
            "ends_at": data.ends_at,
            "place": data.place.model_dump(mode="json"),
            "capacity": data.capacity,
            "status": status or SCHEDULED,
            "share_url": data.share_url,
            "updated_at": at,
        }
        table = EventProjection.__table__
        statement = insert(table).values(**values)
        changes = {key: statement.excluded[key] for key in values if key != "event_id"}
        if status is None:
            del changes["status"]
        if data.share_url is None:
            # A later event without the link must not erase one an earlier event gave.
            del changes["share_url"]
        await self.session.execute(
            statement.on_conflict_do_update(index_elements=[table.c.event_id], set_=changes)
        )

    async def event(self, event_id: uuid.UUID) -> EventProjection | None:
        return await self.session.get(EventProjection, event_id)

    async def booking(self, booking_id: uuid.UUID) -> BookingProjection | None:
        return await self.session.get(BookingProjection, booking_id)

    async def apply_booking(self, data: BookingFacts, *, status: str, at: datetime) -> None:
        """Take the booking's facts from a booking payload."""
        await self._upsert_booking(
            data.booking_id,
            data.event_id,
            data.guest_id,
            data.seats,
            status=status,
            at=at,
            name=data.guest_name,
        )

    async def _upsert_booking(
        self,
        booking_id: uuid.UUID,
        event_id: uuid.UUID,
        guest_id: uuid.UUID,
        seats: int,
        *,
        status: str,
        at: datetime,
        name: str | None = None,
    ) -> None:
        """A payload without the guest's name keeps the one known."""
        values: dict[str, Any] = {
            "booking_id": booking_id,
            "event_id": event_id,
            "guest_id": guest_id,
            "guest_name": name,
            "seats": seats,
            "status": status,
            "booked_at": at,
            "updated_at": at,
        }
        table = BookingProjection.__table__
        statement = insert(table).values(**values)
        changes = {key: statement.excluded[key] for key in ("seats", "status", "updated_at")}
        if name is not None:
            changes["guest_name"] = statement.excluded.guest_name
        await self.session.execute(
            statement.on_conflict_do_update(index_elements=[table.c.booking_id], set_=changes)
        )

    async def keep_guests(
        self, event_id: uuid.UUID, guests: list[Guest], *, status: str, at: datetime
    ) -> None:
        """Bookings named in an event-level payload (a move or a cancellation), in the state it says."""
        for guest in guests:
            await self._upsert_booking(
                guest.booking_id, event_id, guest.guest_id, guest.seats, status=status, at=at
            )

    async def cancel_bookings_of(self, event_id: uuid.UUID, *, at: datetime) -> None:
        await self.session.execute(
            update(BookingProjection)
            .where(BookingProjection.event_id == event_id, BookingProjection.status == ACTIVE)
            .values(status=CANCELLED, updated_at=at)
        )

    async def guest_names(self, booking_ids: list[uuid.UUID]) -> dict[uuid.UUID, str | None]:
        rows = await self.session.execute(
            select(BookingProjection.booking_id, BookingProjection.guest_name).where(
                BookingProjection.booking_id.in_(booking_ids)
            )
        )
        return {row[0]: row[1] for row in rows}
