"""Reporting an evening, a host or a guest to the moderators; the moderators' list of reports."""

import asyncio
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from web.api import page_of
from web.deps import PageDep
from web.forms import FormErrors, errors_from, optional, refusal_status, text
from web.i18n import N_, _
from web.pages import Page, PageNotFound, page_number, parse_uuid, safe_next

router = APIRouter(include_in_schema=False)

TARGET_TYPES = ("event", "host", "guest")
# Sent as the report's `reason` (stable words the moderators' page translates); details go in `text`.
REASONS = (
    ("misleading", N_("Misleading or fake")),
    ("unsafe", N_("Unsafe place or behaviour")),
    ("harassment", N_("Harassment or offensive behaviour")),
    ("no_show", N_("Did not come, or the evening did not take place")),
    ("spam", N_("Spam or advertising")),
    ("other", N_("Something else")),
)
REASON_NAMES = dict(REASONS)
ACTIONS = (
    ("dismiss", N_("Dismiss: nothing wrong")),
    ("hide_event", N_("Hide the evening from every list and page")),
    ("ban", N_("Ban the person (for an evening: its host)")),
)
REPORT_FIELDS = ("reason", "text")
RESOLVE_FIELDS = ("action", "note")


def reason_name(reason: str) -> str:
    """A report's reason for people: one of ours translated, anything else as the reporter wrote it."""
    return _(REASON_NAMES[reason]) if reason in REASON_NAMES else reason


async def _target(page: Page, target_type: str, target_id: str) -> str:
    """What is reported, in words: the evening's film, or the person's name."""
    if target_type == "event":
        answer = await page.api.get("booking", f"/booking/v1/events/{target_id}")
        if not answer.ok:
            raise PageNotFound(_("There is no such evening."))
        return str(answer.body["movie"]["title"])
    names = await page.names([target_id])
    if target_id not in names:
        raise PageNotFound(_("There is no such person."))
    return names[target_id]


async def _report_form(
    page: Page, values: dict[str, str], *, status: int = 200, errors: FormErrors | None = None
) -> Response:
    target_type = values.get("target_type", "")
    if target_type not in TARGET_TYPES:
        raise PageNotFound()
    target_id = parse_uuid(values.get("target_id", ""))
    return await page.render(
        "reports/new.html",
        status=status,
        target_type=target_type,
        target_id=target_id,
        target_name=await _target(page, target_type, target_id),
        reasons=[(value, _(label)) for value, label in REASONS],
        values=values,
        errors=errors or FormErrors(),
    )


@router.get("/report")
async def new_report(
    page: PageDep, target_type: str = "", target_id: str = "", back: str | None = None
) -> Response:
    """The form to report an evening, a host or a guest."""
    await page.require_user()
    values = {"target_type": target_type, "target_id": target_id, "back": safe_next(back)}
    return await _report_form(page, values)


@router.post("/report")
async def send_report(page: PageDep) -> Response:
    """Send a report to the moderators."""
    await page.require_user(next_path="/")
    form = await page.form(back="/")
    body: dict[str, Any] = {
        "target_type": text(form, "target_type"),
        "target_id": text(form, "target_id"),
        "reason": text(form, "reason"),
        "text": optional(form, "text"),
    }
    back = safe_next(form.get("back"))
    errors = FormErrors()
    if body["reason"] not in REASON_NAMES:
        errors.add("reason", _("Choose what happened."))
    else:
        answer = await page.api.post("booking", "/booking/v1/reports", json=body)
        if answer.ok:
            return page.redirect(back, "reported")
        if answer.status == 404:
            raise PageNotFound(_("There is no such evening or person to report."))
        errors = errors_from(answer, fields=REPORT_FIELDS)
    return await _report_form(page, {**form, "back": back}, status=400, errors=errors)


# -- moderators ---------------------------------------------------------------------------------------
async def _reports_page(
    page: Page, *, state: str, number: int, status: int = 200, errors: dict[str, FormErrors] | None = None
) -> Response:
    await page.require_user()
    answer = await page.api.get(
        "booking", "/booking/v1/reports", params={"status": state, "page": number, "size": 20}
    )
    if answer.status == 403:
        # Only moderators have this page; for anyone else it does not exist.
        raise PageNotFound()
    listing = page_of(answer)
    items = listing["items"]
    people = [r["reporter_id"] for r in items] + [
        r["target_id"] for r in items if r["target_type"] != "event"
    ]
    evening_ids = list(dict.fromkeys(r["target_id"] for r in items if r["target_type"] == "event"))
    names, evenings = await asyncio.gather(
        page.names(people),
        asyncio.gather(*(page.api.get("booking", f"/booking/v1/events/{e}") for e in evening_ids)),
    )
    titles = {e.body["id"]: e.body["movie"]["title"] for e in evenings if e.ok}
    return await page.render(
        "reports/list.html",
        status=status,
        state=state,
        listing=listing,
        number=number,
        names=names,
        titles=titles,
        reason_name=reason_name,
        actions=[(value, _(label)) for value, label in ACTIONS],
        report_errors=errors or {},
    )


@router.get("/moderation/reports")
async def reports(page: PageDep, status: str = "open", p: str | None = None) -> Response:
    """Reports to resolve (moderators only; anyone else gets 404)."""
    state = status if status in ("open", "resolved") else "open"
    return await _reports_page(page, state=state, number=page_number(p))


@router.post("/moderation/reports/{report_id}/resolve")
async def resolve(page: PageDep, report_id: str) -> Response:
    """Resolve a report: dismiss it, hide the evening, or ban the person."""
    report_id = parse_uuid(report_id)
    await page.require_user(next_path="/moderation/reports")
    form = await page.form(back="/moderation/reports")
    body = {"action": text(form, "action"), "note": optional(form, "note")}
    answer = await page.api.post("booking", f"/booking/v1/reports/{report_id}/resolve", json=body)
    if answer.ok:
        return page.redirect("/moderation/reports", "report_resolved")
    if answer.status in (403, 404):
        raise PageNotFound()
    errors = errors_from(answer, fields=RESOLVE_FIELDS)
    return await _reports_page(
        page, state="open", number=1, status=refusal_status(answer.status), errors={report_id: errors}
    )
