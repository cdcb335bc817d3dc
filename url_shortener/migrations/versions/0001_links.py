"""links

Revision ID: 0001_links
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_links"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "links",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("owner_kind", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.String(length=128), nullable=False),
        sa.Column("is_alias", sa.Boolean(), nullable=False),
        sa.Column("dedup_key", sa.String(length=64), nullable=True),
        sa.Column("clicks", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_links")),
        sa.UniqueConstraint("code", name=op.f("uq_links_code")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_links_dedup_key")),
    )
    op.create_index("ix_links_owner_created", "links", ["owner_kind", "owner_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_links_owner_created", table_name="links")
    op.drop_table("links")
