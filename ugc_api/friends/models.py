"""Friend links: one row per "A added B"; A and B are friends when both rows exist."""

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index
from sqlalchemy.orm import Mapped, mapped_column

from ugc_api.database import Base


class FriendLink(Base):
    __tablename__ = "friend_links"
    __table_args__ = (
        CheckConstraint("user_id <> friend_id", name="not_self"),
        # "Who added me": incoming requests and the other half of a friendship.
        Index("ix_friend_links_friend_id_user_id", "friend_id", "user_id"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    friend_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
