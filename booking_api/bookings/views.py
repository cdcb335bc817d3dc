"""A booking as the API shows it."""

from datetime import UTC, datetime

from sqlalchemy import RowMapping

from booking_api.bookings.models import ACTIVE
from booking_api.bookings.repository import BookingRow, Reservation
from booking_api.bookings.schemas import BookingRead, EventSummary
from booking_api.events.models import Event
from booking_api.events.schemas import PlaceRef
from booking_api.events.views import current_status, place_ref
from booking_api.places.models import Place


def _summary(event: Event, place: Place, now: datetime, *, reveal_place: bool) -> EventSummary:
    return EventSummary(
        id=event.id,
        movie_id=event.movie_id,
        movie_title=event.movie_title,
        host_id=event.host_id,
        host_name=event.host_name,
        starts_at=event.starts_at.astimezone(UTC),
        ends_at=event.ends_at.astimezone(UTC),
        status=current_status(event.status, event.ends_at, now),
        place=place_ref(place, reveal=reveal_place),
    )


def booking_read(row: BookingRow, now: datetime, *, seats_left: int | None = None) -> BookingRead:
    booking = row.booking
    return BookingRead(
        id=booking.id,
        event_id=booking.event_id,
        guest_id=booking.guest_id,
        seats=booking.seats,
        status=booking.status,
        cancelled_by=booking.cancelled_by,
        created_at=booking.created_at.astimezone(UTC),
        updated_at=booking.updated_at.astimezone(UTC),
        cancelled_at=booking.cancelled_at.astimezone(UTC) if booking.cancelled_at else None,
        event=_summary(row.event, row.place, now, reveal_place=booking.status == ACTIVE),
        seats_left=seats_left,
    )


def booked(row: RowMapping, wanted: Reservation) -> BookingRead:
    """The answer to a booking, from what the booking statement returned (no ORM objects to build)."""
    at = wanted.at.astimezone(UTC)
    return BookingRead(
        id=wanted.booking_id,
        event_id=row["id"],
        guest_id=wanted.guest_id,
        seats=wanted.seats,
        status="active",
        cancelled_by=None,
        created_at=at,
        updated_at=at,
        cancelled_at=None,
        event=EventSummary(
            id=row["id"],
            movie_id=row["movie_id"],
            movie_title=row["movie_title"],
            host_id=row["host_id"],
            host_name=row["host_name"],
            starts_at=row["starts_at"].astimezone(UTC),
            ends_at=row["ends_at"].astimezone(UTC),
            status="scheduled",
            place=PlaceRef(
                id=row["place_id"],
                name=row["place_name"],
                city=row["place_city"],
                address=row["place_address"],
                latitude=row["place_latitude"],
                longitude=row["place_longitude"],
                notes=row["place_notes"],
            ),
        ),
        seats_left=row["seats_left"],
    )
