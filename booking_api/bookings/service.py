"""A guest's commands on bookings: book seats (or request them), change them, cancel."""

import uuid
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from booking_api.bookings import messages
from booking_api.bookings.admission import NOT_ADMITTED, Admission, admit
from booking_api.bookings.eligibility import (
    check_bookable,
    check_guest_requirements,
    check_seats,
    open_place_taken,
)
from booking_api.bookings.exceptions import (
    BookingClosed,
    BookingNotFound,
    NotEnoughSeats,
)
from booking_api.bookings.models import ACTIVE, CANCELLED, PENDING, Booking
from booking_api.bookings.ports import BookingsUnitOfWork
from booking_api.bookings.repository import BookingLimits, BookingRow, Reservation, is_open_place_conflict
from booking_api.bookings.schemas import BookingRead
from booking_api.bookings.views import booked, booking_read
from booking_api.core.env import Env
from booking_api.core.idempotency import IdempotentRequest, Replay
from booking_api.core.people import require_active_person
from booking_api.core.rules import BookingRules
from booking_api.events import messages as event_messages
from booking_api.events.changes import SeatsFreed
from booking_api.events.exceptions import EventNotFound
from booking_api.events.models import SCHEDULED, Event
from booking_api.invites import service as invites
from booking_api.invites.models import Invite


def limits(rules: BookingRules) -> BookingLimits:
    return BookingLimits(
        max_active=rules.max_active_bookings,
        pending_answer=rules.pending_answer,
        pending_stop=rules.pending_stop,
    )


async def create_booking(
    *,
    uow: BookingsUnitOfWork,
    env: Env,
    guest_id: uuid.UUID,
    event_id: uuid.UUID,
    seats: int,
    request: IdempotentRequest | None,
    invite: str | None = None,
) -> BookingRead | Replay:
    """Book seats for the caller (a `pending` request when the host approves each booking), with an
    invitation's code if given; the seat decision is one conditional statement in PostgreSQL."""
    check_seats(seats, env.rules)
    guest = await require_active_person(env.users, guest_id)
    now = env.clock.now()

    async def reserve() -> BookingRead:
        # Without a key or an invitation the booking's only write is the one reservation statement,
        # atomic by itself; a key's stored answer, or an invitation's use, must commit together with it.
        wanted = Reservation(uuid.uuid4(), event_id, guest_id, guest.name, seats, now)
        single = request is None and invite is None
        return await _reserve(
            uow=uow.autocommit() if single else uow, env=env, request=request, wanted=wanted, invite=invite
        )

    return await env.idempotency.answer_once(request, now, reserve)


async def _redeem(uow: BookingsUnitOfWork, wanted: Reservation, code: str) -> tuple[Event, Invite]:
    """Lock the event's row, then the invitation's (the order every writer takes), and check that the
    invitation admits this booking."""
    event = await uow.events.get(wanted.event_id, lock=True)
    if event is None:
        raise EventNotFound()
    invite = await invites.redeem(
        uow=uow, code=code, event_id=wanted.event_id, seats=wanted.seats, now=wanted.at
    )
    return event, invite


