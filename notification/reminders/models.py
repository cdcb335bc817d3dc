"""Which reminder went out for which start time; a moved event has a new start, so a new reminder."""

import uuid
from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from notification.database import Base


class SentReminder(Base):
    __tablename__ = "sent_reminders"

    booking_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(48), primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    # None when the person had muted the kind: the reminder is decided, just not sent.
    notification_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
