"""Share links for events from the URL shortener, made with booking's own service credential."""

import asyncio
import logging
import uuid
from datetime import datetime
from urllib.parse import quote

from common.errors import DependencyUnavailable
from common.service_client import ServiceClient

logger = logging.getLogger(__name__)

INVITE_LINK_CODE_LENGTH = 16


class ShareLinks:
    def __init__(self, shortener: ServiceClient, *, public_base_url: str):
        self.shortener = shortener
        self.public_base_url = public_base_url.rstrip("/")

    def event_page(self, event_id: uuid.UUID) -> str:
        return f"{self.public_base_url}/events/{event_id}"

    def invite_page(self, event_id: uuid.UUID, code: str) -> str:
        return f"{self.event_page(event_id)}?invite={quote(code)}"

    async def for_invite(self, event_id: uuid.UUID, code: str, expires_at: datetime) -> str | None:
        """A short link to the evening's page with the invitation applied, or None when the shortener
        cannot make one now. Its code is long (16 letters, ~93 bits): the link is as secret as the
        invitation, so it must not be found by trying codes."""
        try:
            body = await self.shortener.post_json(
                "/url/v1/links",
                {
                    "url": self.invite_page(event_id, code),
                    "expires_at": expires_at.isoformat(),
                    "code_length": INVITE_LINK_CODE_LENGTH,
                },
                expect=(200, 201),
            )
            return str(body["short_url"])
        except (DependencyUnavailable, KeyError, TypeError) as exc:
            logger.warning("no short link for an invitation to event %s: %s", event_id, exc)
            return None

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
