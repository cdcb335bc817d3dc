"""Invitations to an evening (docs/booking.md, "Private evenings"): the host makes, lists and revokes
them; their holders look them up and book with them.

An invitation may hold seats (an allotment): they are taken from the evening when it is made, booked
by its holders without touching the evening's counter again, and given back (to the waiting list
first) when it is revoked, expires, or is used up. So `events.seats_taken` always counts them, and the
no-overbooking guarantee covers allotments like bookings.
"""

import logging
import secrets
import uuid
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError

from booking_api.core.env import Env
from booking_api.core.people import require_active_person
from booking_api.events.access import require_host
from booking_api.events.changes import EventCancelledByHost, SeatsFreed
from booking_api.events.exceptions import EventNotEditable, EventNotFound, NotEnoughSeats
from booking_api.events.models import SCHEDULED, Event
from booking_api.events.views import event_read
from booking_api.invites.exceptions import (
    InviteExpired,
    InviteExpiryInvalid,
    InviteNotFound,
    InviteRevoked,
    InviteUsedUp,
    TooManyInvites,
)
from booking_api.invites.models import Invite
from booking_api.invites.ports import InvitesUnitOfWork
from booking_api.invites.schemas import InviteCreate, InviteRead, InviteView
from booking_api.invites.views import invite_read, invite_status, uses_left
from common.pagination import Page, PageParams

logger = logging.getLogger(__name__)

# 24 random bytes: 192 bits, 32 URL-safe characters. Guessing one among a million live codes at a
# thousand tries a second would take ~10^41 years.
CODE_BYTES = 24


def _check_upcoming(event: Event, now: datetime) -> None:
    if event.status != SCHEDULED or event.starts_at <= now:
        raise EventNotEditable("Invitations are made for a scheduled evening that has not started.")


def _expiry(wanted: datetime | None, starts_at: datetime, now: datetime) -> datetime:
    """An invitation ends when asked, and at the evening's start at the latest."""
    if wanted is None:
        return starts_at
    if wanted <= now:
        raise InviteExpiryInvalid(expires_at=wanted.astimezone(UTC))
    return min(wanted, starts_at)


def check_usable(invite: Invite, now: datetime) -> None:
    """410 with the reason for an invitation that can no longer be used."""
    status = invite_status(invite, now)
    if status == "revoked":
        raise InviteRevoked()
    if status == "expired":
        raise InviteExpired()
    if status == "used_up":
        raise InviteUsedUp()


async def create_invite(
    *, uow: InvitesUnitOfWork, env: Env, host_id: uuid.UUID, event_id: uuid.UUID, data: InviteCreate
) -> InviteRead:
    """Invite people to the caller's upcoming evening: a secret code, its short link, seats held if
    asked (taken from the evening's free seats now)."""
    now = env.clock.now()
    async with uow:
        event = await require_host(
            uow=uow, env=env, event=await uow.events.get(event_id), caller_id=host_id, now=now
        )
        _check_upcoming(event, now)
    await require_active_person(env.users, host_id)
    expires_at = _expiry(data.expires_at, event.starts_at, now)
    code = secrets.token_urlsafe(CODE_BYTES)
    # Made before the transaction, so no lock waits on the shortener.
    short_url = await env.links.for_invite(event_id, code, expires_at)
    async with uow:
        locked = await uow.events.get(event_id, lock=True)
        if locked is None:  # events are never deleted
            raise EventNotFound()
        _check_upcoming(locked, now)
        if await uow.invites.count_live(event_id, now) >= env.rules.max_live_invites:
            raise TooManyInvites(max_live_invites=env.rules.max_live_invites)
        if data.seats is not None and await uow.events.take_seats(event_id, data.seats, now) is None:
            free = locked.capacity - locked.seats_taken
            raise NotEnoughSeats(f"Only {free} seats are free to hold for an invitation.", seats_left=free)
        invite = Invite(
            id=uuid.uuid4(),
            code=code,
            event_id=event_id,
            host_id=host_id,
            seats=data.seats,
            seats_left=data.seats,
            uses=data.uses,
            used=0,
            expires_at=expires_at,
            short_url=short_url,
            created_at=now,
        )
        uow.invites.add(invite)
        await uow.invites.flush()
        uow.invalidate(event_id)
        await uow.commit()
    return invite_read(invite, now, page_url=env.links.invite_page(event_id, code))


async def list_invites(
    *, uow: InvitesUnitOfWork, env: Env, host_id: uuid.UUID, event_id: uuid.UUID, page: PageParams
) -> Page[InviteRead]:
    """The invitations to the caller's evening, the newest first, with what each has left."""
    now = env.clock.now()
    async with uow:
        await require_host(uow=uow, env=env, event=await uow.events.get(event_id), caller_id=host_id, now=now)
        invites, total = await uow.invites.for_event(event_id, offset=page.offset, limit=page.limit)
    return Page.of(
        [invite_read(i, now, page_url=env.links.invite_page(event_id, i.code)) for i in invites], total, page
    )


