"""Film subscriptions: subscribing, and the brief's `subscribers/{movie_id}` (POST, with a GET twin)."""

import uuid

from fastapi import APIRouter, Response

from common.errors import NotAuthenticated, error_responses
from common.pagination import Page, Pagination
from common.security import AnyPrincipal, CurrentUser, InvalidToken, UserTokenRequired
from ugc_api.deps import ClockDep, Movies, UnitOfWork
from ugc_api.subscriptions import service
from ugc_api.subscriptions.exceptions import MovieApiUnavailable, MovieNotFound
from ugc_api.subscriptions.schemas import SubscribedMovie, Subscriber, SubscriptionOut

router = APIRouter(tags=["subscriptions"])

_SIGNED_IN = (NotAuthenticated, InvalidToken, UserTokenRequired)
_READERS = error_responses(NotAuthenticated, InvalidToken)


@router.put(
    "/v1/movies/{movie_id}/subscription",
    response_model=SubscriptionOut,
    responses=error_responses(*_SIGNED_IN, MovieNotFound, MovieApiUnavailable),
)
async def subscribe(
    movie_id: uuid.UUID, user: CurrentUser, uow: UnitOfWork, movies: Movies, clock: ClockDep
) -> SubscriptionOut:
    """Subscribe to news of a film (idempotent); 422 `movie_not_found` for a film not in the catalog."""
    return await service.subscribe(
        uow=uow, movies=movies, clock=clock, user_id=user.user_id, movie_id=movie_id
    )


@router.delete("/v1/movies/{movie_id}/subscription", status_code=204, responses=error_responses(*_SIGNED_IN))
async def unsubscribe(movie_id: uuid.UUID, user: CurrentUser, uow: UnitOfWork) -> Response:
    """Unsubscribe from a film (idempotent: 204 whether or not you were subscribed)."""
    await service.unsubscribe(uow=uow, user_id=user.user_id, movie_id=movie_id)
    return Response(status_code=204)


@router.get(
    "/v1/me/subscriptions", response_model=Page[SubscribedMovie], responses=error_responses(*_SIGNED_IN)
)
async def my_subscriptions(user: CurrentUser, uow: UnitOfWork, page: Pagination) -> Page[SubscribedMovie]:
    """The films you are subscribed to, latest first."""
    return await service.list_my_films(uow=uow, user_id=user.user_id, page=page)


@router.post("/v1/subscribers/{movie_id}", response_model=Page[Subscriber], responses=_READERS)
async def subscribers_post(
    movie_id: uuid.UUID, _: AnyPrincipal, uow: UnitOfWork, page: Pagination
) -> Page[Subscriber]:
    """The brief's form of `GET /v1/subscribers/{movie_id}`: the same answer; it changes nothing."""
    return await service.list_subscribers(uow=uow, movie_id=movie_id, page=page)


@router.get("/v1/subscribers/{movie_id}", response_model=Page[Subscriber], responses=_READERS)
async def subscribers(
    movie_id: uuid.UUID, _: AnyPrincipal, uow: UnitOfWork, page: Pagination
) -> Page[Subscriber]:
    """A film's subscriber ids, earliest first (any signed-in user or service; unknown film: none)."""
    return await service.list_subscribers(uow=uow, movie_id=movie_id, page=page)
