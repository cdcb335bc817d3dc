"""The booking rules, in one place: the API enforces them and publishes them (`GET /v1/rules`), and the
web front reads them from there instead of keeping copies."""

from dataclasses import dataclass
from datetime import timedelta

from booking_api.config import Settings

# Attendance is marked from the start until this long after the end; unmarked counts as attended then.
ATTENDANCE_GRACE = timedelta(hours=48)
# Ratings are written and edited for this long after the end; the window closing reveals them.
RATING_WINDOW = timedelta(days=14)


@dataclass(frozen=True)
class BookingRules:
    max_seats_per_booking: int
    min_lead: timedelta
    horizon: timedelta
    max_place_capacity: int
    max_schedule_size: int
    attendance_grace: timedelta = ATTENDANCE_GRACE
    rating_window: timedelta = RATING_WINDOW

    @classmethod
    def from_settings(cls, settings: Settings) -> "BookingRules":
        return cls(
            max_seats_per_booking=settings.max_seats_per_booking,
            min_lead=timedelta(minutes=settings.min_lead_minutes),
            horizon=timedelta(days=settings.max_horizon_days),
            max_place_capacity=settings.max_place_capacity,
            max_schedule_size=settings.max_schedule_size,
        )
