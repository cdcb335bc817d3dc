"""Ratings as the API shows them, and the rules of who attended and what is revealed."""

from datetime import UTC, datetime

from booking_api.bookings.models import Booking
from booking_api.core.rules import ATTENDANCE_GRACE
from booking_api.events.models import Event
from booking_api.ratings.models import Rating
from booking_api.ratings.schemas import RatingRead, ReviewRead


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def attended(booking: Booking, event: Event, now: datetime) -> bool:
    """Marked attended, or not marked and 48 hours past the end."""
    if booking.attendance is None:
        return event.ends_at + ATTENDANCE_GRACE <= now
    return booking.attendance == "attended"


def is_revealed(rating: Rating, now: datetime) -> bool:
    return (rating.revealed_at is not None and rating.revealed_at <= now) or rating.window_closes_at <= now


def rating_read(rating: Rating, now: datetime) -> RatingRead:
    return RatingRead(
        id=rating.id,
        event_id=rating.event_id,
        ratee_id=rating.ratee_id,
        role=rating.role,
        score=rating.score,
        text=rating.text,
        revealed=is_revealed(rating, now),
        window_closes_at=utc(rating.window_closes_at),
        created_at=utc(rating.created_at),
        updated_at=utc(rating.updated_at),
    )


def review_read(rating: Rating, movie_title: str) -> ReviewRead:
    """A revealed rating as anyone sees it: a hidden text is left out, its reason shown."""
    return ReviewRead(
        id=rating.id,
        event_id=rating.event_id,
        movie_title=movie_title,
        rater_id=rating.rater_id,
        role=rating.role,
        score=rating.score,
        text=None if rating.hidden_at else rating.text,
        text_hidden=rating.hidden_at is not None,
        hidden_reason=rating.hidden_reason,
        created_at=utc(rating.created_at),
    )
