"""Response bodies of the sessions routes."""

import uuid
from datetime import datetime

from pydantic import BaseModel, Field


class SessionOut(BaseModel):
    """One sign-in: a browser or device that holds a refresh token."""

    id: uuid.UUID
    device: str | None = Field(description="The browser or app that signed in (its User-Agent), if it said.")
    ip_address: str | None = Field(description="The address it signed in from.")
    created_at: datetime = Field(description="When it signed in.")
    last_used_at: datetime = Field(description="When it last signed in or refreshed its tokens.")
    expires_at: datetime = Field(description="When it ends at the latest, even if used every day.")
    current: bool = Field(description="Whether this is the session of the token making the request.")
