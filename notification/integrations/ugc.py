"""Who hears about a new screening: the host's friends and the film's subscribers, from UGC."""

import uuid

from common.errors import DependencyUnavailable
from common.service_client import ServiceClient

_PAGE = 100
_MAX_PAGES = 1000  # 100,000 people: far beyond any real list; a bound so a bad answer cannot loop forever


class Audience:
    def __init__(self, ugc: ServiceClient):
        """`ugc` carries this service's token: the lists are shown to services only."""
        self.ugc = ugc

    async def _all(self, path: str) -> list[uuid.UUID]:
        people: list[uuid.UUID] = []
        for page in range(1, _MAX_PAGES + 1):
            body = await self.ugc.get_json(path, params={"page": page, "size": _PAGE})
            try:
                items, total = body["items"], int(body["total"])
                people.extend(uuid.UUID(item["user_id"]) for item in items)
            except (KeyError, TypeError, ValueError) as exc:
                raise DependencyUnavailable(f"GET {path} answered an unexpected shape") from exc
            if not items or page * _PAGE >= total:
                break
        return people

    async def friends(self, user_id: uuid.UUID) -> list[uuid.UUID]:
        return await self._all(f"/ugc/v1/friends/{user_id}")

    async def subscribers(self, movie_id: uuid.UUID) -> list[uuid.UUID]:
        return await self._all(f"/ugc/v1/subscribers/{movie_id}")
