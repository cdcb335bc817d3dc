"""What each booking event means here: how it changes the projection and whom it tells what.

A handler runs in the ingest transaction and returns the messages the event implies; messages that need
another service's data (the fan-out to friends and film subscribers) become a job instead. An event type
with no handler is stored and otherwise ignored, so new producers never block the relay.
"""

from common import events
from notification.events.incoming import Incoming, cancel_deadline, project
from notification.events.models import ACTIVE, CANCELLED, SCHEDULED
from notification.fanout.models import EVERYONE, FRIENDS
from notification.kinds import (
    BOOKING_CANCELLED,
    BOOKING_CHANGED,
    BOOKING_CONFIRMED,
    EVENT_CANCELLED,
    EVENT_CHANGED,
    HOST_BOOKING_CANCELLED,
    HOST_EVENT_FULL,
    HOST_NEW_BOOKING,
)
from notification.messages.service import Outgoing
from notification.uow import NotificationUnitOfWork


async def event_created(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.EventCreated
) -> list[Outgoing]:
    await uow.projection.apply_event(data, at=incoming.at, status=SCHEDULED)
    # A private screening is announced to nobody (unlisted, by invitation) or to friends only.
    if data.visibility in ("public", "friends"):
        await uow.fanout.add(
            source_id=incoming.envelope.id,
            event_id=data.event_id,
            host_id=data.host_id,
            movie_id=data.movie_id,
            now=incoming.now,
            audience=EVERYONE if data.visibility == "public" else FRIENDS,
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


async def booking_created(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.BookingCreated
) -> list[Outgoing]:
    await project(uow, incoming, data, status=ACTIVE)
    return [
        incoming.message(
            BOOKING_CONFIRMED,
            data.guest_id,
            data,
            seats=data.seats,
            via_waitlist=data.via_waitlist,
            cancel_deadline=cancel_deadline(data),
        ),
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
    await project(uow, incoming, data, status=ACTIVE)
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
    await project(uow, incoming, data, status=CANCELLED)
    return [
        incoming.message(BOOKING_CANCELLED, data.guest_id, data, seats=data.seats, late=data.late),
        incoming.message(
            HOST_BOOKING_CANCELLED,
            data.host_id,
            data,
            seats=data.seats,
            guest_name=guest_name,
            seats_left=data.seats_left,
            late=data.late,
        ),
    ]
