"""Bodies of password recovery and change."""

from typing import Annotated

from pydantic import BaseModel, EmailStr, Field, StringConstraints

from auth_api.users.schemas import NO_CONTROL_CHARACTERS, NewPassword, Password
from common.validation import StrictBody


class ForgotRequest(StrictBody):
    email: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=320, pattern=NO_CONTROL_CHARACTERS),
        Field(examples=["anna@kinoclub.example"]),
    ]


class ResetRequest(StrictBody):
    token: str = Field(min_length=1, max_length=256, description="The token from the emailed link.")
    password: NewPassword


class ChangeRequest(StrictBody):
    current_password: Password
    new_password: NewPassword


class Accepted(BaseModel):
    detail: str


class PasswordSet(BaseModel):
    detail: str
    email: EmailStr | None = None
