"""Browsing: the watch-party films (search by title, city, date), the hosts, a film and its poster."""

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

from web.api import page_of
from web.catalog.posters import catalog_poster, drawn_poster, poster_url
from web.catalog.service import cities, date_range, display_title, evenings, films_listing, my_bookings
from web.deps import PageDep
from web.i18n import _, ngettext
from web.pages import PageNotFound, parse_uuid
from web.rendering import day

router = APIRouter(include_in_schema=False)

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
WHEN_CHOICES = ("tonight", "weekend")


def _clean(value: str | None, limit: int = 100) -> str:
    return "".join(ch for ch in (value or "") if ch.isprintable())[:limit].strip()


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@router.get("/")
async def films(
    page: PageDep,
    q: str | None = None,
    city: str | None = None,
    date: str | None = None,
    when: str | None = None,
) -> Response:
    """The films with upcoming watch parties (open ones first), or, with a date, the evenings then."""
    query, chosen_city = _clean(q), _clean(city, 64) or None
    chosen_day = _day(date)
    chosen_when = when if when in WHEN_CHOICES else None
    profile = await page.profile()
    tz = (profile or {}).get("timezone") or page.default_zone
    window = date_range(when=chosen_when, day=chosen_day, now=page.clock.now(), tz=tz)
    if window is not None:
        found, known_cities, mine = await asyncio.gather(
            evenings(page, query=query, city=chosen_city, window=window), cities(page), my_bookings(page)
        )
        rows: list[dict[str, Any]] = []
    else:
        rows, known_cities = await asyncio.gather(
            films_listing(page, query=query, city=chosen_city), cities(page)
        )
        found, mine = [], {}
    return await page.render(
        "catalog/films.html",
        films=rows,
        evenings=found,
        mine=mine,
        window=window,
        query=query,
        city=chosen_city,
        cities=known_cities,
        day_value=chosen_day.isoformat() if chosen_day else "",
        when=chosen_when,
        filtered=bool(query or chosen_city or window),
        today=page.clock.now().date().isoformat(),
    )


@router.get("/hosts")
async def hosts(page: PageDep, city: str | None = None) -> Response:
    """The hosts with upcoming public evenings, best rated first."""
    chosen_city = _clean(city, 64) or None
    params: dict[str, Any] = {"size": 100, "sort": "score"}
    if chosen_city:
        params["city"] = chosen_city
    answer, known_cities = await asyncio.gather(
        page.api.get("booking", "/booking/v1/hosts", params=params, as_user=False), cities(page)
    )
    return await page.render(
        "catalog/hosts.html", hosts=page_of(answer)["items"], city=chosen_city, cities=known_cities
    )


@router.get("/films/{movie_id}")
async def film(page: PageDep, movie_id: str) -> Response:
    """A film and its hosts, best rated first, with their next dates (full ones marked)."""
    movie_id = parse_uuid(movie_id)
    movie, hosts_answer, mine = await asyncio.gather(
        page.movie(movie_id),
        page.api.get(
            "booking",
            "/booking/v1/hosts",
            params={"movie_id": movie_id, "sort": "score", "size": 50},
            as_user=False,
        ),
        my_bookings(page),
    )
    if movie is None:
        raise PageNotFound(_("There is no such film."))
    host_items = page_of(hosts_answer)["items"]
    schedules = await asyncio.gather(
        *(
            page.api.get(
                "booking",
                f"/booking/v1/hosts/{host['id']}/events",
                params={"movie_id": movie_id, "size": 3},
                as_user=False,
            )
            for host in host_items
        )
    )
    rows = [
        {**host, "next_events": page_of(schedule)["items"]}
        for host, schedule in zip(host_items, schedules, strict=True)
    ]
    title = display_title(movie)
    upcoming = sum(host.get("upcoming_events", 0) for host in host_items)
    if upcoming:
        first = min(host["next_event_at"] for host in host_items)
        description = ngettext(
            "%(num)s watch party with %(hosts)s; the next on %(date)s.",
            "%(num)s watch parties with %(hosts)s; the next on %(date)s.",
            upcoming,
        ) % {
            "num": upcoming,
            "hosts": ngettext("%(num)s host", "%(num)s hosts", len(host_items)) % {"num": len(host_items)},
            "date": day(first, page.default_zone),
        }
    else:
        description = _("No watch parties are planned for this film yet.")
    meta = {
        "title": f"{title} ({movie.get('year')})",
        "description": description,
        "url": f"{page.base_url}/films/{movie_id}",
        "image": _absolute(page.base_url, poster_url(movie, movie_id)),
        "type": "video.movie",
    }
    return await page.render(
        "catalog/film.html",
        movie=movie,
        title=title,
        hosts=rows,
        mine=mine,
        meta=meta,
        poster=poster_url(movie, movie_id),
    )


def _absolute(base: str, url: str) -> str:
    return f"{base}{url}" if url.startswith("/") else url


@router.get("/films/{movie_id}/poster.svg")
async def poster(page: PageDep, movie_id: str) -> Response:
    """The film's drawn poster (title and year), for films the catalog has no picture of."""
    movie_id = parse_uuid(movie_id)
    movie = await page.movie(movie_id)
    if movie is None:
        raise PageNotFound(_("There is no such film."))
    if catalog_poster(movie):
        return Response(status_code=307, headers={"Location": catalog_poster(movie) or ""})
    title = display_title(movie)
    svg = drawn_poster(title, movie.get("year"), label=_("Poster: %(title)s", title=title))
    return Response(
        svg,
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=86400", "Vary": "Cookie, Accept-Language"},
    )


@router.get("/favicon.ico")
async def favicon() -> Response:
    """The site's icon, where browsers look for it."""
    return FileResponse(STATIC_DIR / "favicon.ico", headers={"Cache-Control": "public, max-age=604800"})
