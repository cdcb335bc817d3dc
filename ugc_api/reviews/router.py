"""Reviews and votes, with the brief's `review_info/...` and `likes_count/...` (POST, with GET twins)."""

import uuid

from fastapi import APIRouter, Response

from common.errors import NotAuthenticated, error_responses
from common.pagination import Page, Pagination
from common.security import CurrentUser, InvalidToken, UserTokenRequired
from ugc_api.deps import ClockDep, Movies, UnitOfWork
from ugc_api.reviews import service
from ugc_api.reviews.exceptions import (
    MovieApiUnavailable,
    MovieNotFound,
    NotReviewAuthor,
    OwnReviewVote,
    ReviewExists,
    ReviewNotFound,
)
from ugc_api.reviews.schemas import LikesCount, ReviewCreate, ReviewOut, ReviewUpdate, VoteIn, VoteOut

router = APIRouter(tags=["reviews"])

_SIGNED_IN = (NotAuthenticated, InvalidToken, UserTokenRequired)


@router.post(
    "/v1/movies/{movie_id}/reviews",
    status_code=201,
    response_model=ReviewOut,
    responses=error_responses(*_SIGNED_IN, MovieNotFound, ReviewExists, MovieApiUnavailable),
)
async def create_review(
    movie_id: uuid.UUID,
    body: ReviewCreate,
    user: CurrentUser,
    uow: UnitOfWork,
    movies: Movies,
    clock: ClockDep,
) -> ReviewOut:
    """Review a film (score 1-10 and text); one review per user per film, 409 `review_exists` on a second."""
    return await service.create_review(
        uow=uow,
        movies=movies,
        clock=clock,
        user_id=user.user_id,
        movie_id=movie_id,
        score=body.score,
        text=body.text,
    )


@router.get("/v1/movies/{movie_id}/reviews", response_model=Page[ReviewOut])
async def movie_reviews(movie_id: uuid.UUID, uow: UnitOfWork, page: Pagination) -> Page[ReviewOut]:
    """A film's reviews with their likes and dislikes, newest first (public; an unknown film has none)."""
    return await service.list_reviews(uow=uow, movie_id=movie_id, page=page)


@router.get("/v1/reviews/{review_id}", response_model=ReviewOut, responses=error_responses(ReviewNotFound))
async def get_review(review_id: uuid.UUID, uow: UnitOfWork) -> ReviewOut:
    """A review by id with its likes and dislikes (public)."""
    return await service.get_review(uow=uow, review_id=review_id)


@router.patch(
    "/v1/reviews/{review_id}",
    response_model=ReviewOut,
    responses=error_responses(*_SIGNED_IN, NotReviewAuthor, ReviewNotFound),
)
async def update_review(
    review_id: uuid.UUID, body: ReviewUpdate, user: CurrentUser, uow: UnitOfWork, clock: ClockDep
) -> ReviewOut:
    """Edit your own review: its score, its text or both."""
    return await service.update_review(
        uow=uow, clock=clock, user_id=user.user_id, review_id=review_id, score=body.score, text=body.text
    )


@router.delete(
    "/v1/reviews/{review_id}",
    status_code=204,
    responses=error_responses(*_SIGNED_IN, NotReviewAuthor, ReviewNotFound),
)
async def delete_review(review_id: uuid.UUID, user: CurrentUser, uow: UnitOfWork) -> Response:
    """Delete your own review with its votes (moderators and admins may delete any review)."""
    await service.delete_review(uow=uow, actor=user, review_id=review_id)
    return Response(status_code=204)


@router.post(
    "/v1/review_info/{movie_id}/{user_id}/{review_id}",
    response_model=ReviewOut,
    responses=error_responses(ReviewNotFound),
)
async def review_info_post(
    movie_id: uuid.UUID, user_id: uuid.UUID, review_id: uuid.UUID, uow: UnitOfWork
) -> ReviewOut:
    """The brief's form of `GET /v1/review_info/...`: the same answer; it changes nothing."""
    return await service.review_info(uow=uow, movie_id=movie_id, user_id=user_id, review_id=review_id)


@router.get(
    "/v1/review_info/{movie_id}/{user_id}/{review_id}",
    response_model=ReviewOut,
    responses=error_responses(ReviewNotFound),
)
async def review_info(
    movie_id: uuid.UUID, user_id: uuid.UUID, review_id: uuid.UUID, uow: UnitOfWork
) -> ReviewOut:
    """A review, only if it is this user's review of this film; 404 `review_not_found` otherwise (public)."""
    return await service.review_info(uow=uow, movie_id=movie_id, user_id=user_id, review_id=review_id)


@router.put(
    "/v1/reviews/{review_id}/vote",
    response_model=VoteOut,
    responses=error_responses(*_SIGNED_IN, OwnReviewVote, ReviewNotFound),
)
async def vote(
    review_id: uuid.UUID, body: VoteIn, user: CurrentUser, uow: UnitOfWork, clock: ClockDep
) -> VoteOut:
    """Like or dislike a review (one vote per user: voting again switches it; not your own review)."""
    return await service.vote(
        uow=uow, clock=clock, user_id=user.user_id, review_id=review_id, value=body.value
    )


@router.delete(
    "/v1/reviews/{review_id}/vote",
    status_code=204,
    responses=error_responses(*_SIGNED_IN, ReviewNotFound),
)
async def remove_vote(review_id: uuid.UUID, user: CurrentUser, uow: UnitOfWork) -> Response:
    """Take back your like or dislike (idempotent while the review exists)."""
    await service.remove_vote(uow=uow, user_id=user.user_id, review_id=review_id)
    return Response(status_code=204)


@router.post(
    "/v1/likes_count/{review_id}", response_model=LikesCount, responses=error_responses(ReviewNotFound)
)
async def likes_count_post(review_id: uuid.UUID, uow: UnitOfWork) -> LikesCount:
    """The brief's form of `GET /v1/likes_count/{review_id}`: the same answer; it changes nothing."""
    return await service.likes_count(uow=uow, review_id=review_id)


@router.get(
    "/v1/likes_count/{review_id}", response_model=LikesCount, responses=error_responses(ReviewNotFound)
)
async def likes_count(review_id: uuid.UUID, uow: UnitOfWork) -> LikesCount:
    """A review's likes, dislikes and total votes (public)."""
    return await service.likes_count(uow=uow, review_id=review_id)
