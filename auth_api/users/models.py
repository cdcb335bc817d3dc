"""Users table."""

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from auth_api.database import Base


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("language IN ('ru', 'en')", name="language"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    # "ru" or "en"; null until the person chooses (the web front, notifications and emails follow it).
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # When the person opened the link sent to `email`; null while the address is unconfirmed.
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# Emails are unique regardless of case; the address is kept as the person typed it.
Index("uq_users_email_lower", func.lower(User.email), unique=True)
