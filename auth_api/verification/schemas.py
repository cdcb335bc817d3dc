"""Bodies of email verification."""

from pydantic import BaseModel, Field

from common.validation import StrictBody


class VerifyRequest(StrictBody):
    token: str = Field(min_length=1, max_length=256, description="The token from the emailed link.")


class Verified(BaseModel):
    email: str
    email_verified: bool = True


class Sent(BaseModel):
    detail: str
