"""Jinja2 templates and the filters pages use (times in the reader's zone, genres, plurals)."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi.templating import Jinja2Templates
from markupsafe import Markup

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
env = templates.env
env.trim_blocks = True
env.lstrip_blocks = True


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


def when(value: Any, tz: str | None = None) -> str:
    """`Fri 12 Dec 2026, 19:30 MSK`"""
    moment = _local(value, tz)
    if moment is None:
        return ""
    return f"{moment:%a} {moment.day} {moment:%b %Y, %H:%M} {moment.tzname() or ''}".strip()


def day(value: Any, tz: str | None = None) -> str:
    moment = _local(value, tz)
    return f"{moment:%a} {moment.day} {moment:%b %Y}" if moment else ""


def clock_time(value: Any, tz: str | None = None) -> str:
    moment = _local(value, tz)
    return f"{moment:%H:%M}" if moment else ""


def iso(value: Any) -> str:
    moment = parse_time(value)
    return moment.isoformat() if moment else ""


def genres(values: Any) -> str:
    if not isinstance(values, list):
        return ""
    return ", ".join(str(v).replace("_", " ").capitalize() for v in values)


def plural(count: Any, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def score(rating: Any) -> Markup:
    """A host or guest score: `4.3 ★ (7 ratings)`, or `new` under three ratings."""
    if not isinstance(rating, dict):
        return Markup("")
    count = rating.get("count") or 0
    if rating.get("is_new", count < 3):
        label = "New" if count == 0 else f"New ({plural(count, 'rating', 'ratings')})"
        return Markup('<span class="score score-new">{}</span>').format(label)
    value = rating.get("score")
    shown = f"{value:.1f}" if isinstance(value, int | float) else "?"
    return Markup('<span class="score">{} ★ <small>({})</small></span>').format(
        shown, plural(count, "rating", "ratings")
    )


env.filters.update(when=when, day=day, clock=clock_time, iso=iso, genres=genres, score=score)
env.globals.update(plural=plural)
