"""My bookings as one page: offers to claim, requests waiting for the host, booked evenings, places
on waiting lists, past evenings and what ended (cancelled, declined, removed, offers that ran out)."""

import asyncio
import uuid
from typing import Any

from fastapi.responses import Response

from web.api import page_of
from web.catalog.service import display_title, my_waitlist
from web.forms import FormErrors, stray_errors
from web.pages import Page
from web.rendering import parse_time
from web.rules import booking_rules

# Waiting-list entries that ended without becoming a booking, shown in the history.
ENDED_ENTRIES = ("expired", "declined", "closed", "left")
ENDED_BOOKINGS = ("cancelled", "declined", "removed")


def _by_start(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda item: item["event"]["starts_at"])


async def bookings_page(
    page: Page,
    *,
    number: int = 1,
    status: int = 200,
    errors: dict[str, FormErrors] | None = None,
    values: dict[str, dict[str, str]] | None = None,
) -> Response:
    """The My bookings page; `errors` and `values` by booking or waiting-list entry id."""
    answer, entries, catalog, rules = await asyncio.gather(
        page.api.get("booking", "/booking/v1/bookings", params={"page": number, "size": 20}),
        my_waitlist(page),
        page.catalog(),
        booking_rules(page),
    )
    listing = page_of(answer)
    items = listing["items"]
    now = page.clock.now()
    scheduled = [b for b in items if b["event"]["status"] == "scheduled"]
    upcoming = _by_start([b for b in scheduled if b["status"] == "active"])
    for booking in upcoming:
        deadline = parse_time(booking.get("cancel_deadline"))
        booking["late_now"] = deadline is not None and now >= deadline
    # Claimed entries are bookings now (same id): only what is still open or ended unclaimed is shown.
    shown_entries = entries if number == 1 else [e for e in entries if e["status"] in ("waiting", "offered")]
    titles = {
        thing["event"]["movie_id"]: display_title(catalog.get(thing["event"]["movie_id"]))
        for thing in [*items, *shown_entries]
        if thing["event"]["movie_id"] in catalog
    }
    offers = sorted(
        (e for e in shown_entries if e["status"] == "offered"), key=lambda e: e["offer_expires_at"] or ""
    )
    pending = _by_start([b for b in scheduled if b["status"] == "pending"])
    waiting = _by_start([e for e in shown_entries if e["status"] == "waiting"])
    with_forms = [thing["id"] for thing in [*offers, *pending, *upcoming, *waiting]]
    return await page.render(
        "bookings/list.html",
        status=status,
        offers=offers,
        pending=pending,
        upcoming=upcoming,
        waiting=waiting,
        errors=stray_errors(errors or {}, with_forms),
        past=[b for b in items if b["status"] == "active" and b["event"]["status"] != "scheduled"],
        ended=[b for b in items if b["status"] in ENDED_BOOKINGS],
        ended_entries=[e for e in shown_entries if e["status"] in ENDED_ENTRIES],
        listing=listing,
        number=number,
        booking_errors=errors or {},
        booking_values=values or {},
        titles=titles,
        limit=rules.max_seats_per_booking,
        new_key=lambda: uuid.uuid4().hex,
    )
