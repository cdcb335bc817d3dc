"""What the hosting and rating pages share: the host's recent evenings."""

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
    """Evenings that have started, up to the end of their rating window, the latest first."""
    now = page.clock.now()
    try:
        answer = await page.api.get(
            "booking",
            "/booking/v1/events",
            params={
                "host_id": host_id,
                "when": "past",
                "from": (now - RATING_WINDOW - timedelta(days=1)).isoformat(),
                "size": 50,
            },
        )
    except ServiceUnavailable:
        return []
    recent = []
    for event in page_of(answer)["items"]:
        ends = parse_time(event["ends_at"])
        if ends and now < ends + RATING_WINDOW:
            recent.append(event)
    return recent
