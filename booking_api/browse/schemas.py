import uuid
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel

from booking_api.core.scores import ScoreRead


@dataclass(frozen=True)
class EventFilter:
    now: datetime
    movie_id: uuid.UUID | None = None
    host_id: uuid.UUID | None = None
    city: str | None = None
    starts_from: datetime | None = None
    starts_to: datetime | None = None
    available: bool | None = None
    past: bool = False
    # Lists show public evenings; a host sees all of their own, their friends also friends-only ones.
    visibilities: tuple[str, ...] = ("public",)


class FilmRead(BaseModel):
    """A film with upcoming watch parties."""

    movie_id: uuid.UUID
    movie_title: str
    upcoming_events: int
    hosts: int
    next_event_at: datetime


class HostRead(BaseModel):
    id: uuid.UUID
    name: str
    rating: ScoreRead
    upcoming_events: int
    next_event_at: datetime
    cities: list[str]
