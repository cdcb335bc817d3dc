import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from common.pagination import Page


class InboxItem(BaseModel):
    """One message, rendered in the reader's language."""

    id: uuid.UUID
    kind: str
    title: str
    body: str
    link: str | None = Field(description="The event's page (its short share link when there is one).")
    event_id: uuid.UUID | None
    created_at: datetime
    read_at: datetime | None


class InboxPage(Page[InboxItem]):
    unread: int = Field(description="How many of all my messages are unread (not only this page's).")


class MarkedRead(BaseModel):
    """How many of my messages were unread and are read now."""

    marked: int
