"""Declarative base of the ugc_api tables (its own metadata, its own database)."""

from common.db import Base as CommonBase
from common.db import new_metadata


class Base(CommonBase):
    __abstract__ = True
    metadata = new_metadata()
