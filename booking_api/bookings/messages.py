"""The outbox messages about bookings (typed in `common.events`), built from their rows. The
booking.created message is built by the booking statement itself (`repository.py`)."""

from collections.abc import Iterable
from typing import Any

from booking_api.bookings.models import Booking
from booking_api.bookings.repository import BookingRow
from booking_api.events.messages import event_fields
from booking_api.events.models import Event
from booking_api.places.models import Place
from common.events import BookingCancelled, BookingChanged, EventCancelled, Guest


def guests(bookings: Iterable[Booking]) -> list[Guest]:
    """Who an event change concerns."""
    return [Guest(booking_id=b.id, guest_id=b.guest_id, seats=b.seats) for b in bookings]


def _booking_fields(row: BookingRow, *, seats_left: int) -> dict[str, Any]:
    """The `BookingFacts` fields of a message about this booking, as it is now."""
    return {
        **event_fields(row.event, row.place),
        "seats_left": seats_left,
        "booking_id": row.booking.id,
        "guest_id": row.booking.guest_id,
        "seats": row.booking.seats,
    }


def changed(row: BookingRow, *, previous_seats: int, seats_left: int) -> BookingChanged:
    return BookingChanged(**_booking_fields(row, seats_left=seats_left), previous_seats=previous_seats)


def cancelled(row: BookingRow, *, by: str, seats_left: int) -> BookingCancelled:
    return BookingCancelled(**_booking_fields(row, seats_left=seats_left), cancelled_by=by)


def event_cancelled(event: Event, place: Place, *, cancelled: list[Booking]) -> EventCancelled:
    return EventCancelled(**event_fields(event, place), guests=guests(cancelled))
