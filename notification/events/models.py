"""What the service has been told: each domain event once, and its own view of events and bookings."""

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from notification.database import Base

SCHEDULED = "scheduled"
CANCELLED = "cancelled"
ACTIVE = "active"
# A booking request waiting for the host: its seats are held, but it is not a booking yet (no reminders).
PENDING = "pending"


class InboundEvent(Base):
    """A domain event as handed in; the primary key is the envelope id, so a redelivery is a no-op."""

    __tablename__ = "inbound_events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    request_id: Mapped[str | None] = mapped_column(String(128))
    data: Mapped[dict] = mapped_column(JSONB)
    source: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EventProjection(Base):
    """A screening as the booking events describe it; reminders are computed from it."""

    __tablename__ = "event_projections"
    __table_args__ = (
        Index("ix_event_projections_upcoming", "starts_at", postgresql_where=text("status = 'scheduled'")),
    )

    event_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    host_id: Mapped[uuid.UUID]
    host_name: Mapped[str] = mapped_column(String(200))
    movie_id: Mapped[uuid.UUID]
    movie_title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    place: Mapped[dict] = mapped_column(JSONB)
    capacity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    share_url: Mapped[str | None] = mapped_column(Text)
    # occurred_at of the last domain event applied.
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BookingProjection(Base):
    __tablename__ = "booking_projections"
    __table_args__ = (Index("ix_booking_projections_event", "event_id", "status"),)

    booking_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    event_id: Mapped[uuid.UUID]
    guest_id: Mapped[uuid.UUID]
    guest_name: Mapped[str | None] = mapped_column(String(200))
    seats: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    booked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
