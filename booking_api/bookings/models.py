import uuid
from datetime import datetime
from typing import Literal

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from booking_api.database import Base

# A person's place in an evening, one row through its whole life (see docs/booking.md, "Seats"):
#   waiting -> offered -> pending | active          the waiting list, then a booking
#   pending -> active | declined                    host approval
#   active | pending -> cancelled | removed         the guest cancels, the host removes
#   waiting -> left | closed, offered -> passed | expired | left
WAITING, OFFERED, PENDING, ACTIVE = "waiting", "offered", "pending", "active"
CANCELLED, DECLINED, REMOVED = "cancelled", "declined", "removed"
LEFT, PASSED, EXPIRED, CLOSED = "left", "passed", "expired", "closed"
# One row in these per person and evening (a unique index), so nobody books and waits at once.
OPEN = (WAITING, OFFERED, PENDING, ACTIVE)
# The rows whose seats count in the event's seats_taken.
HOLDING = (OFFERED, PENDING, ACTIVE)
# The rows the bookings API shows (the others are only on the waiting list).
BOOKING_STATES = (PENDING, ACTIVE, CANCELLED, DECLINED, REMOVED)

Status = Literal[
    "waiting",
    "offered",
    "pending",
    "active",
    "cancelled",
    "declined",
    "removed",
    "left",
    "passed",
    "expired",
    "closed",
]
BookingStatus = Literal["pending", "active", "cancelled", "declined", "removed"]
CancelledBy = Literal["guest", "host", "system"]
Attendance = Literal["attended", "no_show"]


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint("seats >= 1", name="seats_positive"),
        CheckConstraint(
            "status IN ('waiting', 'offered', 'pending', 'active', 'cancelled', 'declined', 'removed', "
            "'left', 'passed', 'expired', 'closed')",
            name="status_known",
        ),
        CheckConstraint("status <> 'offered' OR offer_expires_at IS NOT NULL", name="offer_has_expiry"),
        CheckConstraint(
            "attendance IS NULL OR attendance IN ('attended', 'no_show')", name="attendance_known"
        ),
        Index(
            "uq_bookings_active_guest",
            "event_id",
            "guest_id",
            unique=True,
            postgresql_where=text(f"status IN {_in(OPEN)}"),
        ),
        Index("ix_bookings_guest", "guest_id", "created_at"),
        Index("ix_bookings_event", "event_id", "status"),
        Index(
            "ix_bookings_waiting", "event_id", "waitlisted_at", postgresql_where=text("status = 'waiting'")
        ),
        Index("ix_bookings_offers", "offer_expires_at", postgresql_where=text("status = 'offered'")),
        Index("ix_bookings_pending", "created_at", postgresql_where=text("status = 'pending'")),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("events.id"))
    guest_id: Mapped[uuid.UUID]
    seats: Mapped[int] = mapped_column(Integer)
    status: Mapped[Status] = mapped_column(String(16), server_default=ACTIVE)
    cancelled_by: Mapped[CancelledBy | None] = mapped_column(String(16))
    # A guest's cancellation after the evening's cancellation deadline (counts in their reliability).
    late: Mapped[bool] = mapped_column(Boolean, server_default="false")
    # What the host said when declining a request or removing the guest.
    host_note: Mapped[str | None] = mapped_column(String(500))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when the row began on the waiting list (it stays when the offer became a booking).
    waitlisted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    auto_book: Mapped[bool] = mapped_column(Boolean, server_default="false")
    offered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    offer_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The invitation the booking was made with (its seats came from its allotment, if it had one).
    invite_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("invites.id"))
    # Marked by the host from the start; unmarked 48 hours after the end counts as attended.
    attendance: Mapped[Attendance | None] = mapped_column(String(16))
    attendance_marked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
