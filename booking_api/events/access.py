"""Who may see an evening (docs/booking.md, "Private evenings"), asked by every route of an evening.

A person who may not see an evening gets the answer of one that does not exist (404), on every route:
its page, its bookings, waiting list, invitations and ratings, a report about it.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from booking_api.core.env import Env
from booking_api.core.people import is_moderator
from booking_api.events.exceptions import EventNotFound, NotYourEvent
from booking_api.events.models import OPEN_VISIBILITIES, Event
from booking_api.events.ports import EventsUnitOfWork
from booking_api.events.schemas import EventRead


class Sight(StrEnum):
    """Why a person sees an evening."""

    HOST = "host"
    ANYONE = "anyone"  # public or unlisted
    GUEST = "guest"  # has or had a place in it (a friend unfriended later keeps it)
    MODERATOR = "moderator"  # only for an evening a moderator hid: to judge reports about it
    INVITED = "invited"  # opened an invitation that is still valid
    FRIEND = "friend"  # the host's friend, for a friends-only evening


@dataclass(frozen=True)
class Shown:
    """What decides who sees an evening, from its row or from its cached page."""

    id: uuid.UUID
    host_id: uuid.UUID
    visibility: str
    hidden: bool

    @classmethod
    def of(cls, event: Event) -> "Shown":
        return cls(event.id, event.host_id, event.visibility, event.hidden_at is not None)

    @classmethod
    def of_read(cls, event: EventRead, *, hidden: bool = False) -> "Shown":
        return cls(event.id, event.host.id, event.visibility, hidden)


def plain_sight(event: Shown, viewer_id: uuid.UUID | None) -> Sight | None:
    """The answer when nothing needs looking up (the host; an open, unhidden evening), else None: the
    cached public read stays free of database work."""
    if viewer_id is not None and viewer_id == event.host_id:
        return Sight.HOST
    if not event.hidden and event.visibility in OPEN_VISIBILITIES:
        return Sight.ANYONE
    return None


async def sight(
    *, uow: EventsUnitOfWork, env: Env, event: Shown, viewer_id: uuid.UUID | None, now: datetime
) -> Sight | None:
    """Why `viewer_id` (None: anonymous) sees the evening, or None. A friends-only evening asks UGC and
    raises `DependencyUnavailable` when it cannot: never a guess either way."""
    plain = plain_sight(event, viewer_id)
    if plain is not None:
        return plain
    if event.hidden:
        # Hidden by a moderator: only its host, the guests holding seats and moderators still see it.
        if viewer_id is None:
            return None
        if await uow.audience.holds_seats(event.id, viewer_id):
            return Sight.GUEST
        return Sight.MODERATOR if await is_moderator(env.users, viewer_id) else None
    if viewer_id is None:
        return None
    if await uow.audience.has_place(event.id, viewer_id):
        return Sight.GUEST
    if await uow.audience.holds_invite(event.id, viewer_id, now):
        return Sight.INVITED
    if event.visibility == "friends" and await env.friends.are_friends(event.host_id, viewer_id):
        return Sight.FRIEND
    return None


async def require_sight(
    *, uow: EventsUnitOfWork, env: Env, event: Event | None, viewer_id: uuid.UUID | None, now: datetime
) -> Event:
    """The event if the viewer may see it; 404 `event_not_found` otherwise."""
    if (
        event is None
        or await sight(uow=uow, env=env, event=Shown.of(event), viewer_id=viewer_id, now=now) is None
    ):
        raise EventNotFound()
    return event


async def require_host(
    *, uow: EventsUnitOfWork, env: Env, event: Event | None, caller_id: uuid.UUID, now: datetime
) -> Event:
    """The event if the caller hosts it; 403 `not_your_event` for anyone else who sees it, 404 for the
    rest."""
    if event is not None and event.host_id == caller_id:
        return event
    await require_sight(uow=uow, env=env, event=event, viewer_id=caller_id, now=now)
    raise NotYourEvent()
