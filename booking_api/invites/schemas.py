"""Request and response bodies of the invitation routes."""

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from booking_api.events.schemas import EventRead
from common.validation import SaneMoment

InviteStatus = Literal["active", "used_up", "expired", "revoked"]
# What a code may look like before it is looked up: anything else is a 404 without a query.
InviteCode = Annotated[str, StringConstraints(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class InviteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seats: int | None = Field(
        default=None,
        ge=1,
        le=10_000,
        description="Seats held for the invitation's holders (counted in the evening's seats until booked "
        "or released). Omitted: holders book from the evening's free seats.",
    )
    uses: int | None = Field(
        default=None,
        ge=1,
        le=1_000,
        description="How many bookings the code may make. Omitted: any number while it lasts.",
    )
    expires_at: Annotated[AwareDatetime, SaneMoment] | None = Field(
        default=None, description="When it stops working; at the latest (and by default) the start."
    )


class InviteRead(BaseModel):
    """An invitation as its host sees it."""

    id: uuid.UUID
    event_id: uuid.UUID
    code: str = Field(description="The secret: whoever holds it sees and may book the evening.")
    url: str = Field(
        description="The link to send: a short link (URL shortener) to the evening's page with the "
        "invitation applied; the full link when the shortener was unavailable."
    )
    seats: int | None = Field(description="The allotment; null: holders book from the free seats.")
    seats_left: int | None = Field(description="Allotted seats not booked yet (held for holders).")
    uses: int | None
    uses_left: int | None = Field(description="Bookings the code may still make; null: no limit.")
    used: int = Field(description="Bookings made with it.")
    expires_at: datetime
    status: InviteStatus
    revoked_at: datetime | None
    created_at: datetime


class InviteView(BaseModel):
    """What the holder of a code sees: the evening (public fields) and what the invitation still gives."""

    code: str
    event: EventRead
    seats_left: int | None = Field(description="Seats held for this invitation; null: the free seats.")
    uses_left: int | None
    expires_at: datetime
