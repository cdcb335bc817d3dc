"""HTTP routes of the catalog: a film by id (the brief's POST form and a GET twin) and the search."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query

from common.errors import error_responses
from common.pagination import Page, Pagination
from movie_api.deps import CacheDep, CatalogDep, SettingsDep, UnitOfWork
from movie_api.movies import service
from movie_api.movies.exceptions import InvalidYearRange, MovieNotFound
from movie_api.movies.schemas import Genre, MovieFilter, MovieRead

router = APIRouter(tags=["movies"])

MovieId = Annotated[uuid.UUID, Path(alias="uuid", description="The film's id.")]
Year = Annotated[int | None, Query(ge=1888, le=2100)]


@router.get(
    "/v1/movie/{uuid}",
    response_model=MovieRead,
    responses=error_responses(MovieNotFound),
    summary="A film by id",
)
async def get_movie(
    movie_id: MovieId, uow: UnitOfWork, cache: CacheDep, catalog: CatalogDep, settings: SettingsDep
) -> MovieRead:
    """The film with this id; 404 `movie_not_found` when there is none."""
    return await service.get_movie(
        uow=uow, cache=cache, catalog=catalog, movie_id=movie_id, ttl=settings.movie_cache_ttl_seconds
    )


@router.post(
    "/v1/movie/{uuid}",
    response_model=MovieRead,
    responses=error_responses(MovieNotFound),
    summary="A film by id (the brief's POST form)",
)
async def post_movie(
    movie_id: MovieId, uow: UnitOfWork, cache: CacheDep, catalog: CatalogDep, settings: SettingsDep
) -> MovieRead:
    """The film with this id, exactly as the GET twin answers; it takes no body and changes nothing."""
    return await service.get_movie(
        uow=uow, cache=cache, catalog=catalog, movie_id=movie_id, ttl=settings.movie_cache_ttl_seconds
    )


@router.get("/v1/movies", response_model=Page[MovieRead], responses=error_responses(InvalidYearRange))
async def list_movies(
    uow: UnitOfWork,
    cache: CacheDep,
    catalog: CatalogDep,
    settings: SettingsDep,
    page: Pagination,
    title: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            # PostgreSQL text cannot hold NUL; control characters are never part of a title anyway.
            pattern=r"^[^\x00-\x1f\x7f]*$",
            description="Part of the English or original title; ignores case, accents and ё/е.",
        ),
    ] = None,
    genre: Annotated[
        list[Genre] | None,
        Query(
            description="Films having every genre given (repeat the parameter for several). "
            "A genre outside the vocabulary is rejected with 422 `validation_error`, never ignored."
        ),
    ] = None,
    year: Annotated[Year, Query(description="Year of release.")] = None,
    year_from: Annotated[Year, Query(description="Released in this year or later.")] = None,
    year_to: Annotated[Year, Query(description="Released in this year or earlier.")] = None,
    watch_party: Annotated[
        bool | None, Query(description="Only the films watch parties can be booked for (true) or the others.")
    ] = None,
) -> Page[MovieRead]:
    """Search the catalog by title, genre, year and watch-party flag, sorted by title, year and id."""
    criteria = MovieFilter(
        title=(title or "").strip() or None,
        genres=tuple(dict.fromkeys(genre or ())),
        year=year,
        year_from=year_from,
        year_to=year_to,
        watch_party=watch_party,
    )
    return await service.search_movies(
        uow=uow,
        cache=cache,
        catalog=catalog,
        criteria=criteria,
        page=page,
        ttl=settings.movie_list_cache_ttl_seconds,
    )
