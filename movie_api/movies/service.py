"""Catalog use cases: a film by id and the film search, both read through the Redis cache."""

import hashlib
import json
import logging
import time
import uuid

from sqlalchemy.exc import SQLAlchemyError

from common.cache import Cache
from common.pagination import Page, PageParams
from movie_api.movies.exceptions import InvalidYearRange, MovieNotFound
from movie_api.movies.repository import MovieUnitOfWork
from movie_api.movies.schemas import MovieFilter, MovieRead

logger = logging.getLogger(__name__)

# Cache keys carry the catalog version that bootstrap writes to `catalog_state`: a reloaded catalog
# gets fresh keys, and old entries simply expire.
UNLOADED = "unloaded"


class CatalogVersion:
    """The loaded catalog's version, read from the database at most once per `refresh_seconds`.

    When the database cannot be asked, the last known version is kept, so cached answers are still
    served while PostgreSQL is down.
    """

    def __init__(self, *, refresh_seconds: float = 30.0):
        self.refresh_seconds = refresh_seconds
        self._version: str | None = None
        self._checked_at = float("-inf")

    async def current(self, uow: MovieUnitOfWork) -> str:
        if self._version is not None and time.monotonic() - self._checked_at < self.refresh_seconds:
            return self._version
        try:
            async with uow:
                version = await uow.movies.catalog_version()
        except (SQLAlchemyError, OSError):
            if self._version is None:
                raise
            logger.warning("catalog version unavailable; keeping %s", self._version)
            version = self._version
        self._version = version or UNLOADED
        self._checked_at = time.monotonic()
        return self._version


def _list_key(version: str, criteria: MovieFilter, page: PageParams) -> str:
    params = {**criteria.model_dump(mode="json"), "page": page.page, "size": page.size}
    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:32]
    return f"movies:{version}:{digest}"


def movie_key(version: str, movie_id: uuid.UUID) -> str:
    return f"movie:{version}:{movie_id}"


async def get_movie(
    *, uow: MovieUnitOfWork, cache: Cache, catalog: CatalogVersion, movie_id: uuid.UUID, ttl: int
) -> MovieRead:
    """The film with this id, from the cache or the database."""
    key = movie_key(await catalog.current(uow), movie_id)
    cached = await cache.get_json(key)
    if cached is not None:
        return MovieRead.model_validate(cached)
    async with uow:
        movie = await uow.movies.get(movie_id)
        if movie is None:
            raise MovieNotFound(movie_id=movie_id)
        result = MovieRead.model_validate(movie)
    await cache.set_json(key, result.model_dump(mode="json"), ttl)
    return result


async def search_movies(
    *,
    uow: MovieUnitOfWork,
    cache: Cache,
    catalog: CatalogVersion,
    criteria: MovieFilter,
    page: PageParams,
    ttl: int,
) -> Page[MovieRead]:
    """One page of the films matching the criteria, from the cache or the database."""
    if (
        criteria.year_from is not None
        and criteria.year_to is not None
        and criteria.year_from > criteria.year_to
    ):
        raise InvalidYearRange(year_from=criteria.year_from, year_to=criteria.year_to)
    key = _list_key(await catalog.current(uow), criteria, page)
    cached = await cache.get_json(key)
    if cached is not None:
        return Page[MovieRead].model_validate(cached)
    async with uow:
        movies, total = await uow.movies.search(criteria, offset=page.offset, limit=page.limit)
        result = Page[MovieRead].of([MovieRead.model_validate(m) for m in movies], total, page)
    await cache.set_json(key, result.model_dump(mode="json"), ttl)
    return result
