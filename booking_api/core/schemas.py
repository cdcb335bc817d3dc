from pydantic import BaseModel, Field


class RulesRead(BaseModel):
    """The booking rules the API enforces, for clients that want to say them before a request fails."""

    max_seats_per_booking: int = Field(description="Seats one booking may hold.", examples=[5])
    min_lead_minutes: int = Field(description="An event starts at least this long from now.", examples=[30])
    max_horizon_days: int = Field(description="An event starts at most this far ahead.", examples=[365])
    max_place_capacity: int = Field(description="People a place may hold.", examples=[500])
    max_schedule_size: int = Field(description="Events one schedule may create.", examples=[52])
    attendance_grace_hours: int = Field(
        description="The host marks attendance from the start until this long after the end; unmarked "
        "guests count as attended then.",
        examples=[48],
    )
    rating_window_days: int = Field(
        description="Ratings are written from the end of an event for this many days.", examples=[14]
    )
