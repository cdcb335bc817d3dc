"""One of my evenings as its host: requests to approve or decline, the guest list (attendance, remove
with a reason), the waiting list in order, the evening's seat rules, cancelling; blocking people."""

import asyncio
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from web.api import Answer, page_of
from web.deps import PageDep
from web.forms import FormErrors, errors_from, optional, refusal_status, stray_errors, text
from web.hosting.service import SEAT_RULE_FIELDS, seat_rule_options, seat_rules_body
from web.i18n import _
from web.pages import Page, PageNotFound, page_number, parse_uuid, safe_next
from web.rendering import parse_time
from web.rules import booking_rules

router = APIRouter(prefix="/hosting", include_in_schema=False)

SETTINGS_FIELDS = ("capacity", "description", *SEAT_RULE_FIELDS)
SETTINGS_CODES: dict[str, str | None] = {
    "capacity_exceeds_place": "capacity",
    "capacity_below_booked": "capacity",
}
NOTE_FIELDS = ("message", "reason")


def _not_mine() -> PageNotFound:
    return PageNotFound(_("There is no such evening among yours."))


def _settings_values(event: dict[str, Any]) -> dict[str, str]:
    return {
        "capacity": str(event["capacity"]),
        "description": event.get("description") or "",
        "approval": event.get("approval", "instant"),
        "cancel_deadline_hours": str(event.get("cancel_deadline_hours", "")),
        "waitlist_priority": event.get("waitlist_priority", "arrival"),
    }


async def guests_page(
    page: Page,
    event_id: str,
    *,
    status: int = 200,
    errors: FormErrors | None = None,
    marks: dict[str, str | None] | None = None,
    row_errors: dict[str, FormErrors] | None = None,
    row_values: dict[str, dict[str, str]] | None = None,
    settings_errors: FormErrors | None = None,
    settings_values: dict[str, str] | None = None,
) -> Response:
    """The host's page of one evening; a refused form comes back here with its errors."""
    user = await page.require_user()
    event_answer, guests_answer, waitlist_answer, rules = await asyncio.gather(
        page.api.get("booking", f"/booking/v1/events/{event_id}"),
        page.api.get("booking", f"/booking/v1/events/{event_id}/bookings"),
        page.api.get("booking", f"/booking/v1/events/{event_id}/waitlist"),
        booking_rules(page),
    )
    if not event_answer.ok or event_answer.body["host"]["id"] != user.subject or not guests_answer.ok:
        raise _not_mine()
    event = event_answer.body
    now = page.clock.now()
    starts = parse_time(event["starts_at"]) or now
    ends = parse_time(event["ends_at"]) or starts
    live = event["status"] != "cancelled"
    guests = guests_answer.body
    requests = [g for g in guests["guests"] if g.get("status") == "pending"]
    for request in requests:
        # The guest list does not carry it: the same rule the booking API states in GET /rules.
        asked = parse_time(request["booked_at"]) or now
        request["answer_by"] = min(asked + rules.pending_answer, starts - rules.pending_stop)
    waitlist = waitlist_answer.body if waitlist_answer.ok else None
    return await page.render(
        "hosting/event.html",
        status=status,
        event=event,
        guests={**guests, "guests": [g for g in guests["guests"] if g.get("status") != "pending"]},
        requests=requests,
        waitlist=waitlist,
        attendance_open=live and starts <= now <= ends + rules.attendance_grace,
        rating_open=live and ends <= now < ends + rules.rating_window,
        editable=event["status"] == "scheduled" and now < starts,
        errors=(errors or FormErrors()).merge(
            stray_errors(row_errors or {}, [g["booking_id"] for g in guests["guests"]])
        ),
        marks=marks or {},
        saved=bool(marks) and not errors,
        row_errors=row_errors or {},
        row_values=row_values or {},
        settings_errors=settings_errors or FormErrors(),
        settings_values=settings_values or _settings_values(event),
        seat_rules=seat_rule_options(),
    )


@router.get("/events/{event_id}")
async def guests(page: PageDep, event_id: str) -> Response:
    """An evening's requests, guest list and waiting list, with attendance marking once it has started."""
    return await guests_page(page, parse_uuid(event_id))


@router.post("/events/{event_id}/attendance")
async def attendance(page: PageDep, event_id: str) -> Response:
    """Mark guests attended or no-show."""
    event_id = parse_uuid(event_id)
    await page.require_user(next_path=f"/hosting/events/{event_id}")
    form = await page.form(back=f"/hosting/events/{event_id}")
    marks = [
        {"booking_id": key.removeprefix("attended-"), "attended": value == "yes"}
        for key, value in form.items()
        if key.startswith("attended-") and value in ("yes", "no")
    ]
    if not marks:
        errors = FormErrors(general=[_("Choose came or no-show for at least one guest.")])
        return await guests_page(page, event_id, status=400, errors=errors)
    answer = await page.api.post(
        "booking", f"/booking/v1/events/{event_id}/attendance", json={"marks": marks}
    )
    if answer.ok:
        saved = {row["booking_id"]: row["attendance"] for row in answer.body}
        return await guests_page(page, event_id, marks=saved, errors=FormErrors())
    if answer.status in (403, 404):
        raise _not_mine()
    return await guests_page(
        page, event_id, status=refusal_status(answer.status), errors=errors_from(answer, fields=())
    )


@router.post("/events/{event_id}/cancel")
async def cancel_event(page: PageDep, event_id: str) -> Response:
    """Cancel an evening and every booking in it (the guests are told)."""
    event_id = parse_uuid(event_id)
    await page.require_user(next_path=f"/hosting/events/{event_id}")
    await page.form(back=f"/hosting/events/{event_id}")
    answer = await page.api.post("booking", f"/booking/v1/events/{event_id}/cancel")
    if answer.ok:
        return page.redirect("/hosting", "event_cancelled")
    if answer.status in (403, 404):
        raise _not_mine()
    return await guests_page(
        page, event_id, status=refusal_status(answer.status), errors=errors_from(answer, fields=())
    )


