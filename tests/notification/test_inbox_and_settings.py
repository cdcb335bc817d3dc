"""The inbox is mine alone; settings choose the language and mute kinds, and muted kinds are not sent."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from devstack.stack import Stack
from tests.booking.conftest import make_event
from tests.factories import new_user, service_headers
from tests.notification.conftest import (
    booked,
    envelope,
    eventually,
    inbox,
    kinds_for,
    mail_kinds,
    mail_to,
    screening,
)

EVENTS = "/notification/v1/events"


def _hand_in(stack: Stack, gateway: httpx.Client, *bodies: dict) -> None:
    headers = service_headers(stack, "booking_api")
    for body in bodies:
        response = gateway.post(EVENTS, json=body, headers=headers)
        assert response.status_code == 202, response.text


def _soon() -> datetime:
    return datetime.now(UTC).replace(microsecond=0) + timedelta(days=4)


def test_nobody_reads_or_marks_another_persons_inbox(stack: Stack, gateway: httpx.Client) -> None:
    owner, other = new_user(stack), new_user(stack)
    _hand_in(
        stack,
        gateway,
        envelope("booking.created", booked(screening(host_id=uuid.uuid4(), starts_at=_soon()), owner.id)),
    )
    mine = inbox(gateway, owner)
    assert (mine["total"], mine["unread"]) == (1, 1)
    message = mine["items"][0]

    assert inbox(gateway, other) == {"items": [], "total": 0, "page": 1, "size": 100, "unread": 0}
    theirs = gateway.post(f"/notification/v1/inbox/{message['id']}/read", headers=other.headers)
    assert (theirs.status_code, theirs.json()["code"]) == (404, "notification_not_found")
    assert inbox(gateway, owner)["unread"] == 1, "someone else's attempt changed nothing"
    assert gateway.get("/notification/v1/inbox").status_code == 401
    as_service = gateway.get("/notification/v1/inbox", headers=service_headers(stack, "booking_api"))
    assert (as_service.status_code, as_service.json()["code"]) == (403, "user_token_required")

    read = gateway.post(f"/notification/v1/inbox/{message['id']}/read", headers=owner.headers)
    assert read.status_code == 200, read.text
    assert read.json()["read_at"] is not None
    again = gateway.post(f"/notification/v1/inbox/{message['id']}/read", headers=owner.headers)
    assert again.json()["read_at"] == read.json()["read_at"], "the first reading time stays"
    after = inbox(gateway, owner)
    assert (after["total"], after["unread"]) == (1, 0)
    assert inbox(gateway, owner, unread_only="true")["items"] == []
    for bad in ("not-a-uuid", "%ff", "1" * 300):
        response = gateway.post(f"/notification/v1/inbox/{bad}/read", headers=owner.headers)
        assert response.status_code in {404, 422}, (bad, response.status_code)


def test_the_inbox_is_newest_first_and_paginated(stack: Stack, gateway: httpx.Client) -> None:
    guest = new_user(stack)
    event = screening(host_id=uuid.uuid4(), starts_at=_soon())
    created = booked(event, guest.id, seats=1)
    _hand_in(
        stack,
        gateway,
        envelope("booking.created", created),
        envelope("booking.changed", {**created, "seats": 2, "previous_seats": 1}),
        envelope("booking.cancelled", {**created, "seats": 2, "cancelled_by": "guest"}),
    )
    kinds = [item["kind"] for item in inbox(gateway, guest)["items"]]
    assert kinds == ["booking_cancelled", "booking_changed", "booking_confirmed"]
    page = gateway.get("/notification/v1/inbox", params={"page": 2, "size": 2}, headers=guest.headers).json()
    assert ([i["kind"] for i in page["items"]], page["total"], page["unread"]) == (
        ["booking_confirmed"],
        3,
        3,
    )
    for params in ({"size": 0}, {"size": 101}, {"page": 0}, {"page": "x"}):
        assert gateway.get("/notification/v1/inbox", params=params, headers=guest.headers).status_code == 422


def test_settings_default_to_russian_and_validate_what_is_chosen(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    url = "/notification/v1/settings"
    assert gateway.get(url, headers=user.headers).json() == {
        "language": "ru",
        "muted_kinds": [],
        "timezone": "Europe/Moscow",
    }
    saved = gateway.put(
        url,
        json={"language": "en", "muted_kinds": ["reminder_1h", "reminder_1h"], "timezone": "Asia/Tokyo"},
        headers=user.headers,
    )
    assert saved.json() == {"language": "en", "muted_kinds": ["reminder_1h"], "timezone": "Asia/Tokyo"}
    kept = gateway.put(url, json={"language": "ru"}, headers=user.headers).json()
    assert kept == {"language": "ru", "muted_kinds": [], "timezone": "Asia/Tokyo"}, "PUT replaces, zone kept"

    bad = {
        "language fr": ({"language": "fr"}, "validation_error"),
        "no language": ({"muted_kinds": []}, "validation_error"),
        "unknown kind": ({"language": "ru", "muted_kinds": ["spam"]}, "unknown_kind"),
        "kinds not a list": ({"language": "ru", "muted_kinds": "reminder_1h"}, "validation_error"),
        "unknown zone": ({"language": "ru", "timezone": "Mars/Olympus"}, "unknown_timezone"),
        "path as zone": ({"language": "ru", "timezone": "../../etc/passwd"}, "unknown_timezone"),
    }
    for case, (body, code) in bad.items():
        response = gateway.put(url, json=body, headers=user.headers)
        assert (response.status_code, response.json()["code"]) == (422, code), (case, response.text)
    surrogate = gateway.put(
        url,
        content=b'{"language": "ru", "timezone": "\\ud800"}',
        headers={**user.headers, "content-type": "application/json"},
    )
    assert surrogate.status_code == 422, surrogate.text
    assert gateway.get(url, headers=user.headers).json() == kept
    assert gateway.get(url).status_code == 401
    kinds = gateway.get("/notification/v1/kinds").json()
    assert {k["kind"] for k in kinds} >= {
        "booking_confirmed",
        "new_watch_party",
        "reminder_24h",
        "host_event_full",
        "rate_your_evening",
        "rating_revealed",
        "review_hidden",
    }


def test_muted_kinds_are_neither_in_the_inbox_nor_mailed_and_others_still_are(
    stack: Stack, gateway: httpx.Client, booking: httpx.Client, movie: dict
) -> None:
    host, guest = new_user(stack), new_user(stack)
    response = gateway.put(
        "/notification/v1/settings",
        json={"language": "ru", "muted_kinds": ["booking_confirmed"]},
        headers=guest.headers,
    )
    assert response.status_code == 200, response.text
    event = make_event(gateway, host, movie, capacity=4)
    made = booking.post(
        f"/booking/v1/events/{event['id']}/bookings", json={"seats": 1}, headers=guest.headers
    )
    assert made.status_code == 201, made.text
    cancelled = booking.post(f"/booking/v1/bookings/{made.json()['id']}/cancel", headers=guest.headers)
    assert cancelled.status_code == 200, cancelled.text

    # The cancellation comes after the booking in the screening's order, so once it is here, the
    # confirmation has been decided too.
    eventually(lambda: mail_kinds(stack, guest.email, event["id"]) == {"booking_cancelled": 1}, what="mail")
    assert kinds_for(gateway, guest, event["id"]) == {"booking_cancelled": 1}
    eventually(
        lambda: kinds_for(gateway, host, event["id"]) == {"host_new_booking": 1, "host_booking_cancelled": 1},
        what="the host's messages",
    )


@pytest.mark.parametrize(
    ("language", "title", "fragment"),
    [
        (
            "ru",
            "Бронь подтверждена: «Solaris»",
            "Вы забронировали 2 места на просмотр «Solaris» у Hanna Host.",
        ),
        ("en", "Booking confirmed: Solaris", "You booked 2 seats for Solaris hosted by Hanna Host."),
    ],
)
def test_the_inbox_speaks_the_language_i_chose(
    stack: Stack, gateway: httpx.Client, language: str, title: str, fragment: str
) -> None:
    guest = new_user(stack)
    chosen = gateway.put(
        "/notification/v1/settings", json={"language": language, "muted_kinds": []}, headers=guest.headers
    )
    assert chosen.status_code == 200, chosen.text
    starts = datetime(2027, 3, 5, 16, 30, tzinfo=UTC)
    data = booked(screening(host_id=uuid.uuid4(), starts_at=starts), guest.id, seats=2)
    _hand_in(stack, gateway, envelope("booking.created", data))
    item = inbox(gateway, guest)["items"][0]
    assert item["title"] == title
    assert fragment in item["body"]
    assert ("пт, 5 марта 2027, 19:30 MSK" if language == "ru" else "Fri 5 Mar 2027, 19:30 MSK") in item[
        "body"
    ]
    assert item["link"] == f"http://localhost:{stack.port}/events/{data['event_id']}"


def test_a_share_link_from_booking_replaces_the_event_page_link(stack: Stack, gateway: httpx.Client) -> None:
    guest = new_user(stack)
    data = booked(screening(host_id=uuid.uuid4(), starts_at=_soon()), guest.id)
    _hand_in(
        stack, gateway, envelope("booking.created", {**data, "share_url": "http://localhost:8000/s/Abc123x"})
    )
    assert inbox(gateway, guest)["items"][0]["link"] == "http://localhost:8000/s/Abc123x"


def test_without_notification_settings_messages_follow_the_account_language(
    stack: Stack, gateway: httpx.Client
) -> None:
    guest = new_user(stack)
    assert gateway.patch("/auth/v1/me", json={"language": "en"}, headers=guest.headers).status_code == 200
    settings = gateway.get("/notification/v1/settings", headers=guest.headers).json()
    assert settings["language"] == "en", "the account's choice is the default here"
    data = booked(screening(host_id=uuid.uuid4(), starts_at=_soon()), guest.id, seats=2)
    _hand_in(stack, gateway, envelope("booking.created", data))
    item = inbox(gateway, guest)["items"][0]
    assert item["title"].startswith("Booking confirmed"), item["title"]
    emails = eventually(lambda: mail_to(stack, guest.email), what="the booking email")
    assert str(emails[0]["Subject"]).startswith("Booking confirmed"), emails[0]["Subject"]

    # A language saved in the notification settings wins over the account's.
    gateway.put("/notification/v1/settings", json={"language": "ru"}, headers=guest.headers)
    assert inbox(gateway, guest)["items"][0]["title"].startswith("Бронь"), "settings win"


def test_mark_all_read_reads_only_my_unread_messages(stack: Stack, gateway: httpx.Client) -> None:
    owner, other = new_user(stack), new_user(stack)
    for person in (owner, owner, other):
        _hand_in(
            stack,
            gateway,
            envelope(
                "booking.created", booked(screening(host_id=uuid.uuid4(), starts_at=_soon()), person.id)
            ),
        )
    assert inbox(gateway, owner)["unread"] == 2
    marked = gateway.post("/notification/v1/inbox/read-all", headers=owner.headers)
    assert marked.status_code == 200, marked.text
    assert marked.json() == {"marked": 2}
    assert inbox(gateway, owner)["unread"] == 0
    assert inbox(gateway, other)["unread"] == 1, "another person's messages stay unread"
    assert gateway.post("/notification/v1/inbox/read-all", headers=owner.headers).json() == {"marked": 0}
    assert gateway.post("/notification/v1/inbox/read-all").status_code == 401
