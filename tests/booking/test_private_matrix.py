"""Who may do what with a private evening, through nginx: for each visibility, a stranger, a friend, an
invitation holder, a booked guest and the host call every read and write route of the evening, and
each answer is the one in the tables below, cell by cell. Whoever may not see an evening gets exactly
the answer for an evening that does not exist.

Then the enumeration test: a thousand made-up codes on the invitation lookup find nothing.
"""

import secrets
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.booking.conftest import future, make_event, make_place
from tests.booking.private import befriend, book_with, invite, look_up, patiently, unfriend
from tests.factories import TestUser, new_user

ACTORS = ("stranger", "friend", "holder", "guest", "host")

# Who sees an evening of each visibility.
SEES = {
    "public": {"stranger", "friend", "holder", "guest", "host"},
    "unlisted": {"stranger", "friend", "holder", "guest", "host"},
    "friends": {"friend", "holder", "guest", "host"},
    "invite": {"holder", "guest", "host"},
}

# The answer each route gives each actor who sees the evening: (status, code or None). Anyone who does
# not see it gets the answer for an unknown evening (404, same body). The evening has 4 seats: the guest
# holds 1, the holder's invitation 2, so 1 is free; the probes ask for more than fits where they would
# otherwise change something.
SEEN: dict[str, dict[str, tuple[int, str | None]]] = {
    "GET event": {a: (200, None) for a in ACTORS},
    "GET bookings": {
        "stranger": (403, "not_your_event"),
        "friend": (403, "not_your_event"),
        "holder": (403, "not_your_event"),
        "guest": (403, "not_your_event"),
        "host": (200, None),
    },
    "GET waitlist": {
        "stranger": (403, "not_your_event"),
        "friend": (403, "not_your_event"),
        "holder": (403, "not_your_event"),
        "guest": (403, "not_your_event"),
        "host": (200, None),
    },
    "GET invites": {
        "stranger": (403, "not_your_event"),
        "friend": (403, "not_your_event"),
        "holder": (403, "not_your_event"),
        "guest": (403, "not_your_event"),
        "host": (200, None),
    },
    "GET ratings": {
        "stranger": (403, "not_part_of_event"),
        "friend": (403, "not_part_of_event"),
        "holder": (403, "not_part_of_event"),
        "guest": (200, None),
        "host": (200, None),
    },
    "POST bookings": {
        "stranger": (409, "not_enough_seats"),
        "friend": (409, "not_enough_seats"),
        "holder": (409, "not_enough_seats"),
        "guest": (409, "already_booked"),
        "host": (403, "own_event"),
    },
    "POST waitlist": {
        "stranger": (409, "seats_available"),
        "friend": (409, "seats_available"),
        "holder": (409, "seats_available"),
        "guest": (409, "seats_available"),
        "host": (403, "own_event"),
    },
    "POST invites": {
        "stranger": (403, "not_your_event"),
        "friend": (403, "not_your_event"),
        "holder": (403, "not_your_event"),
        "guest": (403, "not_your_event"),
        "host": (422, "invite_expiry_invalid"),
    },
    "DELETE invite": {
        "stranger": (403, "not_your_event"),
        "friend": (403, "not_your_event"),
        "holder": (403, "not_your_event"),
        "guest": (403, "not_your_event"),
        "host": (404, "invite_not_found"),
    },
    "PATCH event": {
        "stranger": (403, "not_your_event"),
        "friend": (403, "not_your_event"),
        "holder": (403, "not_your_event"),
        "guest": (403, "not_your_event"),
        "host": (200, None),
    },
    "POST attendance": {
        "stranger": (403, "not_your_event"),
        "friend": (403, "not_your_event"),
        "holder": (403, "not_your_event"),
        "guest": (403, "not_your_event"),
        "host": (409, "attendance_not_open"),
    },
    "POST ratings": {
        "stranger": (403, "not_part_of_event"),
        "friend": (403, "not_part_of_event"),
        "holder": (403, "not_part_of_event"),
        "guest": (409, "rating_window_not_open"),
        "host": (409, "rating_window_not_open"),
    },
    "POST report": {a: (201, None) for a in ACTORS},
    # Last: the host's answer cancels the evening.
    "POST cancel": {
        "stranger": (403, "not_your_event"),
        "friend": (403, "not_your_event"),
        "holder": (403, "not_your_event"),
        "guest": (403, "not_your_event"),
        "host": (200, None),
    },
}


