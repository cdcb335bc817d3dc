import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, func
from sqlalchemy.orm import Mapped, mapped_column

from booking_api.database import Base


class Block(Base):
    """`host_id` keeps `user_id` away from their evenings (existing bookings stay until removed)."""

    __tablename__ = "blocks"
    __table_args__ = (CheckConstraint("host_id <> user_id", name="not_self"),)

    host_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
