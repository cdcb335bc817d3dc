"""What the hosting and rating pages share: the host's recent evenings."""

import asyncio
from datetime import timedelta
from typing import Any

from web.api import ServiceUnavailable, page_of
from web.pages import Page
from web.rendering import parse_time

# Attendance is marked from the start until this long after the end; ratings run 14 days (booking's
# rules, docs/ratings.md), shown here to offer the forms only while they can succeed.
ATTENDANCE_GRACE = timedelta(hours=48)
RATING_WINDOW = timedelta(days=14)


async def recent_evenings(page: Page, host_id: str) -> list[dict[str, Any]]:
    """Evenings that have started, up to the end of their rating window.

    The booking API lists upcoming evenings only, so these are found through the host's inbox: every
    booking, cancellation and "rate your evening" message names its evening. See docs/web.md."""
    try:
        answer = await page.api.get("notification", "/notification/v1/inbox", params={"size": 100})
    except ServiceUnavailable:
        return []
    ids = list(dict.fromkeys(item["event_id"] for item in page_of(answer)["items"] if item.get("event_id")))
    details = await asyncio.gather(*(page.api.get("booking", f"/booking/v1/events/{i}") for i in ids[:40]))
    now = page.clock.now()
    recent = []
    for detail in details:
        event = detail.body if detail.ok else None
        if not event or event["host"]["id"] != host_id or event["status"] == "cancelled":
            continue
        starts, ends = parse_time(event["starts_at"]), parse_time(event["ends_at"])
        if starts and ends and starts <= now < ends + RATING_WINDOW:
            recent.append(event)
    recent.sort(key=lambda e: e["starts_at"], reverse=True)
    return recent
