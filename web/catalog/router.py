"""Finding an evening: the watch-party films, a film's hosts, a host's schedule, an event, and Book."""

import asyncio
import re
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter
from fastapi.responses import Response

from web.api import page_of
from web.deps import PageDep
from web.forms import FormErrors, errors_from, text
from web.pages import Page, PageNotFound, page_number, parse_uuid, safe_next

router = APIRouter(include_in_schema=False)

BOOK_FIELDS = ("seats",)
BOOK_CODES = {
    "not_enough_seats": "seats",
    "seats_over_limit": "seats",
    "already_booked": "seats",
}
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


@router.get("/")
async def films(page: PageDep, p: str | None = None) -> Response:
    """The films with upcoming watch parties, the most first."""
    number = page_number(p)
    answer, catalog = await asyncio.gather(
        page.api.get("booking", "/booking/v1/films", params={"page": number, "size": 20}, as_user=False),
        page.catalog(),
    )
    listing = page_of(answer)
    missing = [f["movie_id"] for f in listing["items"] if f["movie_id"] not in catalog]
    extra = await asyncio.gather(*(page.movie(movie_id) for movie_id in missing), return_exceptions=True)
    films = {**catalog, **{m["id"]: m for m in extra if isinstance(m, dict)}}
    items = [{**film, "movie": films.get(film["movie_id"])} for film in listing["items"]]
    return await page.render("catalog/films.html", films=items, listing=listing, number=number)


@router.get("/films/{movie_id}")
async def film(page: PageDep, movie_id: str) -> Response:
    """A film and its hosts, best rated first, with their next dates."""
    movie_id = parse_uuid(movie_id)
    movie, hosts = await asyncio.gather(
        page.movie(movie_id),
        page.api.get(
            "booking",
            "/booking/v1/hosts",
            params={"movie_id": movie_id, "sort": "score", "size": 50},
            as_user=False,
        ),
    )
    if movie is None:
        raise PageNotFound("There is no such film.")
    host_items = page_of(hosts)["items"]
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
    return await page.render("catalog/film.html", movie=movie, hosts=rows)


async def _host_page(
    page: Page,
    host_id: str,
    *,
    film: str | None = None,
    number: int = 1,
    status: int = 200,
    book_errors: dict[str, FormErrors] | None = None,
    book_values: dict[str, dict[str, str]] | None = None,
) -> Response:
    params: dict[str, Any] = {"page": number, "size": 20}
    if film:
        params["movie_id"] = film
    person, events, ratings = await asyncio.gather(
        page.api.get("auth", f"/auth/v1/user_info/{host_id}", as_user=False),
        page.api.get("booking", f"/booking/v1/hosts/{host_id}/events", params=params),
        page.api.get("booking", f"/booking/v1/users/{host_id}/ratings", params={"size": 1}, as_user=False),
    )
    if person.status == 404:
        raise PageNotFound("There is no such host.")
    listing = page_of(events)
    name = person.body.get("name") if person.ok else None
    if not name and listing["items"]:
        name = listing["items"][0]["host"]["name"]
    return await page.render(
        "catalog/host.html",
        status=status,
        host_id=host_id,
        host_name=name or "Host",
        rating=ratings.body.get("as_host") if ratings.ok else None,
        events=listing["items"],
        listing=listing,
        number=number,
        film=film,
        book_errors=book_errors or {},
        book_values=book_values or {},
        new_key=lambda: uuid.uuid4().hex,
    )


@router.get("/hosts/{host_id}")
async def host(page: PageDep, host_id: str, film: str | None = None, p: str | None = None) -> Response:
    """A host's upcoming evenings with seats left, each with a Book form."""
    host_id = parse_uuid(host_id)
    film = _uuid_or_none(film)
    await page.user()
    return await _host_page(page, host_id, film=film, number=page_number(p))


async def _my_active_booking(page: Page, event_id: str) -> dict[str, Any] | None:
    answer = await page.api.get("booking", "/booking/v1/bookings", params={"status": "active", "size": 100})
    return next((b for b in page_of(answer)["items"] if b["event_id"] == event_id), None)


async def _event_page(
    page: Page,
    event_id: str,
    *,
    status: int = 200,
    errors: FormErrors | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    user = await page.user()
    answer = await page.api.get("booking", f"/booking/v1/events/{event_id}")
    if answer.status == 404:
        raise PageNotFound("There is no such evening.")
    if not answer.ok:
        raise PageNotFound("This evening cannot be shown.")
    event = answer.body
    is_host = user is not None and event["host"]["id"] == user.subject
    booking = None
    if user is not None and not is_host:
        booking = await _my_active_booking(page, event_id)
    movie = await page.movie(event["movie"]["id"])
    share_url = event.get("share_url") or f"{page.settings.public_base_url.rstrip('/')}/events/{event_id}"
    return await page.render(
        "catalog/event.html",
        status=status,
        event=event,
        movie=movie,
        is_host=is_host,
        booking=booking,
        share_url=share_url,
        page_url=f"{page.settings.public_base_url.rstrip('/')}/events/{event_id}",
        errors=errors or FormErrors(),
        values=values or {},
        idempotency_key=uuid.uuid4().hex,
    )


@router.get("/events/{event_id}")
async def event(page: PageDep, event_id: str) -> Response:
    """One evening (share links point here), with the Book form."""
    return await _event_page(page, parse_uuid(event_id))


@router.post("/events/{event_id}/book")
async def book(page: PageDep, event_id: str) -> Response:
    """Book seats; errors go beside the seat count on the page the form was on."""
    event_id = parse_uuid(event_id)
    await page.require_user(next_path=f"/events/{event_id}")
    form = await page.form(back=f"/events/{event_id}")
    back = safe_next(form.get("back"), f"/events/{event_id}")
    seats = text(form, "seats")
    key = form.get("idempotency_key", "")
    headers = {"Idempotency-Key": key if _IDEMPOTENCY_KEY.match(key) else uuid.uuid4().hex}
    answer = await page.api.post(
        "booking", f"/booking/v1/events/{event_id}/bookings", json={"seats": seats}, headers=headers
    )
    if answer.status == 201 or answer.code == "request_in_progress":
        return page.redirect("/bookings", "booked")
    if answer.status == 404:
        raise PageNotFound("There is no such evening.")
    errors = errors_from(answer, fields=BOOK_FIELDS, codes=BOOK_CODES)
    if answer.code == "already_booked":
        errors.fields["seats"] = "You already have a booking here: change its seats in My bookings."
    target = urlsplit(back)
    host_match = re.fullmatch(r"/hosts/([0-9a-f-]{36})", target.path)
    if host_match:
        return await _host_page(
            page,
            host_match.group(1),
            film=_uuid_or_none(parse_qs(target.query).get("film", [""])[0]),
            status=_status_for(answer.status),
            book_errors={event_id: errors},
            book_values={event_id: {"seats": seats}},
        )
    return await _event_page(
        page, event_id, status=_status_for(answer.status), errors=errors, values={"seats": seats}
    )


def _status_for(api_status: int) -> int:
    return api_status if 400 <= api_status < 500 else 400


def _uuid_or_none(value: str | None) -> str | None:
    try:
        return str(uuid.UUID(value)) if value else None
    except ValueError:
        return None
