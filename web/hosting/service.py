"""What the hosting and rating pages share: the host's recent evenings."""

from datetime import timedelta
from typing import Any

from web.api import ServiceUnavailable, page_of
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
