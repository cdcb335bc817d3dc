"""Alembic environment of url_shortener: its own database, its own metadata."""

import url_shortener.models  # noqa: F401 - registers every table on the metadata
from common.migrations import run_env
from url_shortener.database import Base

run_env(Base.metadata)
