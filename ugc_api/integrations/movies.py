"""Whether a film exists, asked of the Movie API and remembered in Redis."""

import uuid

from common.cache import Cache
from common.errors import DependencyUnavailable, InvalidInput
from common.service_client import ServiceClient


class MovieNotFound(InvalidInput):
    code = "movie_not_found"
    detail = "The Movie API knows no film with this id."


class MovieApiUnavailable(DependencyUnavailable):
    code = "movie_api_unavailable"
    detail = "The Movie API is unavailable, so the film cannot be checked; nothing was changed."


class MovieCatalog:
    """Only known films are remembered: the catalog never deletes a film, but it may gain one, so an
    unknown id is asked again next time."""

    def __init__(self, movies: ServiceClient, cache: Cache, *, ttl: int):
        """`movies` raises MovieApiUnavailable when the Movie API cannot answer."""
        self.movies = movies
        self.cache = cache
        self.ttl = ttl

    async def exists(self, movie_id: uuid.UUID) -> bool:
        """True for a film of the catalog; raises MovieApiUnavailable when the Movie API cannot answer."""
        key = f"movie-exists:{movie_id}"
        if await self.cache.get_json(key):
            return True
        if await self.movies.request("GET", f"/movie_api/v1/movie/{movie_id}", missing_ok=True) is None:
            return False
        await self.cache.set_json(key, True, self.ttl)
        return True

    async def require(self, movie_id: uuid.UUID) -> None:
        """Raise MovieNotFound (422) unless the film is in the catalog."""
        if not await self.exists(movie_id):
            raise MovieNotFound(movie_id=movie_id)
