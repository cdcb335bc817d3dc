"""Host approval, the cancellation deadline, removing and blocking guests."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx

from devstack.stack import Stack
from tests.booking.conftest import BookingDb, future, make_event
from tests.booking.seats import book, cancel, entry, housekeeping_at, messages_of, wait
from tests.conftest import TimeTravel
from tests.factories import TestUser, new_user


def ratings_of(gateway: httpx.Client, user: TestUser) -> dict:
    return gateway.get(f"/booking/v1/users/{user.id}/ratings").json()


def test_on_a_request_evening_a_booking_waits_for_the_host_holding_its_seats(
    stack: Stack, gateway: httpx.Client, host: TestUser, watch_party_movie: dict, booking_db: BookingDb
) -> None:
    asker, other, stranger = (new_user(stack, name=n) for n in ("Asker", "Other", "Stranger"))
    event = make_event(gateway, host, watch_party_movie, capacity=3, approval="request")
    assert event["approval"] == "request"
    requested = book(gateway, asker, event["id"], 2)
    assert requested.status_code == 202, requested.text
    body = requested.json()
    assert body["status"] == "pending" and body["answer_by"]
    assert body["seats_left"] == 1, "the requested seats are held"
    assert booking_db.seats(event["id"]) == (3, 2, 2)
    guests = gateway.get(f"/booking/v1/events/{event['id']}/bookings", headers=host.headers).json()["guests"]
    assert [(g["name"], g["status"], g["answer_by"]) for g in guests] == [
        ("Asker", "pending", body["answer_by"])
    ]
    mine = gateway.get("/booking/v1/bookings", params={"event_id": event["id"]}, headers=asker.headers).json()
    assert [b["id"] for b in mine["items"]] == [body["id"]], "my bookings of one evening"
    elsewhere = gateway.get(
        "/booking/v1/bookings", params={"event_id": str(uuid.uuid4())}, headers=asker.headers
    )
    assert elsewhere.json()["items"] == []
    assert gateway.get(f"/booking/v1/events/{event['id']}", headers=asker.headers).json()["place"]["address"]

    by_guest = gateway.post(f"/booking/v1/bookings/{body['id']}/approve", headers=asker.headers)
    assert (by_guest.status_code, by_guest.json()["code"]) == (403, "not_your_event")
    by_stranger = gateway.post(f"/booking/v1/bookings/{body['id']}/approve", headers=stranger.headers)
    assert (by_stranger.status_code, by_stranger.json()["code"]) == (404, "booking_not_found")
    approved = gateway.post(f"/booking/v1/bookings/{body['id']}/approve", headers=host.headers)
    assert (approved.status_code, approved.json()["status"]) == (200, "active")
    twice = gateway.post(f"/booking/v1/bookings/{body['id']}/approve", headers=host.headers)
    assert (twice.status_code, twice.json()["code"]) == (409, "booking_not_pending")

    declined_request = book(gateway, other, event["id"], 1).json()
    declined = gateway.post(
        f"/booking/v1/bookings/{declined_request['id']}/decline",
        json={"message": "Sorry, friends only tonight"},
        headers=host.headers,
    )
    assert declined.status_code == 200, declined.text
    assert (declined.json()["status"], declined.json()["host_note"]) == (
        "declined",
        "Sorry, friends only tonight",
    )
    assert booking_db.seats(event["id"]) == (3, 2, 2)
    assert [m["guest_id"] for m in messages_of(booking_db, event["id"], "booking.requested")] == [
        str(asker.id),
        str(other.id),
    ]
    assert messages_of(booking_db, event["id"], "booking.approved")[0]["guest_id"] == str(asker.id)
    [refusal] = messages_of(booking_db, event["id"], "booking.declined")
    assert (refusal["message"], refusal["automatic"]) == ("Sorry, friends only tonight", False)
    assert ratings_of(gateway, other)["as_guest"]["late_cancellations"] == 0, (
        "a declined request never counts"
    )


def test_an_unanswered_request_is_declined_after_48_hours_or_two_hours_before_the_start(
    stack: Stack, gateway: httpx.Client, host: TestUser, watch_party_movie: dict, booking_db: BookingDb
) -> None:
    slow, late, waiting = (new_user(stack, name=n) for n in ("Slow", "Late", "Waiting"))
    far = make_event(
        gateway, host, watch_party_movie, capacity=1, approval="request", starts_at=future(days=10)
    )
    near_start = (datetime.now(UTC) + timedelta(hours=20)).replace(microsecond=0)
    near = make_event(gateway, host, watch_party_movie, capacity=1, approval="request", starts_at=near_start)
    far_request = book(gateway, slow, far["id"]).json()
    near_request = book(gateway, late, near["id"]).json()
    queued = wait(gateway, waiting, far["id"]).json()
    assert datetime.fromisoformat(near_request["answer_by"]) == near_start - timedelta(hours=2)

    assert housekeeping_at(stack, datetime.now(UTC) + timedelta(hours=17)).requests_declined == 0
    done = housekeeping_at(stack, near_start - timedelta(hours=2) + timedelta(minutes=1))
    assert done.requests_declined == 1
    assert gateway.get(f"/booking/v1/bookings/{near_request['id']}", headers=late.headers).json()[
        "status"
    ] == ("declined")
    assert (
        housekeeping_at(
            stack, datetime.fromisoformat(far_request["answer_by"]) + timedelta(minutes=1)
        ).requests_declined
        == 1
    )
    assert messages_of(booking_db, far["id"], "booking.declined")[0]["automatic"] is True
    assert entry(gateway, waiting, queued["id"])["status"] == "offered", "the released seats go to the list"
    assert booking_db.seats(far["id"]) == (1, 1, 1)


def test_a_cancellation_after_the_deadline_is_late_and_counts_in_the_guest_record(
    stack: Stack,
    gateway: httpx.Client,
    host: TestUser,
    watch_party_movie: dict,
    booking_db: BookingDb,
    time_travel: TimeTravel,
) -> None:
    guest = new_user(stack, name="Flaky")
    early_event = make_event(gateway, host, watch_party_movie, starts_at=future(days=4))
    late_event = make_event(
        gateway, host, watch_party_movie, starts_at=future(days=4), cancel_deadline_hours=48
    )
    assert (early_event["cancel_deadline_hours"], late_event["cancel_deadline_hours"]) == (24, 48)
    early, late = (
        book(gateway, guest, early_event["id"]).json(),
        book(gateway, guest, late_event["id"]).json(),
    )
    deadline = datetime.fromisoformat(late["cancel_deadline"])
    assert deadline == datetime.fromisoformat(late_event["starts_at"]) - timedelta(hours=48)
    assert cancel(gateway, guest, early["id"]).json()["late"] is False

    time_travel.to(deadline + timedelta(minutes=5))
    cancelled = cancel(gateway, guest, late["id"]).json()
    assert cancelled["late"] is True
    [message] = messages_of(booking_db, late_event["id"], "booking.cancelled")
    assert message["late"] is True
    record = ratings_of(gateway, guest)["as_guest"]
    assert (record["late_cancellations"], record["late_cancellation_rate"]) == (1, 1.0)


def test_a_host_removes_a_guest_with_a_reason_and_the_seats_go_to_the_waiting_list(
    stack: Stack, gateway: httpx.Client, host: TestUser, watch_party_movie: dict, booking_db: BookingDb
) -> None:
    rude, waiting, stranger = (new_user(stack, name=n) for n in ("Rude", "Waiting", "Stranger"))
    event = make_event(gateway, host, watch_party_movie, capacity=2)
    booking = book(gateway, rude, event["id"], 2).json()
    queued = wait(gateway, waiting, event["id"], 2).json()
    assert (
        gateway.post(
            f"/booking/v1/bookings/{booking['id']}/remove", json={}, headers=host.headers
        ).status_code
        == 422
    )
    by_stranger = gateway.post(
        f"/booking/v1/bookings/{booking['id']}/remove", json={"reason": "x"}, headers=stranger.headers
    )
    assert by_stranger.status_code == 404
    removed = gateway.post(
        f"/booking/v1/bookings/{booking['id']}/remove",
        json={"reason": "Shouting at guests"},
        headers=host.headers,
    )
    assert removed.status_code == 200, removed.text
    assert (removed.json()["status"], removed.json()["host_note"]) == ("removed", "Shouting at guests")
    assert entry(gateway, waiting, queued["id"])["status"] == "offered"
    [message] = messages_of(booking_db, event["id"], "booking.removed")
    assert (message["guest_id"], message["reason"]) == (str(rude.id), "Shouting at guests")
    assert ratings_of(gateway, rude)["as_guest"]["late_cancellations"] == 0, "a removal never counts"
    again = gateway.post(
        f"/booking/v1/bookings/{booking['id']}/remove", json={"reason": "again"}, headers=host.headers
    )
    assert (again.status_code, again.json()["code"]) == (409, "booking_closed")


def test_a_blocked_person_cannot_book_request_or_wait_but_keeps_a_booking_made_before(
    stack: Stack, gateway: httpx.Client, host: TestUser, watch_party_movie: dict
) -> None:
    blocked = new_user(stack, name="Blocked Bob")
    kept = make_event(gateway, host, watch_party_movie, capacity=2)
    booking = book(gateway, blocked, kept["id"]).json()
    block = gateway.put(f"/booking/v1/me/blocked/{blocked.id}", headers=host.headers)
    assert block.status_code == 200, block.text
    assert (block.json()["user_id"], block.json()["name"]) == (str(blocked.id), "Blocked Bob")
    assert gateway.put(f"/booking/v1/me/blocked/{blocked.id}", headers=host.headers).status_code == 200
    listed = gateway.get("/booking/v1/me/blocked", headers=host.headers).json()
    assert [b["user_id"] for b in listed["items"]] == [str(blocked.id)] and listed["total"] == 1
    assert (
        gateway.get(f"/booking/v1/bookings/{booking['id']}", headers=blocked.headers).json()["status"]
        == "active"
    )

    instant = make_event(gateway, host, watch_party_movie, capacity=2)
    requested = make_event(gateway, host, watch_party_movie, capacity=2, approval="request")
    full = make_event(gateway, host, watch_party_movie, capacity=1)
    book(gateway, new_user(stack), full["id"])
    for answer in (
        book(gateway, blocked, instant["id"]),
        book(gateway, blocked, requested["id"]),
        wait(gateway, blocked, full["id"]),
    ):
        assert (answer.status_code, answer.json()["code"]) == (403, "blocked_by_host"), answer.text
    self_block = gateway.put(f"/booking/v1/me/blocked/{host.id}", headers=host.headers)
    assert (self_block.status_code, self_block.json()["code"]) == (422, "cannot_block_self")

    assert gateway.delete(f"/booking/v1/me/blocked/{blocked.id}", headers=host.headers).status_code == 204
    assert book(gateway, blocked, instant["id"]).status_code == 201
