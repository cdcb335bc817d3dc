"""What the hosting and rating pages share: the host's recent evenings, and the seat rules of the
evening forms."""

from datetime import timedelta
from typing import Any

from web.api import ServiceUnavailable, page_of
from web.forms import optional, text
from web.i18n import N_, _
from web.pages import Page
from web.rendering import parse_time
from web.rules import booking_rules


async def recent_evenings(page: Page, host_id: str) -> list[dict[str, Any]]:
    """Evenings that have started, up to the end of their rating window, the latest first."""
    now = page.clock.now()
    try:
        window = (await booking_rules(page)).rating_window
        answer = await page.api.get(
            "booking",
            "/booking/v1/events",
            params={
                "host_id": host_id,
                "when": "past",
                "from": (now - window - timedelta(days=1)).isoformat(),
                "size": 50,
            },
        )
    except ServiceUnavailable:
        return []
    recent = []
    for event in page_of(answer)["items"]:
        ends = parse_time(event["ends_at"])
        if ends and now < ends + window:
            recent.append(event)
    return recent


# The seat rules an evening is created or edited with (issue 13): who gets a seat, the cancellation
# deadline, and who on the waiting list is offered freed seats first.
SEAT_RULE_FIELDS = ("approval", "cancel_deadline_hours", "waitlist_priority")
APPROVAL_MODES = (
    ("instant", N_("Anyone may book: a booking is confirmed at once")),
    ("request", N_("I approve each booking: guests send a request")),
)
WAITLIST_ORDERS = (
    ("arrival", N_("First come, first served")),
    ("reliable_first", N_("Guests with a reliability record first, then everyone else")),
)


def seat_rule_options() -> dict[str, list[tuple[str, str]]]:
    """The choices of the seat-rule fields, in the request's language."""
    return {
        "approval": [(value, _(label)) for value, label in APPROVAL_MODES],
        "waitlist_priority": [(value, _(label)) for value, label in WAITLIST_ORDERS],
    }


def seat_rules_body(form: dict[str, str]) -> dict[str, Any]:
    """The seat rules from a posted form; an empty deadline leaves the booking service's default."""
    body: dict[str, Any] = {"approval": text(form, "approval") or "instant"}
    body["waitlist_priority"] = text(form, "waitlist_priority") or "arrival"
    deadline = optional(form, "cancel_deadline_hours")
    if deadline is not None:
        body["cancel_deadline_hours"] = deadline
    return body
