"""Changes of a screening that other domains act on (`uow.publish`), in the same transaction."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from booking_api.events.models import Event
from booking_api.places.models import Place
from common.events import Before


@dataclass(frozen=True)
class EventMoved:
    """The host moved a screening in time or to another place; its guests must be told."""

    event: Event
    place: Place
    before: Before
    at: datetime


@dataclass(frozen=True)
class EventCancelledByHost:
    """The host cancelled a screening: its bookings go with it, and its guests are told."""

    event_id: uuid.UUID
    at: datetime
