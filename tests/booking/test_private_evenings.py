"""Private evenings: unlisted, friends-only and invite-only screenings, and invitations with seats."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from devstack.stack import Stack
from tests.booking.conftest import BookingDb, future, make_event, make_place
from tests.booking.private import befriend, book_with, invite, ledger, look_up, patiently, unfriend
from tests.booking.seats import housekeeping_at, wait
from tests.conftest import TimeTravel
from tests.factories import TestUser, new_user


@pytest.fixture
def people(stack: Stack) -> list[TestUser]:
    return [new_user(stack, name=f"Private guest {i}") for i in range(4)]


def ids(page: dict) -> set[str]:
    return {item["id"] for item in page["items"]}


def test_visibility_is_kept_on_evenings_and_schedules_and_lists_show_only_public_ones(
    gateway: httpx.Client, host: TestUser, people: list[TestUser], watch_party_movie: dict
) -> None:
    stranger = people[0]
    place = make_place(gateway, host)
    made = {
        v: make_event(
            gateway, host, watch_party_movie, place=place, starts_at=future(days=3 + i), visibility=v
        )
        for i, v in enumerate(("public", "unlisted", "friends", "invite"))
    }
    assert {v: e["visibility"] for v, e in made.items()} == {v: v for v in made}
    schedule = gateway.post(
        "/booking/v1/schedules",
        json={
            "movie_id": watch_party_movie["id"],
            "place_id": place["id"],
            "capacity": 5,
            "visibility": "friends",
            "starts": [future(days=8).isoformat(), future(days=9).isoformat()],
        },
        headers=host.headers,
    )
    assert schedule.status_code == 201, schedule.text
    assert {e["visibility"] for e in schedule.json()["events"]} == {"friends"}
    bad = gateway.post(
        "/booking/v1/events",
        json={
            "movie_id": watch_party_movie["id"],
            "place_id": place["id"],
            "starts_at": future(days=12).isoformat(),
            "capacity": 2,
            "visibility": "secret",
        },
        headers=host.headers,
    )
    assert bad.status_code == 422

    public_only = {made["public"]["id"]}
    for anyone in ({}, stranger.headers):
        listed = gateway.get(
            "/booking/v1/events", params={"host_id": str(host.id), "size": 50}, headers=anyone
        )
        assert ids(listed.json()) == public_only
        hosts_page = gateway.get(f"/booking/v1/hosts/{host.id}/events", params={"size": 50}, headers=anyone)
        assert ids(hosts_page.json()) == public_only
        film = gateway.get("/booking/v1/events", params={"movie_id": watch_party_movie["id"], "size": 100})
        assert not {made[v]["id"] for v in ("unlisted", "friends", "invite")} & ids(film.json())
    own = gateway.get(
        "/booking/v1/events", params={"host_id": str(host.id), "size": 50}, headers=host.headers
    )
    assert ids(own.json()) >= {e["id"] for e in made.values()}, "the host sees all of their own"

    changed = patiently(
        lambda: gateway.patch(
            f"/booking/v1/events/{made['public']['id']}", json={"visibility": "invite"}, headers=host.headers
        )
    )
    assert (changed.status_code, changed.json()["visibility"]) == (200, "invite")
    assert (
        gateway.get(f"/booking/v1/events/{made['public']['id']}", headers=stranger.headers).status_code == 404
    )
    listed = gateway.get("/booking/v1/events", params={"host_id": str(host.id)}, headers=stranger.headers)
    assert ids(listed.json()) == set(), "made private: gone from the list at once (the cache is dropped)"


def test_an_unlisted_evening_opens_to_anyone_with_its_link(
    gateway: httpx.Client, host: TestUser, people: list[TestUser], watch_party_movie: dict
) -> None:
    stranger = people[0]
    event = make_event(gateway, host, watch_party_movie, visibility="unlisted", capacity=3)
    page = gateway.get(f"/booking/v1/events/{event['id']}")
    assert page.status_code == 200 and page.json()["place"].get("address") is None
    assert book_with(gateway, stranger, event["id"], 2).status_code == 201
    booked = gateway.get(f"/booking/v1/events/{event['id']}", headers=stranger.headers).json()
    assert booked["place"]["address"], "a booked guest is told the address, as for any evening"


def test_a_friends_only_evening_is_for_friends_and_a_friend_removed_later_keeps_the_booking(
    gateway: httpx.Client, host: TestUser, people: list[TestUser], watch_party_movie: dict
) -> None:
    friend, stranger, later = people[0], people[1], people[2]
    befriend(gateway, host, friend)
    befriend(gateway, host, later)
    event = make_event(gateway, host, watch_party_movie, visibility="friends", capacity=4)
    url = f"/booking/v1/events/{event['id']}"

    assert gateway.get(url).status_code == 404
    assert gateway.get(url, headers=stranger.headers).status_code == 404
    refused = book_with(gateway, stranger, event["id"])
    assert (refused.status_code, refused.json()["code"]) == (404, "event_not_found")
    assert wait(gateway, stranger, event["id"]).status_code == 404
    assert gateway.get(url, headers=friend.headers).status_code == 200
    on_host_page = gateway.get(f"/booking/v1/hosts/{host.id}/events", headers=friend.headers).json()
    assert event["id"] in ids(on_host_page), "friends find friends-only evenings on the host's page"
    assert event["id"] not in ids(gateway.get(f"/booking/v1/hosts/{host.id}/events").json())

    booked = book_with(gateway, friend, event["id"], 1)
    assert booked.status_code == 201, booked.text
    unfriend(gateway, host, friend)
    assert gateway.get(url, headers=friend.headers).status_code == 200, "a guest still sees their evening"
    again = book_with(gateway, friend, event["id"], 1)
    assert (again.status_code, again.json()["code"]) == (409, "already_booked")
    cancelled = patiently(
        lambda: gateway.post(f"/booking/v1/bookings/{booked.json()['id']}/cancel", headers=friend.headers)
    )
    assert cancelled.status_code == 200
    rebook = book_with(gateway, friend, event["id"], 1)
    assert (rebook.status_code, rebook.json()["code"]) == (403, "friends_only"), (
        "no longer a friend: a past guest may look, not book again"
    )
    assert book_with(gateway, later, event["id"], 1).status_code == 201


def test_the_friendship_check_never_guesses_when_ugc_is_down(
    stack: Stack, gateway: httpx.Client, host: TestUser, people: list[TestUser], watch_party_movie: dict
) -> None:
    friend = people[0]
    befriend(gateway, host, friend)
    event = make_event(gateway, host, watch_party_movie, visibility="friends", capacity=4)
    public = make_event(gateway, host, watch_party_movie, capacity=4)
    stack.stop_service("ugc_api")
    try:
        refused = book_with(gateway, friend, event["id"])
        assert (refused.status_code, refused.json()["code"]) == (503, "dependency_unavailable")
        page = gateway.get(f"/booking/v1/events/{event['id']}", headers=friend.headers)
        assert (page.status_code, page.json()["code"]) == (503, "dependency_unavailable")
        assert book_with(gateway, friend, public["id"]).status_code == 201, "public evenings need no UGC"
        assert gateway.get(f"/booking/v1/events/{event['id']}", headers=host.headers).status_code == 200
    finally:
        stack.start_service("ugc_api")
    assert book_with(gateway, friend, event["id"]).status_code == 201


def test_an_invitation_holds_seats_that_count_like_bookings_until_used_up(
    gateway: httpx.Client,
    host: TestUser,
    people: list[TestUser],
    watch_party_movie: dict,
    booking_db: BookingDb,
) -> None:
    a, b, c = people[:3]
    event = make_event(gateway, host, watch_party_movie, visibility="invite", capacity=5)
    too_many = patiently(
        lambda: gateway.post(
            f"/booking/v1/events/{event['id']}/invites", json={"seats": 6}, headers=host.headers
        )
    )
    assert (too_many.status_code, too_many.json()["code"]) == (409, "not_enough_seats")
    made = invite(gateway, host, event["id"], seats=3, uses=2)
    assert (made["seats"], made["seats_left"], made["uses"], made["uses_left"], made["status"]) == (
        3,
        3,
        2,
        2,
        "active",
    )
    assert len(made["code"]) >= 22, "at least 128 bits, URL-safe"
    assert ledger(booking_db, event["id"]) == (5, 3, 3), "the allotment is counted in the evening's seats"
    assert gateway.get(f"/booking/v1/events/{event['id']}", headers=host.headers).json()["seats_left"] == 2

    no_code = book_with(gateway, a, event["id"])
    assert (no_code.status_code, no_code.json()["code"]) == (404, "event_not_found")
    over = book_with(gateway, a, event["id"], 4, made["code"])
    assert (over.status_code, over.json()["code"], over.json()["seats_left"]) == (409, "not_enough_seats", 3)
    first = book_with(gateway, a, event["id"], 2, made["code"])
    assert (first.status_code, first.json()["status"]) == (201, "active")
    assert ledger(booking_db, event["id"]) == (5, 3, 3), "booked from the allotment: the counter stays"
    listed = gateway.get(f"/booking/v1/events/{event['id']}/invites", headers=host.headers).json()
    assert (
        listed["items"][0]["seats_left"],
        listed["items"][0]["uses_left"],
        listed["items"][0]["used"],
    ) == (
        1,
        1,
        1,
    )
    # The second and last use books one seat; the invitation is used up and holds nothing more.
    assert book_with(gateway, b, event["id"], 1, made["code"]).status_code == 201
    assert ledger(booking_db, event["id"]) == (5, 3, 3)
    spent = book_with(gateway, c, event["id"], 1, made["code"])
    assert (spent.status_code, spent.json()["code"]) == (410, "invite_used_up")
    assert (look_up(gateway, made["code"]).status_code, look_up(gateway, made["code"]).json()["code"]) == (
        410,
        "invite_used_up",
    )

    # An invitation used up before its seats are gone gives the rest back to the evening.
    second = invite(gateway, host, event["id"], seats=2, uses=1)
    assert ledger(booking_db, event["id"]) == (5, 5, 5)
    assert book_with(gateway, c, event["id"], 1, second["code"]).status_code == 201
    assert ledger(booking_db, event["id"]) == (5, 4, 4), "its unbooked seat went back"
    assert gateway.get(f"/booking/v1/events/{event['id']}", headers=host.headers).json()["seats_left"] == 1


def test_revoked_expired_and_wrong_invitations_answer_410_or_404(
    stack: Stack,
    gateway: httpx.Client,
    host: TestUser,
    people: list[TestUser],
    watch_party_movie: dict,
    booking_db: BookingDb,
    time_travel: TimeTravel,
) -> None:
    a, b = people[0], people[1]
    event = make_event(gateway, host, watch_party_movie, visibility="invite", capacity=6)
    other = make_event(gateway, host, watch_party_movie, visibility="invite", capacity=6)
    revoked = invite(gateway, host, event["id"], seats=2)
    soon = datetime.now(UTC) + timedelta(minutes=5)
    expiring = invite(gateway, host, event["id"], seats=3, expires_at=soon.isoformat())
    later = invite(gateway, host, event["id"], expires_at=(future(days=400)).isoformat())
    assert later["expires_at"] == event["starts_at"], "an invitation ends at the start at the latest"
    past = patiently(
        lambda: gateway.post(
            f"/booking/v1/events/{event['id']}/invites",
            json={"expires_at": (datetime.now(UTC) - timedelta(minutes=1)).isoformat()},
            headers=host.headers,
        )
    )
    assert (past.status_code, past.json()["code"]) == (422, "invite_expiry_invalid")
    assert ledger(booking_db, event["id"]) == (6, 5, 5)

    gone = patiently(
        lambda: gateway.delete(
            f"/booking/v1/events/{event['id']}/invites/{revoked['id']}", headers=host.headers
        )
    )
    assert gone.status_code == 204
    assert ledger(booking_db, event["id"]) == (6, 3, 3), "a revoked invitation's seats go back"
    again = patiently(
        lambda: gateway.delete(
            f"/booking/v1/events/{event['id']}/invites/{revoked['id']}", headers=host.headers
        )
    )
    assert again.status_code == 204, "revoking twice is fine"
    refused = book_with(gateway, a, event["id"], 1, revoked["code"])
    assert (refused.status_code, refused.json()["code"]) == (410, "invite_revoked")
    assert look_up(gateway, revoked["code"]).json()["code"] == "invite_revoked"
    wrong_event = book_with(gateway, a, other["id"], 1, later["code"])
    assert (wrong_event.status_code, wrong_event.json()["code"]) == (404, "invite_not_found")
    made_up = book_with(gateway, a, event["id"], 1, "x" * 32)
    assert (made_up.status_code, made_up.json()["code"]) == (404, "invite_not_found")
    assert look_up(gateway, "x" * 32).status_code == 404
    assert look_up(gateway, "short").status_code == 404, "any shape of code is simply unknown"
    unknown = gateway.delete(f"/booking/v1/events/{event['id']}/invites/{uuid.uuid4()}", headers=host.headers)
    assert (unknown.status_code, unknown.json()["code"]) == (404, "invite_not_found")

    time_travel.to(soon + timedelta(minutes=1))
    try:
        expired = book_with(gateway, b, event["id"], 1, expiring["code"])
        assert (expired.status_code, expired.json()["code"]) == (410, "invite_expired")
        assert look_up(gateway, expiring["code"]).json()["code"] == "invite_expired"
        done = housekeeping_at(stack, soon + timedelta(minutes=1))
        assert done.invites_released >= 1
        assert ledger(booking_db, event["id"]) == (6, 0, 0), "an expired invitation's seats go back"
        listed = gateway.get(f"/booking/v1/events/{event['id']}/invites", headers=host.headers).json()
    finally:
        time_travel.reset()
    states = {i["id"]: i["status"] for i in listed["items"]}
    assert (states[revoked["id"]], states[expiring["id"]], states[later["id"]]) == (
        "revoked",
        "expired",
        "active",
    )


def test_the_invitation_link_is_an_unguessable_short_link_to_the_evening_page(
    gateway: httpx.Client, host: TestUser, people: list[TestUser], watch_party_movie: dict
) -> None:
    event = make_event(gateway, host, watch_party_movie, visibility="invite", capacity=4)
    made = invite(gateway, host, event["id"], seats=2)
    assert "/s/" in made["url"], made["url"]
    short_code = made["url"].rsplit("/s/", 1)[1]
    assert len(short_code) >= 16, "as hard to guess as the invitation it leads to"
    redirect = gateway.get(f"/s/{short_code}", follow_redirects=False)
    assert redirect.status_code == 302
    assert redirect.headers["location"].endswith(f"/events/{event['id']}?invite={made['code']}")


def test_a_lookup_shows_public_fields_and_opens_the_evening_to_the_signed_in_holder(
    gateway: httpx.Client, host: TestUser, people: list[TestUser], watch_party_movie: dict
) -> None:
    holder, friend_of_holder = people[0], people[1]
    event = make_event(gateway, host, watch_party_movie, visibility="invite", capacity=4)
    made = invite(gateway, host, event["id"], seats=2, uses=3)
    url = f"/booking/v1/events/{event['id']}"
    assert gateway.get(url, headers=holder.headers).status_code == 404

    anonymous = look_up(gateway, made["code"])
    assert anonymous.status_code == 200, anonymous.text
    shown = anonymous.json()
    assert shown["event"]["id"] == event["id"] and shown["event"]["visibility"] == "invite"
    assert shown["event"]["place"].get("address") is None, "public fields only"
    assert (shown["seats_left"], shown["uses_left"]) == (2, 3)
    assert "code" in shown and "host_id" not in shown

    assert look_up(gateway, made["code"], holder).status_code == 200
    seen = gateway.get(url, headers=holder.headers)
    assert seen.status_code == 200 and seen.json()["place"].get("address") is None
    assert gateway.get(url, headers=friend_of_holder.headers).status_code == 404, "only who opened it"
    without_code = book_with(gateway, holder, event["id"], 1)
    assert (without_code.status_code, without_code.json()["code"]) == (403, "invite_required")
    patiently(
        lambda: gateway.delete(f"/booking/v1/events/{event['id']}/invites/{made['id']}", headers=host.headers)
    )
    assert gateway.get(url, headers=holder.headers).status_code == 404, "a revoked invitation opens nothing"


def test_an_invitation_books_an_approval_evening_at_once_and_waits_with_its_code(
    gateway: httpx.Client, host: TestUser, people: list[TestUser], watch_party_movie: dict
) -> None:
    a, b, c = people[0], people[1], people[2]
    event = make_event(gateway, host, watch_party_movie, visibility="invite", approval="request", capacity=2)
    open_code = invite(gateway, host, event["id"])
    booked = book_with(gateway, a, event["id"], 2, open_code["code"])
    assert (booked.status_code, booked.json()["status"]) == (201, "active"), "inviting is answering"
    stranger_waits = wait(gateway, b, event["id"])
    assert stranger_waits.status_code == 404
    waiting = patiently(
        lambda: gateway.post(
            f"/booking/v1/events/{event['id']}/waitlist",
            json={"seats": 1, "invite": open_code["code"]},
            headers=b.headers,
        )
    )
    assert (waiting.status_code, waiting.json()["status"]) == (201, "waiting"), waiting.text
    full = book_with(gateway, c, event["id"], 1, open_code["code"])
    assert (full.status_code, full.json()["code"]) == (409, "not_enough_seats")


def test_a_cancelled_evening_revokes_its_invitations(
    gateway: httpx.Client,
    host: TestUser,
    people: list[TestUser],
    watch_party_movie: dict,
    booking_db: BookingDb,
) -> None:
    event = make_event(gateway, host, watch_party_movie, visibility="invite", capacity=4)
    made = invite(gateway, host, event["id"], seats=3)
    assert book_with(gateway, people[0], event["id"], 1, made["code"]).status_code == 201
    cancelled = patiently(
        lambda: gateway.post(f"/booking/v1/events/{event['id']}/cancel", headers=host.headers)
    )
    assert cancelled.status_code == 200
    assert ledger(booking_db, event["id"]) == (4, 0, 0)
    assert look_up(gateway, made["code"]).json()["code"] == "invite_revoked"


def test_private_evenings_are_announced_to_friends_only_or_to_nobody(
    gateway: httpx.Client, host: TestUser, watch_party_movie: dict, booking_db: BookingDb
) -> None:
    made = {v: make_event(gateway, host, watch_party_movie, visibility=v) for v in ("friends", "invite")}
    for visibility, event in made.items():
        rows = booking_db.fetch(
            "SELECT payload FROM outbox WHERE type = 'event.created' AND aggregate_id = $1",
            uuid.UUID(event["id"]),
        )
        assert json.loads(rows[0]["payload"])["visibility"] == visibility
