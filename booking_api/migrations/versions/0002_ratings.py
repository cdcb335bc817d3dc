"""ratings, attendance, guest requirements

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 00:00:17.626047
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ratings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("rater_id", sa.Uuid(), nullable=False),
        sa.Column("ratee_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("window_closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_reason", sa.String(length=500), nullable=True),
        sa.Column("hidden_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("role IN ('host', 'guest')", name=op.f("ck_ratings_role_known")),
        sa.CheckConstraint("char_length(text) <= 1000", name=op.f("ck_ratings_text_length")),
        sa.CheckConstraint("rater_id <> ratee_id", name=op.f("ck_ratings_not_self")),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_ratings_score_range")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_ratings_event_id_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ratings")),
        sa.UniqueConstraint(
            "event_id", "rater_id", "ratee_id", name=op.f("uq_ratings_event_id_rater_id_ratee_id")
        ),
    )
    op.create_index("ix_ratings_ratee", "ratings", ["ratee_id", "role"], unique=False)
    op.create_index(
        "ix_ratings_unrevealed",
        "ratings",
        ["window_closes_at"],
        unique=False,
        postgresql_where="revealed_at IS NULL",
    )
    op.add_column("bookings", sa.Column("attendance", sa.String(length=16), nullable=True))
    op.add_column("bookings", sa.Column("attendance_marked_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("events", sa.Column("min_guest_rating", sa.Float(), nullable=True))
    op.add_column("events", sa.Column("max_no_show_rate", sa.Float(), nullable=True))
    op.add_column("events", sa.Column("ended_notified_at", sa.DateTime(timezone=True), nullable=True))
    op.create_check_constraint(
        "attendance_known", "bookings", "attendance IS NULL OR attendance IN ('attended', 'no_show')"
    )
    op.create_check_constraint(
        "min_rating_range", "events", "min_guest_rating IS NULL OR min_guest_rating BETWEEN 1 AND 5"
    )
    op.create_check_constraint(
        "no_show_range", "events", "max_no_show_rate IS NULL OR max_no_show_rate BETWEEN 0 AND 1"
    )
    op.create_index(
        "ix_events_end_pending",
        "events",
        ["ends_at"],
        postgresql_where=sa.text("status = 'scheduled' AND ended_notified_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_events_end_pending", table_name="events")
    op.drop_constraint("no_show_range", "events", type_="check")
    op.drop_constraint("min_rating_range", "events", type_="check")
    op.drop_constraint("attendance_known", "bookings", type_="check")
    op.drop_column("events", "ended_notified_at")
    op.drop_column("events", "max_no_show_rate")
    op.drop_column("events", "min_guest_rating")
    op.drop_column("bookings", "attendance_marked_at")
    op.drop_column("bookings", "attendance")
    op.drop_index("ix_ratings_unrevealed", table_name="ratings", postgresql_where="revealed_at IS NULL")
    op.drop_index("ix_ratings_ratee", table_name="ratings")
    op.drop_table("ratings")
