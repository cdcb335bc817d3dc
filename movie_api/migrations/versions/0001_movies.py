"""The film catalog: movies and catalog_state.

Revision ID: 0001_movies
Revises:
Create Date: 2025-01-01 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001_movies"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _create_trigram_index() -> None:
    """A trigram index serves `search_text LIKE '%...%'`; skipped where pg_trgm is missing.

    The embedded server (pgserver) ships without contrib extensions, and a role may lack the right to
    create one; search stays correct without the index (the catalog is small), only slower.
    """
    bind = op.get_bind()
    available = bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).scalar()
    if not available:
        return
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        return
    op.create_index(
        "ix_movies_search_text_trgm",
        "movies",
        ["search_text"],
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )


def upgrade() -> None:
    op.create_table(
        "movies",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("original_title", sa.String(length=300), nullable=True),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("duration_minutes", sa.SmallInteger(), nullable=False),
        sa.Column("genres", postgresql.ARRAY(sa.String(length=32)), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("age_rating", sa.String(length=3), nullable=False),
        sa.Column("watch_party", sa.Boolean(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("year BETWEEN 1888 AND 2100", name=op.f("ck_movies_year_range")),
        sa.CheckConstraint("duration_minutes > 0", name=op.f("ck_movies_duration_positive")),
        sa.CheckConstraint(
            "age_rating IN ('0+', '6+', '12+', '16+', '18+')", name=op.f("ck_movies_age_rating_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_movies")),
    )
    op.create_index("ix_movies_year", "movies", ["year"])
    op.create_index("ix_movies_genres", "movies", ["genres"], postgresql_using="gin")
    _create_trigram_index()
    op.create_table(
        "catalog_state",
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("films", sa.Integer(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_catalog_state_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_state")),
    )


def downgrade() -> None:
    op.drop_table("catalog_state")
    op.drop_index("ix_movies_search_text_trgm", table_name="movies", if_exists=True)
    op.drop_index("ix_movies_genres", table_name="movies")
    op.drop_index("ix_movies_year", table_name="movies")
    op.drop_table("movies")
