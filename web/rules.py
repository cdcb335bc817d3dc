"""The booking rules as the booking API states them (`GET /booking/v1/rules`): the pages use them to
offer a form only while it can succeed, and to say the limits, without a copy of their own."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from web.api import ServiceUnavailable
from web.pages import Page

_KEY = "booking:rules:v2"  # v2: with the waiting-list and request rules (issue 13)


@dataclass(frozen=True)
class BookingRules:
    max_seats_per_booking: int
    min_lead: timedelta
    horizon: timedelta
    attendance_grace: timedelta
    rating_window: timedelta
    pending_answer: timedelta
    pending_stop: timedelta
    default_cancel_deadline_hours: int

    @classmethod
    def of(cls, body: dict[str, Any]) -> "BookingRules":
        return cls(
            max_seats_per_booking=int(body["max_seats_per_booking"]),
            min_lead=timedelta(minutes=int(body["min_lead_minutes"])),
            horizon=timedelta(days=int(body["max_horizon_days"])),
            attendance_grace=timedelta(hours=int(body["attendance_grace_hours"])),
            rating_window=timedelta(days=int(body["rating_window_days"])),
            pending_answer=timedelta(hours=int(body["pending_answer_hours"])),
            pending_stop=timedelta(hours=int(body["pending_stop_hours"])),
            default_cancel_deadline_hours=int(body["default_cancel_deadline_hours"]),
        )


async def booking_rules(page: Page) -> BookingRules:
    """The rules, cached as long as the film catalog; ServiceUnavailable when booking cannot say."""
    body = await page.cache.get_json(_KEY)
    if body is None:
        answer = await page.api.get("booking", "/booking/v1/rules", as_user=False)
        if not answer.ok or not isinstance(answer.body, dict):
            raise ServiceUnavailable("booking")
        body = answer.body
        await page.cache.set_json(_KEY, body, ttl=page.settings.catalog_cache_seconds)
    try:
        return BookingRules.of(body)
    except (KeyError, TypeError, ValueError) as exc:
        raise ServiceUnavailable("booking") from exc
