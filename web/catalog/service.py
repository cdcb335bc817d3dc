"""What the catalog pages gather: films with open and full evenings, evenings in a date range, cities,
the person's own bookings by evening, and the booking rules shown beside the Book form."""

import asyncio
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from web.api import page_of
from web.i18n import current_language
from web.pages import Page
from web.rendering import zone

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
BOOKING_LIST_SIZE = 100


def display_title(movie: dict[str, Any] | None, fallback: str = "") -> str:
    """The film's title for the reader: a Russian film's own title in Russian, else the catalog's."""
    if not isinstance(movie, dict):
        return fallback
    original = movie.get("original_title")
    if current_language() == "ru" and isinstance(original, str) and _CYRILLIC.search(original):
        return original
    return str(movie.get("title") or fallback)


def _fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


def title_matches(movie: dict[str, Any] | None, fallback: str, query: str) -> bool:
    wanted = _fold(query.strip())
    if not wanted:
        return True
    names = [fallback]
    if isinstance(movie, dict):
        names += [str(movie.get("title") or ""), str(movie.get("original_title") or "")]
    return any(wanted in _fold(name) for name in names)


async def my_bookings(page: Page) -> dict[str, dict[str, Any]]:
    """The signed-in person's open bookings by evening id: booked, or a request waiting for the host
    (empty for visitors)."""
    if page.session.user_id is None:
        return {}
    active, pending = await asyncio.gather(
        *(
            page.api.get(
                "booking", "/booking/v1/bookings", params={"status": status, "size": BOOKING_LIST_SIZE}
            )
            for status in ("active", "pending")
        )
    )
    return {b["event_id"]: b for b in page_of(pending)["items"] + page_of(active)["items"]}


async def my_waitlist(page: Page) -> list[dict[str, Any]]:
    """The signed-in person's waiting-list entries, the latest joined first (empty for visitors)."""
    if page.session.user_id is None:
        return []
    answer = await page.api.get("booking", "/booking/v1/waitlist", params={"size": BOOKING_LIST_SIZE})
    return page_of(answer)["items"]


def open_entries(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Waiting-list entries still open (waiting, or holding an offer) by evening id."""
    return {e["event_id"]: e for e in entries if e.get("status") in ("waiting", "offered")}


async def cities(page: Page) -> list[str]:
    """The cities that have hosts with upcoming evenings (for the city filter; cached)."""
    cached = await page.cache.get_json("catalog:cities")
    if isinstance(cached, list):
        return cached
    answer = await page.api.get("booking", "/booking/v1/hosts", params={"size": 100}, as_user=False)
    found = sorted({city for host in page_of(answer)["items"] for city in host.get("cities", [])}, key=_fold)
    if answer.ok:
        await page.cache.set_json("catalog:cities", found, ttl=page.settings.catalog_cache_seconds)
    return found


def open_first(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evenings with seats left first (soonest first), then the full ones."""
    return sorted(events, key=lambda e: (e.get("seats_left", 0) <= 0, e.get("starts_at", "")))


async def films_listing(page: Page, *, query: str, city: str | None) -> list[dict[str, Any]]:
    """Watch-party films: open evenings counted apart from full ones; films with only full evenings
    last. Each item: movie_id, title, movie (catalog), open, full, hosts, next_event_at."""
    params: dict[str, Any] = {"size": 100}
    if city:
        params["city"] = city
    every, available, catalog = await asyncio.gather(
        page.api.get("booking", "/booking/v1/films", params=params, as_user=False),
        page.api.get("booking", "/booking/v1/films", params={**params, "available": "true"}, as_user=False),
        page.catalog(),
    )
    open_by_film = {f["movie_id"]: f for f in page_of(available)["items"]}
    rows = []
    for film in page_of(every)["items"]:
        movie = catalog.get(film["movie_id"])
        if not title_matches(movie, film["movie_title"], query):
            continue
        opened = open_by_film.get(film["movie_id"])
        open_count = opened["upcoming_events"] if opened else 0
        rows.append(
            {
                "movie_id": film["movie_id"],
                "title": display_title(movie, film["movie_title"]),
                "movie": movie,
                "open": open_count,
                "full": max(0, film["upcoming_events"] - open_count),
                "hosts": (opened or film)["hosts"],
                "next_event_at": (opened or film)["next_event_at"],
            }
        )
    rows.sort(key=lambda r: r["open"] == 0)
    return rows


def date_range(
    *, when: str | None, day: date | None, now: datetime, tz: str
) -> tuple[datetime, datetime] | None:
    """The window a date filter means in zone `tz`: a day, tonight (now to the end of today), or this
    weekend (Saturday and Sunday; from now when it has begun)."""
    local_now = now.astimezone(zone(tz))
    if day is not None:
        start = datetime.combine(day, time.min, tzinfo=local_now.tzinfo)
        return max(start, now), start + timedelta(days=1)
    if when == "tonight":
        return now, datetime.combine(local_now.date() + timedelta(days=1), time(4), tzinfo=local_now.tzinfo)
    if when == "weekend":
        saturday = local_now.date() + timedelta(days=(5 - local_now.weekday()) % 7)
        if local_now.weekday() == 6:
            saturday = local_now.date() - timedelta(days=1)
        start = datetime.combine(saturday, time.min, tzinfo=local_now.tzinfo)
        return max(start, now), start + timedelta(days=2)
    return None


async def evenings(
    page: Page, *, query: str, city: str | None, window: tuple[datetime, datetime]
) -> list[dict[str, Any]]:
    """Upcoming evenings in the window (and city, and title), open ones first, full ones after."""
    params: dict[str, Any] = {"size": 100, "from": window[0].isoformat(), "to": window[1].isoformat()}
    if city:
        params["city"] = city
    answer, catalog = await asyncio.gather(
        page.api.get("booking", "/booking/v1/events", params=params, as_user=False), page.catalog()
    )
    rows = []
    for event in page_of(answer)["items"]:
        movie = catalog.get(event["movie"]["id"])
        if event.get("status") != "scheduled" or not title_matches(movie, event["movie"]["title"], query):
            continue
        rows.append({**event, "title": display_title(movie, event["movie"]["title"]), "catalog_movie": movie})
    return open_first(rows)
