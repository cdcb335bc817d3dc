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
    max_active_bookings: int = Field(
        description="Open upcoming bookings (booked or requested) one person may hold.", examples=[6]
    )
    max_waitlist_entries: int = Field(description="Waiting lists one person may be on at once.", examples=[6])
    offer_claim_minutes: int = Field(
        description="How long a waiting-list offer holds its seats (less when the start is near).",
        examples=[120],
    )
    offer_stop_minutes: int = Field(
        description="No offer is made, and every offer ends, this long before the start.", examples=[60]
    )
    pending_answer_hours: int = Field(
        description="A booking request the host has not answered is declined after this long.", examples=[48]
    )
    pending_stop_hours: int = Field(
        description="...or this long before the start, whichever comes first.", examples=[2]
    )
    default_cancel_deadline_hours: int = Field(
        description="An evening's cancellation deadline unless its host sets another.", examples=[24]
    )
    max_live_invites: int = Field(description="Open invitations one evening may have.", examples=[50])
