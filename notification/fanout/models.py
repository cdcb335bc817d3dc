"""Work that needs UGC's lists (friends, film subscribers): kept until UGC has answered."""

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from notification.database import Base

# Who hears of a new screening: friends and film subscribers (a public one), or friends only.
EVERYONE = "everyone"
FRIENDS = "friends"
PENDING = "pending"
DONE = "done"
SKIPPED = "skipped"


class FanoutJob(Base):
    __tablename__ = "fanout_jobs"
    __table_args__ = (
        Index("ix_fanout_jobs_due", "next_attempt_at", postgresql_where=text("status = 'pending'")),
        CheckConstraint("audience IN ('everyone', 'friends')", name="audience_known"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # The event.created envelope it came from; one job per envelope.
    source_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    event_id: Mapped[uuid.UUID]
    host_id: Mapped[uuid.UUID]
    movie_id: Mapped[uuid.UUID]
    audience: Mapped[str] = mapped_column(String(16), server_default=EVERYONE)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    recipients: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
