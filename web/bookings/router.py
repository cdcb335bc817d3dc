"""My bookings: change seats, cancel (late after the evening's deadline), withdraw a request, add to
calendar."""

from fastapi import APIRouter
from fastapi.responses import Response

from web.bookings.listing import bookings_page
from web.deps import PageDep
from web.forms import errors_from, text
from web.i18n import _
from web.pages import Page, PageNotFound, page_number, parse_uuid

router = APIRouter(include_in_schema=False)

SEAT_FIELDS = ("seats",)
SEAT_CODES: dict[str, str | None] = {"not_enough_seats": "seats", "seats_over_limit": "seats"}


@router.get("/bookings")
async def my_bookings(page: PageDep, p: str | None = None) -> Response:
    """My offers, requests, bookings and waiting-list places, the next evening first."""
    await page.require_user()
    return await bookings_page(page, number=page_number(p))


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
    return await bookings_page(
        page,
        status=answer.status if answer.status < 500 else 400,
        errors={booking_id: errors},
        values={booking_id: {"seats": seats}},
    )


async def _cancel(page: Page, booking_id: str, notice: str) -> Response:
    booking_id = parse_uuid(booking_id)
    await page.require_user(next_path="/bookings")
    await page.form(back="/bookings")
    answer = await page.api.post("booking", f"/booking/v1/bookings/{booking_id}/cancel")
    if answer.ok:
        return page.redirect("/bookings", notice)
    if answer.status == 404:
        raise PageNotFound(_("There is no such booking."))
    errors = errors_from(answer, fields=())
    return await bookings_page(
        page, status=answer.status if answer.status < 500 else 400, errors={booking_id: errors}
    )


@router.post("/bookings/{booking_id}/cancel")
async def cancel(page: PageDep, booking_id: str) -> Response:
    """Cancel a booking before the evening starts (after the evening's deadline it is late)."""
    return await _cancel(page, booking_id, "cancelled")


@router.post("/bookings/{booking_id}/withdraw")
async def withdraw(page: PageDep, booking_id: str) -> Response:
    """Withdraw a request the host has not answered yet (it never counts against me)."""
    return await _cancel(page, booking_id, "withdrawn")


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
