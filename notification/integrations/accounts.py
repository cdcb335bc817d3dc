"""The language a person chose for their account (auth), for the messages of people who have not chosen
one in their notification settings. Kept in Redis for a short while: the inbox is read on every page
of the web front, and a change of language shows within `ttl` seconds."""

import logging
import uuid

from common.cache import Cache
from common.errors import DependencyUnavailable
from notification.integrations.auth import UserDirectory

logger = logging.getLogger(__name__)

_NONE = "-"


class AccountLanguages:
    def __init__(self, directory: UserDirectory, cache: Cache, *, ttl: int = 30):
        self.directory = directory
        self.cache = cache
        self.ttl = ttl

    async def language_of(self, user_id: uuid.UUID) -> str | None:
        """`ru`, `en`, or None (not chosen, or auth cannot be asked: the default language applies)."""
        key = f"account-language:{user_id}"
        cached = await self.cache.get_json(key)
        if isinstance(cached, str):
            return None if cached == _NONE else cached
        try:
            contacts = await self.directory.contacts([user_id])
        except DependencyUnavailable as exc:
            logger.warning("account language unknown, auth unavailable: %s", exc.detail)
            return None
        contact = contacts.get(user_id)
        language = contact.language if contact else None
        await self.cache.set_json(key, language or _NONE, ttl=self.ttl)
        return language
