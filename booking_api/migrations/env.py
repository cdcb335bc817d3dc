"""Alembic environment of booking_api: its own database, its own metadata."""

from booking_api.models import Base
from common.migrations import run_env

run_env(Base.metadata)
