"""Whether a person may book or wait for an evening (seats aside): the answers every refusal gives."""

import uuid
from datetime import datetime

from booking_api.blocks.exceptions import BlockedByHost
from booking_api.bookings.exceptions import (
    AlreadyBooked,
    AlreadyWaiting,
    EventClosed,
    GuestRequirementsNotMet,
    OwnEvent,
    SeatsOverLimit,
    TooManyActiveBookings,
)
from booking_api.bookings.models import ACTIVE, OFFERED, PENDING, WAITING
from booking_api.bookings.ports import BookingsUnitOfWork
from booking_api.core.env import Env
from booking_api.core.rules import BookingRules
from booking_api.core.scores import no_show_rate
from booking_api.events.exceptions import EventNotFound
from booking_api.events.models import SCHEDULED, Event


def check_seats(seats: int, rules: BookingRules) -> None:
    if seats > rules.max_seats_per_booking:
        raise SeatsOverLimit(
            f"One booking holds at most {rules.max_seats_per_booking} seats.",
            max_seats=rules.max_seats_per_booking,
        )


async def open_place_taken(uow: BookingsUnitOfWork, event_id: uuid.UUID, guest_id: uuid.UUID) -> Exception:
    """The refusal for a person who already has an open place in the evening."""
    existing = await uow.bookings.open_for_guest(event_id, guest_id)
    if existing is not None and existing.status in (WAITING, OFFERED):
        return AlreadyWaiting(entry_id=existing.id)
    return AlreadyBooked(booking_id=existing.id if existing else None)


async def check_bookable(
    uow: BookingsUnitOfWork,
    env: Env,
    event: Event | None,
    guest_id: uuid.UUID,
    now: datetime,
    *,
    requirements: bool = True,
    limit_bookings: bool = True,
) -> Event:
    """Why a person may not book or wait for this evening, as an error (seats aside); the event."""
    if event is None or (event.hidden_at is not None and event.host_id != guest_id):
        raise EventNotFound()
    if event.host_id == guest_id:
        raise OwnEvent()
    if event.status != SCHEDULED or event.starts_at <= now:
        raise EventClosed()
    if await uow.blocks.is_blocked(event.host_id, guest_id):
        raise BlockedByHost()
    if limit_bookings and await uow.bookings.count_upcoming(guest_id, (PENDING, ACTIVE), now) >= (
        env.rules.max_active_bookings
    ):
        raise TooManyActiveBookings(max_active_bookings=env.rules.max_active_bookings)
    if requirements:
        await check_guest_requirements(uow, event, guest_id, now)
    return event


async def check_guest_requirements(
    uow: BookingsUnitOfWork, event: Event, guest_id: uuid.UUID, now: datetime
) -> None:
    """The host's `min_guest_rating` and `max_no_show_rate`; guests with no history are let in."""
    if event.min_guest_rating is not None:
        score = await uow.standing.guest_score(guest_id, now)
        if score.count and score.score < event.min_guest_rating:
            raise GuestRequirementsNotMet(
                f"The host asks for a guest rating of {event.min_guest_rating}+; yours is {score.score}.",
                min_guest_rating=event.min_guest_rating,
                your_rating=score.score,
            )
    if event.max_no_show_rate is not None:
        rate = no_show_rate(*await uow.standing.attendance_record(guest_id, now))
        if rate is not None and rate > event.max_no_show_rate:
            raise GuestRequirementsNotMet(
                f"The host accepts a no-show rate up to {event.max_no_show_rate}; yours is {rate}.",
                max_no_show_rate=event.max_no_show_rate,
                your_no_show_rate=rate,
            )
