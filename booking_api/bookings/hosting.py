"""A host's commands on the bookings of their evenings: approve or decline a request, remove a guest."""

import uuid
from datetime import datetime

from booking_api.bookings import messages
from booking_api.bookings.exceptions import BookingClosed, BookingNotFound, BookingNotPending, EventClosed
from booking_api.bookings.models import ACTIVE, DECLINED, PENDING, REMOVED, Booking
from booking_api.bookings.ports import BookingsUnitOfWork
from booking_api.bookings.repository import BookingRow
from booking_api.bookings.schemas import BookingRead
from booking_api.bookings.service import reloaded
from booking_api.bookings.views import booking_read
from booking_api.core.env import Env
from booking_api.events.changes import SeatsFreed
from booking_api.events.exceptions import NotYourEvent
from booking_api.events.models import SCHEDULED, Event


async def _hosted_booking(
    uow: BookingsUnitOfWork, booking_id: uuid.UUID, host_id: uuid.UUID, now: datetime
) -> tuple[Booking, Event]:
    """The booking of the caller's upcoming evening, its event then itself locked (the order every
    writer takes). Its guest is told it is not theirs to decide; anyone else that it does not exist."""
    row = await uow.bookings.get_row(booking_id)
    if row is None or host_id not in (row.event.host_id, row.booking.guest_id):
        raise BookingNotFound()
    if row.event.host_id != host_id:
        raise NotYourEvent()
    event = await uow.events.get(row.event.id, lock=True)
    booking = await uow.bookings.get(booking_id, lock=True)
    if event is None or booking is None:  # a booking and its event are never deleted
        raise BookingNotFound()
    if event.status != SCHEDULED or event.starts_at <= now:
        raise EventClosed()
    return booking, event


async def approve(
    *, uow: BookingsUnitOfWork, env: Env, host_id: uuid.UUID, booking_id: uuid.UUID
) -> BookingRead:
    """The host accepts a pending request: the held seats become a booking, and the guest is told."""
    now = env.clock.now()
    async with uow:
        booking, event = await _hosted_booking(uow, booking_id, host_id, now)
        if booking.status != PENDING:
            raise BookingNotPending(status=booking.status)
        await uow.bookings.change_status(booking_id, ACTIVE, now=now, decided_at=now)
        row = await reloaded(uow, booking_id)
        await uow.outbox.add(messages.approved(row), occurred_at=now)
        uow.invalidate(event.id)
        await uow.commit()
    return booking_read(row, now, env.rules)


async def decline_request(
    uow: BookingsUnitOfWork,
    booking_id: uuid.UUID,
    event_id: uuid.UUID,
    *,
    message: str | None,
    automatic: bool,
    now: datetime,
) -> BookingRow:
    """Decline a pending request (the event and the booking locked): its seats come free."""
    seats = await uow.bookings.close(booking_id, DECLINED, now=now, decided_at=now, host_note=message)
    if seats is None:
        raise BookingNotPending()
    await uow.events.release_seats(event_id, seats, now)
    await uow.publish(SeatsFreed(event_id=event_id, at=now))
    row = await reloaded(uow, booking_id)
    await uow.outbox.add(messages.declined(row, message=message, automatic=automatic), occurred_at=now)
    uow.invalidate(event_id)
    return row


async def decline(
    *, uow: BookingsUnitOfWork, env: Env, host_id: uuid.UUID, booking_id: uuid.UUID, message: str | None
) -> BookingRead:
    """The host declines a pending request (optionally saying why): the seats come free and the guest
    is told. A declined request never counts against the guest."""
    now = env.clock.now()
    async with uow:
        booking, event = await _hosted_booking(uow, booking_id, host_id, now)
        if booking.status != PENDING:
            raise BookingNotPending(status=booking.status)
        row = await decline_request(uow, booking_id, event.id, message=message, automatic=False, now=now)
        await uow.commit()
    return booking_read(row, now, env.rules)


async def remove(
    *, uow: BookingsUnitOfWork, env: Env, host_id: uuid.UUID, booking_id: uuid.UUID, reason: str
) -> BookingRead:
    """The host removes a guest (booked or requesting) from an upcoming evening, saying why: the seats go
    to the waiting list, the guest is told. A removal never counts against the guest."""
    now = env.clock.now()
    async with uow:
        booking, event = await _hosted_booking(uow, booking_id, host_id, now)
        if booking.status not in (PENDING, ACTIVE):
            raise BookingClosed()
        await uow.bookings.close(booking_id, REMOVED, now=now, decided_at=now, host_note=reason)
        await uow.events.release_seats(event.id, booking.seats, now)
        await uow.publish(SeatsFreed(event_id=event.id, at=now))
        row = await reloaded(uow, booking_id)
        await uow.outbox.add(messages.removed(row, reason=reason), occurred_at=now)
        uow.invalidate(event.id)
        await uow.commit()
    return booking_read(row, now, env.rules)
