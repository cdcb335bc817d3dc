"""The ratings events: an evening ended, a rating revealed, a review's text hidden."""

import uuid

from common import events
from notification.events.incoming import Incoming
from notification.kinds import (
    RATE_YOUR_EVENING,
    RATING_REVEALED,
    REVIEW_HIDDEN,
)
from notification.messages.service import Outgoing
from notification.uow import NotificationUnitOfWork


async def event_ended(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.EventEnded
) -> list[Outgoing]:
    """Rate your evening, to the host and each guest booked at the end, once per screening and person.
    An invitation only: booking decides who may rate (attendance is not settled yet)."""
    if data.rating_window_closes_at is not None and data.rating_window_closes_at <= incoming.now:
        # Delivered after the window closed (the service was down that long): an invitation to do what
        # can no longer be done would only mislead.
        return []
    # One message per person, worded for their side; a person listed twice still gets one.
    roles: dict[uuid.UUID, str] = {data.host_id: "host"}
    for guest in data.guests:
        roles.setdefault(guest.guest_id, "guest")
    return [
        incoming.about(
            RATE_YOUR_EVENING,
            person,
            cause=data.event_id,
            event_id=data.event_id,
            movie_title=data.movie_title,
            host_name=data.host_name,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            link=incoming.links.event(data.event_id, data.share_url),
            role=role,
            rating_window_closes_at=data.rating_window_closes_at,
        )
        for person, role in roles.items()
    ]


async def rating_revealed(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.RatingRevealed
) -> list[Outgoing]:
    """You have been rated, to the ratee, once per rating: that it is visible, never what it says."""
    return [
        incoming.about(
            RATING_REVEALED,
            data.ratee_id,
            cause=data.rating_id,
            event_id=data.event_id,
            movie_title=data.movie_title,
            host_name=data.host_name,
            starts_at=data.starts_at,
            link=incoming.links.ratings(data.ratee_id),
            role=data.role,
        )
    ]


async def rating_hidden(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.RatingHidden
) -> list[Outgoing]:
    """The author of a review whose text a moderator hid, with the reason; once per rating, so hiding
    it again (booking does not refuse that) does not tell them twice."""
    return [
        incoming.about(
            REVIEW_HIDDEN,
            data.author_id,
            cause=data.rating_id,
            event_id=data.event_id,
            movie_title=data.movie_title,
            link=incoming.links.event(data.event_id, data.share_url),
            reason=data.reason,
        )
    ]
