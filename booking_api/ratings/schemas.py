import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from booking_api.bookings.models import Attendance
from booking_api.core.scores import ScoreRead
from booking_api.ratings.models import Role
from common.validation import Storable

ReviewText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000), Storable]


class AttendanceMark(BaseModel):
    model_config = ConfigDict(extra="forbid")

    booking_id: uuid.UUID
    attended: bool


class AttendanceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    marks: Annotated[list[AttendanceMark], Field(min_length=1, max_length=500)]


class AttendanceRead(BaseModel):
    booking_id: uuid.UUID
    guest_id: uuid.UUID
    seats: int
    attendance: Attendance | None = Field(
        description="null: not marked yet (counts as attended 48 hours after the end)."
    )


class RatingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ratee_id: uuid.UUID = Field(description="The host (when you were a guest) or a guest (when you hosted).")
    score: int = Field(ge=1, le=5)
    text: ReviewText | None = None


class RatingRead(BaseModel):
    """A rating as its author sees it."""

    id: uuid.UUID
    event_id: uuid.UUID
    ratee_id: uuid.UUID
    role: Role = Field(description="`host`: a rating of the host; `guest`: of a guest.")
    score: int
    text: str | None
    revealed: bool
    window_closes_at: datetime
    created_at: datetime
    updated_at: datetime


class ReviewRead(BaseModel):
    """A revealed rating as anyone sees it; a moderator may have hidden its text (the score stays)."""

    id: uuid.UUID
    event_id: uuid.UUID
    movie_title: str
    rater_id: uuid.UUID
    role: Role
    score: int
    text: str | None
    text_hidden: bool
    hidden_reason: str | None
    created_at: datetime


class GuestScoreRead(ScoreRead):
    no_show_rate: float | None = Field(description="No-shows over evenings with attendance settled.")


class UserRatings(BaseModel):
    user_id: uuid.UUID
    as_host: ScoreRead
    as_guest: GuestScoreRead
    reviews: list[ReviewRead]
    total: int
    page: int
    size: int


class Rateable(BaseModel):
    ratee_id: uuid.UUID
    role: Role


class EventRatings(BaseModel):
    """What the caller can still give for this event, and what they gave."""

    event_id: uuid.UUID
    window_opens_at: datetime
    window_closes_at: datetime
    can_rate: list[Rateable]
    given: list[RatingRead]


class HideRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500), Storable]
