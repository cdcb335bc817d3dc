"""Hosting: places, one evening or a weekly schedule, guest lists with attendance, cancelling."""

import asyncio
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from fastapi import APIRouter
from fastapi.responses import Response

from web.api import page_of
from web.deps import PageDep
from web.forms import FormErrors, errors_from, optional, text
from web.hosting.service import SEAT_RULE_FIELDS, recent_evenings, seat_rule_options, seat_rules_body
from web.i18n import N_, _
from web.pages import Page, PageNotFound, parse_uuid
from web.rendering import zone_name
from web.rules import booking_rules

router = APIRouter(prefix="/hosting", include_in_schema=False)

PLACE_FIELDS = ("name", "address", "city", "capacity", "latitude", "longitude", "notes")
PLACE_CODES: dict[str, str | None] = {
    "place_capacity_too_large": "capacity",
    "place_too_small_for_events": "capacity",
}
EVENT_FIELDS = (
    "movie_id",
    "place_id",
    "starts_at",
    "timezone",
    "capacity",
    "description",
    "min_guest_rating",
    "max_no_show_rate",
    *SEAT_RULE_FIELDS,
)
WEEKLY_FIELDS = (
    "movie_id",
    "place_id",
    "weekday",
    "time",
    "timezone",
    "count",
    "start_date",
    "capacity",
    "description",
    "min_guest_rating",
    "max_no_show_rate",
    *SEAT_RULE_FIELDS,
)
EVENT_CODES: dict[str, str | None] = {
    "movie_not_found": "movie_id",
    "movie_not_bookable": "movie_id",
    "place_not_found": "place_id",
    "place_not_yours": "place_id",
    "start_out_of_window": "starts_at",
    "place_busy": "starts_at",
    "capacity_exceeds_place": "capacity",
}
WEEKLY_CODES: dict[str, str | None] = {**EVENT_CODES, "start_out_of_window": "start_date", "place_busy": None}
WEEKLY_LOCS = {f"weekly.{name}": name for name in ("weekday", "time", "timezone", "count", "start_date")}
WEEKDAYS = (
    ("monday", N_("Monday")),
    ("tuesday", N_("Tuesday")),
    ("wednesday", N_("Wednesday")),
    ("thursday", N_("Thursday")),
    ("friday", N_("Friday")),
    ("saturday", N_("Saturday")),
    ("sunday", N_("Sunday")),
)
COMMON_ZONES = (
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Magadan",
    "Asia/Kamchatka",
    "Europe/London",
    "Europe/Berlin",
    "UTC",
)


@router.get("")
async def overview(page: PageDep) -> Response:
    """My places, my upcoming evenings, and the recent ones (guest lists, attendance, ratings)."""
    user = await page.require_user()
    places, events, recent = await asyncio.gather(
        page.api.get("booking", "/booking/v1/places", params={"size": 100}),
        page.api.get("booking", "/booking/v1/events", params={"host_id": user.subject, "size": 50}),
        recent_evenings(page, user.subject),
    )
    return await page.render(
        "hosting/overview.html",
        places=page_of(places)["items"],
        events=page_of(events)["items"],
        events_total=page_of(events)["total"],
        recent=recent,
    )


# -- places -------------------------------------------------------------------------------------------
def _place_body(form: dict[str, str], *, partial: bool) -> dict[str, Any]:
    body: dict[str, Any] = {name: text(form, name) for name in ("name", "address", "city", "capacity")}
    for name in ("latitude", "longitude", "notes"):
        value = optional(form, name)
        if value is not None or partial:
            body[name] = value
    return body


@router.get("/places/new")
async def new_place(page: PageDep) -> Response:
    """The form for a new place."""
    await page.require_user()
    return await page.render("hosting/place.html", place=None)


@router.post("/places")
async def create_place(page: PageDep) -> Response:
    """Save a new place."""
    await page.require_user(next_path="/hosting/places/new")
    form = await page.form(back="/hosting/places/new")
    answer = await page.api.post("booking", "/booking/v1/places", json=_place_body(form, partial=False))
    if answer.ok:
        return page.redirect("/hosting", "place_saved")
    errors = errors_from(answer, fields=PLACE_FIELDS, codes=PLACE_CODES)
    return await page.render("hosting/place.html", status=400, place=None, errors=errors, values=form)


@router.get("/places/{place_id}")
async def edit_place(page: PageDep, place_id: str) -> Response:
    """The form to change a place."""
    place_id = parse_uuid(place_id)
    await page.require_user()
    place = await _place(page, place_id)
    values = {k: "" if place.get(k) is None else str(place[k]) for k in PLACE_FIELDS}
    return await page.render("hosting/place.html", place=place, values=values)


async def _place(page: Page, place_id: str) -> dict[str, Any]:
    answer = await page.api.get("booking", f"/booking/v1/places/{place_id}")
    if not answer.ok:
        raise PageNotFound(_("There is no such place among yours."))
    return answer.body


@router.post("/places/{place_id}")
async def update_place(page: PageDep, place_id: str) -> Response:
    """Save changes to a place."""
    place_id = parse_uuid(place_id)
    await page.require_user(next_path=f"/hosting/places/{place_id}")
    form = await page.form(back=f"/hosting/places/{place_id}")
    answer = await page.api.call(
        "booking", "PATCH", f"/booking/v1/places/{place_id}", json=_place_body(form, partial=True)
    )
    if answer.ok:
        return page.redirect("/hosting", "place_saved")
    if answer.status in (403, 404):
        raise PageNotFound(_("There is no such place among yours."))
    place = await _place(page, place_id)
    errors = errors_from(answer, fields=PLACE_FIELDS, codes=PLACE_CODES)
    return await page.render("hosting/place.html", status=400, place=place, errors=errors, values=form)


