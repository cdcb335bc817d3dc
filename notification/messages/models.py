"""A message to one person: what the inbox lists and what an email delivery renders."""

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from notification.database import Base


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_inbox", "recipient_id", "created_at", "id"),
        Index("ix_notifications_unread", "recipient_id", postgresql_where=text("read_at IS NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    recipient_id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(String(48))
    event_id: Mapped[uuid.UUID | None]
    # The domain event that caused it (none for reminders, which come from the clock).
    source_id: Mapped[uuid.UUID | None]
    # One message per cause and person: "<kind>:<cause>:<recipient>". A second insert is a no-op.
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    # Everything the templates need; rendered when read, in the reader's language of the moment.
    context: Mapped[dict] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
