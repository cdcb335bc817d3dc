"""The outbox messages about ratings (typed in `common.events`)."""

from booking_api.events.models import Event
from booking_api.ratings.models import Rating
from common.events import RatingHidden, RatingRevealed


def revealed(rating: Rating, event: Event) -> RatingRevealed:
    return RatingRevealed(
        rating_id=rating.id,
        event_id=event.id,
        movie_title=event.movie_title,
        host_id=event.host_id,
        host_name=event.host_name,
        ratee_id=rating.ratee_id,
        role=rating.role,
        starts_at=event.starts_at,
    )


def hidden(rating: Rating, event: Event, *, reason: str) -> RatingHidden:
    return RatingHidden(
        rating_id=rating.id,
        event_id=event.id,
        movie_title=event.movie_title,
        author_id=rating.rater_id,
        reason=reason,
    )
