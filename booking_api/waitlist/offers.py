"""Freed seats go to the waiting list: offers, automatic bookings, and offers that lapse.

Every function here runs with the event's row locked by the calling transaction (the order every
writer takes: the event, then its bookings), and keeps the event's counter equal to the seats its
booked, pending and offered rows hold.
"""

import uuid
from datetime import datetime

from booking_api.bookings import messages as booking_messages
from booking_api.bookings.models import ACTIVE, EXPIRED, OFFERED, PENDING, Booking
from booking_api.bookings.repository import BookingRow
from booking_api.bookings.service import reloaded
from booking_api.core.rules import BookingRules
from booking_api.events.models import SCHEDULED, Event
from booking_api.waitlist import messages
from booking_api.waitlist.ports import WaitlistUnitOfWork


async def queue(uow: WaitlistUnitOfWork, rules: BookingRules, event: Event, now: datetime) -> list[Booking]:
    """The evening's waiting entries in the order they get seats: by arrival, or, when the host asks
    for `reliable_first`, guests with a reliability record first (each group by arrival)."""
    waiting = await uow.waitlist.waiting(event.id)
    if event.waitlist_priority == "reliable_first" and waiting:
        reliable = await uow.standing.reliable(
            [w.guest_id for w in waiting],
            now,
            min_attended=rules.reliable_min_attended,
            max_miss_rate=rules.reliable_max_miss_rate,
        )
        waiting.sort(key=lambda w: w.guest_id not in reliable)  # stable: arrival order within each group
    return waiting


async def become_booking(
    uow: WaitlistUnitOfWork, rules: BookingRules, entry_id: uuid.UUID, event: Event, now: datetime
) -> BookingRow:
    """An entry whose seats are held (offered, or taken just now) becomes a booking: pending when the
    host approves each one, else booked; the outbox says so. The counter does not change."""
    status = PENDING if event.approval == "request" else ACTIVE
    await uow.bookings.change_status(entry_id, status, now=now, created_at=now, offer_expires_at=None)
    row = await reloaded(uow, entry_id)
    if status == PENDING:
        answer_by = rules.answer_by(now, event.starts_at)
        await uow.outbox.add(
            booking_messages.requested(row, answer_by=answer_by, via_waitlist=True), occurred_at=now
        )
    else:
        await uow.outbox.add(booking_messages.created(row, via_waitlist=True), occurred_at=now)
    return row


async def offer_free_seats(
    uow: WaitlistUnitOfWork, rules: BookingRules, event_id: uuid.UUID, now: datetime
) -> int:
    """Give the evening's free seats to the first waiting entries that fit (skipping those that do
    not): an offer held until the claim window ends, or a booking for entries that asked for
    `auto_book`. Nothing is offered in the last `offer_stop` before the start. Returns the seats given."""
    event = await uow.events.get(event_id, lock=True)
    if event is None or event.status != SCHEDULED or event.hidden_at is not None:
        return 0
    free = event.capacity - event.seats_taken
    expires = rules.offer_window(event.starts_at, now)
    if free <= 0 or expires is None:
        return 0
    waiting = await queue(uow, rules, event, now)
    blocked = await uow.blocks.blocked_among(event.host_id, [w.guest_id for w in waiting])
    chosen: list[Booking] = []
    for entry in waiting:
        if entry.seats <= free and entry.guest_id not in blocked:
            chosen.append(entry)
            free -= entry.seats
            if free == 0:
                break
    if not chosen:
        return 0
    given = sum(entry.seats for entry in chosen)
    if await uow.events.take_seats(event.id, given, now) is None:  # the locked event: it fits
        return 0
    for entry in chosen:
        if entry.auto_book and await _may_book(uow, rules, entry.guest_id, now):
            await become_booking(uow, rules, entry.id, event, now)
            continue
        await uow.bookings.change_status(entry.id, OFFERED, now=now, offered_at=now, offer_expires_at=expires)
        row = await reloaded_entry(uow, entry.id)
        await uow.outbox.add(messages.offered(row, expires_at=expires), occurred_at=now)
    uow.invalidate(event.id)
    return given


async def _may_book(uow: WaitlistUnitOfWork, rules: BookingRules, guest_id: uuid.UUID, now: datetime) -> bool:
    """Below the limit of open bookings (else the entry gets an offer, claimed once there is room)."""
    return await uow.bookings.count_upcoming(guest_id, (PENDING, ACTIVE), now) < rules.max_active_bookings


async def reloaded_entry(uow: WaitlistUnitOfWork, entry_id: uuid.UUID) -> BookingRow:
    row = await uow.bookings.get_row(entry_id, fresh=True, states=(OFFERED, EXPIRED))
    if row is None:  # just written in this transaction
        raise LookupError(entry_id)
    return row


async def release_offer(
    uow: WaitlistUnitOfWork, rules: BookingRules, entry: Booking, status: str, now: datetime, *, tell: bool
) -> None:
    """An offered entry ends (`status`: passed, expired or left): its seats go back and on to the next
    entries; `tell` the person when it lapsed."""
    seats = await uow.bookings.close(entry.id, status, now=now, offer_expires_at=None)
    if seats is None:
        return
    await uow.events.release_seats(entry.event_id, seats, now)
    if tell:
        row = await reloaded_entry(uow, entry.id)
        await uow.outbox.add(messages.expired(row), occurred_at=now)
    await offer_free_seats(uow, rules, entry.event_id, now)
    uow.invalidate(entry.event_id)


async def expire_offers(
    uow: WaitlistUnitOfWork, rules: BookingRules, event_id: uuid.UUID, now: datetime
) -> int:
    """The evening's offers whose claim window has passed lapse (with the event locked); how many."""
    if await uow.events.get(event_id, lock=True) is None:
        return 0
    lapsed = [
        entry
        for entry in await uow.bookings.for_event(event_id, (OFFERED,))
        if entry.offer_expires_at is not None and entry.offer_expires_at <= now
    ]
    for entry in lapsed:
        await release_offer(uow, rules, entry, EXPIRED, now, tell=True)
    return len(lapsed)
