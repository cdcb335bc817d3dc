"""Commands on bookings: book seats, change them, cancel."""

import uuid
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from booking_api.bookings import messages
from booking_api.bookings.exceptions import (
    AlreadyBooked,
    BookingClosed,
    BookingNotFound,
    EventClosed,
    GuestRequirementsNotMet,
    NotEnoughSeats,
    OwnEvent,
    SeatsOverLimit,
)
from booking_api.bookings.models import ACTIVE, Booking
from booking_api.bookings.ports import BookingsUnitOfWork
from booking_api.bookings.repository import BookingRow, Reservation, is_active_booking_conflict
from booking_api.bookings.schemas import BookingRead
from booking_api.bookings.views import booked, booking_read
from booking_api.core.env import Env
from booking_api.core.idempotency import IdempotentRequest, Replay
from booking_api.core.people import require_active_person
from booking_api.core.scores import no_show_rate
from booking_api.events import messages as event_messages
from booking_api.events.exceptions import EventNotFound
from booking_api.events.models import SCHEDULED, Event


def _check_seats(seats: int, max_seats: int) -> None:
    if seats > max_seats:
        raise SeatsOverLimit(f"One booking holds at most {max_seats} seats.", max_seats=max_seats)


async def create_booking(
    *,
    uow: BookingsUnitOfWork,
    env: Env,
    guest_id: uuid.UUID,
    event_id: uuid.UUID,
    seats: int,
    request: IdempotentRequest | None,
) -> BookingRead | Replay:
    """Book seats for the caller; the seat decision is one conditional statement in PostgreSQL."""
    _check_seats(seats, env.rules.max_seats_per_booking)
    guest = await require_active_person(env.users, guest_id)
    now = env.clock.now()

    async def reserve() -> BookingRead:
        # Without a key the booking's only write is the one reservation statement, atomic by itself;
        # with a key, the stored answer must commit together with it, in one transaction.
        wanted = Reservation(uuid.uuid4(), event_id, guest_id, guest.name, seats, now)
        return await _reserve(
            uow=uow if request is not None else uow.autocommit(), request=request, wanted=wanted
        )

    return await env.idempotency.answer_once(request, now, reserve)


async def _reserve(
    *, uow: BookingsUnitOfWork, request: IdempotentRequest | None, wanted: Reservation
) -> BookingRead:
    event_id, guest_id, now = wanted.event_id, wanted.guest_id, wanted.at
    async with uow:
        requirements_checked = False
        while True:
            try:
                row = await uow.bookings.book(wanted, requirements_checked=requirements_checked)
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
            event = await uow.events.get(event_id, fresh=True)
            if event is None:
                raise EventNotFound()
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
        result = booked(row, wanted)
        if request is not None:
            await uow.idempotency.record(request, 201, result.model_dump(mode="json"))
        uow.invalidate(event_id)
        await uow.commit()
    return result


async def check_guest_requirements(
    uow: BookingsUnitOfWork, event: Event, guest_id: uuid.UUID, now: datetime
) -> None:
    """The host's `min_guest_rating` and `max_no_show_rate`; guests with no history are let in."""
    if event.min_guest_rating is not None:
        score = await uow.standing.guest_score(guest_id, now)
        if score.count and score.score < event.min_guest_rating:
            raise GuestRequirementsNotMet(
                f"The host asks for a guest rating of {event.min_guest_rating}+; yours is {score.score}.",
                min_guest_rating=event.min_guest_rating,
                your_rating=score.score,
            )
    if event.max_no_show_rate is not None:
        rate = no_show_rate(*await uow.standing.attendance_record(guest_id, now))
        if rate is not None and rate > event.max_no_show_rate:
            raise GuestRequirementsNotMet(
                f"The host accepts a no-show rate up to {event.max_no_show_rate}; yours is {rate}.",
                max_no_show_rate=event.max_no_show_rate,
                your_no_show_rate=rate,
            )


async def _own_open_booking(
    uow: BookingsUnitOfWork, booking_id: uuid.UUID, guest_id: uuid.UUID, now: datetime
) -> tuple[Booking, Event]:
    """Lock the event, then the booking: every writer takes them in this order, so none deadlock."""
    row = await uow.bookings.get_row(booking_id)
    if row is None or row.booking.guest_id != guest_id:
        raise BookingNotFound()
    event = await uow.events.get(row.event.id, lock=True)
    booking = await uow.bookings.get(booking_id, lock=True)
    if event is None or booking is None:  # a booking and its event are never deleted
        raise BookingNotFound()
    if booking.status != ACTIVE or event.status != SCHEDULED or event.starts_at <= now:
        raise BookingClosed()
    return booking, event


async def _reloaded(uow: BookingsUnitOfWork, booking_id: uuid.UUID) -> BookingRow:
    """The booking, its event and place as the transaction sees them now (after UPDATE statements)."""
    row = await uow.bookings.get_row(booking_id, fresh=True)
    if row is None:  # locked by this transaction: it cannot have gone
        raise BookingNotFound()
    return row


async def change_seats(
    *, uow: BookingsUnitOfWork, env: Env, guest_id: uuid.UUID, booking_id: uuid.UUID, seats: int
) -> BookingRead:
    """Change the seats of the caller's booking before the event starts, if the new count fits."""
    _check_seats(seats, env.rules.max_seats_per_booking)
    await require_active_person(env.users, guest_id)
    now = env.clock.now()
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
        row = await _reloaded(uow, booking_id)
        if delta:
            await uow.outbox.add(
                messages.changed(row, previous_seats=seats - delta, seats_left=seats_left), occurred_at=now
            )
            if seats_left == 0:
                await uow.outbox.add(event_messages.full(row.event, row.place), occurred_at=now)
            uow.invalidate(event.id)
        await uow.commit()
    return booking_read(row, now, seats_left=seats_left)


async def cancel_booking(
    *, uow: BookingsUnitOfWork, env: Env, guest_id: uuid.UUID, booking_id: uuid.UUID
) -> BookingRead:
    """Cancel the caller's booking before the event starts; the seats go back on sale."""
    now = env.clock.now()
    async with uow:
        booking, event = await _own_open_booking(uow, booking_id, guest_id, now)
        await uow.bookings.cancel(booking_id, by="guest", now=now)
        seats_left = await uow.bookings.take_seats(event.id, -booking.seats, now)
        if seats_left is None:  # giving seats back fits while the locked event is open, as checked
            raise BookingClosed()
        row = await _reloaded(uow, booking_id)
        await uow.outbox.add(messages.cancelled(row, by="guest", seats_left=seats_left), occurred_at=now)
        uow.invalidate(event.id)
        await uow.commit()
    return booking_read(row, now, seats_left=seats_left)
