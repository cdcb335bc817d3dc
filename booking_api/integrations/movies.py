"""Film facts from the Movie API, cached in Redis."""

import uuid
from dataclasses import dataclass

import httpx

from common.cache import Cache
from common.errors import DependencyUnavailable


@dataclass(frozen=True)
class Film:
    id: uuid.UUID
    title: str
    duration_minutes: int
    watch_party: bool


class MovieCatalog:
    def __init__(self, http: httpx.AsyncClient, cache: Cache, *, base_url: str, ttl: int):
        self.http = http
        self.cache = cache
        self.base_url = base_url
        self.ttl = ttl

    async def get(self, movie_id: uuid.UUID) -> Film | None:
        """The film, or None when the catalog does not know it; 503 when the Movie API is down."""
        key = f"movie:{movie_id}"
        data = await self.cache.get_json(key)
        if data is None:
            try:
                response = await self.http.get(f"{self.base_url}/movie_api/v1/movie/{movie_id}")
            except httpx.HTTPError as exc:
                raise DependencyUnavailable("The Movie API is unavailable; nothing was changed.") from exc
            if response.status_code == 404:
                return None
            if response.status_code != 200:
                raise DependencyUnavailable("The Movie API is unavailable; nothing was changed.")
            body = response.json()
            data = {
                "id": str(body["id"]),
                "title": body["title"],
                "duration_minutes": int(body["duration_minutes"]),
                "watch_party": bool(body.get("watch_party")),
            }
            await self.cache.set_json(key, data, self.ttl)
        return Film(
            id=uuid.UUID(data["id"]),
            title=data["title"],
            duration_minutes=data["duration_minutes"],
            watch_party=data["watch_party"],
        )
