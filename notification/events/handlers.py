"""What each booking event means here: how it changes the projection and whom it tells what.

A handler runs in the ingest transaction and returns the messages the event implies; messages that need
another service's data (the fan-out to friends and film subscribers) become a job instead. An event type
with no handler is stored and otherwise ignored, so new producers never block the relay.
"""

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from common import events
from common.events import Envelope, EventFacts, Message
from notification.events.models import ACTIVE, CANCELLED, SCHEDULED
from notification.kinds import (
    BOOKING_CANCELLED,
    BOOKING_CHANGED,
    BOOKING_CONFIRMED,
    EVENT_CANCELLED,
    EVENT_CHANGED,
    HOST_BOOKING_CANCELLED,
    HOST_EVENT_FULL,
    HOST_NEW_BOOKING,
    RATE_YOUR_EVENING,
    RATING_REVEALED,
    REVIEW_HIDDEN,
    Kind,
)
from notification.links import Links
from notification.messages.service import Outgoing, message_context, screening_context
from notification.uow import NotificationUnitOfWork


@dataclass(frozen=True)
class Incoming:
    envelope: Envelope
    now: datetime
    links: Links

    @property
    def at(self) -> datetime:
        return self.envelope.occurred_at

    def message(self, kind: Kind, recipient_id: uuid.UUID, data: EventFacts, **extra: Any) -> Outgoing:
        """One message caused by this envelope: at most one per kind and person, however often it comes."""
        return Outgoing(
            recipient_id=recipient_id,
            kind=kind,
            context=screening_context(data, self.links, place=data.place.model_dump(mode="json"), **extra),
            dedupe_key=f"{kind.name}:{self.envelope.id}:{recipient_id}",
            event_id=data.event_id,
            source_id=self.envelope.id,
        )

    def about(
        self, kind: Kind, recipient_id: uuid.UUID, *, cause: uuid.UUID, event_id: uuid.UUID, **context: Any
    ) -> Outgoing:
        """One message per kind, person and `cause` (the screening, the rating), not per envelope: the
        booking service may state one fact in two envelopes (two workers, a repeated action), and the
        person should still hear of it once."""
        return Outgoing(
            recipient_id=recipient_id,
            kind=kind,
            context=message_context(event_id=event_id, **context),
            dedupe_key=f"{kind.name}:{cause}:{recipient_id}",
            event_id=event_id,
            source_id=self.envelope.id,
        )


async def event_created(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.EventCreated
) -> list[Outgoing]:
    await uow.projection.apply_event(data, at=incoming.at, status=SCHEDULED)
    await uow.fanout.add(
        source_id=incoming.envelope.id,
        event_id=data.event_id,
        host_id=data.host_id,
        movie_id=data.movie_id,
        now=incoming.now,
    )
    return []


async def event_changed(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.EventChanged
) -> list[Outgoing]:
    await uow.projection.apply_event(data, at=incoming.at)
    await uow.projection.keep_guests(data.event_id, data.guests, status=ACTIVE, at=incoming.at)
    before = {"starts_at": data.before.starts_at, "place": data.before.place.model_dump(mode="json")}
    return [
        incoming.message(EVENT_CHANGED, guest.guest_id, data, seats=guest.seats, before=before)
        for guest in data.guests
    ]


async def event_cancelled(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.EventCancelled
) -> list[Outgoing]:
    await uow.projection.apply_event(data, at=incoming.at, status=CANCELLED)
    await uow.projection.keep_guests(data.event_id, data.guests, status=CANCELLED, at=incoming.at)
    await uow.projection.cancel_bookings_of(data.event_id, at=incoming.at)
    return [
        incoming.message(EVENT_CANCELLED, guest.guest_id, data, seats=guest.seats) for guest in data.guests
    ]


async def event_full(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.EventFull
) -> list[Outgoing]:
    await uow.projection.apply_event(data, at=incoming.at)
    return [incoming.message(HOST_EVENT_FULL, data.host_id, data, seats_left=0)]


async def _project(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.BookingFacts, *, status: str
) -> None:
    """The screening and the booking as this payload states them."""
    await uow.projection.apply_event(data, at=incoming.at)
    await uow.projection.apply_booking(data, status=status, at=incoming.at)


async def booking_created(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.BookingCreated
) -> list[Outgoing]:
    await _project(uow, incoming, data, status=ACTIVE)
    return [
        incoming.message(BOOKING_CONFIRMED, data.guest_id, data, seats=data.seats),
        incoming.message(
            HOST_NEW_BOOKING,
            data.host_id,
            data,
            seats=data.seats,
            guest_name=data.guest_name,
            seats_left=data.seats_left,
        ),
    ]


async def booking_changed(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.BookingChanged
) -> list[Outgoing]:
    await _project(uow, incoming, data, status=ACTIVE)
    return [
        incoming.message(
            BOOKING_CHANGED, data.guest_id, data, seats=data.seats, previous_seats=data.previous_seats
        )
    ]


async def booking_cancelled(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.BookingCancelled
) -> list[Outgoing]:
    known = await uow.projection.booking(data.booking_id)
    guest_name = data.guest_name or (known.guest_name if known else None)
    await _project(uow, incoming, data, status=CANCELLED)
    return [
        incoming.message(BOOKING_CANCELLED, data.guest_id, data, seats=data.seats),
        incoming.message(
            HOST_BOOKING_CANCELLED,
            data.host_id,
            data,
            seats=data.seats,
            guest_name=guest_name,
            seats_left=data.seats_left,
        ),
    ]


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


Handler = Callable[[NotificationUnitOfWork, Incoming, Any], Awaitable[list[Outgoing]]]


@dataclass(frozen=True)
class Route:
    model: type[Message]
    handle: Handler


def _route(model: type[Message], handle: Handler) -> tuple[str, Route]:
    return model.TYPE, Route(model, handle)


ROUTES: dict[str, Route] = dict(
    [
        _route(events.EventCreated, event_created),
        _route(events.EventChanged, event_changed),
        _route(events.EventCancelled, event_cancelled),
        _route(events.EventFull, event_full),
        _route(events.BookingCreated, booking_created),
        _route(events.BookingChanged, booking_changed),
        _route(events.BookingCancelled, booking_cancelled),
        _route(events.EventEnded, event_ended),
        _route(events.RatingRevealed, rating_revealed),
        _route(events.RatingHidden, rating_hidden),
    ]
)
