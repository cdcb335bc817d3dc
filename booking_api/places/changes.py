"""Changes of a place that other domains act on (`uow.publish`), in the same transaction."""

from dataclasses import dataclass
from datetime import datetime

from booking_api.places.models import Place
from common.events import PlaceFacts


@dataclass(frozen=True)
class PlaceMoved:
    """A place's name, address or city changed: guests of its upcoming events must learn it."""

    place: Place
    before: PlaceFacts
    at: datetime
