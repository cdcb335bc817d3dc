"""Alembic environment of auth_api: its own database, its own metadata."""

import auth_api.models  # noqa: F401 - registers every table on the metadata
from auth_api.database import Base
from common.migrations import run_env

run_env(Base.metadata)
