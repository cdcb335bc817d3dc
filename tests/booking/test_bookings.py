"""Bookings: seats within what is left, one active booking per guest, only the guest (and host) see it."""

import json
import re
import uuid
from datetime import datetime

import httpx
import pytest

from common.events import BookingCreated
from devstack.stack import Stack
from tests.booking.conftest import BookingDb, make_event
from tests.factories import TestUser, new_user


@pytest.fixture
def event(gateway: httpx.Client, host: TestUser, watch_party_movie: dict) -> dict:
    return make_event(gateway, host, watch_party_movie, capacity=5)


def book(gateway: httpx.Client, user: TestUser, event_id: str, seats: int, **headers: str) -> httpx.Response:
    return gateway.post(
        f"/booking/v1/events/{event_id}/bookings", json={"seats": seats}, headers={**user.headers, **headers}
    )


def test_guest_books_seats_and_sees_them_in_my_bookings(
    gateway: httpx.Client, guest: TestUser, event: dict, booking_db: BookingDb
) -> None:
    response = book(gateway, guest, event["id"], 2)
    assert response.status_code == 201, response.text
    booking = response.json()
    assert (booking["seats"], booking["status"], booking["seats_left"]) == (2, "active", 3)
    assert booking["event"]["place"]["address"] == "Tverskaya 1, apt 5", "a booked guest learns the address"
    assert gateway.get(f"/booking/v1/events/{event['id']}").json()["seats_left"] == 3
    mine = gateway.get("/booking/v1/bookings", headers=guest.headers).json()
    assert [b["id"] for b in mine["items"]] == [booking["id"]]
    assert booking_db.seats(event["id"]) == (5, 2, 2)


def test_booking_that_does_not_fit_is_a_409_with_seats_left(
    gateway: httpx.Client, guest: TestUser, stack: Stack, event: dict, booking_db: BookingDb
) -> None:
    assert book(gateway, guest, event["id"], 4).status_code == 201
    other = new_user(stack)
    before = booking_db.counts()
    response = book(gateway, other, event["id"], 2)
    assert response.status_code == 409
    assert response.json() == {"code": "not_enough_seats", "detail": "Only 1 seats left.", "seats_left": 1}
    assert booking_db.counts() == before
    assert book(gateway, other, event["id"], 1).json()["seats_left"] == 0


def test_second_active_booking_of_the_same_guest_is_refused(
    gateway: httpx.Client, guest: TestUser, event: dict
) -> None:
    first = book(gateway, guest, event["id"], 1).json()
    again = book(gateway, guest, event["id"], 1)
    assert again.status_code == 409
    assert again.json()["code"] == "already_booked"
    assert again.json()["booking_id"] == first["id"]


def test_host_cannot_book_own_event(gateway: httpx.Client, host: TestUser, event: dict) -> None:
    response = book(gateway, host, event["id"], 1)
    assert response.status_code == 403
    assert response.json()["code"] == "own_event"


@pytest.mark.parametrize(
    ("seats", "code"),
    [
        (0, "validation_error"),
        (-1, "validation_error"),
        ("two", "validation_error"),
        (2.5, "validation_error"),
        (10**12, "validation_error"),
        (None, "validation_error"),
        (6, "seats_over_limit"),
    ],
)
def test_bad_seat_counts_are_a_422_and_write_nothing(
    gateway: httpx.Client, guest: TestUser, event: dict, booking_db: BookingDb, seats: object, code: str
) -> None:
    before = booking_db.counts()
    response = gateway.post(
        f"/booking/v1/events/{event['id']}/bookings", json={"seats": seats}, headers=guest.headers
    )
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert booking_db.counts() == before


def test_malformed_body_and_ids_are_4xx(gateway: httpx.Client, guest: TestUser, event: dict) -> None:
    broken = gateway.post(
        f"/booking/v1/events/{event['id']}/bookings",
        content=b'{"seats": ',
        headers={**guest.headers, "content-type": "application/json"},
    )
    assert broken.status_code == 400
    assert broken.json()["code"] == "malformed_json"
    assert book(gateway, guest, "not-an-id", 1).status_code == 422
    unknown = book(gateway, guest, str(uuid.uuid4()), 1)
    assert (unknown.status_code, unknown.json()["code"]) == (404, "event_not_found")


