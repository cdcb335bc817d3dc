"""Rating after the evening through the pages: what I can still rate, the forms, a person's ratings."""

import re
from datetime import datetime, timedelta
from typing import Any

import httpx

from tests.conftest import TimeTravel
from tests.factories import TestUser
from tests.web.conftest import field_error, form_data


def test_guest_and_host_rate_each_other_after_the_evening_and_the_reviews_appear(
    gateway: httpx.Client,
    as_guest: httpx.Client,
    as_host: httpx.Client,
    guest: TestUser,
    host: TestUser,
    event: dict[str, Any],
    time_travel: TimeTravel,
) -> None:
    booked = gateway.post(
        f"/booking/v1/events/{event['id']}/bookings", json={"seats": 1}, headers=guest.headers
    )
    assert booked.status_code == 201
    before = as_guest.get(f"/events/{event['id']}/rate")
    assert "Ratings open when the evening ends" in before.text

    # Unmarked guests count as attended 48 hours after the end (docs/ratings.md).
    time_travel.to(datetime.fromisoformat(event["ends_at"]) + timedelta(hours=49))
    to_rate = as_guest.get("/ratings")
    assert f'href="/events/{event["id"]}/rate"' in to_rate.text
    assert "your host" in to_rate.text

    form = as_guest.get(f"/events/{event['id']}/rate")
    assert "Hostess Hilda" in form.text
    prefix = f"r{host.id}-"
    no_score = as_guest.post(
        f"/events/{event['id']}/rate", data=form_data(form, ratee_id=str(host.id), text="Lovely")
    )
    assert no_score.status_code == 400
    assert field_error(no_score, f"{prefix}score") == "Choose a score from 1 to 5."
    too_long = as_guest.post(
        f"/events/{event['id']}/rate", data=form_data(form, ratee_id=str(host.id), score="5", text="x" * 1001)
    )
    assert too_long.status_code == 422
    assert field_error(too_long, f"{prefix}text") == "At most 1000 characters."
    rated = as_guest.post(
        f"/events/{event['id']}/rate",
        data=form_data(form, ratee_id=str(host.id), score="5", text="Great sound, warm tea"),
    )
    assert rated.status_code == 303
    again = as_guest.get(rated.headers["location"])
    assert "You rated 5 of 5" in again.text and "it is shown once" in again.text

    host_form = as_host.get(f"/events/{event['id']}/rate")
    assert "Guest Grisha" in host_form.text
    assert (
        as_host.post(
            f"/events/{event['id']}/rate", data=form_data(host_form, ratee_id=str(guest.id), score="4")
        ).status_code
        == 303
    )

    reviews = as_guest.get(f"/users/{host.id}/ratings")
    assert "Great sound, warm tea" in reviews.text
    assert re.search(r"by <a href=\"/users/[0-9a-f-]+/ratings\">Guest Grisha</a>", reviews.text)


def test_someone_who_was_not_there_cannot_rate(
    as_guest: httpx.Client, event: dict[str, Any], time_travel: TimeTravel
) -> None:
    time_travel.to(datetime.fromisoformat(event["ends_at"]) + timedelta(hours=2))
    page = as_guest.get(f"/events/{event['id']}/rate")
    assert page.status_code == 403
    assert "Only the evening&#39;s host and its guests take part in its ratings." in page.text
    assert 'action="/events/' not in page.text.split("<main", 1)[1]
