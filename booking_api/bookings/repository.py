import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import RowMapping, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from booking_api.bookings.admission import NOT_ADMITTED, Admission
from booking_api.bookings.models import (
    ACTIVE,
    BOOKING_STATES,
    CANCELLED,
    CLOSED,
    OFFERED,
    OPEN,
    PENDING,
    WAITING,
    Booking,
)
from booking_api.bookings.statement import BOOK, GUEST_FIELDS
from booking_api.events.models import Event
from booking_api.places.models import Place
from common import context


@dataclass(frozen=True)
class Reservation:
    """What a guest asks for: `seats` at `event_id`, as `booking_id`, at the moment `at`."""

    booking_id: uuid.UUID
    event_id: uuid.UUID
    guest_id: uuid.UUID
    guest_name: str
    seats: int
    at: datetime


@dataclass(frozen=True)
class BookingLimits:
    """The rules the booking statement applies: open bookings per person, the answer deadline of a
    request."""

    max_active: int
    pending_answer: timedelta
    pending_stop: timedelta


@dataclass(frozen=True)
class BookingRow:
    booking: Booking
    event: Event
    place: Place


def is_active_booking_conflict(exc: IntegrityError) -> bool:
    return "uq_bookings_active_guest" in str(exc.orig)


def is_open_place_conflict(exc: IntegrityError) -> bool:
    """The person already has an open row for the evening (booked, pending, waiting or offered)."""
    return "uq_bookings_active_guest" in str(exc.orig)


class BookingRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def book(
        self,
        wanted: Reservation,
        *,
        limits: BookingLimits,
        requirements_checked: bool = False,
        admission: Admission = NOT_ADMITTED,
    ) -> RowMapping | None:
        """Take `seats` and write the booking and its messages; the event and place as they are after
        it (with `seats_left` and `booking_status`), or None when it was refused: the seats do not fit,
        the event is closed, hidden, unknown or the guest's own, its host blocked the guest, the guest
        holds too many open bookings, it has guest requirements not yet checked, or it is not open to
        everyone and the caller was not admitted. Raises
        IntegrityError when the guest already has an open place there (booked, pending or waiting)."""
        result = await self.session.execute(
            BOOK,
            {
                "seats": wanted.seats,
                "counted": 0 if admission.from_allotment else wanted.seats,
                "admitted": admission.admitted,
                "invite_id": admission.invite_id,
                "now": wanted.at,
                "event_id": wanted.event_id,
                "booking_id": wanted.booking_id,
                "guest_id": wanted.guest_id,
                "requirements_checked": requirements_checked,
                "max_active": limits.max_active,
                "pending_answer": limits.pending_answer,
                "pending_stop": limits.pending_stop,
                "created_id": uuid.uuid4(),
                "full_id": uuid.uuid4(),
                "request_id": context.current_request_id(),
                "guest_fields": orjson.dumps(
                    {name: getattr(wanted, name) for name in GUEST_FIELDS}, default=str
                ).decode(),
            },
        )
        return result.mappings().first()

    def add(self, booking: Booking) -> None:
        self.session.add(booking)

    async def flush(self) -> None:
        await self.session.flush()

    async def get(self, booking_id: uuid.UUID, *, lock: bool = False) -> Booking | None:
        query = select(Booking).where(Booking.id == booking_id)
        if lock:
            query = query.with_for_update().execution_options(populate_existing=True)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def get_row(
        self, booking_id: uuid.UUID, *, fresh: bool = False, states: tuple[str, ...] = BOOKING_STATES
    ) -> BookingRow | None:
        """The booking (a row in `states`) with its event and place; `fresh` reloads rows this
        session already holds."""
        query = (
            select(Booking, Event, Place)
            .join(Event, Booking.event_id == Event.id)
            .join(Place, Event.place_id == Place.id)
            .where(Booking.id == booking_id, Booking.status.in_(states))
        )
        if fresh:
            query = query.execution_options(populate_existing=True)
        row = (await self.session.execute(query)).first()
        return BookingRow(row[0], row[1], row[2]) if row else None

    async def open_for_guest(self, event_id: uuid.UUID, guest_id: uuid.UUID) -> Booking | None:
        """The person's open place in the evening: booked, pending, offered or waiting."""
        return (
            await self.session.execute(
                select(Booking).where(
                    Booking.event_id == event_id, Booking.guest_id == guest_id, Booking.status.in_(OPEN)
                )
            )
        ).scalar_one_or_none()

    async def active_for_guest(self, event_id: uuid.UUID, guest_id: uuid.UUID) -> Booking | None:
        return (
            await self.session.execute(
                select(Booking).where(
                    Booking.event_id == event_id, Booking.guest_id == guest_id, Booking.status == ACTIVE
                )
            )
        ).scalar_one_or_none()

    async def count_upcoming(self, guest_id: uuid.UUID, states: tuple[str, ...], now: datetime) -> int:
        """The person's rows in `states` for evenings that have not started."""
        return int(
            await self.session.scalar(
                select(func.count())
                .select_from(Booking)
                .join(Event, Booking.event_id == Event.id)
                .where(Booking.guest_id == guest_id, Booking.status.in_(states), Event.starts_at > now)
            )
            or 0
        )

    async def list_for_guest(
        self,
        guest_id: uuid.UUID,
        *,
        status: str | None,
        event_id: uuid.UUID | None = None,
        offset: int,
        limit: int,
    ) -> tuple[list[BookingRow], int]:
        where = [Booking.guest_id == guest_id, Booking.status.in_([status] if status else BOOKING_STATES)]
        if event_id is not None:
            where.append(Booking.event_id == event_id)
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
        return await self.for_event(event_id, (ACTIVE,))

    async def for_event(self, event_id: uuid.UUID, states: tuple[str, ...]) -> list[Booking]:
        """The evening's rows in `states`, in the order they were made."""
        rows = await self.session.execute(
            select(Booking)
            .where(Booking.event_id == event_id, Booking.status.in_(states))
            .order_by(Booking.created_at, Booking.id)
        )
        return list(rows.scalars())

    async def set_seats(self, booking_id: uuid.UUID, seats: int, now: datetime) -> None:
        await self.session.execute(
            update(Booking).where(Booking.id == booking_id).values(seats=seats, updated_at=now)
        )

    async def close(self, booking_id: uuid.UUID, status: str, *, now: datetime, **values: Any) -> int | None:
        """Move an open row to `status` (with other `values`); its seats, or None when it was not open."""
        row = (
            await self.session.execute(
                update(Booking)
                .where(Booking.id == booking_id, Booking.status.in_(OPEN))
                .values(status=status, updated_at=now, **values)
                .returning(Booking.seats)
            )
        ).first()
        return None if row is None else int(row[0])

    async def change_status(
        self, booking_id: uuid.UUID, status: str, *, now: datetime, **values: Any
    ) -> None:
        await self.session.execute(
            update(Booking).where(Booking.id == booking_id).values(status=status, updated_at=now, **values)
        )

    async def cancel_all_for_event(self, event_id: uuid.UUID, *, now: datetime) -> list[Booking]:
        """The host cancelled the evening: its bookings and requests are cancelled (the rows returned),
        its waiting list closed."""
        await self.session.execute(
            update(Booking)
            .where(Booking.event_id == event_id, Booking.status.in_((WAITING, OFFERED)))
            .values(status=CLOSED, updated_at=now)
        )
        rows = await self.session.execute(
            update(Booking)
            .where(Booking.event_id == event_id, Booking.status.in_((PENDING, ACTIVE)))
            .values(status=CANCELLED, cancelled_by="host", cancelled_at=now, updated_at=now)
            .returning(Booking)
        )
        return list(rows.scalars())
