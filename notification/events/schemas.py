"""What the ingest endpoint answers. The envelope and every message type it carries are defined once,
in `common.events`, shared with the booking service that produces them."""

import uuid
from typing import Literal

from pydantic import BaseModel, Field


class IngestResult(BaseModel):
    id: uuid.UUID
    status: Literal["accepted", "duplicate"] = Field(
        description="`accepted`: stored now, with the messages it implies; `duplicate`: already had it."
    )
    messages: int = Field(description="Messages created by this call (0 for a duplicate).")
