import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from booking_api.bookings.models import Attendance as Attendance
from booking_api.bookings.models import BookingStatus as BookingStatus
from booking_api.bookings.models import CancelledBy as CancelledBy
from booking_api.events.schemas import EventStatus, PlaceRef
from common.validation import Storable

Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), Storable]


class BookingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seats: int = Field(
        ge=1, le=100, description="Seats to book; at most the per-booking limit (5 by default)."
    )
    invite: str | None = Field(
        default=None,
        max_length=200,
        description="An invitation's code: books a private evening (from the seats it holds, if any).",
    )


class BookingUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seats: int = Field(ge=1, le=100, description="The new number of seats.")


class DeclineRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: Note | None = Field(default=None, description="Shown to the guest.")


class RemoveRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Note = Field(description="Shown to the guest.")


class EventSummary(BaseModel):
    id: uuid.UUID
    movie_id: uuid.UUID
    movie_title: str
    host_id: uuid.UUID
    host_name: str
    starts_at: datetime
    ends_at: datetime
    status: EventStatus
    place: PlaceRef


class BookingRead(BaseModel):
    id: uuid.UUID
    event_id: uuid.UUID
    guest_id: uuid.UUID
    seats: int
    status: BookingStatus
    cancelled_by: CancelledBy | None
    created_at: datetime
    updated_at: datetime
    cancelled_at: datetime | None
    event: EventSummary
    seats_left: int | None = Field(
        default=None, description="Seats still free in the event after this change."
    )
    late: bool = Field(default=False, description="Cancelled by the guest after the cancellation deadline.")
    cancel_deadline: datetime | None = Field(
        default=None, description="From this moment a cancellation by the guest is late."
    )
    answer_by: datetime | None = Field(
        default=None,
        description="A pending request is declined by itself if the host has not answered by then.",
    )
    host_note: str | None = Field(default=None, description="The host's words when declining or removing.")
    via_waitlist: bool = Field(default=False, description="The seats came from the waiting list.")


class GuestRead(BaseModel):
    booking_id: uuid.UUID
    guest_id: uuid.UUID
    name: str | None = Field(description="From the Auth API; null while it cannot be reached.")
    seats: int
    booked_at: datetime
    status: Literal["pending", "active"] = Field(
        default="active", description="`pending`: a request waiting for your answer (its seats are held)."
    )
    answer_by: datetime | None = Field(
        default=None, description="A pending request unanswered by then is declined by itself."
    )
    attendance: Attendance | None = Field(
        description="Marked by the host; null: not marked (counts as attended 48 hours after the end)."
    )


class GuestList(BaseModel):
    event_id: uuid.UUID
    capacity: int
    seats_taken: int
    guests: list[GuestRead]
