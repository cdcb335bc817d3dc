"""Request and response bodies of the users routes."""

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from common.validation import ReadableName, StrictBody

# PostgreSQL text cannot hold NUL, and no name needs control characters: refused as invalid input.
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"

# A name people read: trimmed, 1 to 100 characters, no control, format or bidi-control characters.
DisplayName = Annotated[ReadableName, Field(max_length=100)]
# A password being checked, and one being set (at least 8 characters).
Password = Annotated[str, Field(min_length=1, max_length=256)]
NewPassword = Annotated[str, Field(min_length=8, max_length=256, description="At least 8 characters.")]


class RegisterRequest(StrictBody):
    email: EmailStr = Field(max_length=320, examples=["anna@example.com"])
    password: NewPassword
    name: DisplayName = Field(description="Display name shown to other users.", examples=["Anna"])


Language = Literal["ru", "en"]


class UserOut(BaseModel):
    """The signed-in user's own account."""

    id: uuid.UUID
    email: str
    email_verified: bool = Field(description="Whether the person opened the link sent to `email`.")
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


class PublicProfile(BaseModel):
    """What anyone sees of a person."""

    id: uuid.UUID
    name: str = Field(description="The display name.")
    email_verified: bool = Field(description="Whether the person confirmed their email address.")
    joined_at: datetime = Field(description="Member since.")


class StaffProfile(PublicProfile):
    """The public profile of a moderator or admin: their staff roles are public, like a badge."""

    groups: list[str] = Field(description="`moderator` and/or `admin`.")


class UserInfo(PublicProfile):
    """A whole account: for the person themself, admins and services."""

    groups: list[str]
    email: str
    language: Language | None = Field(
        default=None, description="The person's language, like `email`: for that user, admins and services."
    )
