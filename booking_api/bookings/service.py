import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import RowMapping
from sqlalchemy.exc import IntegrityError

from booking_api.bookings.calendar import booking_ics
from booking_api.bookings.exceptions import (
    AlreadyBooked,
    BookingClosed,
    BookingNotFound,
    EventClosed,
    NotEnoughSeats,
    OwnEvent,
    SeatsOverLimit,
)
from booking_api.bookings.idempotency import IdempotencyStore, IdempotentRequest, Replay
from booking_api.bookings.models import ACTIVE, Booking
from booking_api.bookings.repository import BookingRow, is_active_booking_conflict
from booking_api.bookings.schemas import BookingRead, EventSummary, GuestList, GuestRead
from booking_api.events.exceptions import EventNotFound, NotYourEvent
from booking_api.events.models import SCHEDULED, Event
from booking_api.events.schemas import PlaceRef
from booking_api.events.service import (
    event_message,
    invalidate_event,
    place_ref,
    require_active_person,
    status_of,
)
from booking_api.integrations.users import UserDirectory
from booking_api.places.models import Place
from booking_api.ratings.service import check_guest_requirements
from booking_api.uow import BookingUnitOfWork
from common.cache import Cache
from common.clock import Clock
from common.errors import DomainError, status_for
from common.pagination import Page, PageParams


def _summary(event: Event, place: Place, now: datetime, *, reveal_place: bool) -> EventSummary:
    return EventSummary(
        id=event.id,
        movie_id=event.movie_id,
        movie_title=event.movie_title,
        host_id=event.host_id,
        host_name=event.host_name,
        starts_at=event.starts_at.astimezone(UTC),
        ends_at=event.ends_at.astimezone(UTC),
        status=status_of(event, now),  # type: ignore[arg-type]
        place=place_ref(place, reveal=reveal_place),
    )


def booking_read(row: BookingRow, now: datetime, *, seats_left: int | None = None) -> BookingRead:
    booking = row.booking
    return BookingRead(
        id=booking.id,
        event_id=booking.event_id,
        guest_id=booking.guest_id,
        seats=booking.seats,
        status=booking.status,  # type: ignore[arg-type]
        cancelled_by=booking.cancelled_by,  # type: ignore[arg-type]
        created_at=booking.created_at.astimezone(UTC),
        updated_at=booking.updated_at.astimezone(UTC),
        cancelled_at=booking.cancelled_at.astimezone(UTC) if booking.cancelled_at else None,
        event=_summary(row.event, row.place, now, reveal_place=booking.status == ACTIVE),
        seats_left=seats_left,
    )


def _booking_message(row: BookingRow, **extra: Any) -> dict[str, Any]:
    return {
        **event_message(row.event, row.place),
        "booking_id": str(row.booking.id),
        "guest_id": str(row.booking.guest_id),
        "seats": row.booking.seats,
        **extra,
    }


def _check_seats(seats: int, max_seats: int) -> None:
    if seats > max_seats:
        raise SeatsOverLimit(f"One booking holds at most {max_seats} seats.", max_seats=max_seats)


async def create_booking(
    *,
    uow: BookingUnitOfWork,
    cache: Cache,
    clock: Clock,
    users: UserDirectory,
    idempotency: IdempotencyStore,
    max_seats: int,
    guest_id: uuid.UUID,
    event_id: uuid.UUID,
    seats: int,
    request: IdempotentRequest | None,
) -> BookingRead | Replay:
    """Book seats for the caller; the seat decision is one conditional statement in PostgreSQL."""
    _check_seats(seats, max_seats)
    guest = await require_active_person(users, guest_id)
    now = clock.now()
    if request is not None:
        replay = await idempotency.claim(request, now)
        if replay is not None:
            return replay
    try:
        result = await _reserve(
            # Without a key the booking's only write is the one reservation statement, atomic by itself;
            # with a key, the stored answer must commit together with it, in one transaction.
            uow=uow if request is not None else uow.autocommit(),
            idempotency=idempotency,
            request=request,
            guest_id=guest_id,
            guest_name=guest.name,
            event_id=event_id,
            seats=seats,
            now=now,
        )
    except DomainError as exc:
        if request is not None:
            body = {"code": exc.code, "detail": exc.detail, **exc.context}
            await idempotency.record_alone(request, status_for(type(exc)), _jsonable(body))
        raise
    except BaseException:
        if request is not None:
            await idempotency.release(request)
        raise
    await invalidate_event(cache, event_id)
    return result


def _jsonable(body: dict[str, Any]) -> dict[str, Any]:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(body)


