"""fan-out audience: a friends-only screening is announced to the host's friends only

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "fanout_jobs", sa.Column("audience", sa.String(16), server_default="everyone", nullable=False)
    )
    op.create_check_constraint("audience_known", "fanout_jobs", "audience IN ('everyone', 'friends')")


def downgrade() -> None:
    op.drop_constraint(op.f("ck_fanout_jobs_audience_known"), "fanout_jobs", type_="check")
    op.drop_column("fanout_jobs", "audience")
