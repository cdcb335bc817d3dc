"""Catalog queries, and the unit of work the catalog use cases run in."""

import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import SqlAlchemyUnitOfWork
from movie_api.movies.catalog import fold
from movie_api.movies.models import CatalogState, Movie
from movie_api.movies.schemas import MovieFilter

S = TypeVar("S", bound=Select[Any])


class MovieRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get(self, movie_id: uuid.UUID) -> Movie | None:
        return await self.session.get(Movie, movie_id)

    async def search(self, criteria: MovieFilter, *, offset: int, limit: int) -> tuple[Sequence[Movie], int]:
        """One page of the films matching `criteria` and their total.

        Ordered by the folded titles in byte order (the "C" collation), then year and id: the same
        order on every server, whatever its default collation.
        """
        query = _filtered(select(Movie), criteria)
        total = await self.session.scalar(_filtered(select(func.count()).select_from(Movie), criteria))
        rows = await self.session.scalars(
            query.order_by(Movie.search_text.collate("C"), Movie.year, Movie.id).offset(offset).limit(limit)
        )
        return rows.all(), total or 0

    async def catalog_version(self) -> str | None:
        return await self.session.scalar(select(CatalogState.version).where(CatalogState.id == 1))


def _filtered(query: S, criteria: MovieFilter) -> S:
    if criteria.title:
        query = query.where(Movie.search_text.contains(fold(criteria.title), autoescape=True))
    if criteria.genres:
        query = query.where(Movie.genres.contains([str(g) for g in criteria.genres]))
    if criteria.year is not None:
        query = query.where(Movie.year == criteria.year)
    if criteria.year_from is not None:
        query = query.where(Movie.year >= criteria.year_from)
    if criteria.year_to is not None:
        query = query.where(Movie.year <= criteria.year_to)
    if criteria.watch_party is not None:
        query = query.where(Movie.watch_party.is_(criteria.watch_party))
    return query


class MovieUnitOfWork(SqlAlchemyUnitOfWork):
    movies: MovieRepository

    def _enter_repositories(self) -> None:
        self.movies = MovieRepository(self.session)
