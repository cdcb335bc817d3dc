"""Tables of the catalog: the films and the version of the catalog last loaded."""

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, SmallInteger, String, Text, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from movie_api.database import Base


class Movie(Base):
    __tablename__ = "movies"
    __table_args__ = (
        CheckConstraint("year BETWEEN 1888 AND 2100", name="year_range"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        CheckConstraint("age_rating IN ('0+', '6+', '12+', '16+', '18+')", name="age_rating_known"),
        Index("ix_movies_year", "year"),
        Index("ix_movies_genres", "genres", postgresql_using="gin"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    original_title: Mapped[str | None] = mapped_column(String(300))
    year: Mapped[int] = mapped_column(SmallInteger)
    duration_minutes: Mapped[int] = mapped_column(SmallInteger)
    genres: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    description: Mapped[str] = mapped_column(Text)
    age_rating: Mapped[str] = mapped_column(String(3))
    watch_party: Mapped[bool]
    # Titles folded once at load time (case, accents, ё/е), so search behaves the same under any
    # database collation, including the C locale of the embedded server.
    search_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class CatalogState(Base):
    """One row: the loaded catalog's fingerprint; cache keys carry it, so a reload never meets old entries."""

    __tablename__ = "catalog_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, default=1)
    version: Mapped[str] = mapped_column(String(64))
    films: Mapped[int]
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# The trigram index on movies.search_text is created by migration 0001 only where pg_trgm exists (the
# embedded server has none), so it is not declared here; env.py tells autogenerate to leave it alone.
