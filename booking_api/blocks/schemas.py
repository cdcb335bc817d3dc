import uuid
from datetime import datetime

from pydantic import BaseModel, Field


class BlockRead(BaseModel):
    user_id: uuid.UUID
    name: str | None = Field(description="From the Auth API; null while it cannot be reached.")
    blocked_at: datetime