async def _reserve(
    *,
    uow: BookingsUnitOfWork,
    env: Env,
    request: IdempotentRequest | None,
    wanted: Reservation,
    invite: str | None,
) -> BookingRead:
    event_id, guest_id, now = wanted.event_id, wanted.guest_id, wanted.at
    async with uow:
        requirements_checked = False
        admission = NOT_ADMITTED
        while True:
            redeemed = None
            if invite is not None:
                redeemed = await _redeem(uow, wanted, invite)
                held = redeemed[1].seats_left is not None
                admission = Admission(admitted=True, invite_id=redeemed[1].id, from_allotment=held)
            try:
                row = await uow.bookings.book(
                    wanted,
                    limits=limits(env.rules),
                    requirements_checked=requirements_checked,
                    admission=admission,
                )
            except IntegrityError as exc:
                if not is_open_place_conflict(exc):
                    raise
                await uow.rollback()
                raise await open_place_taken(uow, event_id, guest_id) from exc
            if row is not None:
                if redeemed is not None:
                    await invites.record_use(
                        uow=uow,
                        event=redeemed[0],
                        invite=redeemed[1],
                        guest_id=guest_id,
                        seats=wanted.seats,
                        now=now,
                    )
                break
            # Refused: find out why, from the event as it is now (the statement changed nothing).
            await uow.rollback()
            found = await uow.events.get(event_id, fresh=True)
            if not admission.admitted:
                admission = await admit(uow=uow, env=env, event=found, guest_id=guest_id, now=now)
                if admission.admitted:
                    continue
            event = await check_bookable(uow, env, found, guest_id, now, requirements=False)
            asks = event.min_guest_rating is not None or event.max_no_show_rate is not None
            if asks and not requirements_checked:
                await check_guest_requirements(uow, event, guest_id, now)
                requirements_checked = True
                continue
            if await uow.bookings.open_for_guest(event_id, guest_id) is not None:
                raise await open_place_taken(uow, event_id, guest_id)
            left = event.capacity - event.seats_taken
            raise NotEnoughSeats(f"Only {left} seats left.", seats_left=left)
        result = booked(row, wanted, env.rules)
        if request is not None:
            status = 202 if result.status == PENDING else 201
            await uow.idempotency.record(request, status, result.model_dump(mode="json"))
        uow.invalidate(event_id)
        await uow.commit()
    return result


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
    if booking.status not in (PENDING, ACTIVE) or event.status != SCHEDULED or event.starts_at <= now:
        raise BookingClosed()
    return booking, event


async def reloaded(uow: BookingsUnitOfWork, booking_id: uuid.UUID) -> BookingRow:
    """The booking, its event and place as the transaction sees them now (after UPDATE statements)."""
    row = await uow.bookings.get_row(booking_id, fresh=True)
    if row is None:  # locked by this transaction: it cannot have gone
        raise BookingNotFound()
    return row


async def change_seats(
    *, uow: BookingsUnitOfWork, env: Env, guest_id: uuid.UUID, booking_id: uuid.UUID, seats: int
) -> BookingRead:
    """Change the seats of the caller's booking (or request) before the event starts, if they fit."""
    check_seats(seats, env.rules)
    await require_active_person(env.users, guest_id)
    now = env.clock.now()
    async with uow:
        booking, event = await _own_open_booking(uow, booking_id, guest_id, now)
        delta = seats - booking.seats
        seats_left = event.capacity - event.seats_taken
        if delta:
            taken = await uow.events.take_seats(event.id, delta, now)
            if taken is None:
                raise NotEnoughSeats(
                    f"Only {seats_left} more seats are free; at most {booking.seats + seats_left} in all.",
                    seats_left=seats_left,
                )
            seats_left = taken
            await uow.bookings.set_seats(booking_id, seats, now)
            if delta < 0:
                await uow.publish(SeatsFreed(event_id=event.id, at=now))
        row = await reloaded(uow, booking_id)
        if delta:
            seats_left = row.event.capacity - row.event.seats_taken
            await uow.outbox.add(
                messages.changed(row, previous_seats=seats - delta, seats_left=seats_left), occurred_at=now
            )
            if seats_left == 0:
                await uow.outbox.add(event_messages.full(row.event, row.place), occurred_at=now)
            uow.invalidate(event.id)
        await uow.commit()
    return booking_read(row, now, env.rules, seats_left=seats_left)


async def cancel_booking(
    *, uow: BookingsUnitOfWork, env: Env, guest_id: uuid.UUID, booking_id: uuid.UUID
) -> BookingRead:
    """Cancel the caller's booking (or request) before the event starts; the seats go to the waiting
    list or back on sale. A booking cancelled after the evening's deadline is late."""
    now = env.clock.now()
    async with uow:
        booking, event = await _own_open_booking(uow, booking_id, guest_id, now)
        late = booking.status == ACTIVE and now >= env.rules.cancel_deadline(
            event.starts_at, event.cancel_deadline_hours
        )
        await uow.bookings.close(
            booking_id, CANCELLED, now=now, cancelled_by="guest", cancelled_at=now, late=late
        )
        await uow.events.release_seats(event.id, booking.seats, now)
        await uow.publish(SeatsFreed(event_id=event.id, at=now))
        row = await reloaded(uow, booking_id)
        seats_left = row.event.capacity - row.event.seats_taken
        await uow.outbox.add(
            messages.cancelled(row, by="guest", seats_left=seats_left, late=late), occurred_at=now
        )
        uow.invalidate(event.id)
        await uow.commit()
    return booking_read(row, now, env.rules, seats_left=seats_left)
