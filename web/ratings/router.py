"""Rating after the evening: what I can still rate, the forms, and a person's ratings."""

import asyncio
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from web.api import page_of
from web.deps import PageDep
from web.forms import FormErrors, errors_from, optional, text
from web.hosting.service import recent_evenings
from web.pages import Page, PageNotFound, page_number, parse_uuid
from web.rendering import parse_time
from web.rules import booking_rules

router = APIRouter(include_in_schema=False)

RATING_FIELDS = ("score", "text")


@router.get("/ratings")
async def to_rate(page: PageDep) -> Response:
    """The evenings I can still rate: as a guest (my bookings) and as a host (my recent evenings)."""
    user = await page.require_user()
    bookings, hosted = await asyncio.gather(
        page.api.get("booking", "/booking/v1/bookings", params={"status": "active", "size": 50}),
        recent_evenings(page, user.subject),
    )
    now = page.clock.now()
    window = (await booking_rules(page)).rating_window
    candidates: list[dict[str, Any]] = []
    for booking in page_of(bookings)["items"]:
        ends = parse_time(booking["event"]["ends_at"])
        if ends and ends <= now < ends + window:
            candidates.append(
                {
                    "id": booking["event_id"],
                    "title": booking["event"]["movie_title"],
                    "starts_at": booking["event"]["starts_at"],
                    "role": "guest",
                }
            )
    for event in hosted:
        ends = parse_time(event["ends_at"])
        if ends and ends <= now:
            candidates.append(
                {
                    "id": event["id"],
                    "title": event["movie"]["title"],
                    "starts_at": event["starts_at"],
                    "role": "host",
                }
            )
    answers = await asyncio.gather(
        *(page.api.get("booking", f"/booking/v1/events/{c['id']}/ratings") for c in candidates)
    )
    evenings = []
    for candidate, answer in zip(candidates, answers, strict=True):
        if answer.ok:
            evenings.append(
                {
                    **candidate,
                    "open": len(answer.body["can_rate"]),
                    "given": len(answer.body["given"]),
                    "closes_at": answer.body["window_closes_at"],
                }
            )
    return await page.render("ratings/to_rate.html", evenings=evenings, window_days=window.days)


async def _rate_page(
    page: Page,
    event_id: str,
    *,
    status: int = 200,
    errors: dict[str, FormErrors] | None = None,
    values: dict[str, dict[str, str]] | None = None,
) -> Response:
    await page.require_user()
    event_answer, ratings_answer = await asyncio.gather(
        page.api.get("booking", f"/booking/v1/events/{event_id}"),
        page.api.get("booking", f"/booking/v1/events/{event_id}/ratings"),
    )
    if not event_answer.ok:
        raise PageNotFound("There is no such evening.")
    if ratings_answer.status in (403, 404) or not ratings_answer.ok:
        return await page.render(
            "ratings/rate.html",
            status=403 if ratings_answer.status == 403 else status,
            event=event_answer.body,
            ratings=None,
            refusal=ratings_answer.detail,
            people=[],
            names={},
            rating_errors={},
            rating_values={},
        )
    ratings = ratings_answer.body
    given = {r["ratee_id"]: r for r in ratings["given"]}
    ratees = [r["ratee_id"] for r in ratings["can_rate"]] + list(given)
    names = await page.names(ratees)
    now = page.clock.now()
    closes = parse_time(ratings["window_closes_at"])
    opens = parse_time(ratings["window_opens_at"])
    window_open = bool(opens and closes and opens <= now < closes)
    people = [
        {
            "id": ratee,
            "name": names.get(ratee, "Someone"),
            "given": given.get(ratee),
            "role": next(
                (r["role"] for r in ratings["can_rate"] if r["ratee_id"] == ratee),
                given[ratee]["role"] if ratee in given else "guest",
            ),
        }
        for ratee in ratees
    ]
    return await page.render(
        "ratings/rate.html",
        status=status,
        event=event_answer.body,
        ratings=ratings,
        refusal=None,
        people=people,
        window_open=window_open,
        not_yet=bool(opens and now < opens),
        rating_errors=errors or {},
        rating_values=values or {},
    )


@router.get("/events/{event_id}/rate")
async def rate_page(page: PageDep, event_id: str) -> Response:
    """Rate the host (as a guest) or the guests (as the host) of an evening that has ended."""
    return await _rate_page(page, parse_uuid(event_id))


@router.post("/events/{event_id}/rate")
async def rate(page: PageDep, event_id: str) -> Response:
    """Save one rating (a second one for the same person edits it while the window is open)."""
    event_id = parse_uuid(event_id)
    await page.require_user(next_path=f"/events/{event_id}/rate")
    form = await page.form(back=f"/events/{event_id}/rate")
    ratee = text(form, "ratee_id")
    body = {"ratee_id": ratee, "score": text(form, "score"), "text": optional(form, "text")}
    if not body["score"]:
        errors = FormErrors(fields={"score": "Choose a score from 1 to 5."})
        return await _rate_page(page, event_id, status=400, errors={ratee: errors}, values={ratee: form})
    answer = await page.api.post("booking", f"/booking/v1/events/{event_id}/ratings", json=body)
    if answer.ok:
        return page.redirect(f"/events/{event_id}/rate", "rated")
    errors = errors_from(answer, fields=RATING_FIELDS)
    return await _rate_page(
        page,
        event_id,
        status=answer.status if answer.status < 500 else 400,
        errors={ratee: errors},
        values={ratee: form},
    )


@router.get("/users/{user_id}/ratings")
async def user_ratings(page: PageDep, user_id: str, p: str | None = None) -> Response:
    """A person's host and guest scores, no-show rate and revealed reviews."""
    user_id = parse_uuid(user_id)
    number = page_number(p)
    person, ratings = await asyncio.gather(
        page.api.get("auth", f"/auth/v1/user_info/{user_id}", as_user=False),
        page.api.get(
            "booking",
            f"/booking/v1/users/{user_id}/ratings",
            params={"page": number, "size": 20},
            as_user=False,
        ),
    )
    if person.status == 404 or not ratings.ok:
        raise PageNotFound("There is no such person.")
    reviews = ratings.body["reviews"]
    names = await page.names([r["rater_id"] for r in reviews])
    return await page.render(
        "ratings/user.html",
        person=person.body if person.ok else {"id": user_id, "name": "Someone"},
        ratings=ratings.body,
        reviews=reviews,
        names=names,
        number=number,
        pages=max(1, -(-ratings.body["total"] // 20)),
    )
