"""A guest's commands on the waiting list: join, leave, claim an offer, decline it."""

import uuid

from sqlalchemy.exc import IntegrityError

from booking_api.bookings.admission import admit
from booking_api.bookings.eligibility import check_bookable, check_seats, open_place_taken
from booking_api.bookings.exceptions import AlreadyBooked, AlreadyWaiting, TooManyActiveBookings
from booking_api.bookings.models import (
    ACTIVE,
    BOOKING_STATES,
    EXPIRED,
    LEFT,
    OFFERED,
    PASSED,
    PENDING,
    WAITING,
    Booking,
)
from booking_api.bookings.repository import is_open_place_conflict
from booking_api.bookings.schemas import BookingRead
from booking_api.bookings.views import booking_read
from booking_api.core.env import Env
from booking_api.core.idempotency import IdempotentRequest, Replay
from booking_api.core.people import require_active_person
from booking_api.core.rules import BookingRules
from booking_api.events.changes import SeatsFreed
from booking_api.invites import service as invites
from booking_api.waitlist.exceptions import (
    AlreadyClaimed,
    EntryNotFound,
    NotOffered,
    OfferExpired,
    SeatsAvailable,
    WaitlistClosed,
)
from booking_api.waitlist.offers import become_booking, offer_free_seats, release_offer
from booking_api.waitlist.ports import WaitlistUnitOfWork
from booking_api.waitlist.queries import entry_read
from booking_api.waitlist.schemas import WaitlistEntryRead


async def join(
    *,
    uow: WaitlistUnitOfWork,
    env: Env,
    guest_id: uuid.UUID,
    event_id: uuid.UUID,
    seats: int,
    auto_book: bool,
    invite: str | None = None,
) -> WaitlistEntryRead:
    """Join the waiting list of an evening whose free seats are fewer than `seats` (a private one with
    an invitation's code, or as the host's friend)."""
    check_seats(seats, env.rules)
    await require_active_person(env.users, guest_id)
    now = env.clock.now()
    async with uow:
        # Who may wait is settled before any lock: it may ask UGC.
        found = await uow.events.get(event_id)
        if invite is None:
            await admit(uow=uow, env=env, event=found, guest_id=guest_id, now=now)
        else:
            held = (await invites.valid_invite(uow=uow, code=invite, event_id=event_id, now=now)).seats_left
            if held is not None and held >= seats:
                raise SeatsAvailable(f"Your invitation holds {held} seats: book them.", seats_left=held)
        found = await uow.events.get(event_id, lock=True)
        # Waiting takes no seat: the limit on open bookings applies when it becomes one.
        event = await check_bookable(uow, env, found, guest_id, now, limit_bookings=False)
        free = event.capacity - event.seats_taken
        if free >= seats:
            raise SeatsAvailable(f"{free} seats are free: book them.", seats_left=free)
        if env.rules.offer_window(event.starts_at, now) is None:
            raise WaitlistClosed()
        existing = await uow.bookings.open_for_guest(event_id, guest_id)
        if existing is not None:
            raise (
                AlreadyWaiting(entry_id=existing.id)
                if existing.status in (WAITING, OFFERED)
                else AlreadyBooked(booking_id=existing.id)
            )
        if (
            await uow.bookings.count_upcoming(guest_id, (WAITING, OFFERED), now)
            >= env.rules.max_waitlist_entries
        ):
            raise TooManyActiveBookings(max_waitlist_entries=env.rules.max_waitlist_entries)
        entry = Booking(
            id=uuid.uuid4(),
            event_id=event_id,
            guest_id=guest_id,
            seats=seats,
            status=WAITING,
            waitlisted_at=now,
            auto_book=auto_book,
            created_at=now,
            updated_at=now,
        )
        uow.bookings.add(entry)
        try:
            await uow.bookings.flush()
        except IntegrityError as exc:
            if not is_open_place_conflict(exc):
                raise
            await uow.rollback()
            raise await open_place_taken(uow, event_id, guest_id) from exc
        uow.invalidate(event_id)
        await uow.commit()
        return await _read(uow, env, entry.id)


