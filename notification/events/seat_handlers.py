"""The seat lifecycle: booking requests and the host's answers, removals, waiting-list offers."""

from common import events
from notification.events.incoming import Incoming, cancel_deadline, project
from notification.events.models import ACTIVE, CANCELLED, PENDING
from notification.kinds import (
    BOOKING_APPROVED,
    BOOKING_DECLINED,
    BOOKING_REMOVED,
    BOOKING_REQUESTED,
    HOST_BOOKING_REQUEST,
    WAITLIST_OFFER,
    WAITLIST_OFFER_EXPIRED,
)
from notification.messages.service import Outgoing
from notification.uow import NotificationUnitOfWork


async def booking_requested(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.BookingRequested
) -> list[Outgoing]:
    """A request waits for the host: the guest hears it was sent, the host that it asks for an answer."""
    await project(uow, incoming, data, status=PENDING)
    return [
        incoming.message(BOOKING_REQUESTED, data.guest_id, data, seats=data.seats, answer_by=data.answer_by),
        incoming.message(
            HOST_BOOKING_REQUEST,
            data.host_id,
            data,
            seats=data.seats,
            guest_name=data.guest_name,
            answer_by=data.answer_by,
        ),
    ]


async def booking_approved(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.BookingApproved
) -> list[Outgoing]:
    await project(uow, incoming, data, status=ACTIVE)
    return [
        incoming.message(
            BOOKING_APPROVED, data.guest_id, data, seats=data.seats, cancel_deadline=cancel_deadline(data)
        )
    ]


async def booking_declined(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.BookingDeclined
) -> list[Outgoing]:
    await project(uow, incoming, data, status=CANCELLED)
    return [
        incoming.message(
            BOOKING_DECLINED,
            data.guest_id,
            data,
            seats=data.seats,
            message=data.message,
            automatic=data.automatic,
        )
    ]


async def booking_removed(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.BookingRemoved
) -> list[Outgoing]:
    await project(uow, incoming, data, status=CANCELLED)
    return [incoming.message(BOOKING_REMOVED, data.guest_id, data, seats=data.seats, reason=data.reason)]


async def waitlist_offered(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.WaitlistOffered
) -> list[Outgoing]:
    """Seats held for a waiting guest: told at once, by inbox and email, with where to claim them."""
    await uow.projection.apply_event(data, at=incoming.at)
    return [
        incoming.message(
            WAITLIST_OFFER,
            data.guest_id,
            data,
            seats=data.seats,
            expires_at=data.expires_at,
            link=incoming.links.my_bookings(),
        )
    ]


async def waitlist_expired(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.WaitlistExpired
) -> list[Outgoing]:
    await uow.projection.apply_event(data, at=incoming.at)
    return [incoming.message(WAITLIST_OFFER_EXPIRED, data.guest_id, data, seats=data.seats)]
