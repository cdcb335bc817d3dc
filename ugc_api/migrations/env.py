"""Alembic environment of ugc_api: its own database, its own metadata."""

import ugc_api.models  # noqa: F401 - registers every table on the metadata
from common.migrations import run_env
from ugc_api.database import Base

run_env(Base.metadata)
