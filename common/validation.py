"""Input checks every service needs, so bad input is a 422 and never reaches PostgreSQL as a crash.

`StrictBody` is the base of every request body: unknown fields are refused, numbers are never read from
strings or booleans (nor booleans from numbers or strings), and NaN or infinite numbers are refused.
`Readable` refuses text a person cannot read as it will be shown (control, format and bidi characters),
for names and titles."""

import re
import types
import typing
import unicodedata
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

T = TypeVar("T")


def storable(text: str | None) -> str | None:
    """PostgreSQL text holds neither NUL nor lone surrogates (JSON may carry both as \\u escapes)."""
    if text is not None and _UNSTORABLE.search(text):
        raise ValueError("must not contain NUL characters or unpaired surrogates")
    return text


# Control (Cc), format (Cf: bidi overrides such as U+202E, zero-width characters, soft hyphen),
# surrogates (Cs), and line/paragraph separators (Zl, Zp): none of them shows as itself in a name, and
# the bidi ones make a name read differently from what it is ("evil\u202Etxt.exe").
_UNREADABLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def readable(text: str | None) -> str | None:
    """A name or title shows as typed: no control, format or bidi-control characters."""
    if text is None:
        return None
    for char in text:
        if unicodedata.category(char) in _UNREADABLE_CATEGORIES:
            raise ValueError(
                f"must not contain control, format or bidi-control characters (found U+{ord(char):04X})"
            )
    return text


def only_readable(text: str) -> str:
    """The text without the characters `readable` refuses (for what is shown but not typed by a person,
    such as a browser's User-Agent)."""
    return "".join(char for char in text if unicodedata.category(char) not in _UNREADABLE_CATEGORIES)


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
Readable = AfterValidator(readable)
SaneMoment = AfterValidator(sane_moment)
SaneDate = AfterValidator(sane_date)
StorableText = Annotated[str, Storable]
# A display name, a place name, a title: trimmed, not empty, readable. Add `Field(max_length=...)`.
ReadableName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), Readable]


def _scalar_kind(annotation: Any) -> str | None:
    """ "number" for int/float fields, "bool" for bool fields (also optional or annotated), else None."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _scalar_kind(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        kinds = {_scalar_kind(arg) for arg in typing.get_args(annotation) if arg is not type(None)}
        return kinds.pop() if len(kinds) == 1 else None
    if annotation is bool:
        return "bool"
    if annotation in (int, float):
        return "number"
    return None


class StrictBody(BaseModel):
    """Base of request bodies: one strictness in every service (docs/conventions.md).

    Unknown fields are a 422; `true`, `"1"` or `"2"` is not a number and `1` or `"true"` is not a
    boolean (pydantic's lax mode would convert them); NaN and infinities (which Python's JSON parser
    reads from `NaN`, `Infinity` and `1e400`) are refused. UUIDs, times and enums still come as strings,
    as JSON has no other way to carry them."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_coercion(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name is None or value is None:
            return value
        kind = _scalar_kind(cls.model_fields[info.field_name].annotation)
        if kind == "number" and isinstance(value, bool | str):
            raise PydanticCustomError("number_type", "Input should be a number, not a string or a boolean")
        if kind == "bool" and not isinstance(value, bool):
            raise PydanticCustomError("bool_type", "Input should be true or false")
        return value
