"""An evening and a host's schedule, with the Book form; booking itself.

The Book form shows the seats left and the seat limit per booking; an evening I already booked shows
my seats with "change or cancel" instead; a full evening is marked full. A visitor who presses Book
signs in and comes back to the evening with the seat count they chose."""

import asyncio
import re
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from fastapi import APIRouter
from fastapi.responses import Response

from web.api import page_of
from web.catalog.posters import poster_url
from web.catalog.service import display_title, my_bookings, my_waitlist, open_entries, open_first
from web.deps import PageDep
from web.forms import FormErrors, errors_from, idempotency_headers, refusal_status, text
from web.i18n import _
from web.pages import BadForm, Page, PageNotFound, page_number, parse_uuid, safe_next
from web.rendering import parse_time, score, seats_text, when
from web.rules import booking_rules
from web.zones import event_zone

router = APIRouter(include_in_schema=False)

BOOK_FIELDS = ("seats",)
BOOK_CODES: dict[str, str | None] = {
    "not_enough_seats": "seats",
    "seats_over_limit": "seats",
    "already_booked": "seats",
    "guest_requirements_not_met": "seats",
    "too_many_active_bookings": "seats",
    "already_waiting": "seats",
}


def _seats_value(value: str | None) -> str | None:
    """A seat count carried through sign-in (`?seats=`): a small whole number or nothing."""
    return value if value and value.isdigit() and 0 < int(value) <= 100 else None


def _with_movies(events: list[dict[str, Any]], catalog: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**e, "title": display_title(catalog.get(e["movie"]["id"]), e["movie"]["title"])} for e in events]


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
    person, events, ratings, mine, rules, catalog = await asyncio.gather(
        page.api.get("auth", f"/auth/v1/user_info/{host_id}", as_user=False),
        page.api.get("booking", f"/booking/v1/hosts/{host_id}/events", params=params),
        page.api.get("booking", f"/booking/v1/users/{host_id}/ratings", params={"size": 3}, as_user=False),
        my_bookings(page),
        booking_rules(page),
        page.catalog(),
    )
    if person.status == 404:
        raise PageNotFound(_("There is no such host."))
    listing = page_of(events)
    name = person.body.get("name") if person.ok else None
    if not name and listing["items"]:
        name = listing["items"][0]["host"]["name"]
    name = name or _("Host")
    rows = open_first(_with_movies(listing["items"], catalog))
    rating = ratings.body.get("as_host") if ratings.ok else None
    first = rows[0] if rows else None
    meta = {
        "title": _("%(name)s hosts film evenings", name=name),
        "description": (
            _(
                "Next: %(title)s, %(when)s, %(city)s.",
                title=first["title"],
                when=when(first["starts_at"], event_zone(first, page.default_zone)),
                city=first["place"]["city"],
            )
            if first
            else _("No upcoming evenings yet.")
        ),
        "url": f"{page.base_url}/hosts/{host_id}",
        "image": f"{page.base_url}{poster_url(catalog.get(first['movie']['id']), first['movie']['id'])}"
        if first
        else f"{page.base_url}/web/static/logo.svg",
        "type": "profile",
    }
    return await page.render(
        "catalog/host.html",
        status=status,
        host_id=host_id,
        host_name=name,
        rating=rating,
        reviews=ratings.body.get("reviews", [])[:3] if ratings.ok else [],
        events=rows,
        listing=listing,
        number=number,
        film=film,
        mine=mine,
        limit=rules.max_seats_per_booking,
        book_errors=book_errors or {},
        book_values=book_values or {},
        new_key=lambda: uuid.uuid4().hex,
        meta=meta,
    )


@router.get("/hosts/{host_id}")
async def host(page: PageDep, host_id: str, film: str | None = None, p: str | None = None) -> Response:
    """A host's upcoming evenings with seats left (full ones last), each with a Book form."""
    return await _host_page(page, parse_uuid(host_id), film=_uuid_or_none(film), number=page_number(p))