def test_changing_seats_obeys_availability(
    gateway: httpx.Client, guest: TestUser, stack: Stack, event: dict, booking_db: BookingDb
) -> None:
    booking = book(gateway, guest, event["id"], 2).json()
    other = new_user(stack)
    book(gateway, other, event["id"], 2)
    path = f"/booking/v1/bookings/{booking['id']}"
    grown = gateway.patch(path, json={"seats": 3}, headers=guest.headers)
    assert (grown.status_code, grown.json()["seats"], grown.json()["seats_left"]) == (200, 3, 0)
    too_many = gateway.patch(path, json={"seats": 4}, headers=guest.headers)
    assert too_many.status_code == 409
    assert (too_many.json()["code"], too_many.json()["seats_left"]) == ("not_enough_seats", 0)
    shrunk = gateway.patch(path, json={"seats": 1}, headers=guest.headers)
    assert (shrunk.json()["seats"], shrunk.json()["seats_left"]) == (1, 2)
    assert gateway.patch(path, json={"seats": 0}, headers=guest.headers).status_code == 422
    assert booking_db.seats(event["id"]) == (5, 3, 3)


def test_cancelled_booking_frees_its_seats_and_cannot_be_cancelled_twice(
    gateway: httpx.Client, guest: TestUser, event: dict, booking_db: BookingDb
) -> None:
    booking = book(gateway, guest, event["id"], 3).json()
    cancelled = gateway.post(f"/booking/v1/bookings/{booking['id']}/cancel", headers=guest.headers)
    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["cancelled_by"], cancelled.json()["seats_left"]) == (
        "cancelled",
        "guest",
        5,
    )
    again = gateway.post(f"/booking/v1/bookings/{booking['id']}/cancel", headers=guest.headers)
    assert (again.status_code, again.json()["code"]) == (409, "booking_closed")
    assert (
        gateway.patch(
            f"/booking/v1/bookings/{booking['id']}", json={"seats": 1}, headers=guest.headers
        ).status_code
        == 409
    )
    assert booking_db.seats(event["id"]) == (5, 0, 0)
    rebooked = book(gateway, guest, event["id"], 1)
    assert rebooked.status_code == 201, "after cancelling, the guest may book again"


