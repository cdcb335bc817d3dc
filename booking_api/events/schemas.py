import datetime as dt
import uuid
from datetime import date, datetime
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from booking_api.core.scores import ScoreRead
from common.validation import SaneDate, SaneMoment, Storable

Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), Storable]
Start = Annotated[AwareDatetime, SaneMoment]
Capacity = Annotated[int, Field(ge=1, le=10_000, description="Seats offered; at most what the place holds.")]
MinGuestRating = Annotated[
    float | None,
    Field(ge=1, le=5, description="Guests with a lower guest score cannot book (new guests can)."),
]
MaxNoShowRate = Annotated[
    float | None, Field(ge=0, le=1, description="Guests who missed more of their evenings cannot book.")
]
ApprovalMode = Annotated[
    Literal["instant", "request"],
    Field(
        description="`request`: each booking waits for your approval (`pending`, its seats held) until "
        "you answer."
    ),
]
CancelDeadline = Annotated[
    int,
    Field(
        ge=0,
        le=720,
        description="Hours before the start after which a guest's cancellation is late (it counts in their "
        "reliability). Default 24.",
    ),
]
WaitlistOrder = Annotated[
    Literal["arrival", "reliable_first"],
    Field(
        description="Who gets freed seats first: `arrival` (first come, first served) or `reliable_first` "
        "(guests with a reliability record first, each group by arrival; see docs/booking.md)."
    ),
]
VisibilityMode = Annotated[
    Literal["public", "unlisted", "friends", "invite"],
    Field(
        description="Who sees and may book it: `public` (listed), `unlisted` (anyone with its link), "
        "`friends` (your friends in UGC), `invite` (holders of an invitation). Others get 404."
    ),
]
EventStatus = Literal["scheduled", "cancelled", "finished"]
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class EventCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    movie_id: uuid.UUID = Field(description="A film of the watch-party group (Movie API).")
    place_id: uuid.UUID = Field(description="One of your places.")
    starts_at: Start = Field(description="With an offset; 30 minutes to a year from now.")
    capacity: Capacity
    description: Description | None = None
    min_guest_rating: MinGuestRating = None
    max_no_show_rate: MaxNoShowRate = None
    approval: ApprovalMode = "instant"
    cancel_deadline_hours: CancelDeadline | None = None
    waitlist_priority: WaitlistOrder = "arrival"
    visibility: VisibilityMode = "public"


class EventUpdate(BaseModel):
    """Only the fields sent change. Moving the time or place tells every guest."""

    model_config = ConfigDict(extra="forbid")

    starts_at: Start | None = None
    place_id: uuid.UUID | None = None
    capacity: Capacity | None = None
    description: Description | None = None
    min_guest_rating: MinGuestRating = None
    max_no_show_rate: MaxNoShowRate = None
    approval: ApprovalMode | None = None
    cancel_deadline_hours: CancelDeadline | None = None
    waitlist_priority: WaitlistOrder | None = None
    visibility: VisibilityMode | None = None

    @model_validator(mode="after")
    def _required_stay_set(self) -> "EventUpdate":
        for name in (
            "starts_at",
            "place_id",
            "capacity",
            "approval",
            "cancel_deadline_hours",
            "waitlist_priority",
            "visibility",
        ):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class WeeklyRule(BaseModel):
    """Every `weekday` at `time` in `timezone`, `count` times, from `start_date` (default: today)."""

    model_config = ConfigDict(extra="forbid")

    weekday: Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    time: dt.time
    timezone: Annotated[str, StringConstraints(min_length=1, max_length=64)] = "Europe/Moscow"
    count: Annotated[int, Field(ge=1, le=52)]
    start_date: Annotated[date, SaneDate] | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value not in _zones():
            raise ValueError("unknown IANA time zone, e.g. Europe/Moscow")
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("unknown IANA time zone, e.g. Europe/Moscow") from exc
        return value

    @field_validator("time")
    @classmethod
    def _naive_time(cls, value: dt.time) -> dt.time:
        if value.tzinfo is not None:
            raise ValueError("give the local time without an offset; the zone is `timezone`")
        return value


_ZONES: set[str] = set()


def _zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES


class ScheduleCreate(BaseModel):
    """A series of events made in one call: either explicit `starts` or a `weekly` rule."""

    model_config = ConfigDict(extra="forbid")

    movie_id: uuid.UUID
    place_id: uuid.UUID
    capacity: Capacity
    description: Description | None = None
    min_guest_rating: MinGuestRating = None
    max_no_show_rate: MaxNoShowRate = None
    approval: ApprovalMode = "instant"
    cancel_deadline_hours: CancelDeadline | None = None
    waitlist_priority: WaitlistOrder = "arrival"
    visibility: VisibilityMode = "public"
    starts: Annotated[list[Start], Field(min_length=1, max_length=52)] | None = None
    weekly: WeeklyRule | None = None

    @model_validator(mode="after")
    def _one_rule(self) -> "ScheduleCreate":
        if (self.starts is None) == (self.weekly is None):
            raise ValueError("give exactly one of `starts` and `weekly`")
        return self


class HostRef(BaseModel):
    id: uuid.UUID
    name: str
    rating: ScoreRead | None = Field(default=None, description="The host's score as a host.")


class MovieRef(BaseModel):
    id: uuid.UUID
    title: str
    duration_minutes: int


class PlaceRef(BaseModel):
    """Name and city are public; the address, coordinates and notes only for the host and booked guests."""

    id: uuid.UUID
    name: str
    city: str
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    notes: str | None = None


class EventRead(BaseModel):
    id: uuid.UUID
    host: HostRef
    movie: MovieRef
    place: PlaceRef
    starts_at: datetime
    ends_at: datetime
    capacity: int
    seats_taken: int
    seats_left: int
    status: EventStatus
    description: str | None
    series_id: uuid.UUID | None
    min_guest_rating: float | None
    max_no_show_rate: float | None
    share_url: str | None = Field(description="A short link to the event's page, for sharing.")
    approval: Literal["instant", "request"] = Field(description="`request`: bookings wait for the host.")
    cancel_deadline_hours: int = Field(description="A guest's cancellation this close to the start is late.")
    waitlist_priority: Literal["arrival", "reliable_first"]
    visibility: Literal["public", "unlisted", "friends", "invite"] = Field(
        description="`public` is listed; the others are private screenings (see the create field)."
    )
    waiting: int = Field(default=0, description="People on the waiting list.")
    created_at: datetime
    updated_at: datetime


class ScheduleRead(BaseModel):
    series_id: uuid.UUID
    events: list[EventRead]
