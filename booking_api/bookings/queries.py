"""Reads of bookings: mine, one, an event's guest list, a calendar file."""

import uuid
from datetime import UTC

from booking_api.bookings.calendar import booking_ics
from booking_api.bookings.exceptions import BookingNotFound
from booking_api.bookings.models import ACTIVE, PENDING, BookingStatus
from booking_api.bookings.ports import BookingsUnitOfWork
from booking_api.bookings.repository import BookingRow
from booking_api.bookings.schemas import BookingRead, GuestList, GuestRead
from booking_api.bookings.views import booking_read
from booking_api.core.env import Env
from booking_api.events.access import require_host
from booking_api.events.models import SCHEDULED
from common.pagination import Page, PageParams


async def list_my_bookings(
    *,
    uow: BookingsUnitOfWork,
    env: Env,
    guest_id: uuid.UUID,
    status: BookingStatus | None,
    page: PageParams,
    event_id: uuid.UUID | None = None,
) -> Page[BookingRead]:
    """The caller's bookings (of one evening, with `event_id`), latest screening first."""
    now = env.clock.now()
    async with uow:
        rows, total = await uow.bookings.list_for_guest(
            guest_id, status=status, event_id=event_id, offset=page.offset, limit=page.limit
        )
    return Page.of([booking_read(r, now, env.rules) for r in rows], total, page)


async def _visible_row(uow: BookingsUnitOfWork, booking_id: uuid.UUID, viewer_id: uuid.UUID) -> BookingRow:
    row = await uow.bookings.get_row(booking_id)
    # Someone else's booking is answered as unknown: its existence is the guest's business.
    if row is None or viewer_id not in (row.booking.guest_id, row.event.host_id):
        raise BookingNotFound()
    return row


async def get_booking(
    *, uow: BookingsUnitOfWork, env: Env, viewer_id: uuid.UUID, booking_id: uuid.UUID
) -> BookingRead:
    """A booking, for its guest or the event's host."""
    async with uow:
        row = await _visible_row(uow, booking_id, viewer_id)
    return booking_read(row, env.clock.now(), env.rules)


async def guest_list(
    *, uow: BookingsUnitOfWork, env: Env, host_id: uuid.UUID, event_id: uuid.UUID
) -> GuestList:
    """Who comes to the caller's event, with names from the Auth API."""
    async with uow:
        event = await require_host(
            uow=uow, env=env, event=await uow.events.get(event_id), caller_id=host_id, now=env.clock.now()
        )
        bookings = await uow.bookings.for_event(event_id, (PENDING, ACTIVE))
    names = await env.users.names([b.guest_id for b in bookings])
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
                status="pending" if b.status == PENDING else "active",
                answer_by=env.rules.answer_by(b.created_at, event.starts_at).astimezone(UTC)
                if b.status == PENDING
                else None,
                attendance=b.attendance,
            )
            for b in bookings
        ],
    )


async def booking_calendar(
    *, uow: BookingsUnitOfWork, env: Env, viewer_id: uuid.UUID, booking_id: uuid.UUID
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
    page = f"{env.public_base_url}/booking/v1/events/{event.id}"
    return booking_ics(
        booking_id=str(row.booking.id),
        title=f"{event.movie_title} — Kinoclub",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        location=location,
        description=f"Watch party hosted by {event.host_name}. Seats: {row.booking.seats}.\n{page}",
        url=page,
        cancelled=row.booking.status != ACTIVE or event.status != SCHEDULED,
        now=env.clock.now(),
    )
