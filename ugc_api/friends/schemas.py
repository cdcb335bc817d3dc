"""Request and response bodies of the friends routes."""

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field


class FriendshipStatus(StrEnum):
    FRIENDS = "friends"
    REQUESTED = "requested"


class RequestDirection(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


class Friend(BaseModel):
    """A confirmed friend."""

    user_id: uuid.UUID
    since: datetime = Field(description="When the second of the two added the other.")


class FriendRequest(BaseModel):
    """Someone who added you and whom you have not added (incoming), or the other way round (outgoing)."""

    user_id: uuid.UUID
    requested_at: datetime


class Friendship(BaseModel):
    """Where you stand with a person after adding them."""

    user_id: uuid.UUID = Field(description="You.")
    friend_id: uuid.UUID
    status: FriendshipStatus = Field(
        description="`friends` once both have added each other; `requested` while only you have."
    )


class FriendCheck(BaseModel):
    """Whether two people are friends (both have added each other)."""

    user_id: uuid.UUID
    friend_id: uuid.UUID
    friends: bool
    since: datetime | None = Field(default=None, description="When they became friends.")