async def event_page(
    page: Page,
    event_id: str,
    *,
    status: int = 200,
    errors: FormErrors | None = None,
    values: dict[str, str] | None = None,
    wait_errors: FormErrors | None = None,
    wait_values: dict[str, str] | None = None,
) -> Response:
    """The evening page; a refused booking or waiting-list form comes back here with its errors."""
    user = await page.user()
    answer, rules, mine, entries = await asyncio.gather(
        page.api.get("booking", f"/booking/v1/events/{event_id}"),
        booking_rules(page),
        my_bookings(page),
        my_waitlist(page),
    )
    if answer.status == 404 or not answer.ok:
        raise PageNotFound(_("There is no such evening."))
    event = answer.body
    is_host = user is not None and event["host"]["id"] == user.subject
    movie = await page.movie(event["movie"]["id"])
    title = display_title(movie, event["movie"]["title"])
    tz = event_zone(event, page.default_zone)
    share_url = event.get("share_url") or f"{page.base_url}/events/{event_id}"
    description = _(
        "%(when)s · hosted by %(host)s · %(city)s · %(seats)s left",
        when=when(event["starts_at"], tz),
        host=event["host"]["name"],
        city=event["place"]["city"],
        seats=seats_text(event["seats_left"]),
    )
    if event["seats_left"] <= 0:
        description = _(
            "%(when)s · hosted by %(host)s · %(city)s · full",
            when=when(event["starts_at"], tz),
            host=event["host"]["name"],
            city=event["place"]["city"],
        )
    meta = {
        "title": f"{title} · {event['host']['name']}",
        "description": description,
        "url": f"{page.base_url}/events/{event_id}",
        "image": f"{page.base_url}{poster_url(movie, event['movie']['id'])}",
        "type": "website",
    }
    starts = parse_time(event["starts_at"])
    deadline = starts - timedelta(hours=event.get("cancel_deadline_hours", 0)) if starts else None
    return await page.render(
        "catalog/event.html",
        status=status,
        event={**event, "title": title},
        movie=movie,
        tz_event=tz,
        is_host=is_host,
        booking=None if is_host else mine.get(event_id),
        entry=None if is_host else open_entries(entries).get(event_id),
        waitlist_here=event_id,
        limit=rules.max_seats_per_booking,
        share_url=share_url,
        errors=errors or FormErrors(),
        values=values or {},
        wait_errors=wait_errors or FormErrors(),
        wait_values=wait_values or {},
        idempotency_key=uuid.uuid4().hex,
        cancel_deadline=deadline,
        deadline_passed=deadline is not None and page.clock.now() >= deadline,
        host_score=score(event["host"].get("rating")),
        poster=poster_url(movie, event["movie"]["id"]),
        meta=meta,
    )


@router.get("/events/{event_id}")
async def event(page: PageDep, event_id: str, seats: str | None = None) -> Response:
    """One evening (share links point here), with the Book form or my booking."""
    chosen = _seats_value(seats)
    return await event_page(page, parse_uuid(event_id), values={"seats": chosen} if chosen else None)


@router.post("/events/{event_id}/book")
async def book(page: PageDep, event_id: str) -> Response:
    """Book seats; errors go beside the seat count on the page the form was on."""
    event_id = parse_uuid(event_id)
    if await page.user() is None and not page.session.auth_unavailable:
        # Nothing is written for a visitor: only the seat count they chose goes through sign-in.
        chosen = _seats_value(await _posted_seats(page))
        back = f"/events/{event_id}" + (f"?seats={chosen}" if chosen else "")
        return page.redirect(f"/signin?next={quote(back, safe='/')}")
    await page.require_user(next_path=f"/events/{event_id}")
    form = await page.form(back=f"/events/{event_id}")
    back = safe_next(form.get("back"), f"/events/{event_id}")
    seats = text(form, "seats")
    answer = await page.api.post(
        "booking",
        f"/booking/v1/events/{event_id}/bookings",
        json={"seats": seats},
        headers=idempotency_headers(form),
    )
    if answer.status == 202:
        return page.redirect(f"/events/{event_id}", "requested")
    if answer.status == 201 or answer.code == "request_in_progress":
        return page.redirect("/bookings", "booked")
    if answer.status == 404:
        raise PageNotFound(_("There is no such evening."))
    errors = errors_from(answer, fields=BOOK_FIELDS, codes=BOOK_CODES)
    target = urlsplit(back)
    host_match = re.fullmatch(r"/hosts/([0-9a-f-]{36})", target.path)
    if host_match:
        return await _host_page(
            page,
            host_match.group(1),
            film=_uuid_or_none(parse_qs(target.query).get("film", [""])[0]),
            status=refusal_status(answer.status),
            book_errors={event_id: errors},
            book_values={event_id: {"seats": seats}},
        )
    return await event_page(
        page, event_id, status=refusal_status(answer.status), errors=errors, values={"seats": seats}
    )


async def _posted_seats(page: Page) -> str | None:
    try:
        form = await page.unchecked_form()
    except BadForm:
        # Unreadable: the visitor simply signs in without a remembered seat count.
        return None
    return text(form, "seats") or None


def _uuid_or_none(value: str | None) -> str | None:
    try:
        return str(uuid.UUID(value)) if value else None
    except ValueError:
        return None
