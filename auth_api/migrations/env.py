"""Alembic environment of auth_api: its own database, its own metadata."""

from auth_api.database import Base
from common.migrations import run_env

run_env(Base.metadata)
