"""Request and response bodies of the links routes."""

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from common.validation import StrictBody


class LinkCreate(StrictBody):
    model_config = ConfigDict(str_strip_whitespace=True)

    url: str = Field(
        description="The target: an absolute http(s) URL on one of the platform's hosts.",
        examples=["http://localhost:8000/booking/v1/events/5f0c7a7e-3b7c-4d0b-9d5e-2f1a9d6b8c11"],
    )
    expires_at: AwareDatetime | None = Field(
        default=None, description="When the link stops working (410 afterwards); with a UTC offset."
    )
    alias: str | None = Field(
        default=None,
        description="A chosen code instead of a random one: 4-50 lowercase letters, digits, '-' or '_'.",
        examples=["movie-night"],
    )
    code_length: int | None = Field(
        default=None,
        ge=7,
        le=32,
        description="A longer random code for a link that must not be guessed (an invitation): 16 letters "
        "give about 93 bits. Never shorter than the service's own length.",
    )


class LinkOut(BaseModel):
    """A short link as its creator sees it."""

    code: str
    short_url: str = Field(description="The link to share: `<public base URL>/s/<code>`.")
    url: str
    expires_at: datetime | None


class LinkStats(LinkOut):
    """A link with its counters; only its owner can read them."""

    clicks: int = Field(description="Redirects served; counted in memory and added every second or so.")
    created_at: datetime
    expired: bool
    alias: bool = Field(description="Whether the code was chosen by the creator.")
