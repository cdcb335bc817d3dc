"""The ratings events of the booking service: "rate your evening" to both sides when an evening ends,
"you have been rated" when a rating is revealed, and the author of a hidden review told why. Each to
the right people only, once however often booking says it, never for a muted kind."""

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser, new_user, service_headers
from tests.notification.conftest import (
    Sql,
    envelope,
    eventually,
    inbox,
    kinds_for,
    mail_kinds,
    mail_to,
    screening,
)

EVENTS = "/notification/v1/events"


def _hand_in(stack: Stack, gateway: httpx.Client, body: dict[str, Any], status: int = 202) -> dict[str, Any]:
    response = gateway.post(EVENTS, json=body, headers=service_headers(stack, "booking_api"))
    assert response.status_code == status, response.text
    return response.json()


def _evening(host: TestUser, *, title: str = "Solaris") -> dict[str, Any]:
    """A screening that ended an hour ago."""
    starts = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=4)
    return screening(host_id=host.id, starts_at=starts, title=title)


def ended(event: dict[str, Any], guests: list[TestUser], **extra: Any) -> dict[str, Any]:
    """`event.ended` as booking's housekeeping writes it."""
    ends_at = datetime.fromisoformat(event["ends_at"])
    return {
        "event_id": event["event_id"],
        "host_id": event["host_id"],
        "host_name": event["host_name"],
        "movie_title": event["movie_title"],
        "starts_at": event["starts_at"],
        "ends_at": event["ends_at"],
        "rating_window_closes_at": (ends_at + timedelta(days=14)).isoformat(),
        "guests": [{"booking_id": str(uuid.uuid4()), "guest_id": str(guest.id)} for guest in guests],
        **extra,
    }


def revealed(
    event: dict[str, Any], ratee: TestUser, role: str, rating_id: str | None = None
) -> dict[str, Any]:
    """`rating.revealed`: `role` is what the ratee was that evening."""
    return {
        "rating_id": rating_id or str(uuid.uuid4()),
        "event_id": event["event_id"],
        "movie_title": event["movie_title"],
        "host_id": event["host_id"],
        "host_name": event["host_name"],
        "ratee_id": str(ratee.id),
        "role": role,
        "starts_at": event["starts_at"],
    }


def hidden(event: dict[str, Any], author: TestUser, reason: str, rating_id: str) -> dict[str, Any]:
    return {
        "rating_id": rating_id,
        "event_id": event["event_id"],
        "movie_title": event["movie_title"],
        "author_id": str(author.id),
        "reason": reason,
    }


def _count(notification_sql: Sql, sql: str, *args: Any) -> int:
    return int(notification_sql.value(sql, *args))


def _messages_of(notification_sql: Sql, user: TestUser) -> int:
    return _count(notification_sql, "SELECT count(*) FROM notifications WHERE recipient_id = $1", user.id)


def _deliveries_of(notification_sql: Sql, user: TestUser) -> int:
    return _count(notification_sql, "SELECT count(*) FROM email_deliveries WHERE recipient_id = $1", user.id)


def _only(gateway: httpx.Client, user: TestUser, kind: str) -> dict[str, Any]:
    items = [item for item in inbox(gateway, user)["items"] if item["kind"] == kind]
    assert len(items) == 1, items
    return items[0]


def test_an_ended_evening_invites_the_host_and_each_guest_to_rate_once(
    stack: Stack, gateway: httpx.Client, notification_sql: Sql
) -> None:
    host = new_user(stack, name="Hanna Host")
    guests = [new_user(stack, name=f"Guest {i}") for i in range(2)]
    stranger = new_user(stack)
    event = _evening(host)
    body = envelope("event.ended", ended(event, guests))

    assert _hand_in(stack, gateway, body) == {"id": body["id"], "status": "accepted", "messages": 3}
    assert _hand_in(stack, gateway, body, status=200)["status"] == "duplicate"
    # Booking announcing the same end again (a second envelope) still tells nobody twice.
    again = envelope("event.ended", ended(event, guests))
    assert _hand_in(stack, gateway, again)["messages"] == 0

    for person in (host, *guests):
        assert kinds_for(gateway, person, event["event_id"]) == {"rate_your_evening": 1}, person.name
    assert inbox(gateway, stranger)["total"] == 0
    assert _messages_of(notification_sql, stranger) == 0
    host_message = _only(gateway, host, "rate_your_evening")
    guest_message = _only(gateway, guests[0], "rate_your_evening")
    assert host_message["title"] == guest_message["title"] == "Оцените вечер: «Solaris»"
    assert "Оцените гостей" in host_message["body"]
    assert "оцените организатора" in guest_message["body"] and "у Hanna Host" in guest_message["body"]
    assert host_message["link"] == f"http://localhost:{stack.port}/events/{event['event_id']}"
    for person in (host, *guests):
        eventually(
            lambda p=person: mail_kinds(stack, p.email, event["event_id"]) == {"rate_your_evening": 1},
            timeout=30,
            what=f"{person.name}'s invitation by email",
        )
        assert _deliveries_of(notification_sql, person) == 1
    assert mail_to(stack, stranger.email) == []


