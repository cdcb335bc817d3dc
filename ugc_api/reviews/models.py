"""Reviews of films (one per user per film) and the likes and dislikes they receive."""

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, SmallInteger, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ugc_api.database import Base

MIN_SCORE = 1
MAX_SCORE = 10
MAX_TEXT_LENGTH = 5000

LIKE = 1
DISLIKE = -1


class Review(Base):
    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("movie_id", "user_id"),
        CheckConstraint(f"score BETWEEN {MIN_SCORE} AND {MAX_SCORE}", name="score_range"),
        CheckConstraint(f"char_length(text) BETWEEN 1 AND {MAX_TEXT_LENGTH}", name="text_length"),
        Index("ix_reviews_movie_id_created_at", "movie_id", "created_at", "id"),
        Index("ix_reviews_user_id", "user_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    movie_id: Mapped[uuid.UUID]
    # The author; null once they deleted their account (the review stays, by "deleted user").
    user_id: Mapped[uuid.UUID | None]
    score: Mapped[int] = mapped_column(SmallInteger)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReviewVote(Base):
    __tablename__ = "review_votes"
    __table_args__ = (CheckConstraint(f"value IN ({LIKE}, {DISLIKE})", name="value_like_or_dislike"),)

    review_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
