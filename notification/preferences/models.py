"""A person's choices: the language of their messages, their time zone and the kinds they muted."""

import uuid
from datetime import datetime
from typing import Literal

from sqlalchemy import DateTime, String
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from notification.database import Base

Language = Literal["ru", "en"]


class Preferences(Base):
    __tablename__ = "user_preferences"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    language: Mapped[Language] = mapped_column(String(8))
    timezone: Mapped[str] = mapped_column(String(64))
    muted_kinds: Mapped[list[str]] = mapped_column(ARRAY(String(48)))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
