"""Film subscriptions: a user wants to hear about new watch parties of a film."""

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index
from sqlalchemy.orm import Mapped, mapped_column

from ugc_api.database import Base


class Subscription(Base):
    __tablename__ = "subscriptions"
    __table_args__ = (
        Index("ix_subscriptions_movie_id_created_at", "movie_id", "created_at", "user_id"),
        Index("ix_subscriptions_user_id_created_at", "user_id", "created_at", "movie_id"),
    )

    movie_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