async def _reserve(
    *,
    uow: BookingUnitOfWork,
    idempotency: IdempotencyStore,
    request: IdempotentRequest | None,
    guest_id: uuid.UUID,
    guest_name: str,
    event_id: uuid.UUID,
    seats: int,
    now: datetime,
) -> BookingRead:
    booking_id = uuid.uuid4()
    async with uow:
        requirements_checked = False
        while True:
            try:
                row = await uow.bookings.book(
                    booking_id=booking_id,
                    event_id=event_id,
                    guest_id=guest_id,
                    guest_name=guest_name,
                    seats=seats,
                    now=now,
                    requirements_checked=requirements_checked,
                )
            except IntegrityError as exc:
                if not is_active_booking_conflict(exc):
                    raise
                await uow.rollback()
                existing = await uow.bookings.active_for_guest(event_id, guest_id)
                raise AlreadyBooked(booking_id=existing.id if existing else None) from exc
            if row is not None:
                break
            # Refused: find out why, from the event as it is now (the statement changed nothing).
            await uow.rollback()
            event = await uow.events.get(event_id)
            if event is None:
                raise EventNotFound()
            await uow.session.refresh(event)
            if event.host_id == guest_id:
                raise OwnEvent()
            if event.status != SCHEDULED or event.starts_at <= now:
                raise EventClosed()
            has_requirements = event.min_guest_rating is not None or event.max_no_show_rate is not None
            if has_requirements and not requirements_checked:
                await check_guest_requirements(uow, event, guest_id, now)
                requirements_checked = True
                continue
            left = event.capacity - event.seats_taken
            raise NotEnoughSeats(f"Only {left} seats left.", seats_left=left)
        result = _booked(row, booking_id=booking_id, guest_id=guest_id, seats=seats, now=now)
        if request is not None:
            await idempotency.record(uow.session, request, 201, result.model_dump(mode="json"))
        await uow.commit()
    return result


def _booked(
    row: RowMapping, *, booking_id: uuid.UUID, guest_id: uuid.UUID, seats: int, now: datetime
) -> BookingRead:
    """The answer to a booking, from what the booking statement returned (no ORM objects to build)."""
    return BookingRead(
        id=booking_id,
        event_id=row["id"],
        guest_id=guest_id,
        seats=seats,
        status=ACTIVE,
        cancelled_by=None,
        created_at=now.astimezone(UTC),
        updated_at=now.astimezone(UTC),
        cancelled_at=None,
        event=EventSummary(
            id=row["id"],
            movie_id=row["movie_id"],
            movie_title=row["movie_title"],
            host_id=row["host_id"],
            host_name=row["host_name"],
            starts_at=row["starts_at"].astimezone(UTC),
            ends_at=row["ends_at"].astimezone(UTC),
            status=SCHEDULED,
            place=PlaceRef(
                id=row["place_id"],
                name=row["place_name"],
                city=row["place_city"],
                address=row["place_address"],
                latitude=row["place_latitude"],
                longitude=row["place_longitude"],
                notes=row["place_notes"],
            ),
        ),
        seats_left=row["seats_left"],
    )


async def list_my_bookings(
    *, uow: BookingUnitOfWork, clock: Clock, guest_id: uuid.UUID, status: str | None, page: PageParams
) -> Page[BookingRead]:
    """The caller's bookings, latest screening first."""
    now = clock.now()
    async with uow:
        rows, total = await uow.bookings.list_for_guest(
            guest_id, status=status, offset=page.offset, limit=page.limit
        )
    return Page.of([booking_read(r, now) for r in rows], total, page)


async def _visible_row(uow: BookingUnitOfWork, booking_id: uuid.UUID, viewer_id: uuid.UUID) -> BookingRow:
    row = await uow.bookings.get_row(booking_id)
    # Someone else's booking is answered as unknown: its existence is the guest's business.
    if row is None or viewer_id not in (row.booking.guest_id, row.event.host_id):
        raise BookingNotFound()
    return row


async def get_booking(
    *, uow: BookingUnitOfWork, clock: Clock, viewer_id: uuid.UUID, booking_id: uuid.UUID
) -> BookingRead:
    """A booking, for its guest or the event's host."""
    async with uow:
        row = await _visible_row(uow, booking_id, viewer_id)
    return booking_read(row, clock.now())


async def _own_open_booking(
    uow: BookingUnitOfWork, booking_id: uuid.UUID, guest_id: uuid.UUID, now: datetime
) -> tuple[Booking, Event]:
    """Lock the event, then the booking: every writer takes them in this order, so none deadlock."""
    row = await uow.bookings.get_row(booking_id)
    if row is None or row.booking.guest_id != guest_id:
        raise BookingNotFound()
    event = await uow.events.get(row.event.id, lock=True)
    booking = await uow.bookings.get(booking_id, lock=True)
    assert event is not None and booking is not None
    if booking.status != ACTIVE or event.status != SCHEDULED or event.starts_at <= now:
        raise BookingClosed()
    return booking, event