def test_an_invitation_that_arrives_after_the_rating_window_closed_is_not_sent(
    stack: Stack, gateway: httpx.Client, notification_sql: Sql
) -> None:
    host, guest = new_user(stack), new_user(stack)
    event = _evening(host)
    closed = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    body = envelope("event.ended", ended(event, [guest], rating_window_closes_at=closed))

    assert _hand_in(stack, gateway, body)["messages"] == 0
    assert notification_sql.value("SELECT type FROM inbound_events WHERE id = $1", uuid.UUID(body["id"])) == (
        "event.ended"
    )
    assert _messages_of(notification_sql, host) == _messages_of(notification_sql, guest) == 0


def test_a_revealed_rating_tells_only_the_ratee_that_it_is_visible_never_what_it_says(
    stack: Stack, gateway: httpx.Client, notification_sql: Sql
) -> None:
    host, guest, other_guest = new_user(stack), new_user(stack), new_user(stack)
    event = _evening(host, title="Stalker")
    of_guest = revealed(event, guest, "guest")
    of_host = revealed(event, host, "host")
    # Even should booking ever put the score or text in the payload, they must not reach the message.
    of_host.update(score=1, text="Secret words about the host")
    first = envelope("rating.revealed", of_guest)
    second = envelope("rating.revealed", of_host)

    for body in (first, second):
        assert _hand_in(stack, gateway, body)["messages"] == 1
        assert _hand_in(stack, gateway, body, status=200)["status"] == "duplicate"
    # The window closing and the pair completing may both reveal one rating: it is news once.
    assert _hand_in(stack, gateway, envelope("rating.revealed", of_host))["messages"] == 0

    assert kinds_for(gateway, guest, event["event_id"]) == {"rating_revealed": 1}
    assert kinds_for(gateway, host, event["event_id"]) == {"rating_revealed": 1}
    assert _messages_of(notification_sql, other_guest) == 0
    to_host = _only(gateway, host, "rating_revealed")
    to_guest = _only(gateway, guest, "rating_revealed")
    assert to_host["title"] == "Вас оценили: «Stalker»"
    assert "Оценка гостя за ваш просмотр «Stalker»" in to_host["body"]
    assert "Hanna Host оценил(а) вас как гостя" in to_guest["body"]
    assert to_host["link"] == f"http://localhost:{stack.port}/users/{host.id}/ratings"
    assert to_guest["link"] == f"http://localhost:{stack.port}/users/{guest.id}/ratings"
    stored = notification_sql.value(
        "SELECT context::text FROM notifications WHERE recipient_id = $1 AND kind = 'rating_revealed'",
        host.id,
    )
    assert "Secret" not in stored and '"score"' not in stored

    for person in (host, guest):
        eventually(
            lambda p=person: mail_kinds(stack, p.email, event["event_id"]) == {"rating_revealed": 1},
            timeout=30,
            what=f"{person.name}'s email",
        )
    mailed = mail_to(stack, host.email)[0]
    assert "Secret" not in mailed.get_content()
    assert f"/users/{host.id}/ratings" in mailed.get_content()
    assert _deliveries_of(notification_sql, other_guest) == 0


def test_the_author_of_a_hidden_review_is_told_the_reason_once(
    stack: Stack, gateway: httpx.Client, notification_sql: Sql
) -> None:
    host, author = new_user(stack), new_user(stack)
    event = _evening(host, title="Mirror")
    rating_id = str(uuid.uuid4())
    body = envelope("rating.hidden", hidden(event, author, "Insults towards the host", rating_id))

    assert _hand_in(stack, gateway, body)["messages"] == 1
    assert _hand_in(stack, gateway, body, status=200)["status"] == "duplicate"
    # A moderator hiding it again (booking accepts that) does not tell the author a second time.
    rehidden = envelope("rating.hidden", hidden(event, author, "Personal data", rating_id))
    assert _hand_in(stack, gateway, rehidden)["messages"] == 0
    other = envelope("rating.hidden", hidden(event, author, "Spam link", str(uuid.uuid4())))
    assert _hand_in(stack, gateway, other)["messages"] == 1, "another review of theirs is another message"

    assert kinds_for(gateway, author, event["event_id"]) == {"review_hidden": 2}
    assert _messages_of(notification_sql, host) == 0, "the person reviewed is not told"
    bodies = sorted(item["body"] for item in inbox(gateway, author)["items"])
    assert any("Причина: Insults towards the host" in text for text in bodies), bodies
    assert any("Причина: Spam link" in text for text in bodies), bodies
    assert not any("Personal data" in text for text in bodies)
    eventually(
        lambda: mail_kinds(stack, author.email, event["event_id"]) == {"review_hidden": 2},
        timeout=30,
        what="the author's emails",
    )
    assert any("Insults towards the host" in m.get_content() for m in mail_to(stack, author.email))


