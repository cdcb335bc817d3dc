import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from booking_api.bookings.schemas import EventSummary

EntryStatus = Literal["waiting", "offered", "booked", "declined", "expired", "left", "closed"]


class WaitlistJoin(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seats: int = Field(
        ge=1, le=100, description="Seats wanted; at most the per-booking limit (5 by default)."
    )
    auto_book: bool = Field(
        default=False, description="Book the seats as soon as they fit, without an offer to claim."
    )
    invite: str | None = Field(
        default=None, max_length=200, description="An invitation's code, to wait for a private evening."
    )


class WaitlistEntryRead(BaseModel):
    id: uuid.UUID
    event_id: uuid.UUID
    seats: int
    status: EntryStatus = Field(
        description="`waiting`; `offered`: seats held for you until `offer_expires_at`, to claim or decline; "
        "`booked`: the offer became booking `id`; `declined`, `expired`, `left`; `closed`: the evening "
        "started or was cancelled while you waited."
    )
    position: int | None = Field(description="Your place in line while waiting (1 is next).")
    auto_book: bool
    offer_expires_at: datetime | None
    joined_at: datetime
    event: EventSummary


class WaitingGuestRead(BaseModel):
    id: uuid.UUID
    guest_id: uuid.UUID
    name: str | None = Field(description="From the Auth API; null while it cannot be reached.")
    seats: int
    status: Literal["waiting", "offered"]
    position: int | None
    reliable: bool = Field(description="The guest has a reliability record (see docs/booking.md).")
    joined_at: datetime
    offer_expires_at: datetime | None


class EventWaitlist(BaseModel):
    """An evening's waiting list, as its host sees it."""

    event_id: uuid.UUID
    priority: Literal["arrival", "reliable_first"]
    waiting: int
    offered: int
    entries: list[WaitingGuestRead]
