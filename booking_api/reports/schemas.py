import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from booking_api.reports.models import Action as Action
from booking_api.reports.models import ReportStatus as ReportStatus
from booking_api.reports.models import TargetType as TargetType
from common.validation import Storable

Text2000 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), Storable]


class ReportCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target_type: TargetType = Field(description="`event` (an evening), `host` or `guest` (a person).")
    target_id: uuid.UUID = Field(description="The evening's id, or the person's user id.")
    reason: Text2000 = Field(description="What happened, in a word or in full (at most 2,000 characters).")
    text: Text2000 | None = Field(default=None, description="More detail, if the reason is short.")


class ResolveRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Action = Field(
        description="`dismiss`; `hide_event`: the evening leaves every list and page but its host's and "
        "guests'; `ban`: the person (or the evening's host) is banned through auth."
    )
    note: Text2000 | None = None


class ReportRead(BaseModel):
    id: uuid.UUID
    reporter_id: uuid.UUID
    target_type: TargetType
    target_id: uuid.UUID
    reason: str
    text: str | None
    status: ReportStatus
    action: Action | None
    note: str | None
    resolved_by: uuid.UUID | None
    resolved_at: datetime | None
    created_at: datetime
