"""The outbox messages about a screening (typed in `common.events`), built from its rows."""

from typing import Any

from booking_api.events.models import Event
from booking_api.places.models import Place
from common.events import Before, EventChanged, EventCreated, EventFull, Guest, PlaceFacts


def place_facts(place: Place) -> PlaceFacts:
    return PlaceFacts(id=place.id, name=place.name, city=place.city, address=place.address)


def event_fields(event: Event, place: Place) -> dict[str, Any]:
    """The `EventFacts` fields of every message about this screening, as it is now."""
    return {
        "event_id": event.id,
        "host_id": event.host_id,
        "host_name": event.host_name,
        "movie_id": event.movie_id,
        "movie_title": event.movie_title,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "place": place_facts(place),
        "capacity": event.capacity,
        "seats_left": event.capacity - event.seats_taken,
        "series_id": event.series_id,
        "share_url": event.share_url,
        "approval": event.approval,
        "cancel_deadline_hours": event.cancel_deadline_hours,
        "visibility": event.visibility,
    }


def created(event: Event, place: Place) -> EventCreated:
    return EventCreated(**event_fields(event, place))


def full(event: Event, place: Place) -> EventFull:
    return EventFull(**event_fields(event, place))


def changed(event: Event, place: Place, *, before: Before, guests: list[Guest]) -> EventChanged:
    return EventChanged(**event_fields(event, place), before=before, guests=guests)


def before_of(event: Event, place: PlaceFacts) -> Before:
    """When and where a screening is, to say what a change moved it from."""
    return Before(starts_at=event.starts_at, ends_at=event.ends_at, place=place)