async def release_allotment(
    uow: InvitesUnitOfWork, event: Event, invite: Invite, now: datetime, *, held: int | None = None
) -> None:
    """Give the seats an invitation still holds (`held`, default its `seats_left`) back to its evening,
    the waiting list first. The event's row and the invitation's are locked by the caller, in that
    order."""
    held = invite.seats_left if held is None else held
    if invite.released_at is not None or not held:
        return
    if event.status == SCHEDULED:  # a cancelled evening's counter was emptied when it was cancelled
        await uow.events.release_seats(event.id, held, now)
        await uow.publish(SeatsFreed(event_id=event.id, at=now))
    await uow.invites.set(invite.id, seats_left=0, released_at=now)
    uow.invalidate(event.id)


async def revoke_invite(
    *, uow: InvitesUnitOfWork, env: Env, host_id: uuid.UUID, event_id: uuid.UUID, invite_id: uuid.UUID
) -> None:
    """Withdraw an invitation: its code stops working (410) and the seats it still holds go back to the
    evening. Bookings made with it stay. Revoking again changes nothing."""
    now = env.clock.now()
    async with uow:
        event = await require_host(
            uow=uow, env=env, event=await uow.events.get(event_id, lock=True), caller_id=host_id, now=now
        )
        invite = await uow.invites.get(invite_id, lock=True)
        if invite is None or invite.event_id != event_id:
            raise InviteNotFound()
        if invite.revoked_at is None:
            await uow.invites.set(invite.id, revoked_at=now)
            await release_allotment(uow, event, invite, now)
            await uow.commit()


async def look_up(*, uow: InvitesUnitOfWork, env: Env, code: str, viewer_id: uuid.UUID | None) -> InviteView:
    """The evening an invitation opens (public fields), for anyone holding its code. A signed-in holder
    is remembered: from then on, while the invitation is valid, they see the evening like a guest."""
    now = env.clock.now()
    async with uow:
        invite = await uow.invites.by_code(code)
        found = await uow.events.get_with_place(invite.event_id) if invite is not None else None
        if invite is None or found is None:
            raise InviteNotFound()
        event, place = found
        if event.hidden_at is not None and viewer_id != event.host_id:
            raise InviteNotFound()
        check_usable(invite, now)
        waiting = await uow.audience.waiting(event.id)
        if viewer_id is not None and viewer_id != event.host_id:
            await uow.invites.add_holder(invite.id, viewer_id, now)
            await uow.commit()
    return InviteView(
        code=invite.code,
        event=event_read(event, place, now, reveal_place=False, waiting=waiting),
        seats_left=invite.seats_left,
        uses_left=uses_left(invite),
        expires_at=invite.expires_at.astimezone(UTC),
    )


async def valid_invite(
    *, uow: InvitesUnitOfWork, code: str, event_id: uuid.UUID, now: datetime, lock: bool = False
) -> Invite:
    """The invitation to `event_id` with this code if it can be used: 404 for a code of no invitation
    to this evening, 410 for a spent one. `lock`: the caller has locked the event's row first."""
    invite = await uow.invites.by_code(code, lock=lock)
    if invite is None or invite.event_id != event_id:
        raise InviteNotFound()
    check_usable(invite, now)
    return invite


async def redeem(
    *, uow: InvitesUnitOfWork, code: str, event_id: uuid.UUID, seats: int, now: datetime
) -> Invite:
    """The invitation, locked, if it admits a booking of `seats` (the caller has locked the event's row
    first); 409 `not_enough_seats` when they exceed the seats it holds."""
    invite = await valid_invite(uow=uow, code=code, event_id=event_id, now=now, lock=True)
    if invite.seats_left is not None and seats > invite.seats_left:
        raise NotEnoughSeats(f"The invitation holds {invite.seats_left} seats.", seats_left=invite.seats_left)
    return invite


async def record_use(
    *, uow: InvitesUnitOfWork, event: Event, invite: Invite, guest_id: uuid.UUID, seats: int, now: datetime
) -> None:
    """Count a booking made with the invitation; one used up gives back the seats it still holds."""
    used = invite.used + 1
    held = None if invite.seats_left is None else invite.seats_left - seats
    await uow.invites.set(invite.id, used=used, seats_left=held)
    await uow.invites.add_holder(invite.id, guest_id, now)
    if invite.uses is not None and used >= invite.uses:
        await release_allotment(uow, event, invite, now, held=held)


async def revoke_with_event(change: EventCancelledByHost, uow: InvitesUnitOfWork) -> None:
    """A cancelled evening's invitations stop working; the seats they held went with its counter."""
    await uow.invites.revoke_all(change.event_id, change.at)


async def release_expired(*, uow: InvitesUnitOfWork, now: datetime, batch: int) -> int:
    """Seats held by invitations that expired go back to their evenings; how many invitations."""
    async with uow:
        due = await uow.invites.expired_allotments(now, limit=batch)
    released = 0
    for invite_id, event_id in due:
        try:
            async with uow:
                event = await uow.events.get(event_id, lock=True)
                invite = await uow.invites.get(invite_id, lock=True)
                if event is None or invite is None or invite.expires_at > now:
                    continue
                await release_allotment(uow, event, invite, now)
                await uow.commit()
                released += 1
        except IntegrityError:
            # One evening whose counter disagrees must not hold up every other evening's seats.
            logger.exception("could not release the seats of invitation %s", invite_id)
    return released