class Evening:
    """One evening of a visibility, its people, and the call each route makes as one of them."""

    def __init__(self, gateway: httpx.Client, people: dict[str, TestUser], event_id: str, holder_code: str):
        self.gateway = gateway
        self.people = people
        self.event_id = event_id
        self.holder_code = holder_code

    def call(self, route: str, actor: str, event_id: str | None = None) -> httpx.Response:
        event_id = event_id or self.event_id
        user = self.people[actor]
        base = f"/booking/v1/events/{event_id}"
        code = {"invite": self.holder_code} if actor == "holder" else {}
        other = self.people["guest"] if actor == "host" else self.people["host"]
        requests: dict[str, Callable[[], httpx.Response]] = {
            "GET event": lambda: self.gateway.get(base, headers=user.headers),
            "GET bookings": lambda: self.gateway.get(f"{base}/bookings", headers=user.headers),
            "GET waitlist": lambda: self.gateway.get(f"{base}/waitlist", headers=user.headers),
            "GET invites": lambda: self.gateway.get(f"{base}/invites", headers=user.headers),
            "GET ratings": lambda: self.gateway.get(f"{base}/ratings", headers=user.headers),
            "POST bookings": lambda: self.gateway.post(
                f"{base}/bookings", json={"seats": 4, **code}, headers=user.headers
            ),
            "POST waitlist": lambda: self.gateway.post(
                f"{base}/waitlist", json={"seats": 1, **code}, headers=user.headers
            ),
            "POST invites": lambda: self.gateway.post(
                f"{base}/invites", json={"expires_at": "2020-01-01T00:00:00+00:00"}, headers=user.headers
            ),
            "DELETE invite": lambda: self.gateway.delete(
                f"{base}/invites/{uuid.uuid4()}", headers=user.headers
            ),
            "PATCH event": lambda: self.gateway.patch(
                base, json={"description": "Probe"}, headers=user.headers
            ),
            "POST attendance": lambda: self.gateway.post(
                f"{base}/attendance",
                json={"marks": [{"booking_id": str(uuid.uuid4()), "attended": True}]},
                headers=user.headers,
            ),
            "POST ratings": lambda: self.gateway.post(
                f"{base}/ratings", json={"ratee_id": str(other.id), "score": 5}, headers=user.headers
            ),
            "POST report": lambda: self.gateway.post(
                "/booking/v1/reports",
                json={"target_type": "event", "target_id": event_id, "reason": "probe"},
                headers=user.headers,
            ),
            "POST cancel": lambda: self.gateway.post(f"{base}/cancel", headers=user.headers),
        }
        return patiently(requests[route])


def _stable(body: dict[str, Any]) -> dict[str, Any]:
    """An error body without what differs between any two requests."""
    return {k: v for k, v in body.items() if k != "request_id"}


def evening(
    gateway: httpx.Client, people: dict[str, TestUser], movie: dict, place: dict, visibility: str, day: int
) -> Evening:
    host, guest, holder = people["host"], people["guest"], people["holder"]
    event = make_event(
        gateway, host, movie, place=place, capacity=4, starts_at=future(days=day), visibility=visibility
    )
    if visibility == "friends":
        # A friend when booking, not any more: a friend removed later keeps the booking.
        befriend(gateway, host, guest)
        assert book_with(gateway, guest, event["id"], 1).status_code == 201
        unfriend(gateway, host, guest)
    elif visibility == "invite":
        guest_pass = invite(gateway, host, event["id"], seats=1, uses=1)
        assert book_with(gateway, guest, event["id"], 1, guest_pass["code"]).status_code == 201
    else:
        assert book_with(gateway, guest, event["id"], 1).status_code == 201
    holder_pass = invite(gateway, host, event["id"], seats=2)
    assert look_up(gateway, holder_pass["code"], holder).status_code == 200
    return Evening(gateway, people, event["id"], holder_pass["code"])


@pytest.mark.parametrize("visibility", ["public", "unlisted", "friends", "invite"])
def test_every_route_of_an_evening_answers_each_person_as_the_tables_say(
    stack: Stack, gateway: httpx.Client, watch_party_movie: dict, visibility: str
) -> None:
    people = {actor: new_user(stack, name=f"Matrix {actor}") for actor in ACTORS}
    befriend(gateway, people["host"], people["friend"])
    place = make_place(gateway, people["host"])
    shown = evening(gateway, people, watch_party_movie, place, visibility, day=5)
    nowhere = str(uuid.uuid4())

    failures = []
    for route, row in SEEN.items():
        for actor in ACTORS:
            answer = shown.call(route, actor)
            body = answer.json() if answer.content else {}
            if actor in SEES[visibility]:
                expected: tuple[int, Any] = row[actor]
                got: tuple[int, Any] = (answer.status_code, body.get("code") if expected[1] else None)
            else:
                # Exactly what an evening that does not exist answers (status, code and text).
                unknown = shown.call(route, actor, event_id=nowhere)
                expected = (unknown.status_code, _stable(unknown.json()))
                got = (answer.status_code, _stable(body))
                if expected[0] != 404:
                    failures.append(f"{route} on an unknown evening answered {expected[0]}")
            if got != expected:
                failures.append(f"{visibility} / {route} / {actor}: expected {expected}, got {got}")
            if route == "GET event" and answer.status_code == 200:
                address = body["place"].get("address")
                if (address is not None) != (actor in ("guest", "host")):
                    failures.append(f"{visibility} / {actor} sees the address: {address!r}")
    assert not failures, "\n".join(failures)


def test_a_thousand_made_up_invitation_codes_find_nothing(
    stack: Stack, gateway: httpx.Client, host: TestUser, watch_party_movie: dict
) -> None:
    event = make_event(gateway, host, watch_party_movie, visibility="invite", capacity=4)
    real = invite(gateway, host, event["id"], seats=1)
    prober = new_user(stack, name="Prober")
    shapes = [
        lambda: secrets.token_urlsafe(24),
        lambda: secrets.token_urlsafe(16),
        lambda: real["code"][:-1] + ("A" if real["code"][-1] != "A" else "B"),
        lambda: uuid.uuid4().hex,
    ]
    statuses: dict[int, int] = {}
    for i in range(1000):
        code = shapes[i % len(shapes)]()
        answer = gateway.get(f"/booking/v1/invites/{code}", headers=prober.headers if i % 2 else {})
        statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
    assert set(statuses) <= {404, 429}, statuses
    assert statuses.get(429, 0) > 0, f"lookups are rate-limited: {statuses}"
    # The limit passes: the real code answers again after a short wait (and the next tests are not
    # starved by this one).
    deadline = time.monotonic() + timedelta(seconds=30).total_seconds()
    while (found := look_up(gateway, real["code"])).status_code == 429 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert found.status_code == 200