async def change_seats(
    *,
    uow: BookingUnitOfWork,
    cache: Cache,
    clock: Clock,
    users: UserDirectory,
    max_seats: int,
    guest_id: uuid.UUID,
    booking_id: uuid.UUID,
    seats: int,
) -> BookingRead:
    """Change the seats of the caller's booking before the event starts, if the new count fits."""
    _check_seats(seats, max_seats)
    await require_active_person(users, guest_id)
    now = clock.now()
    async with uow:
        booking, event = await _own_open_booking(uow, booking_id, guest_id, now)
        delta = seats - booking.seats
        seats_left = event.capacity - event.seats_taken
        if delta:
            taken = await uow.bookings.take_seats(event.id, delta, now)
            if taken is None:
                raise NotEnoughSeats(
                    f"Only {seats_left} more seats are free; at most {booking.seats + seats_left} in all.",
                    seats_left=seats_left,
                )
            seats_left = taken
            await uow.bookings.set_seats(booking_id, seats, now)
        row = await uow.bookings.get_row(booking_id)
        assert row is not None
        await uow.session.refresh(row.booking)
        await uow.session.refresh(row.event)
        if delta:
            await uow.outbox.add(
                "booking.changed",
                aggregate_id=event.id,
                data=_booking_message(row, previous_seats=seats - delta, seats_left=seats_left),
                occurred_at=now,
            )
            if seats_left == 0:
                await uow.outbox.add(
                    "event.full",
                    aggregate_id=event.id,
                    data=event_message(row.event, row.place),
                    occurred_at=now,
                )
        await uow.commit()
        result = booking_read(row, now, seats_left=seats_left)
    if delta:
        await invalidate_event(cache, event.id)
    return result


async def cancel_booking(
    *, uow: BookingUnitOfWork, cache: Cache, clock: Clock, guest_id: uuid.UUID, booking_id: uuid.UUID
) -> BookingRead:
    """Cancel the caller's booking before the event starts; the seats go back on sale."""
    now = clock.now()
    async with uow:
        _booking, event = await _own_open_booking(uow, booking_id, guest_id, now)
        seats = await uow.bookings.cancel(booking_id, by="guest", now=now)
        assert seats is not None
        seats_left = await uow.bookings.take_seats(event.id, -seats, now)
        row = await uow.bookings.get_row(booking_id)
        assert row is not None
        await uow.session.refresh(row.booking)
        await uow.session.refresh(row.event)
        await uow.outbox.add(
            "booking.cancelled",
            aggregate_id=event.id,
            data=_booking_message(row, cancelled_by="guest", seats_left=seats_left),
            occurred_at=now,
        )
        await uow.commit()
        result = booking_read(row, now, seats_left=seats_left)
    await invalidate_event(cache, event.id)
    return result


async def guest_list(
    *, uow: BookingUnitOfWork, users: UserDirectory, host_id: uuid.UUID, event_id: uuid.UUID
) -> GuestList:
    """Who comes to the caller's event, with names from the Auth API."""
    async with uow:
        event = await uow.events.get(event_id)
        if event is None:
            raise EventNotFound()
        if event.host_id != host_id:
            raise NotYourEvent()
        bookings = await uow.bookings.active_for_event(event_id)
    names = await users.names([b.guest_id for b in bookings])
    return GuestList(
        event_id=event.id,
        capacity=event.capacity,
        seats_taken=event.seats_taken,
        guests=[
            GuestRead(
                booking_id=b.id,
                guest_id=b.guest_id,
                name=names.get(b.guest_id),
                seats=b.seats,
                booked_at=b.created_at.astimezone(UTC),
                attendance=b.attendance,  # type: ignore[arg-type]
            )
            for b in bookings
        ],
    )


async def booking_calendar(
    *, uow: BookingUnitOfWork, clock: Clock, viewer_id: uuid.UUID, booking_id: uuid.UUID, public_base_url: str
) -> str:
    """The booking as an iCalendar file with a reminder an hour before."""
    async with uow:
        row = await _visible_row(uow, booking_id, viewer_id)
    event, place = row.event, row.place
    # The address only while the booking is active (or for the host), as everywhere else.
    if row.booking.status == ACTIVE or viewer_id == event.host_id:
        location = f"{place.name}, {place.address}, {place.city}"
    else:
        location = f"{place.name}, {place.city}"
    return booking_ics(
        booking_id=str(row.booking.id),
        title=f"{event.movie_title} — Kinoclub",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        location=location,
        description=(
            f"Watch party hosted by {event.host_name}. Seats: {row.booking.seats}.\n"
            f"{public_base_url}/booking/v1/events/{event.id}"
        ),
        url=f"{public_base_url}/booking/v1/events/{event.id}",
        cancelled=row.booking.status != ACTIVE or event.status != SCHEDULED,
        now=clock.now(),
    )
