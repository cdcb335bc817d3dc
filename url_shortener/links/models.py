"""The links table."""

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from url_shortener.database import Base


class Link(Base):
    __tablename__ = "links"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # Unique: two creators drawing the same random code meet here, and the loser draws again.
    code: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str] = mapped_column(Text)
    owner_kind: Mapped[str] = mapped_column(String(16))  # "user" or "service"
    owner_id: Mapped[str] = mapped_column(String(128))
    is_alias: Mapped[bool]
    # sha256 of (owner, url) on the owner's current link without an alias, so shortening the same URL
    # again (even twice at once) finds it; cleared when that link expires and a new one replaces it.
    dedup_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    clicks: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


Index("ix_links_owner_created", Link.owner_kind, Link.owner_id, Link.created_at)
