"""Jinja2 templates and the filters pages use: dates, times, numbers and plurals formatted by Babel in
the request's language, evenings in their own time zone (named), scores, genres and posters."""

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_datetime, format_time, get_timezone_location
from babel.numbers import format_decimal, format_percent
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from web import i18n
from web.config import get_settings
from web.i18n import N_, _, current_language, ngettext
from web.zones import event_zone

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

env = Environment(
    loader=FileSystemLoader(str(TEMPLATES_DIR)),
    autoescape=select_autoescape(),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
templates = Jinja2Templates(env=env)
env.install_gettext_callables(  # type: ignore[attr-defined]
    i18n.gettext, i18n.ngettext, newstyle=True
)

GENRES = {
    "action": N_("Action"),
    "adventure": N_("Adventure"),
    "animation": N_("Animation"),
    "biography": N_("Biography"),
    "comedy": N_("Comedy"),
    "crime": N_("Crime"),
    "drama": N_("Drama"),
    "family": N_("Family"),
    "fantasy": N_("Fantasy"),
    "history": N_("History"),
    "horror": N_("Horror"),
    "musical": N_("Musical"),
    "mystery": N_("Mystery"),
    "romance": N_("Romance"),
    "science_fiction": N_("Science fiction"),
    "sport": N_("Sport"),
    "thriller": N_("Thriller"),
    "war": N_("War"),
    "western": N_("Western"),
}


def parse_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@lru_cache(maxsize=512)
def zone(name: str | None, fallback: str = "Europe/Moscow") -> ZoneInfo:
    for candidate in (name, fallback, "UTC"):
        if not candidate:
            continue
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


def _local(value: Any, tz: str | None) -> datetime | None:
    moment = parse_time(value)
    return moment.astimezone(zone(tz)) if moment else None


def _locale() -> Any:
    return i18n.locale(current_language())


@lru_cache(maxsize=512)
def _city(tz: str, language: str) -> str:
    info = zone(tz)
    try:
        return str(get_timezone_location(info, locale=i18n.locale(language), return_city=True))
    except (LookupError, ValueError):
        return str(info)


def zone_name(tz: str | None, moment: Any = None) -> str:
    """`Москва, UTC+3` / `Moscow, UTC+3`: the zone's city in the language, and its offset then."""
    info = zone(tz)
    city = _city(str(info), current_language())
    at = _local(moment, tz) or datetime.now(info)
    offset = at.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    utc = f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "") if minutes else "UTC"
    return f"{city}, {utc}" if city and city != "UTC" else utc


def when(value: Any, tz: str | None = None, named: bool = True) -> str:
    """`пт, 11 декабря 2026, 19:30 (Москва, UTC+3)`: the moment in zone `tz`, the zone named."""
    moment = _local(value, tz)
    if moment is None:
        return ""
    text = format_datetime(moment, "EEE, d MMMM y, HH:mm", locale=_locale())
    return f"{text} ({zone_name(tz, moment)})" if named else text


def day(value: Any, tz: str | None = None) -> str:
    """`пт, 11 декабря 2026`"""
    moment = _local(value, tz)
    return format_date(moment, "EEE, d MMMM y", locale=_locale()) if moment else ""


def short_day(value: Any, tz: str | None = None) -> str:
    """`11 дек.` / `11 Dec`"""
    moment = _local(value, tz)
    return format_date(moment, "d MMM", locale=_locale()) if moment else ""


def clock_time(value: Any, tz: str | None = None) -> str:
    moment = _local(value, tz)
    return format_time(moment, "HH:mm", locale=_locale()) if moment else ""


def iso(value: Any) -> str:
    moment = parse_time(value)
    return moment.isoformat() if moment else ""


def number(value: Any, digits: int = 0) -> str:
    if not isinstance(value, int | float):
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, pattern, locale=_locale())


def percent(value: Any) -> str:
    return format_percent(value, locale=_locale()) if isinstance(value, int | float) else ""


def genres(values: Any) -> str:
    if not isinstance(values, list):
        return ""
    names = [_(GENRES[v]) if v in GENRES else str(v).replace("_", " ") for v in values]
    text = ", ".join(names)
    return text[:1].upper() + text[1:]


def seats_text(n: Any) -> str:
    """`1 место`, `2 места`, `5 мест` / `1 seat`, `5 seats`."""
    value = n if isinstance(n, int) else 0
    return ngettext("%(num)s seat", "%(num)s seats", value) % {"num": number(value)}


def score(rating: Any) -> Markup:
    """A host or guest score: `4,3 ★ (7 оценок)`, or a "new" badge under three ratings."""
    if not isinstance(rating, dict):
        return Markup("")
    total = rating.get("count") or 0
    if rating.get("is_new", total < 3):
        label = _("New") if total == 0 else _("New (%(ratings)s)", ratings=_ratings(total))
        return Markup('<span class="score score-new">{}</span>').format(label)
    value = rating.get("score")
    shown = number(value, 1) if isinstance(value, int | float) else "?"
    return Markup(
        '<span class="score">{} <span aria-hidden="true">★</span> <small>({})</small></span>'
    ).format(shown, _ratings(total))


def _ratings(total: int) -> str:
    return ngettext("%(num)s rating", "%(num)s ratings", total) % {"num": number(total)}


def map_url(place: Any) -> str | None:
    """An OpenStreetMap link to a place's stored coordinates (None without them)."""
    if not isinstance(place, dict):
        return None
    lat, lon = place.get("latitude"), place.get("longitude")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return None
    return f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=17/{lat:.5f}/{lon:.5f}"


env.filters.update(
    when=when,
    day=day,
    short_day=short_day,
    clock=clock_time,
    iso=iso,
    genres=genres,
    score=score,
    number=number,
    percent=percent,
    zone_name=zone_name,
    map_url=map_url,
)


def event_tz(event: Any) -> str:
    """The zone an evening's times are shown in (web/zones.py)."""
    return event_zone(event if isinstance(event, dict) else None, get_settings().display_timezone)


env.globals.update(seats_text=seats_text, event_tz=event_tz)
env.filters.update(seats=seats_text)