def test_muted_ratings_kinds_are_neither_in_the_inbox_nor_mailed(
    stack: Stack, gateway: httpx.Client, notification_sql: Sql
) -> None:
    host, guest = new_user(stack), new_user(stack)
    muted = gateway.put(
        "/notification/v1/settings",
        json={"language": "en", "muted_kinds": ["rate_your_evening", "rating_revealed", "review_hidden"]},
        headers=host.headers,
    )
    assert muted.status_code == 200, muted.text
    event = _evening(host)

    assert _hand_in(stack, gateway, envelope("event.ended", ended(event, [guest])))["messages"] == 1
    assert (
        _hand_in(stack, gateway, envelope("rating.revealed", revealed(event, host, "host")))["messages"] == 0
    )
    assert (
        _hand_in(stack, gateway, envelope("rating.revealed", revealed(event, guest, "guest")))["messages"]
        == 1
    )
    hide = hidden(event, host, "Off topic", str(uuid.uuid4()))
    assert _hand_in(stack, gateway, envelope("rating.hidden", hide))["messages"] == 0

    assert _messages_of(notification_sql, host) == 0
    assert _deliveries_of(notification_sql, host) == 0
    assert kinds_for(gateway, guest, event["event_id"]) == {"rate_your_evening": 1, "rating_revealed": 1}
    eventually(
        lambda: (
            mail_kinds(stack, guest.email, event["event_id"])
            == Counter(rate_your_evening=1, rating_revealed=1)
        ),
        timeout=30,
        what="the guest's emails",
    )
    assert mail_to(stack, host.email) == []


def test_the_ratings_messages_speak_the_language_i_chose(stack: Stack, gateway: httpx.Client) -> None:
    host, guest = new_user(stack), new_user(stack)
    for person in (host, guest):
        chosen = gateway.put(
            "/notification/v1/settings", json={"language": "en", "muted_kinds": []}, headers=person.headers
        )
        assert chosen.status_code == 200, chosen.text
    event = _evening(host, title="Andrei Rublev")
    _hand_in(stack, gateway, envelope("event.ended", ended(event, [guest])))
    _hand_in(stack, gateway, envelope("rating.revealed", revealed(event, guest, "guest")))
    _hand_in(stack, gateway, envelope("rating.hidden", hidden(event, guest, "Spoilers", str(uuid.uuid4()))))

    invitation = _only(gateway, host, "rate_your_evening")
    assert invitation["title"] == "Rate your evening: Andrei Rublev"
    assert "Rate the guests who came" in invitation["body"]
    assert "rate the host" in _only(gateway, guest, "rate_your_evening")["body"]
    rated = _only(gateway, guest, "rating_revealed")
    assert rated["title"] == "You have been rated: Andrei Rublev"
    assert "Hanna Host rated you as a guest at Andrei Rublev" in rated["body"]
    review = _only(gateway, guest, "review_hidden")
    assert review["title"] == "Review text hidden: Andrei Rublev"
    assert "Reason: Spoilers" in review["body"]


@pytest.mark.parametrize(
    ("type_", "broken"),
    [
        ("event.ended", {"host_id": None}),
        ("event.ended", {"guests": [{"booking_id": "x", "guest_id": "y"}]}),
        ("event.ended", {"rating_window_closes_at": "2026-01-01T10:00:00"}),
        ("rating.revealed", {"ratee_id": None}),
        ("rating.revealed", {"role": "moderator"}),
        ("rating.hidden", {"reason": "x" * 5000}),
        ("rating.hidden", {"author_id": "not-a-uuid"}),
        ("rating.hidden", {"reason": "a\u0000b"}),
    ],
)
def test_ratings_payloads_missing_what_they_need_are_422_and_store_nothing(
    stack: Stack, gateway: httpx.Client, notification_sql: Sql, type_: str, broken: dict[str, Any]
) -> None:
    host = new_user(stack)
    event = _evening(host)
    data = {
        "event.ended": lambda: ended(event, [host]),
        "rating.revealed": lambda: revealed(event, host, "host"),
        "rating.hidden": lambda: hidden(event, host, "Spam", str(uuid.uuid4())),
    }[type_]()
    body = envelope(type_, {**data, **broken})

    response = gateway.post(EVENTS, json=body, headers=service_headers(stack, "booking_api"))

    assert response.status_code == 422, response.text
    assert response.json()["code"] in {"invalid_event_data", "validation_error"}
    assert (
        notification_sql.value("SELECT count(*) FROM inbound_events WHERE id = $1", uuid.UUID(body["id"]))
        == 0
    )
    assert _messages_of(notification_sql, host) == 0
