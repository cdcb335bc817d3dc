import uuid
from datetime import datetime
from typing import Literal

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from booking_api.database import Base

ACTIVE, CANCELLED = "active", "cancelled"
BookingStatus = Literal["active", "cancelled"]
CancelledBy = Literal["guest", "host"]
Attendance = Literal["attended", "no_show"]


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint("seats >= 1", name="seats_positive"),
        CheckConstraint("status IN ('active', 'cancelled')", name="status_known"),
        CheckConstraint(
            "attendance IS NULL OR attendance IN ('attended', 'no_show')", name="attendance_known"
        ),
        # One active booking per guest per event.
        Index(
            "uq_bookings_active_guest",
            "event_id",
            "guest_id",
            unique=True,
            postgresql_where=text("status = 'active'"),
        ),
        Index("ix_bookings_guest", "guest_id", "created_at"),
        Index("ix_bookings_event", "event_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("events.id"))
    guest_id: Mapped[uuid.UUID]
    seats: Mapped[int] = mapped_column(Integer)
    status: Mapped[BookingStatus] = mapped_column(String(16), server_default=ACTIVE)
    cancelled_by: Mapped[CancelledBy | None] = mapped_column(String(16))
    # Marked by the host from the start; unmarked 48 hours after the end counts as attended.
    attendance: Mapped[Attendance | None] = mapped_column(String(16))
    attendance_marked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
