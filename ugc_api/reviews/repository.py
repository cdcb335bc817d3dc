"""Reviews and their votes in PostgreSQL."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from ugc_api.reviews.models import DISLIKE, LIKE, Review, ReviewVote


@dataclass(frozen=True)
class Counts:
    likes: int = 0
    dislikes: int = 0


def _with_counts() -> Select[Review, int, int]:
    likes = func.count().filter(ReviewVote.value == LIKE)
    dislikes = func.count().filter(ReviewVote.value == DISLIKE)
    votes = (
        select(ReviewVote.review_id, likes.label("likes"), dislikes.label("dislikes"))
        .group_by(ReviewVote.review_id)
        .subquery()
    )
    return select(Review, func.coalesce(votes.c.likes, 0), func.coalesce(votes.c.dislikes, 0)).outerjoin(
        votes, votes.c.review_id == Review.id
    )


class ReviewRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    def add(self, review: Review) -> None:
        self.session.add(review)

    async def get(self, review_id: uuid.UUID, *, for_update: bool = False) -> Review | None:
        return await self.session.get(Review, review_id, with_for_update=for_update)

    async def get_by_author(self, movie_id: uuid.UUID, user_id: uuid.UUID) -> Review | None:
        return await self.session.scalar(
            select(Review).where(Review.movie_id == movie_id, Review.user_id == user_id)
        )

    async def delete(self, review: Review) -> None:
        await self.session.delete(review)

    async def get_with_counts(self, review_id: uuid.UUID) -> tuple[Review, Counts] | None:
        row = (await self.session.execute(_with_counts().where(Review.id == review_id))).first()
        return None if row is None else (row[0], Counts(row[1], row[2]))

    async def of_movie(
        self, movie_id: uuid.UUID, *, offset: int, limit: int
    ) -> tuple[list[tuple[Review, Counts]], int]:
        """A film's reviews with their counts, newest first, and their total."""
        total = await self.session.scalar(
            select(func.count()).select_from(Review).where(Review.movie_id == movie_id)
        )
        rows = await self.session.execute(
            _with_counts()
            .where(Review.movie_id == movie_id)
            .order_by(Review.created_at.desc(), Review.id)
            .offset(offset)
            .limit(limit)
        )
        return [(row[0], Counts(row[1], row[2])) for row in rows], total or 0

    async def counts(self, review_id: uuid.UUID) -> Counts:
        row = (
            await self.session.execute(
                select(
                    func.count().filter(ReviewVote.value == LIKE),
                    func.count().filter(ReviewVote.value == DISLIKE),
                ).where(ReviewVote.review_id == review_id)
            )
        ).one()
        return Counts(row[0], row[1])


class VoteRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def put(self, review_id: uuid.UUID, user_id: uuid.UUID, value: int, *, at: datetime) -> None:
        """Cast the user's vote on a review, or switch the one they cast before."""
        statement = insert(ReviewVote).values(
            review_id=review_id, user_id=user_id, value=value, created_at=at, updated_at=at
        )
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=[ReviewVote.review_id, ReviewVote.user_id],
                set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
                where=ReviewVote.value != statement.excluded.value,
            )
        )

    async def remove(self, review_id: uuid.UUID, user_id: uuid.UUID) -> None:
        await self.session.execute(
            delete(ReviewVote).where(ReviewVote.review_id == review_id, ReviewVote.user_id == user_id)
        )
