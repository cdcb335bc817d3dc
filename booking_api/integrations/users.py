"""People from the Auth API (name, groups), cached in Redis and briefly in the process."""

import asyncio
import time
import uuid

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from common.cache import Cache
from common.errors import DependencyUnavailable
from common.service_client import ServiceClient

BANNED = "banned"


class Person(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: uuid.UUID
    name: str = ""
    groups: frozenset[str] = Field(default_factory=frozenset)

    @field_validator("name", mode="before")
    @classmethod
    def _no_name(cls, value: str | None) -> str:
        return value or ""

    @property
    def banned(self) -> bool:
        return BANNED in self.groups


class UserDirectory:
    """Who a user is. Redis keeps answers for `ttl` seconds and the process for `local_ttl`, so the
    booking hot path rarely leaves the process; a ban takes effect within `ttl + local_ttl`."""

    def __init__(self, auth: ServiceClient, cache: Cache, *, ttl: int, local_ttl: float = 5):
        self.auth = auth
        self.cache = cache
        self.ttl = ttl
        self.local_ttl = local_ttl
        self._local: dict[uuid.UUID, tuple[float, Person]] = {}

    async def get(self, user_id: uuid.UUID) -> Person | None:
        """The person, or None when auth does not know them; 503 when auth is down and nothing is cached."""
        hit = self._local.get(user_id)
        if hit and hit[0] > time.monotonic():
            return hit[1]
        key = f"user:{user_id}"
        cached = await self.cache.get_json(key)
        if cached is not None:
            person = Person.model_validate(cached)
        else:
            body = await self.auth.get_json(f"/auth/v1/user_info/{user_id}", missing_ok=True)
            if body is None:
                return None
            try:
                person = Person.model_validate(body)
            except ValidationError as exc:
                raise DependencyUnavailable(
                    "The Auth API answered an unexpected shape; nothing was changed."
                ) from exc
            await self.cache.set_json(key, person.model_dump(mode="json"), self.ttl)
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
