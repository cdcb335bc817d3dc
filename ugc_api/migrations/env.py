"""Alembic environment of ugc_api: its own database, its own metadata."""

from common.migrations import run_env
from ugc_api.database import Base

run_env(Base.metadata)
