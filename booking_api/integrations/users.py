"""People from the Auth API (name, groups), cached in Redis and briefly in the process."""

import asyncio
import time
import uuid
from dataclasses import dataclass

import httpx

from common.cache import Cache
from common.errors import DependencyUnavailable

BANNED = "banned"


@dataclass(frozen=True)
class Person:
    id: uuid.UUID
    name: str
    groups: frozenset[str]

    @property
    def banned(self) -> bool:
        return BANNED in self.groups


class UserDirectory:
    """Who a user is. Redis keeps answers for `ttl` seconds and the process for `local_ttl`, so the
    booking hot path rarely leaves the process; a ban takes effect within `ttl + local_ttl`."""

    def __init__(
        self, http: httpx.AsyncClient, cache: Cache, *, base_url: str, ttl: int, local_ttl: float = 5
    ):
        self.http = http
        self.cache = cache
        self.base_url = base_url
        self.ttl = ttl
        self.local_ttl = local_ttl
        self._local: dict[uuid.UUID, tuple[float, Person]] = {}

    async def get(self, user_id: uuid.UUID) -> Person | None:
        """The person, or None when auth does not know them; 503 when auth is down and nothing is cached."""
        hit = self._local.get(user_id)
        if hit and hit[0] > time.monotonic():
            return hit[1]
        key = f"user:{user_id}"
        data = await self.cache.get_json(key)
        if data is None:
            try:
                response = await self.http.get(f"{self.base_url}/auth/v1/user_info/{user_id}")
            except httpx.HTTPError as exc:
                raise DependencyUnavailable("The Auth API is unavailable; nothing was changed.") from exc
            if response.status_code == 404:
                return None
            if response.status_code != 200:
                raise DependencyUnavailable("The Auth API is unavailable; nothing was changed.")
            body = response.json()
            data = {
                "id": str(body["id"]),
                "name": body.get("name") or "",
                "groups": list(body.get("groups", [])),
            }
            await self.cache.set_json(key, data, self.ttl)
        person = Person(id=uuid.UUID(data["id"]), name=data["name"], groups=frozenset(data["groups"]))
        if len(self._local) > 10_000:
            self._local.clear()
        self._local[user_id] = (time.monotonic() + self.local_ttl, person)
        return person

    async def names(self, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
        """Display names for a guest list; people auth cannot tell us about right now are left out."""

        async def one(user_id: uuid.UUID) -> tuple[uuid.UUID, str | None]:
            try:
                person = await self.get(user_id)
            except DependencyUnavailable:
                return user_id, None
            return user_id, person.name if person else None

        results = await asyncio.gather(*(one(u) for u in dict.fromkeys(user_ids)))
        return {user_id: name for user_id, name in results if name is not None}
