import uuid
from datetime import datetime
from typing import Literal

from sqlalchemy import CheckConstraint, DateTime, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from booking_api.database import Base

TargetType = Literal["event", "host", "guest"]
ReportStatus = Literal["open", "resolved"]
Action = Literal["dismiss", "hide_event", "ban"]


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint("target_type IN ('event', 'host', 'guest')", name="target_known"),
        CheckConstraint("status IN ('open', 'resolved')", name="status_known"),
        CheckConstraint("action IS NULL OR action IN ('dismiss', 'hide_event', 'ban')", name="action_known"),
        CheckConstraint("char_length(reason) <= 2000", name="reason_length"),
        CheckConstraint("char_length(text) <= 2000", name="text_length"),
        Index("ix_reports_status", "status", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    reporter_id: Mapped[uuid.UUID]
    target_type: Mapped[TargetType] = mapped_column(String(16))
    target_id: Mapped[uuid.UUID]
    reason: Mapped[str] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ReportStatus] = mapped_column(String(16), server_default="open")
    action: Mapped[Action | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[uuid.UUID | None]
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
