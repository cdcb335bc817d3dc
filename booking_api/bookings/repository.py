import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from booking_api.bookings.models import ACTIVE, CANCELLED, Booking
from booking_api.events.models import SCHEDULED, Event
from booking_api.places.models import Place
from common import context

# The seat decision, in one statement: the conditional UPDATE takes the event's row lock and succeeds
# only if the seats fit; the booking and its outbox messages are written by the same statement, so the
# lock is held for the shortest possible time and nothing can happen between the check and the write.
_RESERVE = text(
    """
    WITH upd AS (
        UPDATE events
           SET seats_taken = seats_taken + :seats, updated_at = :now
         WHERE id = :event_id AND status = 'scheduled' AND starts_at > :now
           AND seats_taken + :seats <= capacity
     RETURNING id, capacity - seats_taken AS seats_left
    ), ins AS (
        INSERT INTO bookings (id, event_id, guest_id, seats, status, created_at, updated_at)
        SELECT :booking_id, upd.id, :guest_id, :seats, 'active', :now, :now FROM upd
     RETURNING id
    ), created AS (
        INSERT INTO outbox (id, type, aggregate_id, occurred_at, request_id, payload)
        SELECT :created_id, 'booking.created', :event_id, :now, :request_id,
               CAST(:payload AS jsonb) || jsonb_build_object('seats_left', upd.seats_left)
          FROM upd JOIN ins ON true
     RETURNING 1
    ), became_full AS (
        INSERT INTO outbox (id, type, aggregate_id, occurred_at, request_id, payload)
        SELECT :full_id, 'event.full', :event_id, :now, :request_id, CAST(:full_payload AS jsonb)
          FROM upd JOIN ins ON true
         WHERE upd.seats_left = 0
     RETURNING 1
    )
    SELECT upd.seats_left FROM upd JOIN ins ON true
    """
)


@dataclass(frozen=True)
class BookingRow:
    booking: Booking
    event: Event
    place: Place


def is_active_booking_conflict(exc: IntegrityError) -> bool:
    return "uq_bookings_active_guest" in str(exc.orig)


class BookingRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def reserve(
        self,
        *,
        booking_id: uuid.UUID,
        event_id: uuid.UUID,
        guest_id: uuid.UUID,
        seats: int,
        now: datetime,
        payload: dict[str, Any],
        full_payload: dict[str, Any],
    ) -> int | None:
        """Take `seats` and write the booking; the seats left after it, or None when they do not fit
        (or the event is no longer open). Raises IntegrityError when the guest already has a booking."""
        result = await self.session.execute(
            _RESERVE,
            {
                "seats": seats,
                "now": now,
                "event_id": event_id,
                "booking_id": booking_id,
                "guest_id": guest_id,
                "created_id": uuid.uuid4(),
                "full_id": uuid.uuid4(),
                "request_id": context.current_request_id(),
                "payload": orjson.dumps(payload).decode(),
                "full_payload": orjson.dumps(full_payload).decode(),
            },
        )
        row = result.first()
        return None if row is None else int(row[0])

    async def take_seats(self, event_id: uuid.UUID, delta: int, now: datetime) -> int | None:
        """Change an open event's counter by `delta` if it still fits; the seats left, or None."""
        row = (
            await self.session.execute(
                update(Event)
                .where(
                    Event.id == event_id,
                    Event.status == SCHEDULED,
                    Event.starts_at > now,
                    Event.seats_taken + delta <= Event.capacity,
                )
                .values(seats_taken=Event.seats_taken + delta, updated_at=now)
                .returning(Event.capacity - Event.seats_taken)
            )
        ).first()
        return None if row is None else int(row[0])

    async def get(self, booking_id: uuid.UUID, *, lock: bool = False) -> Booking | None:
        query = select(Booking).where(Booking.id == booking_id)
        if lock:
            query = query.with_for_update().execution_options(populate_existing=True)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def get_row(self, booking_id: uuid.UUID) -> BookingRow | None:
        row = (
            await self.session.execute(
                select(Booking, Event, Place)
                .join(Event, Booking.event_id == Event.id)
                .join(Place, Event.place_id == Place.id)
                .where(Booking.id == booking_id)
            )
        ).first()
        return BookingRow(row[0], row[1], row[2]) if row else None

    async def active_for_guest(self, event_id: uuid.UUID, guest_id: uuid.UUID) -> Booking | None:
        return (
            await self.session.execute(
                select(Booking).where(
                    Booking.event_id == event_id, Booking.guest_id == guest_id, Booking.status == ACTIVE
                )
            )
        ).scalar_one_or_none()

    async def list_for_guest(
        self, guest_id: uuid.UUID, *, status: str | None, offset: int, limit: int
    ) -> tuple[list[BookingRow], int]:
        where = [Booking.guest_id == guest_id]
        if status:
            where.append(Booking.status == status)
        total = await self.session.scalar(select(func.count()).select_from(Booking).where(*where))
        rows = await self.session.execute(
            select(Booking, Event, Place)
            .join(Event, Booking.event_id == Event.id)
            .join(Place, Event.place_id == Place.id)
            .where(*where)
            .order_by(Event.starts_at.desc(), Booking.id)
            .offset(offset)
            .limit(limit)
        )
        return [BookingRow(r[0], r[1], r[2]) for r in rows], int(total or 0)

    async def active_for_event(self, event_id: uuid.UUID) -> list[Booking]:
        rows = await self.session.execute(
            select(Booking)
            .where(Booking.event_id == event_id, Booking.status == ACTIVE)
            .order_by(Booking.created_at, Booking.id)
        )
        return list(rows.scalars())

    async def set_seats(self, booking_id: uuid.UUID, seats: int, now: datetime) -> None:
        await self.session.execute(
            update(Booking).where(Booking.id == booking_id).values(seats=seats, updated_at=now)
        )

    async def cancel(self, booking_id: uuid.UUID, *, by: str, now: datetime) -> int | None:
        """Cancel an active booking; its seats, or None if it was not active."""
        row = (
            await self.session.execute(
                update(Booking)
                .where(Booking.id == booking_id, Booking.status == ACTIVE)
                .values(status=CANCELLED, cancelled_by=by, cancelled_at=now, updated_at=now)
                .returning(Booking.seats)
            )
        ).first()
        return None if row is None else int(row[0])

    async def cancel_all_for_event(self, event_id: uuid.UUID, *, now: datetime) -> list[Booking]:
        rows = await self.session.execute(
            update(Booking)
            .where(Booking.event_id == event_id, Booking.status == ACTIVE)
            .values(status=CANCELLED, cancelled_by="host", cancelled_at=now, updated_at=now)
            .returning(Booking)
        )
        return list(rows.scalars())
