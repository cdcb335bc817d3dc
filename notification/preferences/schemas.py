from pydantic import BaseModel, Field

from common.validation import StrictBody
from notification.kinds import KINDS
from notification.preferences.models import Language as Language


class SettingsIn(StrictBody):
    """The whole of my settings (PUT replaces them)."""

    language: Language = Field(description="The language of my messages.")
    muted_kinds: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Kinds I do not want, by any channel (GET /notification/v1/kinds describes them).",
        # Listed for clients; checked by the service, which answers 422 `unknown_kind` with the names.
        json_schema_extra={"items": {"type": "string", "enum": list(KINDS)}},
    )
    timezone: str | None = Field(
        default=None,
        max_length=64,
        description="IANA zone for the times in my messages; unchanged (or Europe/Moscow) when left out.",
    )


class SettingsOut(BaseModel):
    language: Language
    muted_kinds: list[str]
    timezone: str


class KindOut(BaseModel):
    kind: str
    audience: str
    description: str
    channels: list[str]
