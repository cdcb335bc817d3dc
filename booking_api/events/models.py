import uuid
from datetime import datetime
from typing import Literal

from sqlalchemy import CheckConstraint, DateTime, Float, ForeignKey, Index, Integer, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from booking_api.database import Base

SCHEDULED, CANCELLED, FINISHED = "scheduled", "cancelled", "finished"
Approval = Literal["instant", "request"]
WaitlistPriority = Literal["arrival", "reliable_first"]
Visibility = Literal["public", "unlisted", "friends", "invite"]
# Visibilities anyone may see and book (the others need friendship with the host or an invitation).
OPEN_VISIBILITIES = ("public", "unlisted")


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        # The guarantee's last line of defence: whatever the code does, seats never exceed capacity.
        CheckConstraint("seats_taken >= 0 AND seats_taken <= capacity", name="seats_within_capacity"),
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("status IN ('scheduled', 'cancelled')", name="status_known"),
        CheckConstraint(
            "min_guest_rating IS NULL OR min_guest_rating BETWEEN 1 AND 5", name="min_rating_range"
        ),
        CheckConstraint("max_no_show_rate IS NULL OR max_no_show_rate BETWEEN 0 AND 1", name="no_show_range"),
        CheckConstraint("approval IN ('instant', 'request')", name="approval_known"),
        CheckConstraint("cancel_deadline_hours BETWEEN 0 AND 720", name="cancel_deadline_range"),
        CheckConstraint("waitlist_priority IN ('arrival', 'reliable_first')", name="waitlist_priority_known"),
        CheckConstraint("visibility IN ('public', 'unlisted', 'friends', 'invite')", name="visibility_known"),
        Index("ix_events_upcoming", "starts_at", postgresql_where=text("status = 'scheduled'")),
        Index("ix_events_host_start", "host_id", "starts_at"),
        Index("ix_events_movie_start", "movie_id", "starts_at"),
        Index("ix_events_place_start", "place_id", "starts_at"),
        Index(
            "ix_events_end_pending",
            "ends_at",
            postgresql_where=text("status = 'scheduled' AND ended_notified_at IS NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    host_id: Mapped[uuid.UUID]
    host_name: Mapped[str] = mapped_column(String(200))
    movie_id: Mapped[uuid.UUID]
    movie_title: Mapped[str] = mapped_column(String(300))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    place_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("places.id"))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    capacity: Mapped[int] = mapped_column(Integer)
    # Every seat spoken for: booked, requested (pending the host's answer) and held for a waiting-list
    # offer. Never above capacity (the CHECK above); one conditional UPDATE decides each booking.
    seats_taken: Mapped[int] = mapped_column(Integer, server_default="0")
    description: Mapped[str | None] = mapped_column(Text)
    # Stored: scheduled or cancelled. "finished" is derived on read once the end has passed.
    status: Mapped[str] = mapped_column(String(16), server_default=SCHEDULED)
    series_id: Mapped[uuid.UUID | None]
    # Who may book (ratings, issue 7): checked at booking; guests without history are let in.
    min_guest_rating: Mapped[float | None] = mapped_column(Float)
    max_no_show_rate: Mapped[float | None] = mapped_column(Float)
    # The event page's short link (URL shortener); made at creation, or later by housekeeping.
    share_url: Mapped[str | None] = mapped_column(String(300))
    # `request`: a booking waits for the host's answer (holding its seats); `instant`: it is confirmed.
    approval: Mapped[Approval] = mapped_column(String(16), server_default="instant")
    # A guest's cancellation this close to the start is late and counts in their reliability.
    cancel_deadline_hours: Mapped[int] = mapped_column(Integer, server_default="24")
    # `reliable_first`: freed seats go first to waiting guests with a reliability record.
    waitlist_priority: Mapped[WaitlistPriority] = mapped_column(String(16), server_default="arrival")
    # Who sees and may book it (docs/booking.md, "Private evenings"): only `public` is listed.
    visibility: Mapped[Visibility] = mapped_column(String(16), server_default="public")
    # A moderator hid the evening (a report): gone from lists and from anyone but its host and guests.
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_reason: Mapped[str | None] = mapped_column(String(500))
    # Set when the "the evening is over" message was written to the outbox, so it is written once.
    ended_notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
