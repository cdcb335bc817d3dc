"""friend links, film subscriptions, reviews and review votes

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "friend_links",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("friend_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("user_id <> friend_id", name=op.f("ck_friend_links_not_self")),
        sa.PrimaryKeyConstraint("user_id", "friend_id", name=op.f("pk_friend_links")),
    )
    op.create_index("ix_friend_links_friend_id_user_id", "friend_links", ["friend_id", "user_id"])

    op.create_table(
        "subscriptions",
        sa.Column("movie_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("movie_id", "user_id", name=op.f("pk_subscriptions")),
    )
    op.create_index(
        "ix_subscriptions_movie_id_created_at", "subscriptions", ["movie_id", "created_at", "user_id"]
    )
    op.create_index(
        "ix_subscriptions_user_id_created_at", "subscriptions", ["user_id", "created_at", "movie_id"]
    )

    op.create_table(
        "reviews",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("movie_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 10", name=op.f("ck_reviews_score_range")),
        sa.CheckConstraint("char_length(text) BETWEEN 1 AND 5000", name=op.f("ck_reviews_text_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("movie_id", "user_id", name=op.f("uq_reviews_movie_id_user_id")),
    )
    op.create_index("ix_reviews_movie_id_created_at", "reviews", ["movie_id", "created_at", "id"])
    op.create_index("ix_reviews_user_id", "reviews", ["user_id"])

    op.create_table(
        "review_votes",
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("value", sa.SmallInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("value IN (1, -1)", name=op.f("ck_review_votes_value_like_or_dislike")),
        sa.ForeignKeyConstraint(
            ["review_id"], ["reviews.id"], name=op.f("fk_review_votes_review_id_reviews"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("review_id", "user_id", name=op.f("pk_review_votes")),
    )


def downgrade() -> None:
    op.drop_table("review_votes")
    op.drop_index("ix_reviews_user_id", table_name="reviews")
    op.drop_index("ix_reviews_movie_id_created_at", table_name="reviews")
    op.drop_table("reviews")
    op.drop_index("ix_subscriptions_user_id_created_at", table_name="subscriptions")
    op.drop_index("ix_subscriptions_movie_id_created_at", table_name="subscriptions")
    op.drop_table("subscriptions")
    op.drop_index("ix_friend_links_friend_id_user_id", table_name="friend_links")
    op.drop_table("friend_links")
