"""Hosting through the pages: places, one evening, a weekly schedule, guest lists and attendance."""

import re
from datetime import datetime, timedelta
from typing import Any

import httpx

from tests.conftest import TimeTravel
from tests.factories import TestUser
from tests.web.conftest import field_error, form_data, future, make_place, wait_for


def _my_events(gateway: httpx.Client, host: TestUser) -> list[dict[str, Any]]:
    response = gateway.get("/booking/v1/events", params={"host_id": str(host.id), "size": 100})
    return response.json()["items"]


def test_a_host_adds_a_place_and_the_apis_errors_go_beside_their_fields(
    gateway: httpx.Client, as_host: httpx.Client, host: TestUser
) -> None:
    page = as_host.get("/hosting/places/new")
    for label in ("Name", "Address", "City", "How many people it holds", "Latitude", "Notes for guests"):
        assert f">{label}" in page.text
    bad = as_host.post(
        "/hosting/places",
        data=form_data(page, name="", address="Lenina 1", city="Kazan", capacity="0", latitude="95"),
    )
    assert bad.status_code == 400
    assert field_error(bad, "name")
    assert field_error(bad, "capacity") == "Enter 1 or more."
    assert field_error(bad, "latitude") == "Enter 90 or less."
    assert 'value="Lenina 1"' in bad.text
    too_big = as_host.post(
        "/hosting/places",
        data=form_data(page, name="Stadium", address="Lenina 1", city="Kazan", capacity="9999"),
    )
    assert field_error(too_big, "capacity").startswith("A place can hold at most")
    assert gateway.get("/booking/v1/places", headers=host.headers).json()["items"] == []

    made = as_host.post(
        "/hosting/places",
        data=form_data(
            page, name="Roof", address="Lenina 1", city="Kazan", capacity="12", notes="Knock twice"
        ),
    )
    assert made.status_code == 303
    [place] = gateway.get("/booking/v1/places", headers=host.headers).json()["items"]
    assert (place["name"], place["capacity"], place["notes"], place["latitude"]) == (
        "Roof",
        12,
        "Knock twice",
        None,
    )

    edit = as_host.get(f"/hosting/places/{place['id']}")
    assert 'value="Roof"' in edit.text
    changed = as_host.post(
        f"/hosting/places/{place['id']}",
        data=form_data(edit, name="Roof terrace", address="Lenina 1", city="Kazan", capacity="10", notes=""),
    )
    assert changed.status_code == 303
    place = gateway.get(f"/booking/v1/places/{place['id']}", headers=host.headers).json()
    assert (place["name"], place["capacity"], place["notes"]) == ("Roof terrace", 10, None)


def test_a_host_creates_one_evening_and_a_weekly_schedule_with_errors_beside_fields(
    gateway: httpx.Client, as_host: httpx.Client, host: TestUser, movie: dict[str, Any]
) -> None:
    place = make_place(gateway, host, name="Den", capacity=6)
    page = as_host.get("/hosting/events/new")
    assert '<label for="weekly-weekday">Day of the week</label>' in page.text
    assert '<label for="one-starts_at">Starts</label>' in page.text
    common = {"movie_id": movie["id"], "place_id": place["id"], "timezone": "Europe/Moscow"}

    past = as_host.post(
        "/hosting/events", data=form_data(page, **common, starts_at="2020-01-01T19:00", capacity="4")
    )
    assert past.status_code == 400
    assert field_error(past, "one-starts_at").startswith("An evening starts between")
    too_many = as_host.post(
        "/hosting/events",
        data=form_data(page, **common, starts_at=future(days=9).strftime("%Y-%m-%dT%H:%M"), capacity="7"),
    )
    assert field_error(too_many, "one-capacity") == "The place holds 6; offer at most that many seats."
    no_zone = as_host.post(
        "/hosting/events",
        data=form_data(page, **{**common, "timezone": "Mars/Olympus"}, starts_at="x", capacity="1"),
    )
    assert field_error(no_zone, "one-timezone") and field_error(no_zone, "one-starts_at")
    assert _my_events(gateway, host) == []

    start = future(days=9).replace(second=0)
    one = as_host.post(
        "/hosting/events",
        data=form_data(
            page, **{**common, "timezone": "UTC"}, starts_at=start.strftime("%Y-%m-%dT%H:%M"), capacity="4"
        ),
    )
    assert one.status_code == 303, one.text[-1500:]
    assert one.headers["location"].startswith("/hosting/events/")
    [made] = _my_events(gateway, host)
    assert datetime.fromisoformat(made["starts_at"]) == start

    bad_weekly = as_host.post(
        "/hosting/schedules",
        data=form_data(page, **common, weekday="someday", time="25:00", count="0", capacity="4"),
    )
    assert bad_weekly.status_code == 400
    for name in ("weekday", "time", "count"):
        assert field_error(bad_weekly, f"weekly-{name}"), name
    weekly = as_host.post(
        "/hosting/schedules",
        data=form_data(
            page,
            **common,
            weekday="tuesday",
            time="20:15",
            count="3",
            capacity="5",
            start_date=(datetime.now().date() + timedelta(days=30)).isoformat(),
        ),
    )
    assert weekly.status_code == 303, weekly.text[-1500:]
    events = _my_events(gateway, host)
    assert len(events) == 4
    series = [e for e in events if e["series_id"]]
    assert len(series) == 3 and {e["capacity"] for e in series} == {5}
    overview = as_host.get("/hosting")
    assert overview.text.count('class="card event"') == 4


