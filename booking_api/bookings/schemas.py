import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from booking_api.bookings.models import Attendance as Attendance
from booking_api.bookings.models import BookingStatus as BookingStatus
from booking_api.bookings.models import CancelledBy as CancelledBy
from booking_api.events.schemas import EventStatus, PlaceRef


class BookingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seats: int = Field(
        ge=1, le=100, description="Seats to book; at most the per-booking limit (5 by default)."
    )


class BookingUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seats: int = Field(ge=1, le=100, description="The new number of seats.")


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


class GuestRead(BaseModel):
    booking_id: uuid.UUID
    guest_id: uuid.UUID
    name: str | None = Field(description="From the Auth API; null while it cannot be reached.")
    seats: int
    booked_at: datetime
    attendance: Attendance | None = Field(
        description="Marked by the host; null: not marked (counts as attended 48 hours after the end)."
    )


class GuestList(BaseModel):
    event_id: uuid.UUID
    capacity: int
    seats_taken: int
    guests: list[GuestRead]
