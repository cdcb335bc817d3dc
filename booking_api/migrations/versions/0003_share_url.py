"""event share_url

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 00:10:53.104888
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("events", sa.Column("share_url", sa.String(length=300), nullable=True))


def downgrade() -> None:
    op.drop_column("events", "share_url")
