"""The waiting list from the guest's side: join a full evening, leave, claim or decline seats offered."""

from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import Response

from web.api import Answer
from web.bookings.listing import bookings_page
from web.catalog.evenings import event_page
from web.deps import PageDep
from web.forms import errors_from, idempotency_headers, refusal_status, text
from web.i18n import _
from web.pages import Page, PageNotFound, parse_uuid

router = APIRouter(include_in_schema=False)

WAIT_FIELDS = ("seats",)
WAIT_CODES: dict[str, str | None] = {
    "seats_over_limit": "seats",
    "seats_available": "seats",
    "not_enough_seats": "seats",
}


@router.post("/events/{event_id}/waitlist")
async def join(page: PageDep, event_id: str) -> Response:
    """Join a full evening's waiting list (optionally booked by itself when seats free up)."""
    event_id = parse_uuid(event_id)
    if await page.user() is None and not page.session.auth_unavailable:
        return page.redirect(f"/signin?next={quote(f'/events/{event_id}', safe='/')}#waitlist")
    await page.require_user(next_path=f"/events/{event_id}")
    form = await page.form(back=f"/events/{event_id}")
    seats = text(form, "seats")
    auto_book = form.get("auto_book") == "yes"
    answer = await page.api.post(
        "booking", f"/booking/v1/events/{event_id}/waitlist", json={"seats": seats, "auto_book": auto_book}
    )
    if answer.ok:
        return page.redirect(f"/events/{event_id}", "waiting")
    if answer.status == 404:
        raise PageNotFound(_("There is no such evening."))
    return await event_page(
        page,
        event_id,
        status=refusal_status(answer.status),
        wait_errors=errors_from(answer, fields=WAIT_FIELDS, codes=WAIT_CODES),
        wait_values={"seats": seats, "auto_book": "yes" if auto_book else ""},
    )


async def _on_entry(page: Page, entry_id: str, method: str, action: str = "") -> tuple[str, Answer]:
    """Ask the booking API to `action` the waiting-list entry (after sign-in and the CSRF check)."""
    entry_id = parse_uuid(entry_id)
    await page.require_user(next_path="/bookings")
    form = await page.form(back="/bookings")
    headers = idempotency_headers(form) if action == "claim" else None
    path = f"/booking/v1/waitlist/{entry_id}" + (f"/{action}" if action else "")
    answer = await page.api.call("booking", method, path, headers=headers)
    if answer.status == 404:
        raise PageNotFound(_("There is no such place on a waiting list among yours."))
    return entry_id, answer


async def _refused(page: Page, entry_id: str, answer: Answer) -> Response:
    errors = errors_from(answer, fields=())
    return await bookings_page(page, status=refusal_status(answer.status), errors={entry_id: errors})


@router.post("/waitlist/{entry_id}/claim")
async def claim(page: PageDep, entry_id: str) -> Response:
    """Claim the seats offered to me: they become my booking (a request, where the host approves)."""
    entry_id, answer = await _on_entry(page, entry_id, "POST", "claim")
    if answer.status == 202:
        return page.redirect("/bookings", "claimed_pending")
    if answer.ok or answer.code in ("already_claimed", "request_in_progress"):
        return page.redirect("/bookings", "claimed")
    return await _refused(page, entry_id, answer)


@router.post("/waitlist/{entry_id}/decline")
async def decline(page: PageDep, entry_id: str) -> Response:
    """Pass the seats offered to me on to the next person at once."""
    entry_id, answer = await _on_entry(page, entry_id, "POST", "decline")
    if answer.ok:
        return page.redirect("/bookings", "offer_declined")
    return await _refused(page, entry_id, answer)


@router.post("/waitlist/{entry_id}/leave")
async def leave(page: PageDep, entry_id: str) -> Response:
    """Leave a waiting list (an offer I hold goes to the next person)."""
    entry_id, answer = await _on_entry(page, entry_id, "DELETE")
    if answer.ok:
        return page.redirect("/bookings", "left_waitlist")
    return await _refused(page, entry_id, answer)