@router.post("/events/{event_id}/settings")
async def settings(page: PageDep, event_id: str) -> Response:
    """Change the seats, description and seat rules of an upcoming evening (more seats go to the
    waiting list)."""
    event_id = parse_uuid(event_id)
    await page.require_user(next_path=f"/hosting/events/{event_id}")
    form = await page.form(back=f"/hosting/events/{event_id}")
    body = {
        "capacity": text(form, "capacity"),
        "description": optional(form, "description"),
        **seat_rules_body(form),
    }
    answer = await page.api.call("booking", "PATCH", f"/booking/v1/events/{event_id}", json=body)
    if answer.ok:
        return page.redirect(f"/hosting/events/{event_id}", "event_saved")
    if answer.status in (403, 404):
        raise _not_mine()
    return await guests_page(
        page,
        event_id,
        status=refusal_status(answer.status),
        settings_errors=errors_from(answer, fields=SETTINGS_FIELDS, codes=SETTINGS_CODES),
        settings_values=form,
    )


# -- requests and guests: approve, decline, remove ------------------------------------------------------
async def _answer_guest(page: Page, event_id: str, booking_id: str, action: str) -> Response:
    event_id, booking_id = parse_uuid(event_id), parse_uuid(booking_id)
    back = f"/hosting/events/{event_id}"
    await page.require_user(next_path=back)
    form = await page.form(back=back)
    note_field = {"decline": "message", "remove": "reason"}.get(action)
    body: dict[str, Any] | None = None
    if note_field is not None:
        note = optional(form, note_field)
        if note is None and action == "remove":
            errors = FormErrors(fields={"reason": _("Tell the guest why: they are shown your reason.")})
            return await guests_page(page, event_id, status=400, row_errors={booking_id: errors})
        body = {note_field: note} if note is not None else None
    answer = await page.api.post("booking", f"/booking/v1/bookings/{booking_id}/{action}", json=body)
    if answer.ok:
        return page.redirect(back, {"approve": "approved", "decline": "declined"}.get(action, "removed"))
    return await _refused(page, event_id, booking_id, answer, form)


async def _refused(
    page: Page, event_id: str, booking_id: str, answer: Answer, form: dict[str, str]
) -> Response:
    if answer.status == 404 and answer.code == "booking_not_found":
        raise PageNotFound(_("There is no such guest on this evening."))
    if answer.status in (403, 404):
        raise _not_mine()
    errors = errors_from(answer, fields=NOTE_FIELDS)
    return await guests_page(
        page,
        event_id,
        status=refusal_status(answer.status),
        row_errors={booking_id: errors},
        row_values={booking_id: {name: form.get(name, "") for name in NOTE_FIELDS}},
    )


@router.post("/events/{event_id}/bookings/{booking_id}/approve")
async def approve(page: PageDep, event_id: str, booking_id: str) -> Response:
    """Approve a request: its held seats are booked and the guest is told."""
    return await _answer_guest(page, event_id, booking_id, "approve")


@router.post("/events/{event_id}/bookings/{booking_id}/decline")
async def decline(page: PageDep, event_id: str, booking_id: str) -> Response:
    """Decline a request, with an optional message for the guest; the seats come free."""
    return await _answer_guest(page, event_id, booking_id, "decline")


@router.post("/events/{event_id}/bookings/{booking_id}/remove")
async def remove(page: PageDep, event_id: str, booking_id: str) -> Response:
    """Remove a guest with a reason they are shown; the seats go to the waiting list."""
    return await _answer_guest(page, event_id, booking_id, "remove")


# -- blocked people -------------------------------------------------------------------------------------
@router.get("/blocked")
async def blocked(page: PageDep, p: str | None = None) -> Response:
    """The people I have blocked from my evenings, with Unblock."""
    await page.require_user()
    number = page_number(p)
    answer = await page.api.get("booking", "/booking/v1/me/blocked", params={"page": number, "size": 50})
    return await page.render("hosting/blocked.html", listing=page_of(answer), number=number)


@router.post("/blocked")
async def block(page: PageDep) -> Response:
    """Block a person from my evenings (their current bookings stay until I remove them)."""
    await page.require_user(next_path="/hosting/blocked")
    form = await page.form(back="/hosting/blocked")
    back = safe_next(form.get("back"), "/hosting/blocked")
    user_id = parse_uuid(text(form, "user_id"))
    answer = await page.api.call("booking", "PUT", f"/booking/v1/me/blocked/{user_id}")
    if answer.ok:
        return page.redirect(back, "blocked")
    return await _block_refused(page, answer, back)


@router.post("/blocked/{user_id}/unblock")
async def unblock(page: PageDep, user_id: str) -> Response:
    """Let a blocked person book my evenings again."""
    user_id = parse_uuid(user_id)
    await page.require_user(next_path="/hosting/blocked")
    await page.form(back="/hosting/blocked")
    answer = await page.api.call("booking", "DELETE", f"/booking/v1/me/blocked/{user_id}")
    if answer.ok:
        return page.redirect("/hosting/blocked", "unblocked")
    return await _block_refused(page, answer, "/hosting/blocked")


async def _block_refused(page: Page, answer: Answer, back: str) -> Response:
    if answer.status == 404:
        raise PageNotFound(_("There is no such person."))
    message = errors_from(answer, fields=()).general[0]
    return await page.render(
        "error.html",
        status=refusal_status(answer.status),
        title=_("Nothing was changed"),
        message=message,
        back=back,
    )