@router.post("/places/{place_id}/delete")
async def delete_place(page: PageDep, place_id: str) -> Response:
    """Delete a place that has no upcoming evenings."""
    place_id = parse_uuid(place_id)
    await page.require_user(next_path=f"/hosting/places/{place_id}")
    await page.form(back=f"/hosting/places/{place_id}")
    answer = await page.api.call("booking", "DELETE", f"/booking/v1/places/{place_id}")
    if answer.ok:
        return page.redirect("/hosting", "place_deleted")
    if answer.status in (403, 404):
        raise PageNotFound(_("There is no such place among yours."))
    place = await _place(page, place_id)
    errors = errors_from(answer, fields=())
    values = {k: "" if place.get(k) is None else str(place[k]) for k in PLACE_FIELDS}
    return await page.render("hosting/place.html", status=409, place=place, errors=errors, values=values)


# -- evenings -----------------------------------------------------------------------------------------
async def _new_event_page(
    page: Page,
    *,
    status: int = 200,
    one_errors: FormErrors | None = None,
    one_values: dict[str, str] | None = None,
    weekly_errors: FormErrors | None = None,
    weekly_values: dict[str, str] | None = None,
) -> Response:
    places, catalog, profile, rules = await asyncio.gather(
        page.api.get("booking", "/booking/v1/places", params={"size": 100}),
        page.catalog(),
        page.profile(),
        booking_rules(page),
    )
    films = sorted(catalog.values(), key=lambda f: (f["title"].lower(), f["year"]))
    zone = (profile or {}).get("timezone") or page.settings.display_timezone
    zones = COMMON_ZONES if zone in COMMON_ZONES else (zone, *COMMON_ZONES)
    return await page.render(
        "hosting/new_event.html",
        status=status,
        places=page_of(places)["items"],
        films=films,
        zones=zones,
        default_zone=zone,
        weekdays=[(value, _(name)) for value, name in WEEKDAYS],
        zone_names={name: zone_name(name) for name in zones},
        one_errors=one_errors or FormErrors(),
        one_values=one_values or {},
        weekly_errors=weekly_errors or FormErrors(),
        weekly_values=weekly_values or {},
        seat_rules=seat_rule_options(),
        default_deadline=str(rules.default_cancel_deadline_hours),
    )


@router.get("/events/new")
async def new_event(page: PageDep) -> Response:
    """Forms for one evening or a weekly schedule."""
    await page.require_user()
    return await _new_event_page(page)


def _zone_error(name: str, errors: FormErrors) -> ZoneInfo | None:
    if not name or name not in _zones():
        errors.add("timezone", _("Choose a time zone from the list."))
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        errors.add("timezone", _("Choose a time zone from the list."))
        return None


_ZONES: set[str] = set()


def _zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES


def _common_body(form: dict[str, str]) -> dict[str, Any]:
    return {
        "movie_id": text(form, "movie_id"),
        "place_id": text(form, "place_id"),
        "capacity": text(form, "capacity"),
        "description": optional(form, "description"),
        "min_guest_rating": optional(form, "min_guest_rating"),
        "max_no_show_rate": optional(form, "max_no_show_rate"),
        **seat_rules_body(form),
    }


@router.post("/events")
async def create_event(page: PageDep) -> Response:
    """Put one evening on the schedule."""
    await page.require_user(next_path="/hosting/events/new")
    form = await page.form(back="/hosting/events/new")
    errors = FormErrors()
    zone = _zone_error(text(form, "timezone"), errors)
    starts_at = None
    raw_start = text(form, "starts_at")
    if not raw_start:
        errors.add("starts_at", _("Enter the date and time it starts."))
    else:
        try:
            starts_at = datetime.fromisoformat(raw_start)
        except ValueError:
            errors.add("starts_at", _("Enter a date and time, such as 2026-12-11 19:30."))
    body = _common_body(form)
    if not errors and starts_at is not None and zone is not None:
        if starts_at.tzinfo is None:
            starts_at = starts_at.replace(tzinfo=zone)
        body["starts_at"] = starts_at.isoformat()
    # Without a usable start the API is still asked, so every other field's error shows at once;
    # it cannot create anything without `starts_at`.
    answer = await page.api.post("booking", "/booking/v1/events", json=body)
    if answer.ok and not errors:
        return page.redirect(f"/hosting/events/{answer.body['id']}", "event_created")
    if not answer.ok:
        api_errors = errors_from(answer, fields=EVENT_FIELDS, codes=EVENT_CODES)
        if "starts_at" not in body:
            api_errors.fields.pop("starts_at", None)
        errors.merge(api_errors)
    return await _new_event_page(page, status=400, one_errors=errors, one_values=form)


@router.post("/schedules")
async def create_schedule(page: PageDep) -> Response:
    """Put a weekly series of evenings on the schedule, all or nothing."""
    await page.require_user(next_path="/hosting/events/new")
    form = await page.form(back="/hosting/events/new")
    weekly = {
        "weekday": text(form, "weekday"),
        "time": text(form, "time"),
        "timezone": text(form, "timezone"),
        "count": text(form, "count"),
    }
    if optional(form, "start_date"):
        weekly["start_date"] = text(form, "start_date")
    answer = await page.api.post(
        "booking", "/booking/v1/schedules", json={**_common_body(form), "weekly": weekly}
    )
    if answer.ok:
        return page.redirect("/hosting", "schedule_created")
    errors = errors_from(answer, fields=WEEKLY_FIELDS, codes=WEEKLY_CODES, locs=WEEKLY_LOCS)
    return await _new_event_page(page, status=400, weekly_errors=errors, weekly_values=form)
