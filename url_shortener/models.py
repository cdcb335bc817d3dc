"""Every table of url_shortener, imported in one place so Alembic's autogenerate sees them all."""

from url_shortener.accounts.models import ProcessedEvent
from url_shortener.links.models import Link

__all__ = ["Link", "ProcessedEvent"]
