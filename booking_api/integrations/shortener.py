"""Share links for events from the URL shortener, made with booking's own service credential."""

import asyncio
import logging
import uuid

import httpx

from common.errors import DomainError
from common.service_auth import ServiceTokenProvider

logger = logging.getLogger(__name__)


class ShareLinks:
    def __init__(
        self, http: httpx.AsyncClient, tokens: ServiceTokenProvider, *, base_url: str, public_base_url: str
    ):
        self.http = http
        self.tokens = tokens
        self.base_url = base_url
        self.public_base_url = public_base_url.rstrip("/")

    def event_page(self, event_id: uuid.UUID) -> str:
        return f"{self.public_base_url}/events/{event_id}"

    async def for_event(self, event_id: uuid.UUID) -> str | None:
        """The event page's short link, or None when the shortener cannot make one now (it is
        filled in later; the shortener answers the same link for the same page, so retries are safe)."""
        try:
            response = await self.http.post(
                f"{self.base_url}/url/v1/links",
                json={"url": self.event_page(event_id)},
                headers=await self.tokens.headers(),
            )
        except (httpx.HTTPError, DomainError) as exc:
            logger.warning("no share link for event %s yet: %s", event_id, exc)
            return None
        if response.status_code == 401:
            self.tokens.forget()
        if response.status_code not in (200, 201):
            logger.warning(
                "no share link for event %s yet: %s %s", event_id, response.status_code, response.text
            )
            return None
        return str(response.json()["short_url"])

    async def for_events(self, event_ids: list[uuid.UUID]) -> dict[uuid.UUID, str | None]:
        links = await asyncio.gather(*(self.for_event(e) for e in event_ids))
        return dict(zip(event_ids, links, strict=True))
