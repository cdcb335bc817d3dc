"""Who may book (or wait for) an evening that is not open to everyone (docs/booking.md, "Private
evenings"): the host's friends for a friends-only evening, holders of an invitation for any."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from booking_api.bookings.exceptions import FriendsOnly, InviteRequired
from booking_api.core.env import Env
from booking_api.events.exceptions import EventNotFound
from booking_api.events.models import OPEN_VISIBILITIES, Event
from booking_api.events.ports import EventsUnitOfWork


@dataclass(frozen=True)
class Admission:
    """Why the caller may book an evening that is not open to everyone: the host's friend (checked with
    UGC), or holding an invitation (`invite_id`; `from_allotment`: its held seats are already counted)."""

    admitted: bool = False
    invite_id: uuid.UUID | None = None
    from_allotment: bool = False


NOT_ADMITTED = Admission()
# The host's friend, or someone already in the evening (whose answer then comes from the booking rules).
ADMITTED = Admission(admitted=True)


async def admit(
    *, uow: EventsUnitOfWork, env: Env, event: Event | None, guest_id: uuid.UUID, now: datetime
) -> Admission:
    """Whether the caller may book the evening without an invitation: `ADMITTED` for the host's friend
    (asked of UGC at this moment; a friend removed later keeps their booking) and for whoever already
    has an open place in it (the booking rules then say why not), `NOT_ADMITTED` when the evening needs
    no admission (or is the caller's own). 404 for whoever may not see it; 403 for a past guest or an
    invitation holder who must book with the code, or who is no longer a friend."""
    if event is None or (event.hidden_at is not None and event.host_id != guest_id):
        raise EventNotFound()
    if event.host_id == guest_id or event.visibility in OPEN_VISIBILITIES:
        return NOT_ADMITTED
    if await uow.audience.has_open_place(event.id, guest_id):
        return ADMITTED
    if event.visibility == "friends" and await env.friends.are_friends(event.host_id, guest_id):
        return ADMITTED
    sees = await uow.audience.has_place(event.id, guest_id) or await uow.audience.holds_invite(
        event.id, guest_id, now
    )
    if not sees:
        raise EventNotFound()
    raise FriendsOnly() if event.visibility == "friends" else InviteRequired()
