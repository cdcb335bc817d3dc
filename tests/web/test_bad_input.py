"""No input makes a server error: odd values in every form field and in the addresses of every page."""

import uuid
from typing import Any

import httpx
import pytest

from tests.factories import TestUser
from tests.web.conftest import csrf_token

ODD_VALUES = [
    "",
    "-1",
    "0",
    "1e309",
    "NaN",
    "99999999999999999999999999",
    "\x00",
    "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
    "ü" * 3000,
    "<script>alert(1)</script>",
    "2026-13-45T99:99",
    "Europe/Nowhere",
    str(uuid.uuid4()),
]
FIELDS = [
    "seats",
    "name",
    "address",
    "city",
    "capacity",
    "latitude",
    "longitude",
    "notes",
    "movie_id",
    "place_id",
    "starts_at",
    "timezone",
    "description",
    "min_guest_rating",
    "max_no_show_rate",
    "weekday",
    "time",
    "count",
    "start_date",
    "ratee_id",
    "score",
    "text",
    "back",
    "idempotency_key",
    "p",
]
ALLOWED = {200, 303, 400, 403, 404, 409, 422}


@pytest.fixture
def setting(gateway: httpx.Client, host: TestUser, guest: TestUser, event: dict[str, Any]) -> dict[str, str]:
    booking = gateway.post(
        f"/booking/v1/events/{event['id']}/bookings", json={"seats": 1}, headers=guest.headers
    ).json()
    place = gateway.get("/booking/v1/places", headers=host.headers).json()["items"][0]
    return {"event": event["id"], "booking": booking["id"], "place": place["id"]}


@pytest.mark.parametrize("value", ODD_VALUES, ids=range(len(ODD_VALUES)))
def test_odd_values_in_every_form_get_an_answer_and_never_a_server_error(
    as_guest: httpx.Client, as_host: httpx.Client, setting: dict[str, str], value: str
) -> None:
    data = dict.fromkeys(FIELDS, value)
    for browser, path in (
        (as_guest, f"/events/{setting['event']}/book"),
        (as_guest, f"/bookings/{setting['booking']}/seats"),
        (as_guest, f"/events/{setting['event']}/rate"),
        (as_guest, f"/inbox/{uuid.uuid4()}/read"),
        (as_host, "/hosting/places"),
        (as_host, f"/hosting/places/{setting['place']}"),
        (as_host, "/hosting/events"),
        (as_host, "/hosting/schedules"),
        (as_host, f"/hosting/events/{setting['event']}/attendance"),
        (as_host, f"/events/{setting['event']}/rate"),
    ):
        token = csrf_token(browser.get("/hosting/places/new"))
        response = browser.post(path, data={**data, "csrf_token": token, f"attended-{value[:40]}": "yes"})
        assert response.status_code in ALLOWED, (path, response.status_code, response.text[-600:])
        assert "Something went wrong" not in response.text


@pytest.mark.parametrize("value", ["x", "%00", "..%2F..", "0" * 300, "%ZZ", "ü"])
def test_odd_ids_in_addresses_are_not_found(as_host: httpx.Client, value: str) -> None:
    for template in (
        "/films/{}",
        "/hosts/{}",
        "/events/{}",
        "/events/{}/rate",
        "/users/{}/ratings",
        "/hosting/places/{}",
        "/hosting/events/{}",
        "/bookings/{}/calendar.ics",
    ):
        response = as_host.get(template.format(value))
        assert response.status_code in (400, 404), (template, value, response.status_code)


def test_odd_bodies_are_refused_without_a_server_error(
    as_guest: httpx.Client, setting: dict[str, str]
) -> None:
    path = f"/events/{setting['event']}/book"
    for content, content_type in (
        (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"),
        (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
        (b"seats=1&" * 2000, "application/x-www-form-urlencoded"),
        (b"", "text/plain"),
    ):
        response = as_guest.post(path, content=content, headers={"Content-Type": content_type})
        assert response.status_code in (400, 403), (content[:20], response.status_code)
    assert "You have 1 seat" in as_guest.get(f"/events/{setting['event']}").text, "nothing changed"
