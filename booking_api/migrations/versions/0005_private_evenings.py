"""private evenings: visibility, invites with seat allotments, invite holders

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("events", sa.Column("visibility", sa.String(16), server_default="public", nullable=False))
    op.create_check_constraint(
        "visibility_known", "events", "visibility IN ('public', 'unlisted', 'friends', 'invite')"
    )
    op.create_table(
        "invites",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("host_id", sa.Uuid(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=True),
        sa.Column("seats_left", sa.Integer(), nullable=True),
        sa.Column("uses", sa.Integer(), nullable=True),
        sa.Column("used", sa.Integer(), server_default="0", nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("short_url", sa.String(300), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("seats IS NULL OR seats >= 1", name=op.f("ck_invites_seats_positive")),
        sa.CheckConstraint(
            "(seats IS NULL AND seats_left IS NULL) OR (seats_left >= 0 AND seats_left <= seats)",
            name=op.f("ck_invites_allotment_within_seats"),
        ),
        sa.CheckConstraint("uses IS NULL OR uses >= 1", name=op.f("ck_invites_uses_positive")),
        sa.CheckConstraint(
            "used >= 0 AND (uses IS NULL OR used <= uses)", name=op.f("ck_invites_used_within_uses")
        ),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_invites_event_id_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invites")),
        sa.UniqueConstraint("code", name=op.f("uq_invites_code")),
    )
    op.create_index("ix_invites_event", "invites", ["event_id", "created_at"])
    op.create_index(
        "ix_invites_allotted",
        "invites",
        ["expires_at"],
        postgresql_where=sa.text("released_at IS NULL AND seats_left > 0"),
    )
    op.create_table(
        "invite_holders",
        sa.Column("invite_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["invite_id"], ["invites.id"], name=op.f("fk_invite_holders_invite_id_invites")
        ),
        sa.PrimaryKeyConstraint("invite_id", "user_id", name=op.f("pk_invite_holders")),
    )
    op.create_index("ix_invite_holders_user", "invite_holders", ["user_id"])
    op.add_column("bookings", sa.Column("invite_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(op.f("fk_bookings_invite_id_invites"), "bookings", "invites", ["invite_id"], ["id"])


def downgrade() -> None:
    op.drop_constraint(op.f("fk_bookings_invite_id_invites"), "bookings", type_="foreignkey")
    op.drop_column("bookings", "invite_id")
    # Seats held for invitations go back on sale with the invitations.
    op.execute(
        "UPDATE events e SET seats_taken = e.seats_taken - held.seats"
        " FROM (SELECT event_id, sum(seats_left) AS seats FROM invites"
        " WHERE released_at IS NULL AND seats_left > 0 GROUP BY event_id) held WHERE e.id = held.event_id"
    )
    op.drop_index("ix_invite_holders_user", table_name="invite_holders")
    op.drop_table("invite_holders")
    op.drop_index(
        "ix_invites_allotted",
        table_name="invites",
        postgresql_where=sa.text("released_at IS NULL AND seats_left > 0"),
    )
    op.drop_index("ix_invites_event", table_name="invites")
    op.drop_table("invites")
    op.drop_constraint(op.f("ck_events_visibility_known"), "events", type_="check")
    op.drop_column("events", "visibility")
