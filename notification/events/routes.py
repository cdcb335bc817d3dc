"""Which handler takes which message type (an unknown type is stored and otherwise ignored)."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from common import events
from common.events import DomainMessage
from notification.accounts.handlers import account_deleted
from notification.events.handlers import (
    booking_cancelled,
    booking_changed,
    booking_created,
    event_cancelled,
    event_changed,
    event_created,
    event_full,
)
from notification.events.incoming import Incoming
from notification.events.rating_handlers import event_ended, rating_hidden, rating_revealed
from notification.events.seat_handlers import (
    booking_approved,
    booking_declined,
    booking_removed,
    booking_requested,
    waitlist_expired,
    waitlist_offered,
)
from notification.messages.service import Outgoing
from notification.uow import NotificationUnitOfWork

Handler = Callable[[NotificationUnitOfWork, Incoming, Any], Awaitable[list[Outgoing]]]


@dataclass(frozen=True)
class Route:
    model: type[DomainMessage]
    handle: Handler


def _route(model: type[DomainMessage], handle: Handler) -> tuple[str, Route]:
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
        _route(events.BookingRequested, booking_requested),
        _route(events.BookingApproved, booking_approved),
        _route(events.BookingDeclined, booking_declined),
        _route(events.BookingRemoved, booking_removed),
        _route(events.WaitlistOffered, waitlist_offered),
        _route(events.WaitlistExpired, waitlist_expired),
        _route(events.AccountDeleted, account_deleted),
    ]
)
