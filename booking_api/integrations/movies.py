"""Film facts from the Movie API, cached in Redis."""

import uuid

from pydantic import BaseModel, ConfigDict, ValidationError

from common.cache import Cache
from common.errors import DependencyUnavailable
from common.service_client import ServiceClient


class Film(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: uuid.UUID
    title: str
    duration_minutes: int
    watch_party: bool = False


class MovieCatalog:
    def __init__(self, movies: ServiceClient, cache: Cache, *, ttl: int):
        self.movies = movies
        self.cache = cache
        self.ttl = ttl

    async def get(self, movie_id: uuid.UUID) -> Film | None:
        """The film, or None when the catalog does not know it; 503 when the Movie API is down."""
        key = f"movie:{movie_id}"
        cached = await self.cache.get_json(key)
        if cached is not None:
            return Film.model_validate(cached)
        body = await self.movies.get_json(f"/movie_api/v1/movie/{movie_id}", missing_ok=True)
        if body is None:
            return None
        try:
            film = Film.model_validate(body)
        except ValidationError as exc:
            raise DependencyUnavailable(
                "The Movie API answered an unexpected shape; nothing was changed."
            ) from exc
        await self.cache.set_json(key, film.model_dump(mode="json"), self.ttl)
        return film
