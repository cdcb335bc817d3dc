"""Messages rendered from Jinja2 templates, one file per kind and language:
`templates/<language>/<kind>.txt` with a `title` block (inbox title, email subject) and a `body` block.
Times are shown in the reader's time zone."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from notification.kinds import LANGUAGES

TEMPLATES = Path(__file__).parent / "templates"

_RU_MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
_RU_WEEKDAYS = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str


@lru_cache(maxsize=64)
def zone(name: str) -> tzinfo:
    """The named zone; UTC when this machine has no data for it (a slim image without tzdata)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def timezone_exists(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def format_when(value: Any, *, language: str, timezone: str) -> str:
    """A start time as people read it: `пт, 12 декабря 2026, 19:30 MSK` / `Fri 12 Dec 2026, 19:30 MSK`."""
    moment = _moment(value)
    if moment is None:
        return str(value or "")
    local = moment.astimezone(zone(timezone))
    label = local.tzname() or ""
    if language == "ru":
        day = f"{_RU_WEEKDAYS[local.weekday()]}, {local.day} {_RU_MONTHS[local.month - 1]} {local.year}"
    else:
        day = local.strftime("%a %-d %b %Y")
    return f"{day}, {local:%H:%M} {label}".strip()


def ru_plural(n: int, one: str, few: str, many: str) -> str:
    """`1 место`, `2 места`, `5 мест`: Russian agrees the noun with the number."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def en_plural(n: int, one: str, many: str) -> str:
    return one if abs(int(n)) == 1 else many


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # Plain text, never HTML, so nothing to escape; a variable the caller forgot is an error, not a blank.
    return Environment(  # noqa: S701 - text templates, never served as HTML
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _template(language: str, name: str) -> Template:
    if language not in LANGUAGES:
        language = LANGUAGES[0]
    return _environment().get_template(f"{language}/{name}.txt")


def _helpers(language: str, timezone: str) -> dict[str, Callable[..., str]]:
    return {
        "when": lambda value: format_when(value, language=language, timezone=timezone),
        "plural": ru_plural if language == "ru" else en_plural,
    }


def _block(template: Template, name: str, variables: Mapping[str, Any]) -> str:
    context = template.new_context(dict(variables))
    return "".join(template.blocks[name](context)).strip()


def render(kind: str, context: Mapping[str, Any], *, language: str, timezone: str) -> Rendered:
    """A message's title and body in `language`."""
    template = _template(language, kind)
    variables = {**context, **_helpers(language, timezone)}
    return Rendered(title=_block(template, "title", variables), body=_block(template, "body", variables))


def render_email(
    kind: str, context: Mapping[str, Any], *, language: str, timezone: str, settings_url: str
) -> Rendered:
    """Subject and plain-text body of the email for a message: the body, the link, how to mute."""
    message = render(kind, context, language=language, timezone=timezone)
    layout = _template(language, "_email")
    body = layout.render(
        body=message.body, link=context.get("link", ""), settings_url=settings_url, kind=kind
    ).strip()
    return Rendered(title=message.title, body=body + "\n")
