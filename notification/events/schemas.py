"""The event envelope of docs/conventions.md, and the payloads of the booking events this service reads."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator


def _storable(value: Any, path: str = "data") -> None:
    """PostgreSQL's jsonb refuses NUL characters and lone surrogates; say so as bad input, not a crash."""
    if isinstance(value, str):
        if "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
            raise ValueError(f"{path} holds text that cannot be stored (NUL or a lone surrogate)")
    elif isinstance(value, dict):
        for key, item in value.items():
            _storable(key, path)
            _storable(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _storable(item, f"{path}[{index}]")


class Envelope(BaseModel):
    """One domain event: `{"id", "type", "occurred_at", "request_id", "data"}`."""

    id: uuid.UUID
    type: str = Field(pattern=r"^[a-z][a-z_]{0,30}\.[a-z][a-z_]{0,30}$", examples=["booking.created"])
    occurred_at: AwareDatetime
    request_id: str | None = Field(default=None, max_length=128, pattern=r"^[A-Za-z0-9._:\-]+$")
    data: dict[str, Any]

    @field_validator("data")
    @classmethod
    def _data_is_storable(cls, value: dict[str, Any]) -> dict[str, Any]:
        _storable(value)
        return value


class IngestResult(BaseModel):
    id: uuid.UUID
    status: Literal["accepted", "duplicate"] = Field(
        description="`accepted`: stored now, with the messages it implies; `duplicate`: already had it."
    )
    messages: int = Field(description="Messages created by this call (0 for a duplicate).")


# -- payloads (extra fields are allowed: producers may add, e.g. `share_url`) -------------------------


class _Payload(BaseModel):
    model_config = ConfigDict(extra="allow")


class PlaceData(_Payload):
    id: uuid.UUID
    name: str = Field(max_length=200)
    city: str = Field(max_length=200)
    address: str = Field(default="", max_length=400)


class EventData(_Payload):
    event_id: uuid.UUID
    host_id: uuid.UUID
    host_name: str = Field(max_length=200)
    movie_id: uuid.UUID
    movie_title: str = Field(max_length=300)
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    place: PlaceData
    capacity: int = Field(default=0, ge=0, le=1_000_000)
    seats_left: int | None = Field(default=None, ge=0, le=1_000_000)
    share_url: str | None = Field(default=None, max_length=2000)


class BookingData(EventData):
    booking_id: uuid.UUID
    guest_id: uuid.UUID
    guest_name: str | None = Field(default=None, max_length=200)
    seats: int = Field(ge=0, le=1_000_000)
    previous_seats: int | None = Field(default=None, ge=0, le=1_000_000)
    cancelled_by: str | None = Field(default=None, max_length=32)


class Guest(_Payload):
    booking_id: uuid.UUID
    guest_id: uuid.UUID
    seats: int = Field(ge=0, le=1_000_000)


class Before(_Payload):
    starts_at: datetime
    ends_at: datetime | None = None
    place: PlaceData


class EventChangedData(EventData):
    before: Before
    guests: list[Guest] = Field(default_factory=list, max_length=100_000)


class EventCancelledData(EventData):
    guests: list[Guest] = Field(default_factory=list, max_length=100_000)


# -- ratings (booking_api/ratings/service.py) -------------------------------------------------------


class EndedGuest(_Payload):
    booking_id: uuid.UUID
    guest_id: uuid.UUID


class EventEndedData(_Payload):
    """An evening is over; `guests` are its active bookings then (attendance may not be settled yet)."""

    event_id: uuid.UUID
    host_id: uuid.UUID
    host_name: str = Field(max_length=200)
    movie_title: str = Field(max_length=300)
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    rating_window_closes_at: AwareDatetime | None = None
    guests: list[EndedGuest] = Field(default_factory=list, max_length=100_000)
    share_url: str | None = Field(default=None, max_length=2000)


class RatingRevealedData(_Payload):
    """A rating became visible; `role` says what the ratee was that evening. Never a score or text."""

    rating_id: uuid.UUID
    event_id: uuid.UUID
    movie_title: str = Field(max_length=300)
    ratee_id: uuid.UUID
    role: Literal["host", "guest"]
    host_id: uuid.UUID | None = None
    host_name: str = Field(default="", max_length=200)
    starts_at: AwareDatetime | None = None


class RatingHiddenData(_Payload):
    """A moderator hid a review's text; its author is told the reason (booking allows 500 characters)."""

    rating_id: uuid.UUID
    event_id: uuid.UUID
    movie_title: str = Field(max_length=300)
    author_id: uuid.UUID
    reason: str = Field(min_length=1, max_length=2000)
    share_url: str | None = Field(default=None, max_length=2000)
