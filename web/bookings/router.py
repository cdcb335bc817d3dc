"""My bookings: change seats, cancel, add to calendar."""

import asyncio

from fastapi import APIRouter
from fastapi.responses import Response

from web.api import page_of
from web.catalog.service import display_title
from web.deps import PageDep
from web.forms import FormErrors, errors_from, text
from web.i18n import _
from web.pages import Page, PageNotFound, page_number, parse_uuid
from web.rules import booking_rules

router = APIRouter(include_in_schema=False)

SEAT_FIELDS = ("seats",)
SEAT_CODES: dict[str, str | None] = {"not_enough_seats": "seats", "seats_over_limit": "seats"}


async def _bookings_page(
    page: Page,
    *,
    number: int = 1,
    status: int = 200,
    errors: dict[str, FormErrors] | None = None,
    values: dict[str, dict[str, str]] | None = None,
) -> Response:
    answer, catalog, rules = await asyncio.gather(
        page.api.get("booking", "/booking/v1/bookings", params={"page": number, "size": 20}),
        page.catalog(),
        booking_rules(page),
    )
    listing = page_of(answer)
    items = listing["items"]
    upcoming = [b for b in items if b["status"] == "active" and b["event"]["status"] == "scheduled"]
    upcoming.sort(key=lambda b: b["event"]["starts_at"])
    past = [b for b in items if b["status"] == "active" and b["event"]["status"] != "scheduled"]
    cancelled = [b for b in items if b["status"] == "cancelled"]
    return await page.render(
        "bookings/list.html",
        status=status,
        upcoming=upcoming,
        past=past,
        cancelled=cancelled,
        listing=listing,
        number=number,
        booking_errors=errors or {},
        booking_values=values or {},
        titles={
            b["event"]["movie_id"]: display_title(catalog.get(b["event"]["movie_id"]))
            for b in items
            if b["event"]["movie_id"] in catalog
        },
        limit=rules.max_seats_per_booking,
    )


@router.get("/bookings")
async def my_bookings(page: PageDep, p: str | None = None) -> Response:
    """My bookings, the next evening first."""
    await page.require_user()
    return await _bookings_page(page, number=page_number(p))


@router.post("/bookings/{booking_id}/seats")
async def change_seats(page: PageDep, booking_id: str) -> Response:
    """Change the number of seats of a booking, if they fit."""
    booking_id = parse_uuid(booking_id)
    await page.require_user(next_path="/bookings")
    form = await page.form(back="/bookings")
    seats = text(form, "seats")
    answer = await page.api.call(
        "booking", "PATCH", f"/booking/v1/bookings/{booking_id}", json={"seats": seats}
    )
    if answer.ok:
        return page.redirect("/bookings", "seats_changed")
    if answer.status == 404:
        raise PageNotFound(_("There is no such booking."))
    errors = errors_from(answer, fields=SEAT_FIELDS, codes=SEAT_CODES)
    return await _bookings_page(
        page,
        status=answer.status if answer.status < 500 else 400,
        errors={booking_id: errors},
        values={booking_id: {"seats": seats}},
    )


@router.post("/bookings/{booking_id}/cancel")
async def cancel(page: PageDep, booking_id: str) -> Response:
    """Cancel a booking before the evening starts."""
    booking_id = parse_uuid(booking_id)
    await page.require_user(next_path="/bookings")
    await page.form(back="/bookings")
    answer = await page.api.post("booking", f"/booking/v1/bookings/{booking_id}/cancel")
    if answer.ok:
        return page.redirect("/bookings", "cancelled")
    if answer.status == 404:
        raise PageNotFound(_("There is no such booking."))
    errors = errors_from(answer, fields=())
    return await _bookings_page(
        page, status=answer.status if answer.status < 500 else 400, errors={booking_id: errors}
    )


@router.get("/bookings/{booking_id}/calendar.ics")
async def calendar(page: PageDep, booking_id: str) -> Response:
    """The booking as an iCalendar file, for the phone's or computer's calendar."""
    booking_id = parse_uuid(booking_id)
    await page.require_user(next_path="/bookings")
    answer = await page.api.get("booking", f"/booking/v1/bookings/{booking_id}/calendar.ics")
    if not answer.ok:
        raise PageNotFound(_("There is no such booking."))
    return Response(
        answer.content,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="kinoclub-{booking_id}.ics"'},
    )
