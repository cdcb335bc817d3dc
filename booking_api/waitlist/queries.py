"""Reads of waiting lists: mine, and an evening's for its host."""

import uuid
from datetime import UTC

from booking_api.bookings.models import BOOKING_STATES, OFFERED, WAITING, Booking
from booking_api.bookings.repository import BookingRow
from booking_api.bookings.views import summary
from booking_api.core.env import Env
from booking_api.events.access import require_host
from booking_api.events.models import Event
from booking_api.waitlist.offers import queue
from booking_api.waitlist.ports import WaitlistUnitOfWork
from booking_api.waitlist.schemas import EntryStatus, EventWaitlist, WaitingGuestRead, WaitlistEntryRead
from common.pagination import Page, PageParams

_ENTRY_STATUS: dict[str, EntryStatus] = {
    "waiting": "waiting",
    "offered": "offered",
    "passed": "declined",
    "expired": "expired",
    "left": "left",
    "closed": "closed",
    # Claimed (or booked by itself): the entry is the booking now, whatever became of it since.
    "pending": "booked",
    "active": "booked",
    "cancelled": "booked",
    "declined": "booked",
    "removed": "booked",
}


async def _positions(uow: WaitlistUnitOfWork, env: Env, event: Event) -> dict[uuid.UUID, int]:
    now = env.clock.now()
    return {entry.id: place for place, entry in enumerate(await queue(uow, env.rules, event, now), start=1)}


async def entry_read(uow: WaitlistUnitOfWork, env: Env, row: BookingRow) -> WaitlistEntryRead:
    entry = row.booking
    positions = await _positions(uow, env, row.event) if entry.status == WAITING else {}
    return _read(row, positions, env)


def _read(row: BookingRow, positions: dict[uuid.UUID, int], env: Env) -> WaitlistEntryRead:
    entry = row.booking
    return WaitlistEntryRead(
        id=entry.id,
        event_id=entry.event_id,
        seats=entry.seats,
        status=_ENTRY_STATUS[entry.status],
        position=positions.get(entry.id),
        auto_book=entry.auto_book,
        offer_expires_at=entry.offer_expires_at.astimezone(UTC) if entry.offer_expires_at else None,
        joined_at=(entry.waitlisted_at or entry.created_at).astimezone(UTC),
        event=summary(row.event, row.place, env.clock.now(), reveal_place=entry.status in BOOKING_STATES),
    )


async def my_entries(
    *,
    uow: WaitlistUnitOfWork,
    env: Env,
    guest_id: uuid.UUID,
    page: PageParams,
    event_id: uuid.UUID | None = None,
) -> Page[WaitlistEntryRead]:
    """The caller's waiting-list entries with their position and status, the latest joined first."""
    async with uow:
        rows, total = await uow.waitlist.of_guest(
            guest_id, event_id=event_id, offset=page.offset, limit=page.limit
        )
        positions: dict[uuid.UUID, int] = {}
        for event in {r.event.id: r.event for r in rows if r.booking.status == WAITING}.values():
            positions.update(await _positions(uow, env, event))
    return Page.of([_read(row, positions, env) for row in rows], total, page)


async def event_waitlist(
    *, uow: WaitlistUnitOfWork, env: Env, host_id: uuid.UUID, event_id: uuid.UUID
) -> EventWaitlist:
    """An evening's waiting list for its host: who waits, in which order, who holds an offer."""
    now = env.clock.now()
    async with uow:
        event = await require_host(
            uow=uow, env=env, event=await uow.events.get(event_id), caller_id=host_id, now=now
        )
        waiting = await queue(uow, env.rules, event, now)
        offered = await uow.bookings.for_event(event_id, (OFFERED,))
        everyone = [*offered, *waiting]
        reliable = await uow.standing.reliable(
            [e.guest_id for e in everyone],
            now,
            min_attended=env.rules.reliable_min_attended,
            max_miss_rate=env.rules.reliable_max_miss_rate,
        )
    names = await env.users.names([e.guest_id for e in everyone])
    position = {entry.id: place for place, entry in enumerate(waiting, start=1)}

    def guest(entry: Booking) -> WaitingGuestRead:
        return WaitingGuestRead(
            id=entry.id,
            guest_id=entry.guest_id,
            name=names.get(entry.guest_id),
            seats=entry.seats,
            status="offered" if entry.status == OFFERED else "waiting",
            position=position.get(entry.id),
            reliable=entry.guest_id in reliable,
            joined_at=(entry.waitlisted_at or entry.created_at).astimezone(UTC),
            offer_expires_at=entry.offer_expires_at.astimezone(UTC) if entry.offer_expires_at else None,
        )

    return EventWaitlist(
        event_id=event.id,
        priority=event.waitlist_priority,
        waiting=len(waiting),
        offered=len(offered),
        entries=[guest(e) for e in everyone],
    )
