"""Settings of the booking service."""

from functools import lru_cache

from pydantic import Field

from common.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "booking_api"
    url_prefix: str = "/booking"

    # Waiting for a pooled connection beats opening one per request under load (no overflow), and a few
    # connections per worker beat many: bookings of one event queue on its row lock, and PostgreSQL spends
    # far more CPU on 40 waiting backends than Python spends on 40 waiting requests (bench/booking.py:
    # 8 per worker gave 577 hot bookings/s at 64 clients, 20 per worker 373/s).
    db_pool_size: int = 8
    db_max_overflow: int = 0

    max_seats_per_booking: int = 5
    min_lead_minutes: int = 30
    max_horizon_days: int = 365
    max_place_capacity: int = 500
    max_schedule_size: int = 52
    # Against hoarding: a person's open upcoming bookings (booked or requested) and waiting-list places.
    max_active_bookings: int = 6
    max_waitlist_entries: int = 6
    # Waiting-list offers hold their seats this long, and end at least `offer_stop_minutes` before the
    # start (no offer is made later than that).
    offer_claim_minutes: int = 120
    offer_stop_minutes: int = 60
    # A booking request the host has not answered is declined after this long, or this close to the start.
    pending_answer_hours: int = 48
    pending_stop_hours: int = 2
    default_cancel_deadline_hours: int = 24
    # A "reliability record" (waiting lists that prefer it): at least this many evenings attended, and no
    # more than this share of settled evenings missed or cancelled late.
    reliable_min_attended: int = 2
    reliable_max_miss_rate: float = 0.2
    # Invitations an evening may have open at once (private evenings).
    max_live_invites: int = 50

    event_cache_seconds: int = 30
    list_cache_seconds: int = 30
    movie_cache_seconds: int = 600
    user_cache_seconds: int = 60
    idempotency_keep_hours: int = 48
    idempotency_stale_seconds: int = 60
    housekeeping_seconds: float = 15

    # Import paths of extra routers, mounted under the prefix. Only the test suite sets it (to mount a
    # deliberately naive booking path for its negative-control race); production leaves it empty.
    test_routers: list[str] = Field(default_factory=list)


@lru_cache
def get_settings() -> Settings:
    return Settings()
