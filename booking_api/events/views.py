"""An event as the API shows it."""

from datetime import UTC, datetime

from booking_api.core.scores import Score, ScoreRead
from booking_api.events.models import CANCELLED, Event
from booking_api.events.schemas import EventRead, EventStatus, HostRef, MovieRef, PlaceRef
from booking_api.places.models import Place


def current_status(stored: str, ends_at: datetime, now: datetime) -> EventStatus:
    """Stored: scheduled or cancelled; a scheduled event whose end has passed shows as finished."""
    if stored == CANCELLED:
        return "cancelled"
    return "finished" if ends_at <= now else "scheduled"


def place_ref(place: Place, *, reveal: bool) -> PlaceRef:
    """Name and city for everyone; the address, coordinates and notes only when `reveal`."""
    if not reveal:
        return PlaceRef(id=place.id, name=place.name, city=place.city)
    return PlaceRef(
        id=place.id,
        name=place.name,
        city=place.city,
        address=place.address,
        latitude=place.latitude,
        longitude=place.longitude,
        notes=place.notes,
    )


def public_place(place: PlaceRef) -> PlaceRef:
    """What anyone may see of a place shown in full to its host."""
    return PlaceRef(id=place.id, name=place.name, city=place.city)


def event_read(
    event: Event,
    place: Place,
    now: datetime,
    *,
    reveal_place: bool,
    host_score: Score | None = None,
    waiting: int = 0,
) -> EventRead:
    return EventRead(
        id=event.id,
        host=HostRef(
            id=event.host_id, name=event.host_name, rating=ScoreRead.of(host_score) if host_score else None
        ),
        movie=MovieRef(id=event.movie_id, title=event.movie_title, duration_minutes=event.duration_minutes),
        place=place_ref(place, reveal=reveal_place),
        starts_at=event.starts_at.astimezone(UTC),
        ends_at=event.ends_at.astimezone(UTC),
        capacity=event.capacity,
        seats_taken=event.seats_taken,
        seats_left=event.capacity - event.seats_taken,
        status=current_status(event.status, event.ends_at, now),
        description=event.description,
        series_id=event.series_id,
        min_guest_rating=event.min_guest_rating,
        max_no_show_rate=event.max_no_show_rate,
        share_url=event.share_url,
        approval=event.approval,
        cancel_deadline_hours=event.cancel_deadline_hours,
        waitlist_priority=event.waitlist_priority,
        visibility=event.visibility,
        waiting=waiting,
        created_at=event.created_at.astimezone(UTC),
        updated_at=event.updated_at.astimezone(UTC),
    )
