"""seat lifecycle: waiting list, host approval, cancellation deadline, removal, blocks, reports

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "status IN ('waiting', 'offered', 'pending', 'active')"
STATUSES = (
    "status IN ('waiting', 'offered', 'pending', 'active', 'cancelled', 'declined', 'removed', 'left', "
    "'passed', 'expired', 'closed')"
)


def upgrade() -> None:
    op.add_column("events", sa.Column("approval", sa.String(16), server_default="instant", nullable=False))
    op.add_column(
        "events", sa.Column("cancel_deadline_hours", sa.Integer(), server_default="24", nullable=False)
    )
    op.add_column(
        "events", sa.Column("waitlist_priority", sa.String(16), server_default="arrival", nullable=False)
    )
    op.add_column("events", sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("events", sa.Column("hidden_reason", sa.String(500), nullable=True))
    op.create_check_constraint("approval_known", "events", "approval IN ('instant', 'request')")
    op.create_check_constraint("cancel_deadline_range", "events", "cancel_deadline_hours BETWEEN 0 AND 720")
    op.create_check_constraint(
        "waitlist_priority_known", "events", "waitlist_priority IN ('arrival', 'reliable_first')"
    )

    op.add_column("bookings", sa.Column("late", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("bookings", sa.Column("host_note", sa.String(500), nullable=True))
    op.add_column("bookings", sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("bookings", sa.Column("waitlisted_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("bookings", sa.Column("auto_book", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("bookings", sa.Column("offered_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("bookings", sa.Column("offer_expires_at", sa.DateTime(timezone=True), nullable=True))
    op.drop_constraint(op.f("ck_bookings_status_known"), "bookings", type_="check")
    op.create_check_constraint("status_known", "bookings", STATUSES)
    op.create_check_constraint(
        "offer_has_expiry", "bookings", "status <> 'offered' OR offer_expires_at IS NOT NULL"
    )
    op.drop_index(
        "uq_bookings_active_guest", table_name="bookings", postgresql_where=sa.text("status = 'active'")
    )
    # One open place per person and evening: on the waiting list, offered, pending or booked.
    op.create_index(
        "uq_bookings_active_guest",
        "bookings",
        ["event_id", "guest_id"],
        unique=True,
        postgresql_where=sa.text(OPEN),
    )
    op.create_index(
        "ix_bookings_waiting",
        "bookings",
        ["event_id", "waitlisted_at"],
        postgresql_where=sa.text("status = 'waiting'"),
    )
    op.create_index(
        "ix_bookings_offers", "bookings", ["offer_expires_at"], postgresql_where=sa.text("status = 'offered'")
    )
    op.create_index(
        "ix_bookings_pending", "bookings", ["created_at"], postgresql_where=sa.text("status = 'pending'")
    )

    op.create_table(
        "blocks",
        sa.Column("host_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("host_id <> user_id", name=op.f("ck_blocks_not_self")),
        sa.PrimaryKeyConstraint("host_id", "user_id", name=op.f("pk_blocks")),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reporter_id", sa.Uuid(), nullable=False),
        sa.Column("target_type", sa.String(16), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("status", sa.String(16), server_default="open", nullable=False),
        sa.Column("action", sa.String(16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("target_type IN ('event', 'host', 'guest')", name=op.f("ck_reports_target_known")),
        sa.CheckConstraint("status IN ('open', 'resolved')", name=op.f("ck_reports_status_known")),
        sa.CheckConstraint(
            "action IS NULL OR action IN ('dismiss', 'hide_event', 'ban')",
            name=op.f("ck_reports_action_known"),
        ),
        sa.CheckConstraint("char_length(reason) <= 2000", name=op.f("ck_reports_reason_length")),
        sa.CheckConstraint("char_length(text) <= 2000", name=op.f("ck_reports_text_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
    )
    op.create_index("ix_reports_status", "reports", ["status", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_reports_status", table_name="reports")
    op.drop_table("reports")
    op.drop_table("blocks")
    op.drop_index(
        "ix_bookings_pending", table_name="bookings", postgresql_where=sa.text("status = 'pending'")
    )
    op.drop_index("ix_bookings_offers", table_name="bookings", postgresql_where=sa.text("status = 'offered'"))
    op.drop_index(
        "ix_bookings_waiting", table_name="bookings", postgresql_where=sa.text("status = 'waiting'")
    )
    op.drop_index("uq_bookings_active_guest", table_name="bookings", postgresql_where=sa.text(OPEN))
    # Rows that only the new lifecycle knows go back to what the old one can say; held seats are freed.
    op.execute(
        "UPDATE events e SET seats_taken = e.seats_taken - held.seats"
        " FROM (SELECT event_id, sum(seats) AS seats FROM bookings WHERE status = 'offered'"
        " GROUP BY event_id) held WHERE e.id = held.event_id"
    )
    op.execute(
        "DELETE FROM bookings WHERE status IN ('waiting', 'offered', 'left', 'passed', 'expired', 'closed')"
    )
    op.execute("UPDATE bookings SET status = 'cancelled' WHERE status IN ('declined', 'removed')")
    op.execute("UPDATE bookings SET status = 'active' WHERE status = 'pending'")
    op.create_index(
        "uq_bookings_active_guest",
        "bookings",
        ["event_id", "guest_id"],
        unique=True,
        postgresql_where=sa.text("status = 'active'"),
    )
    op.drop_constraint(op.f("ck_bookings_offer_has_expiry"), "bookings", type_="check")
    op.drop_constraint(op.f("ck_bookings_status_known"), "bookings", type_="check")
    op.create_check_constraint("status_known", "bookings", "status IN ('active', 'cancelled')")
    for column in (
        "offer_expires_at",
        "offered_at",
        "auto_book",
        "waitlisted_at",
        "decided_at",
        "host_note",
        "late",
    ):
        op.drop_column("bookings", column)
    op.drop_constraint(op.f("ck_events_waitlist_priority_known"), "events", type_="check")
    op.drop_constraint(op.f("ck_events_cancel_deadline_range"), "events", type_="check")
    op.drop_constraint(op.f("ck_events_approval_known"), "events", type_="check")
    for column in ("hidden_reason", "hidden_at", "waitlist_priority", "cancel_deadline_hours", "approval"):
        op.drop_column("events", column)
