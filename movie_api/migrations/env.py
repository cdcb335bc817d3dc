"""Alembic environment of movie_api: its own database, its own metadata."""

from common.migrations import run_env
from movie_api.database import Base

run_env(Base.metadata, unmodelled_indexes=frozenset({"ix_movies_search_text_trgm"}))
