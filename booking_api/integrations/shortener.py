"""Share links for events from the URL shortener, made with booking's own service credential."""

import asyncio
import logging
import uuid

from common.errors import DependencyUnavailable
from common.service_client import ServiceClient

logger = logging.getLogger(__name__)


class ShareLinks:
    def __init__(self, shortener: ServiceClient, *, public_base_url: str):
        self.shortener = shortener
        self.public_base_url = public_base_url.rstrip("/")

    def event_page(self, event_id: uuid.UUID) -> str:
        return f"{self.public_base_url}/events/{event_id}"

    async def for_event(self, event_id: uuid.UUID) -> str | None:
        """The event page's short link, or None when the shortener cannot make one now (it is
        filled in later; the shortener answers the same link for the same page, so retries are safe)."""
        try:
            body = await self.shortener.post_json(
                "/url/v1/links", {"url": self.event_page(event_id)}, expect=(200, 201)
            )
            return str(body["short_url"])
        except (DependencyUnavailable, KeyError, TypeError) as exc:
            logger.warning("no share link for event %s yet: %s", event_id, exc)
            return None

    async def for_events(self, event_ids: list[uuid.UUID]) -> dict[uuid.UUID, str | None]:
        links = await asyncio.gather(*(self.for_event(e) for e in event_ids))
        return dict(zip(event_ids, links, strict=True))
