"""Request and response bodies of the users routes."""

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

# PostgreSQL text cannot hold NUL, and no name needs control characters: refused as invalid input.
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"

DisplayName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100, pattern=NO_CONTROL_CHARACTERS)
]


class RegisterRequest(BaseModel):
    email: EmailStr = Field(max_length=320, examples=["anna@example.com"])
    password: str = Field(min_length=8, max_length=256, description="At least 8 characters.")
    name: DisplayName = Field(description="Display name shown to other users.", examples=["Anna"])


Language = Literal["ru", "en"]


class UserOut(BaseModel):
    """The signed-in user's own account."""

    id: uuid.UUID
    email: str
    name: str
    groups: list[str]
    joined_at: datetime
    language: Language | None = Field(
        default=None, description="The language chosen for the site and messages; null: not chosen."
    )


class MeUpdate(BaseModel):
    """What the signed-in user may change about their account; only the fields sent change."""

    model_config = ConfigDict(extra="forbid", strict=True)

    language: Language | None = Field(
        default=None, description="`ru` or `en` (null: no choice; the site and messages use their defaults)."
    )


class UserInfo(BaseModel):
    """A user's public profile; `email` is null unless the caller is that user, an admin or a service."""

    id: uuid.UUID
    name: str
    groups: list[str]
    joined_at: datetime
    email: str | None = None
    language: Language | None = Field(
        default=None, description="The person's language, like `email`: for that user, admins and services."
    )
