import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from booking_api.database import Base


class Invite(Base):
    """A code that lets its holders see and book an evening, optionally from seats held for them.

    `seats_left` of an allotment is counted in the event's `seats_taken` until it is booked (then the
    bookings count it) or released (revoked, expired, used up, the evening cancelled): at every moment
    seats_taken = the holding bookings' seats + the live allotments' `seats_left`.
    """

    __tablename__ = "invites"
    __table_args__ = (
        CheckConstraint("seats IS NULL OR seats >= 1", name="seats_positive"),
        CheckConstraint(
            "(seats IS NULL AND seats_left IS NULL) OR (seats_left >= 0 AND seats_left <= seats)",
            name="allotment_within_seats",
        ),
        CheckConstraint("uses IS NULL OR uses >= 1", name="uses_positive"),
        CheckConstraint("used >= 0 AND (uses IS NULL OR used <= uses)", name="used_within_uses"),
        Index("ix_invites_event", "event_id", "created_at"),
        # Housekeeping's question: which allotments have expired and still hold seats.
        Index(
            "ix_invites_allotted",
            "expires_at",
            postgresql_where=text("released_at IS NULL AND seats_left > 0"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # ≥ 128 bits from the OS's CSPRNG (`secrets.token_urlsafe`): the bearer secret of the invitation.
    code: Mapped[str] = mapped_column(String(64), unique=True)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("events.id"))
    host_id: Mapped[uuid.UUID]
    # The allotment: seats held for holders (None: holders book from the evening's free seats).
    seats: Mapped[int | None] = mapped_column(Integer)
    seats_left: Mapped[int | None] = mapped_column(Integer)
    # Bookings the code may make (None: any number until it expires or its allotment is booked).
    uses: Mapped[int | None] = mapped_column(Integer)
    used: Mapped[int] = mapped_column(Integer, server_default="0")
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    short_url: Mapped[str | None] = mapped_column(String(300))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the unbooked allotment went back to the evening (it is then 0 and stays 0).
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class InviteHolder(Base):
    """A signed-in person who opened an invitation: while it is valid they see its evening."""

    __tablename__ = "invite_holders"
    __table_args__ = (Index("ix_invite_holders_user", "user_id"),)

    invite_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invites.id"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
