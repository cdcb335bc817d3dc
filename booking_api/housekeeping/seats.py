"""Seats that time frees: waiting-list offers that lapse, booking requests nobody answered, waiting
lists of evenings that began. Each evening is handled under its row lock (the order every writer takes:
the event, then its bookings), so two workers never handle one twice."""

from booking_api.bookings.hosting import decline_request
from booking_api.bookings.models import CLOSED, OFFERED, PENDING, WAITING
from booking_api.core.rules import BookingRules
from booking_api.waitlist.offers import expire_offers
from booking_api.waitlist.ports import WaitlistUnitOfWork
from common.clock import Clock


async def lapse_offers(*, uow: WaitlistUnitOfWork, clock: Clock, rules: BookingRules, batch: int) -> int:
    """Offers not claimed in time lapse; their seats go on to the next guests."""
    done = 0
    async with uow:
        events = await uow.waitlist.events_with_due_offers(clock.now(), batch)
    for event_id in events:
        async with uow:
            done += await expire_offers(uow, rules, event_id, clock.now())
            await uow.commit()
    return done


async def decline_unanswered(
    *, uow: WaitlistUnitOfWork, clock: Clock, rules: BookingRules, batch: int
) -> int:
    """Requests the host has not answered within `pending_answer`, or by `pending_stop` before the start,
    are declined by themselves; their seats come free (to the waiting list)."""
    done = 0
    now = clock.now()
    async with uow:
        events = await uow.waitlist.events_with_unanswered_requests(
            now, answered_within=now - rules.pending_answer, stop_before=now + rules.pending_stop, limit=batch
        )
    for event_id in events:
        async with uow:
            event = await uow.events.get(event_id, lock=True)
            if event is None:
                continue
            for booking in await uow.bookings.for_event(event_id, (PENDING,)):
                if rules.answer_by(booking.created_at, event.starts_at) <= now:
                    await decline_request(uow, booking.id, event_id, message=None, automatic=True, now=now)
                    done += 1
            await uow.commit()
    return done


async def close_waitlists(*, uow: WaitlistUnitOfWork, clock: Clock, batch: int) -> int:
    """Waiting lists of evenings that began or were cancelled close; seats still held by an offer are
    given back, so the counter keeps matching the rows."""
    done = 0
    now = clock.now()
    async with uow:
        events = await uow.waitlist.events_with_stale_lists(now, batch)
    for event_id in events:
        async with uow:
            if await uow.events.get(event_id, lock=True) is None:
                continue
            for entry in await uow.bookings.for_event(event_id, (WAITING, OFFERED)):
                seats = await uow.bookings.close(entry.id, CLOSED, now=now, offer_expires_at=None)
                if entry.status == OFFERED and seats:
                    await uow.events.release_seats(event_id, seats, now)
                done += 1
            uow.invalidate(event_id)
            await uow.commit()
    return done
