"""Use cases of reviews (one per user per film) and of the likes and dislikes on them."""

import logging
import uuid

from sqlalchemy.exc import IntegrityError

from common.clock import Clock
from common.pagination import Page, PageParams
from common.security import Principal
from ugc_api.integrations.movies import MovieCatalog
from ugc_api.reviews.exceptions import NotReviewAuthor, OwnReviewVote, ReviewExists, ReviewNotFound
from ugc_api.reviews.models import DISLIKE, LIKE, Review
from ugc_api.reviews.repository import Counts
from ugc_api.reviews.schemas import LikesCount, ReviewOut, VoteOut, VoteValue
from ugc_api.uow import UgcUnitOfWork

logger = logging.getLogger(__name__)

# Groups whose members may delete anyone's review (never edit it).
MODERATING_GROUPS = frozenset({"moderator", "admin"})

_VALUES = {VoteValue.LIKE: LIKE, VoteValue.DISLIKE: DISLIKE}


def _out(review: Review, counts: Counts) -> ReviewOut:
    return ReviewOut(
        id=review.id,
        movie_id=review.movie_id,
        user_id=review.user_id,
        score=review.score,
        text=review.text,
        created_at=review.created_at,
        updated_at=review.updated_at,
        likes=counts.likes,
        dislikes=counts.dislikes,
    )


def _likes(review_id: uuid.UUID, counts: Counts) -> LikesCount:
    return LikesCount(
        review_id=review_id,
        likes=counts.likes,
        dislikes=counts.dislikes,
        total=counts.likes + counts.dislikes,
    )


async def create_review(
    *,
    uow: UgcUnitOfWork,
    movies: MovieCatalog,
    clock: Clock,
    user_id: uuid.UUID,
    movie_id: uuid.UUID,
    score: int,
    text: str,
) -> ReviewOut:
    """Review a film of the catalog; 409 when the user has reviewed it already."""
    await movies.require(movie_id)
    async with uow:
        existing = await uow.reviews.get_by_author(movie_id, user_id)
        if existing is not None:
            raise ReviewExists(review_id=existing.id)
        now = clock.now()
        review = Review(
            id=uuid.uuid4(),
            movie_id=movie_id,
            user_id=user_id,
            score=score,
            text=text,
            created_at=now,
            updated_at=now,
        )
        uow.reviews.add(review)
        try:
            await uow.commit()
        except IntegrityError as exc:
            # Two first reviews of one film by one user at the same moment: the unique key decides.
            raise ReviewExists() from exc
    logger.info("review created", extra={"review_id": str(review.id), "movie_id": str(movie_id)})
    return _out(review, Counts())


async def get_review(*, uow: UgcUnitOfWork, review_id: uuid.UUID) -> ReviewOut:
    """A review with its counts; 404 when there is none."""
    async with uow:
        found = await uow.reviews.get_with_counts(review_id)
    if found is None:
        raise ReviewNotFound(review_id=review_id)
    return _out(*found)


async def review_info(
    *, uow: UgcUnitOfWork, movie_id: uuid.UUID, user_id: uuid.UUID, review_id: uuid.UUID
) -> ReviewOut:
    """The review only when it is this user's review of this film; 404 otherwise."""
    async with uow:
        found = await uow.reviews.get_with_counts(review_id)
    if found is None or found[0].movie_id != movie_id or found[0].user_id != user_id:
        raise ReviewNotFound(review_id=review_id)
    return _out(*found)


async def list_reviews(*, uow: UgcUnitOfWork, movie_id: uuid.UUID, page: PageParams) -> Page[ReviewOut]:
    """A film's reviews, newest first."""
    async with uow:
        rows, total = await uow.reviews.of_movie(movie_id, offset=page.offset, limit=page.limit)
    return Page.of([_out(review, counts) for review, counts in rows], total, page)


async def update_review(
    *,
    uow: UgcUnitOfWork,
    clock: Clock,
    user_id: uuid.UUID,
    review_id: uuid.UUID,
    score: int | None,
    text: str | None,
) -> ReviewOut:
    """Change the score or text of your own review."""
    async with uow:
        review = await uow.reviews.get(review_id, for_update=True)
        if review is None:
            raise ReviewNotFound(review_id=review_id)
        if review.user_id != user_id:
            raise NotReviewAuthor()
        if score is not None:
            review.score = score
        if text is not None:
            review.text = text
        review.updated_at = clock.now()
        await uow.commit()
        counts = await uow.reviews.counts(review_id)
    return _out(review, counts)


async def delete_review(*, uow: UgcUnitOfWork, actor: Principal, review_id: uuid.UUID) -> None:
    """Delete a review with its votes: the author's own, or any review for a moderator or admin."""
    async with uow:
        review = await uow.reviews.get(review_id, for_update=True)
        if review is None:
            raise ReviewNotFound(review_id=review_id)
        moderating = bool(actor.groups & MODERATING_GROUPS)
        if review.user_id != actor.user_id and not moderating:
            raise NotReviewAuthor()
        await uow.reviews.delete(review)
        await uow.commit()
    logger.info("review deleted", extra={"review_id": str(review_id), "moderated": moderating})


async def vote(
    *, uow: UgcUnitOfWork, clock: Clock, user_id: uuid.UUID, review_id: uuid.UUID, value: VoteValue
) -> VoteOut:
    """Like or dislike someone else's review; voting again replaces your vote."""
    async with uow:
        review = await uow.reviews.get(review_id)
        if review is None:
            raise ReviewNotFound(review_id=review_id)
        if review.user_id == user_id:
            raise OwnReviewVote()
        try:
            await uow.votes.put(review_id, user_id, _VALUES[value], at=clock.now())
            await uow.commit()
        except IntegrityError as exc:
            # The review was deleted between reading it and voting.
            raise ReviewNotFound(review_id=review_id) from exc
        counts = await uow.reviews.counts(review_id)
    return VoteOut(**_likes(review_id, counts).model_dump(), value=value)


async def remove_vote(*, uow: UgcUnitOfWork, user_id: uuid.UUID, review_id: uuid.UUID) -> None:
    """Take back your vote on a review, if you cast one."""
    async with uow:
        if await uow.reviews.get(review_id) is None:
            raise ReviewNotFound(review_id=review_id)
        await uow.votes.remove(review_id, user_id)
        await uow.commit()


async def likes_count(*, uow: UgcUnitOfWork, review_id: uuid.UUID) -> LikesCount:
    """Likes, dislikes and all votes of a review; 404 when there is no such review."""
    async with uow:
        if await uow.reviews.get(review_id) is None:
            raise ReviewNotFound(review_id=review_id)
        counts = await uow.reviews.counts(review_id)
    return _likes(review_id, counts)
