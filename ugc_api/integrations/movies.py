"""Whether a film exists, asked of the Movie API and remembered in Redis."""

import uuid

import httpx

from common.cache import Cache
from common.errors import DependencyUnavailable, InvalidInput


class MovieNotFound(InvalidInput):
    code = "movie_not_found"
    detail = "The Movie API knows no film with this id."


class MovieApiUnavailable(DependencyUnavailable):
    code = "movie_api_unavailable"
    detail = "The Movie API is unavailable, so the film cannot be checked; nothing was changed."


class MovieCatalog:
    """Only known films are remembered: the catalog never deletes a film, but it may gain one, so an
    unknown id is asked again next time."""

    def __init__(self, http: httpx.AsyncClient, cache: Cache, *, base_url: str, ttl: int):
        self.http = http
        self.cache = cache
        self.base_url = base_url
        self.ttl = ttl

    async def exists(self, movie_id: uuid.UUID) -> bool:
        """True for a film of the catalog; raises MovieApiUnavailable when the Movie API cannot answer."""
        key = f"movie-exists:{movie_id}"
        if await self.cache.get_json(key):
            return True
        try:
            response = await self.http.get(f"{self.base_url}/movie_api/v1/movie/{movie_id}")
        except httpx.HTTPError as exc:
            raise MovieApiUnavailable() from exc
        if response.status_code == 404:
            return False
        if response.status_code != 200:
            raise MovieApiUnavailable()
        await self.cache.set_json(key, True, self.ttl)
        return True

    async def require(self, movie_id: uuid.UUID) -> None:
        """Raise MovieNotFound (422) unless the film is in the catalog."""
        if not await self.exists(movie_id):
            raise MovieNotFound(movie_id=movie_id)
