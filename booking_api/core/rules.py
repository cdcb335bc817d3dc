"""The booking rules, in one place: the API enforces them and publishes them (`GET /v1/rules`), and the
web front reads them from there instead of keeping copies."""

from dataclasses import dataclass
from datetime import datetime, timedelta

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
    max_active_bookings: int = 6
    max_waitlist_entries: int = 6
    offer_claim: timedelta = timedelta(hours=2)
    offer_stop: timedelta = timedelta(hours=1)
    pending_answer: timedelta = timedelta(hours=48)
    pending_stop: timedelta = timedelta(hours=2)
    default_cancel_deadline_hours: int = 24
    reliable_min_attended: int = 2
    reliable_max_miss_rate: float = 0.2
    max_live_invites: int = 50
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
            max_active_bookings=settings.max_active_bookings,
            max_waitlist_entries=settings.max_waitlist_entries,
            offer_claim=timedelta(minutes=settings.offer_claim_minutes),
            offer_stop=timedelta(minutes=settings.offer_stop_minutes),
            pending_answer=timedelta(hours=settings.pending_answer_hours),
            pending_stop=timedelta(hours=settings.pending_stop_hours),
            default_cancel_deadline_hours=settings.default_cancel_deadline_hours,
            reliable_min_attended=settings.reliable_min_attended,
            reliable_max_miss_rate=settings.reliable_max_miss_rate,
            max_live_invites=settings.max_live_invites,
        )

    def offer_window(self, starts_at: datetime, now: datetime) -> datetime | None:
        """Until when an offer made now holds its seats: `offer_claim`, cut to end `offer_stop` before
        the start; None when it is too late to offer at all."""
        last = starts_at - self.offer_stop
        if now >= last:
            return None
        return min(now + self.offer_claim, last)

    def answer_by(self, requested_at: datetime, starts_at: datetime) -> datetime:
        """When an unanswered booking request is declined by itself."""
        return min(requested_at + self.pending_answer, starts_at - self.pending_stop)

    def cancel_deadline(self, starts_at: datetime, hours: int) -> datetime:
        """From this moment a guest's cancellation is late."""
        return starts_at - timedelta(hours=hours)
