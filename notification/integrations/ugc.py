"""Who hears about a new screening: the host's friends and the film's subscribers, from UGC."""

import uuid

import httpx

from common.errors import DependencyUnavailable
from common.service_auth import ServiceTokenProvider
from notification.integrations.calls import get_json

_PAGE = 100
_MAX_PAGES = 1000  # 100,000 people: far beyond any real list; a bound so a bad answer cannot loop forever


class Audience:
    def __init__(self, http: httpx.AsyncClient, tokens: ServiceTokenProvider, *, ugc_url: str):
        self.http = http
        self.tokens = tokens
        self.base = f"{ugc_url}/ugc/v1"

    async def _all(self, url: str) -> list[uuid.UUID]:
        people: list[uuid.UUID] = []
        for page in range(1, _MAX_PAGES + 1):
            body = await get_json(self.http, self.tokens, url, params={"page": page, "size": _PAGE})
            try:
                items, total = body["items"], int(body["total"])
                people.extend(uuid.UUID(item["user_id"]) for item in items)
            except (KeyError, TypeError, ValueError) as exc:
                raise DependencyUnavailable(f"GET {url} answered an unexpected shape") from exc
            if not items or page * _PAGE >= total:
                break
        return people

    async def friends(self, user_id: uuid.UUID) -> list[uuid.UUID]:
        return await self._all(f"{self.base}/friends/{user_id}")

    async def subscribers(self, movie_id: uuid.UUID) -> list[uuid.UUID]:
        return await self._all(f"{self.base}/subscribers/{movie_id}")
