import uuid
from datetime import datetime
from typing import Final, Literal

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from booking_api.database import Base

OF_HOST: Final = "host"
OF_GUEST: Final = "guest"
Role = Literal["host", "guest"]


class Rating(Base):
    """One person's rating of another after one event: a guest rates the host (`role` host), the host
    rates a guest (`role` guest). Hidden from everyone but its author until revealed."""

    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("event_id", "rater_id", "ratee_id"),
        CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
        CheckConstraint("role IN ('host', 'guest')", name="role_known"),
        CheckConstraint("rater_id <> ratee_id", name="not_self"),
        CheckConstraint("char_length(text) <= 1000", name="text_length"),
        Index("ix_ratings_ratee", "ratee_id", "role"),
        Index("ix_ratings_unrevealed", "window_closes_at", postgresql_where="revealed_at IS NULL"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("events.id"))
    rater_id: Mapped[uuid.UUID]
    ratee_id: Mapped[uuid.UUID]
    role: Mapped[Role] = mapped_column(String(8))
    score: Mapped[int] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    window_closes_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Set when both sides of the pair have rated, or by housekeeping once the window has closed.
    revealed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_reason: Mapped[str | None] = mapped_column(String(500))
    hidden_by: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