def test_a_guest_never_sees_or_touches_another_guests_booking(
    gateway: httpx.Client, guest: TestUser, host: TestUser, stack: Stack, event: dict
) -> None:
    booking = book(gateway, guest, event["id"], 1).json()
    other = new_user(stack)
    path = f"/booking/v1/bookings/{booking['id']}"
    for response in (
        gateway.get(path, headers=other.headers),
        gateway.patch(path, json={"seats": 2}, headers=other.headers),
        gateway.post(f"{path}/cancel", headers=other.headers),
        gateway.get(f"{path}/calendar.ics", headers=other.headers),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "booking_not_found"
    assert gateway.get("/booking/v1/bookings", headers=other.headers).json()["total"] == 0
    guests = gateway.get(f"/booking/v1/events/{event['id']}/bookings", headers=other.headers)
    assert (guests.status_code, guests.json()["code"]) == (403, "not_your_event")
    assert gateway.get(path, headers=host.headers).status_code == 200, "the host sees bookings at their event"
    assert gateway.get(path, headers=guest.headers).json()["seats"] == 1


def test_host_sees_the_guest_list_with_names_from_auth(
    gateway: httpx.Client, guest: TestUser, host: TestUser, event: dict
) -> None:
    book(gateway, guest, event["id"], 2)
    guests = gateway.get(f"/booking/v1/events/{event['id']}/bookings", headers=host.headers)
    assert guests.status_code == 200
    body = guests.json()
    assert (body["capacity"], body["seats_taken"]) == (5, 2)
    assert [(g["guest_id"], g["name"], g["seats"]) for g in body["guests"]] == [
        (str(guest.id), guest.name, 2)
    ]


def test_calendar_file_is_a_valid_icalendar_event_with_an_alarm(
    gateway: httpx.Client, guest: TestUser, event: dict
) -> None:
    booking = book(gateway, guest, event["id"], 2).json()
    response = gateway.get(f"/booking/v1/bookings/{booking['id']}/calendar.ics", headers=guest.headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    text = response.text
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), "lines are folded at 75 octets"
    unfolded = text.replace("\r\n ", "")
    start = re.search(r"^DTSTART:(\d{8}T\d{6}Z)\r$", unfolded, re.M)
    assert start and start.group(1) == event["starts_at"][:19].replace("-", "").replace(":", "") + "Z"
    assert f"UID:booking-{booking['id']}@kinoclub" in unfolded
    assert "LOCATION:Living room\\, Tverskaya 1\\, apt 5\\, Moscow" in unfolded
    assert "BEGIN:VALARM" in unfolded and "TRIGGER:-PT60M" in unfolded
    assert event["movie"]["title"].replace(",", "\\,") in unfolded


def test_same_idempotency_key_replays_the_first_answer_and_refuses_another_body(
    gateway: httpx.Client, guest: TestUser, event: dict, booking_db: BookingDb
) -> None:
    key = {"Idempotency-Key": f"k-{uuid.uuid4()}"}
    first = book(gateway, guest, event["id"], 2, **key)
    second = book(gateway, guest, event["id"], 2, **key)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
    other_body = book(gateway, guest, event["id"], 3, **key)
    assert (other_body.status_code, other_body.json()["code"]) == (422, "idempotency_key_reused")
    assert booking_db.seats(event["id"]) == (5, 2, 2)
    empty = book(gateway, guest, event["id"], 1, **{"Idempotency-Key": ""})
    assert empty.status_code == 422


def test_idempotent_refusal_is_replayed_too(
    gateway: httpx.Client, guest: TestUser, stack: Stack, event: dict
) -> None:
    book(gateway, new_user(stack), event["id"], 5)
    key = {"Idempotency-Key": f"k-{uuid.uuid4()}"}
    first = book(gateway, guest, event["id"], 1, **key)
    assert (first.status_code, first.json()["code"]) == (409, "not_enough_seats")
    replay = book(gateway, guest, event["id"], 1, **key)
    assert (replay.status_code, replay.json()) == (409, first.json())


def test_booking_message_built_in_sql_matches_the_event_message_built_in_python(
    gateway: httpx.Client, guest: TestUser, event: dict, booking_db: BookingDb
) -> None:
    book(gateway, guest, event["id"], 2)
    created, booked = (
        json.loads(
            booking_db.value(
                "SELECT payload FROM outbox WHERE aggregate_id = $1 AND type = $2",
                uuid.UUID(event["id"]),
                kind,
            )
        )
        for kind in ("event.created", "booking.created")
    )
    booking_only = {"booking_id", "guest_id", "guest_name", "seats"}
    assert set(booked) - booking_only == set(created), "the same event keys, plus the booking's"
    for key in set(created) - {"seats_left"}:
        value, expected = booked[key], created[key]
        if key in ("starts_at", "ends_at"):
            value, expected = datetime.fromisoformat(value), datetime.fromisoformat(expected)
        assert value == expected, key
    assert (booked["seats_left"], booked["seats"], booked["guest_id"]) == (3, 2, str(guest.id))
    assert set(booked) == set(BookingCreated.model_fields), "exactly the fields of the shared message class"
    assert BookingCreated.model_validate(booked).seats == 2


def test_calendar_of_a_cancelled_booking_no_longer_carries_the_address(
    gateway: httpx.Client, guest: TestUser, event: dict
) -> None:
    booking = book(gateway, guest, event["id"], 1).json()
    gateway.post(f"/booking/v1/bookings/{booking['id']}/cancel", headers=guest.headers)
    text = gateway.get(f"/booking/v1/bookings/{booking['id']}/calendar.ics", headers=guest.headers).text
    unfolded = text.replace("\r\n ", "")
    assert "Tverskaya" not in unfolded
    assert "STATUS:CANCELLED" in unfolded