async def _read(uow: WaitlistUnitOfWork, env: Env, entry_id: uuid.UUID) -> WaitlistEntryRead:
    row = await uow.waitlist.entry(entry_id)
    if row is None:
        raise EntryNotFound()
    return await entry_read(uow, env, row)


async def _own_entry(uow: WaitlistUnitOfWork, entry_id: uuid.UUID, guest_id: uuid.UUID) -> Booking:
    """The caller's entry, its event locked first, then the entry (the order every writer takes)."""
    row = await uow.waitlist.entry(entry_id)
    if row is None or row.booking.guest_id != guest_id:
        raise EntryNotFound()
    await uow.events.get(row.event.id, lock=True)
    entry = await uow.bookings.get(entry_id, lock=True)
    if entry is None:  # rows are never deleted
        raise EntryNotFound()
    return entry


async def leave(*, uow: WaitlistUnitOfWork, env: Env, guest_id: uuid.UUID, entry_id: uuid.UUID) -> None:
    """Leave a waiting list; seats offered to you go on to the next guest. Leaving twice is fine."""
    now = env.clock.now()
    async with uow:
        entry = await _own_entry(uow, entry_id, guest_id)
        if entry.status == WAITING:
            await uow.bookings.close(entry.id, LEFT, now=now)
            uow.invalidate(entry.event_id)
        elif entry.status == OFFERED:
            await release_offer(uow, env.rules, entry, LEFT, now, tell=False)
        await uow.commit()


async def decline(
    *, uow: WaitlistUnitOfWork, env: Env, guest_id: uuid.UUID, entry_id: uuid.UUID
) -> WaitlistEntryRead:
    """Decline the seats offered to you: they go on to the next guest at once."""
    now = env.clock.now()
    async with uow:
        entry = await _own_entry(uow, entry_id, guest_id)
        _check_offered(entry, now)
        await release_offer(uow, env.rules, entry, PASSED, now, tell=False)
        await uow.commit()
        return await _read(uow, env, entry_id)


def _check_offered(entry: Booking, now: object) -> None:
    if entry.status == WAITING:
        raise NotOffered()
    if entry.status in BOOKING_STATES:
        raise AlreadyClaimed(booking_id=entry.id)
    if entry.status != OFFERED:
        raise OfferExpired()


async def claim(
    *,
    uow: WaitlistUnitOfWork,
    env: Env,
    guest_id: uuid.UUID,
    entry_id: uuid.UUID,
    request: IdempotentRequest | None,
) -> BookingRead | Replay:
    """Turn the seats offered to you into a booking (pending when the host approves each one), before
    the offer runs out; after that it is gone (410) and the seats went to the next guest."""
    now = env.clock.now()

    async def take() -> BookingRead:
        async with uow:
            entry = await _own_entry(uow, entry_id, guest_id)
            if (
                entry.status == OFFERED
                and entry.offer_expires_at is not None
                and entry.offer_expires_at <= now
            ):
                # Lapsed and nobody has moved it on yet: move it on now, then say so.
                await release_offer(uow, env.rules, entry, EXPIRED, now, tell=True)
                await uow.commit()
                raise OfferExpired()
            _check_offered(entry, now)
            if (
                await uow.bookings.count_upcoming(guest_id, (PENDING, ACTIVE), now)
                >= env.rules.max_active_bookings
            ):
                raise TooManyActiveBookings(max_active_bookings=env.rules.max_active_bookings)
            event = await uow.events.get(entry.event_id, lock=True)
            if event is None:  # never deleted
                raise EntryNotFound()
            row = await become_booking(uow, env.rules, entry.id, event, now)
            result = booking_read(row, now, env.rules, seats_left=row.event.capacity - row.event.seats_taken)
            if request is not None:
                status = 202 if result.status == PENDING else 201
                await uow.idempotency.record(request, status, result.model_dump(mode="json"))
            uow.invalidate(entry.event_id)
            await uow.commit()
            return result

    return await env.idempotency.answer_once(request, now, take)


async def offer_freed_seats(change: SeatsFreed, uow: WaitlistUnitOfWork, *, rules: BookingRules) -> None:
    """Seats came free (published in the freeing transaction): offer them to the waiting list now."""
    await offer_free_seats(uow, rules, change.event_id, change.at)
