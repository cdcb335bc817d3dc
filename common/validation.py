"""Input checks every service needs, so bad input is a 422 and never reaches PostgreSQL as a crash."""

import re
from datetime import date, datetime
from typing import Annotated, TypeVar

from pydantic import AfterValidator

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

T = TypeVar("T")


def storable(text: str | None) -> str | None:
    """PostgreSQL text holds neither NUL nor lone surrogates (JSON may carry both as \\u escapes)."""
    if text is not None and _UNSTORABLE.search(text):
        raise ValueError("must not contain NUL characters or unpaired surrogates")
    return text


def sane_moment(value: datetime | None) -> datetime | None:
    """Years 1970 to 2999: beyond them, adding an offset or a duration overflows Python's datetime."""
    if value is not None and not 1970 <= value.year <= 2999:
        raise ValueError("must be between the years 1970 and 2999")
    return value


def sane_date(value: date | None) -> date | None:
    if value is not None and not 1970 <= value.year <= 2999:
        raise ValueError("must be between the years 1970 and 2999")
    return value


Storable = AfterValidator(storable)
SaneMoment = AfterValidator(sane_moment)
SaneDate = AfterValidator(sane_date)
StorableText = Annotated[str, Storable]
