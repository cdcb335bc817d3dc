import uuid
from dataclasses import dataclass
from datetime import datetime

import orjson
from sqlalchemy import RowMapping, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from booking_api.bookings.models import ACTIVE, CANCELLED, Booking
from booking_api.events.models import SCHEDULED, Event
from booking_api.places.models import Place
from common import context
from common.events import BookingCreated, EventFull

# The booking.created message (common.events.BookingCreated) is built inside the booking statement:
# the screening's part by PostgreSQL from the rows it just changed, the guest's part passed in as JSON.
# One SQL expression per field; a field added to the class without one here fails at import.
_EVENT_FIELDS_SQL = {
    "event_id": "upd.id",
    "host_id": "upd.host_id",
    "host_name": "upd.host_name",
    "movie_id": "upd.movie_id",
    "movie_title": "upd.movie_title",
    "starts_at": "upd.starts_at",
    "ends_at": "upd.ends_at",
    "place": "jsonb_build_object('id', p.id, 'name', p.name, 'city', p.city, 'address', p.address)",
    "capacity": "upd.capacity",
    "seats_left": "upd.seats_left",
    "series_id": "upd.series_id",
    "share_url": "upd.share_url",
}
_GUEST_FIELDS = ("booking_id", "guest_id", "guest_name", "seats")
if set(_EVENT_FIELDS_SQL) != set(EventFull.model_fields) or set(_EVENT_FIELDS_SQL) | set(
    _GUEST_FIELDS
) != set(BookingCreated.model_fields):
    raise RuntimeError("the booking statement does not build every field of its messages")
_MESSAGE_SQL = "jsonb_build_object(" + ", ".join(f"'{k}', {v}" for k, v in _EVENT_FIELDS_SQL.items()) + ")"

# The whole booking, in one statement. The conditional UPDATE takes the event's row lock and succeeds
# only if the seats fit (and the event is open, not the guest's own, and asks nothing of its guests
# unless they were checked); the same statement reads the place, writes the booking and its outbox
# messages, and returns what the answer needs. With the statement run on its own (autocommit), the lock
# is held only while PostgreSQL executes it: nothing between the check and the write, no round trip.
_BOOK = text(
    f"""
    WITH upd AS (
        UPDATE events
           SET seats_taken = seats_taken + :seats, updated_at = :now
         WHERE id = :event_id AND status = 'scheduled' AND starts_at > :now AND host_id <> :guest_id
           AND seats_taken + :seats <= capacity
           AND (CAST(:requirements_checked AS boolean)
                OR (min_guest_rating IS NULL AND max_no_show_rate IS NULL))
     RETURNING id, host_id, host_name, movie_id, movie_title, starts_at, ends_at, place_id, capacity,
               series_id, share_url, capacity - seats_taken AS seats_left
    ), info AS (
        SELECT upd.*, p.name AS place_name, p.city AS place_city, p.address AS place_address,
               p.latitude AS place_latitude, p.longitude AS place_longitude, p.notes AS place_notes,
               {_MESSAGE_SQL} AS message
          FROM upd JOIN places p ON p.id = upd.place_id
    ), ins AS (
        INSERT INTO bookings (id, event_id, guest_id, seats, status, created_at, updated_at)
        SELECT :booking_id, info.id, :guest_id, :seats, 'active', :now, :now FROM info
     RETURNING id
    ), created AS (
        INSERT INTO outbox (id, type, aggregate_id, occurred_at, request_id, payload)
        SELECT :created_id, '{BookingCreated.TYPE}', info.id, :now, :request_id,
               info.message || CAST(:guest_fields AS jsonb)
          FROM info JOIN ins ON true
     RETURNING 1
    ), became_full AS (
        INSERT INTO outbox (id, type, aggregate_id, occurred_at, request_id, payload)
        SELECT :full_id, '{EventFull.TYPE}', info.id, :now, :request_id, info.message
          FROM info JOIN ins ON true
         WHERE info.seats_left = 0
     RETURNING 1
    )
    SELECT info.* FROM info JOIN ins ON true
    """
)


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
class BookingRow:
    booking: Booking
    event: Event
    place: Place


def is_active_booking_conflict(exc: IntegrityError) -> bool:
    return "uq_bookings_active_guest" in str(exc.orig)


class BookingRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def book(self, wanted: Reservation, *, requirements_checked: bool = False) -> RowMapping | None:
        """Take `seats` and write the booking and its messages; the event and place as they are after
        it (with `seats_left`), or None when it was refused: the seats do not fit, the event is closed,
        unknown or the guest's own, or it has guest requirements not yet checked. Raises IntegrityError
        when the guest already has an active booking there."""
        result = await self.session.execute(
            _BOOK,
            {
                "seats": wanted.seats,
                "now": wanted.at,
                "event_id": wanted.event_id,
                "booking_id": wanted.booking_id,
                "guest_id": wanted.guest_id,
                "requirements_checked": requirements_checked,
                "created_id": uuid.uuid4(),
                "full_id": uuid.uuid4(),
                "request_id": context.current_request_id(),
                "guest_fields": orjson.dumps(
                    {name: getattr(wanted, name) for name in _GUEST_FIELDS}, default=str
                ).decode(),
            },
        )
        return result.mappings().first()

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

    async def get_row(self, booking_id: uuid.UUID, *, fresh: bool = False) -> BookingRow | None:
        """The booking with its event and place; `fresh` reloads rows this session already holds."""
        query = (
            select(Booking, Event, Place)
            .join(Event, Booking.event_id == Event.id)
            .join(Place, Event.place_id == Place.id)
            .where(Booking.id == booking_id)
        )
        if fresh:
            query = query.execution_options(populate_existing=True)
        row = (await self.session.execute(query)).first()
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