def test_the_guest_list_shows_names_and_takes_attendance_once_the_evening_starts(
    gateway: httpx.Client,
    as_host: httpx.Client,
    host: TestUser,
    guest: TestUser,
    movie: dict[str, Any],
    time_travel: TimeTravel,
) -> None:
    place = make_place(gateway, host, capacity=8)
    event = gateway.post(
        "/booking/v1/events",
        json={
            "movie_id": movie["id"],
            "place_id": place["id"],
            "starts_at": future(days=4).isoformat(),
            "capacity": 4,
        },
        headers=host.headers,
    ).json()
    booking = gateway.post(
        f"/booking/v1/events/{event['id']}/bookings", json={"seats": 2}, headers=guest.headers
    ).json()
    before = as_host.get(f"/hosting/events/{event['id']}")
    assert "Guest Grisha</a>" in before.text
    assert "attendance" not in before.text.lower().split("<h2>guest list</h2>")[1].split("</table>")[0]

    # The host finds the evening again once it has started: it is no longer upcoming.
    wait_for(
        lambda: any(
            m["event_id"] == event["id"]
            for m in gateway.get("/notification/v1/inbox", headers=host.headers).json()["items"]
        ),
        what="the host's new-booking message",
    )
    time_travel.to(datetime.fromisoformat(event["starts_at"]) + timedelta(minutes=20))
    overview = as_host.get("/hosting")
    assert f'href="/hosting/events/{event["id"]}">Attendance</a>' in overview.text

    during = as_host.get(f"/hosting/events/{event['id']}")
    assert f'name="attended-{booking["id"]}"' in during.text
    saved = as_host.post(
        f"/hosting/events/{event['id']}/attendance",
        data=form_data(during, **{f"attended-{booking['id']}": "no"}),
    )
    assert saved.status_code == 200
    assert re.search(rf'name="attended-{booking["id"]}" value="no" checked', saved.text)
    nothing = as_host.post(f"/hosting/events/{event['id']}/attendance", data=form_data(during))
    assert nothing.status_code == 400
    assert "Choose came or no-show" in nothing.text


def test_another_persons_guest_list_is_not_found(as_guest: httpx.Client, event: dict[str, Any]) -> None:
    assert as_guest.get(f"/hosting/events/{event['id']}").status_code == 404


def test_a_host_cancels_an_evening_from_its_guest_list(
    gateway: httpx.Client, as_host: httpx.Client, event: dict[str, Any]
) -> None:
    page = as_host.get(f"/hosting/events/{event['id']}")
    cancelled = as_host.post(f"/hosting/events/{event['id']}/cancel", data=form_data(page))
    assert cancelled.status_code == 303
    assert gateway.get(f"/booking/v1/events/{event['id']}").json()["status"] == "cancelled"
