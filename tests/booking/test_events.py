"""Events and schedules: a host's screenings of watch-party films at their own places."""

import itertools
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
import redis

from devstack.stack import Stack
from tests.booking.conftest import BookingDb, future, make_event, make_place
from tests.factories import TestUser, admin, new_user


def test_event_takes_its_end_from_the_film_and_offers_all_seats(
    gateway: httpx.Client, host: TestUser, watch_party_movie: dict
) -> None:
    starts_at = future()
    event = make_event(gateway, host, watch_party_movie, capacity=8, starts_at=starts_at)
    assert datetime.fromisoformat(event["starts_at"]) == starts_at
    assert datetime.fromisoformat(event["ends_at"]) - starts_at == timedelta(
        minutes=watch_party_movie["duration_minutes"]
    )
    assert (event["capacity"], event["seats_left"], event["status"]) == (8, 8, "scheduled")
    assert event["movie"]["title"] == watch_party_movie["title"]
    assert (event["host"]["id"], event["host"]["name"]) == (str(host.id), host.name)
    assert event["starts_at"].endswith("Z"), "times come back in UTC"


@pytest.mark.parametrize(
    "starts_at",
    [
        datetime.now(UTC) - timedelta(days=1),
        datetime.now(UTC) + timedelta(minutes=10),
        datetime.now(UTC) + timedelta(days=400),
    ],
    ids=["past", "too-soon", "too-far"],
)
def test_start_outside_the_window_is_refused(
    gateway: httpx.Client, host: TestUser, watch_party_movie: dict, booking_db: BookingDb, starts_at: datetime
) -> None:
    place = make_place(gateway, host)
    before = booking_db.counts()
    response = gateway.post(
        "/booking/v1/events",
        json={
            "movie_id": watch_party_movie["id"],
            "place_id": place["id"],
            "starts_at": starts_at.isoformat(),
            "capacity": 5,
        },
        headers=host.headers,
    )
    assert response.status_code == 422
    assert response.json()["code"] == "start_out_of_window"
    assert booking_db.counts() == before


def test_naive_start_time_is_refused(gateway: httpx.Client, host: TestUser, watch_party_movie: dict) -> None:
    place = make_place(gateway, host)
    response = gateway.post(
        "/booking/v1/events",
        json={
            "movie_id": watch_party_movie["id"],
            "place_id": place["id"],
            "starts_at": "2030-01-01T19:00:00",
            "capacity": 5,
        },
        headers=host.headers,
    )
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_capacity_above_the_place_and_another_hosts_place_are_refused(
    gateway: httpx.Client, host: TestUser, stack: Stack, watch_party_movie: dict, booking_db: BookingDb
) -> None:
    place = make_place(gateway, host, capacity=6)
    before = booking_db.counts()
    body = {"movie_id": watch_party_movie["id"], "place_id": place["id"], "starts_at": future().isoformat()}
    too_big = gateway.post("/booking/v1/events", json={**body, "capacity": 7}, headers=host.headers)
    assert too_big.status_code == 422
    assert too_big.json()["code"] == "capacity_exceeds_place"
    assert too_big.json()["place_capacity"] == 6
    other = new_user(stack)
    foreign = gateway.post("/booking/v1/events", json={**body, "capacity": 2}, headers=other.headers)
    assert foreign.status_code == 403
    assert foreign.json()["code"] == "place_not_yours"
    assert booking_db.counts() == before


def test_unknown_and_non_watch_party_films_are_refused(
    gateway: httpx.Client, host: TestUser, other_movie: dict, booking_db: BookingDb
) -> None:
    place = make_place(gateway, host)
    before = booking_db.counts()
    body = {"place_id": place["id"], "starts_at": future().isoformat(), "capacity": 2}
    unknown = gateway.post(
        "/booking/v1/events",
        json={**body, "movie_id": "00000000-0000-4000-8000-00000000dead"},
        headers=host.headers,
    )
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "movie_not_found"
    not_bookable = gateway.post(
        "/booking/v1/events", json={**body, "movie_id": other_movie["id"]}, headers=host.headers
    )
    assert not_bookable.status_code == 422
    assert not_bookable.json()["code"] == "movie_not_bookable"
    malformed = gateway.post(
        "/booking/v1/events", json={**body, "movie_id": "not-a-uuid"}, headers=host.headers
    )
    assert malformed.status_code == 422
    assert booking_db.counts() == before


def test_two_scheduled_events_never_overlap_at_one_place(
    gateway: httpx.Client, host: TestUser, watch_party_movie: dict
) -> None:
    place = make_place(gateway, host)
    first = make_event(gateway, host, watch_party_movie, place=place)
    clash_start = datetime.fromisoformat(first["starts_at"]) + timedelta(minutes=30)
    response = gateway.post(
        "/booking/v1/events",
        json={
            "movie_id": watch_party_movie["id"],
            "place_id": place["id"],
            "starts_at": clash_start.isoformat(),
            "capacity": 3,
        },
        headers=host.headers,
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "place_busy"
    assert body["conflicting_event_id"] == first["id"]
    assert datetime.fromisoformat(body["slot"]["starts_at"]) == clash_start
    after_end = datetime.fromisoformat(first["ends_at"])
    make_event(gateway, host, watch_party_movie, place=place, starts_at=after_end)


def test_weekly_schedule_makes_every_slot_at_local_time(
    gateway: httpx.Client, host: TestUser, watch_party_movie: dict
) -> None:
    place = make_place(gateway, host)
    response = gateway.post(
        "/booking/v1/schedules",
        json={
            "movie_id": watch_party_movie["id"],
            "place_id": place["id"],
            "capacity": 6,
            "weekly": {"weekday": "friday", "time": "19:00", "timezone": "Europe/Berlin", "count": 6},
        },
        headers=host.headers,
    )
    assert response.status_code == 201, response.text
    schedule = response.json()
    starts = [
        datetime.fromisoformat(e["starts_at"]).astimezone(ZoneInfo("Europe/Berlin"))
        for e in schedule["events"]
    ]
    assert len(starts) == 6
    assert all(s.weekday() == 4 and (s.hour, s.minute) == (19, 0) for s in starts), (
        "19:00 Berlin time, DST or not"
    )
    assert all((b.date() - a.date()).days == 7 for a, b in itertools.pairwise(starts))
    assert {e["series_id"] for e in schedule["events"]} == {schedule["series_id"]}


def test_schedule_is_all_or_nothing_and_names_the_clashing_slot(
    gateway: httpx.Client, host: TestUser, watch_party_movie: dict, booking_db: BookingDb
) -> None:
    place = make_place(gateway, host)
    taken = make_event(gateway, host, watch_party_movie, place=place, starts_at=future(days=10))
    taken_start = datetime.fromisoformat(taken["starts_at"])
    starts = [
        taken_start - timedelta(days=7),
        taken_start + timedelta(minutes=15),
        taken_start + timedelta(days=7),
    ]
    before = booking_db.counts()
    response = gateway.post(
        "/booking/v1/schedules",
        json={
            "movie_id": watch_party_movie["id"],
            "place_id": place["id"],
            "capacity": 4,
            "starts": [s.isoformat() for s in starts],
        },
        headers=host.headers,
    )
    assert response.status_code == 409
    assert response.json()["code"] == "place_busy"
    assert datetime.fromisoformat(response.json()["slot"]["starts_at"]) == starts[1]
    assert booking_db.counts() == before


@pytest.mark.parametrize(
    "schedule",
    [
        {},
        {"starts": []},
        {"weekly": {"weekday": "friday", "time": "19:00", "timezone": "Mars/Olympus", "count": 3}},
        {"weekly": {"weekday": "funday", "time": "19:00", "count": 3}},
        {"weekly": {"weekday": "friday", "time": "19:00", "count": 0}},
        {"weekly": {"weekday": "friday", "time": "19:00", "count": 53}},
        {"weekly": {"weekday": "friday", "time": "25:00", "count": 2}},
    ],
)
def test_invalid_schedule_is_a_422(
    gateway: httpx.Client, host: TestUser, watch_party_movie: dict, schedule: dict
) -> None:
    place = make_place(gateway, host)
    response = gateway.post(
        "/booking/v1/schedules",
        json={"movie_id": watch_party_movie["id"], "place_id": place["id"], "capacity": 4, **schedule},
        headers=host.headers,
    )
    assert response.status_code == 422, response.text


def test_overlapping_starts_within_one_schedule_are_refused(
    gateway: httpx.Client, host: TestUser, watch_party_movie: dict
) -> None:
    place = make_place(gateway, host)
    start = future()
    response = gateway.post(
        "/booking/v1/schedules",
        json={
            "movie_id": watch_party_movie["id"],
            "place_id": place["id"],
            "capacity": 4,
            "starts": [start.isoformat(), (start + timedelta(minutes=20)).isoformat()],
        },
        headers=host.headers,
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_schedule"


def test_event_list_filters_by_film_host_city_time_and_availability(
    gateway: httpx.Client, host: TestUser, guest: TestUser, watch_party_movie: dict
) -> None:
    city = f"Tula-{host.id.hex[:6]}"
    place = make_place(gateway, host, city=city, capacity=2)
    soon = make_event(gateway, host, watch_party_movie, place=place, capacity=1, starts_at=future(days=2))
    later = make_event(gateway, host, watch_party_movie, place=place, capacity=2, starts_at=future(days=20))
    assert (
        gateway.post(
            f"/booking/v1/events/{soon['id']}/bookings", json={"seats": 1}, headers=guest.headers
        ).status_code
        == 201
    )

    def ids(**params: str) -> list[str]:
        response = gateway.get("/booking/v1/events", params={"city": city.upper(), **params})
        assert response.status_code == 200, response.text
        return [e["id"] for e in response.json()["items"]]

    assert ids() == [soon["id"], later["id"]]
    assert ids(host_id=str(host.id), movie_id=watch_party_movie["id"]) == [soon["id"], later["id"]]
    assert ids(available="true") == [later["id"]], "the full one is filtered out"
    assert ids(**{"from": (datetime.now(UTC) + timedelta(days=10)).isoformat()}) == [later["id"]]
    assert ids(to=(datetime.now(UTC) + timedelta(days=10)).isoformat()) == [soon["id"]]
    assert gateway.get("/booking/v1/events", params={"from": "yesterday"}).status_code == 422
    listed = gateway.get("/booking/v1/events", params={"city": city}).json()["items"][0]
    assert listed["place"]["address"] is None, "lists never show addresses"


def test_event_address_is_shown_only_to_its_host_and_booked_guests(
    gateway: httpx.Client, host: TestUser, guest: TestUser, stack: Stack, watch_party_movie: dict
) -> None:
    event = make_event(gateway, host, watch_party_movie)
    path = f"/booking/v1/events/{event['id']}"
    assert gateway.get(path).json()["place"]["address"] is None
    assert gateway.get(path, headers=guest.headers).json()["place"]["address"] is None
    assert gateway.get(path, headers=host.headers).json()["place"]["address"] == "Tverskaya 1, apt 5"
    gateway.post(f"{path}/bookings", json={"seats": 1}, headers=guest.headers)
    assert gateway.get(path, headers=guest.headers).json()["place"]["address"] == "Tverskaya 1, apt 5"
    stranger = new_user(stack)
    assert gateway.get(path, headers=stranger.headers).json()["place"]["address"] is None


def test_unknown_event_is_404_and_malformed_id_422(gateway: httpx.Client) -> None:
    missing = gateway.get("/booking/v1/events/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    assert missing.json()["code"] == "event_not_found"
    assert gateway.get("/booking/v1/events/12345").status_code == 422


def test_host_moves_changes_and_cancels_an_event_and_guests_lose_their_seats(
    gateway: httpx.Client,
    host: TestUser,
    guest: TestUser,
    stack: Stack,
    watch_party_movie: dict,
    booking_db: BookingDb,
) -> None:
    event = make_event(gateway, host, watch_party_movie, capacity=5)
    path = f"/booking/v1/events/{event['id']}"
    booked = gateway.post(f"{path}/bookings", json={"seats": 3}, headers=guest.headers).json()

    low = gateway.patch(path, json={"capacity": 2}, headers=host.headers)
    assert low.status_code == 409
    assert (low.json()["code"], low.json()["seats_taken"]) == ("capacity_below_booked", 3)
    stranger = new_user(stack)
    assert (
        gateway.patch(path, json={"capacity": 4}, headers=stranger.headers).json()["code"] == "not_your_event"
    )

    new_start = future(days=5)
    moved = gateway.patch(
        path, json={"starts_at": new_start.isoformat(), "capacity": 3}, headers=host.headers
    )
    assert moved.status_code == 200, moved.text
    assert datetime.fromisoformat(moved.json()["starts_at"]) == new_start
    assert (moved.json()["capacity"], moved.json()["seats_left"]) == (3, 0)
    assert gateway.get(path).json()["starts_at"] == moved.json()["starts_at"], (
        "the cached detail was refreshed"
    )

    cancelled = gateway.post(f"{path}/cancel", headers=host.headers)
    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["seats_left"]) == ("cancelled", 3)
    booking = gateway.get(f"/booking/v1/bookings/{booked['id']}", headers=guest.headers).json()
    assert (booking["status"], booking["cancelled_by"]) == ("cancelled", "host")
    assert booking_db.seats(event["id"]) == (3, 0, 0)
    again = gateway.post(f"{path}/cancel", headers=host.headers)
    assert again.status_code == 409
    types = [
        r["type"]
        for r in booking_db.fetch(
            "SELECT type FROM outbox WHERE aggregate_id = $1 ORDER BY seq",
            __import__("uuid").UUID(event["id"]),
        )
    ]
    assert types == ["event.created", "booking.created", "event.changed", "event.cancelled"]


def test_banned_user_can_neither_host_nor_book(
    gateway: httpx.Client, stack: Stack, host: TestUser, watch_party_movie: dict
) -> None:
    banned = new_user(stack)
    place = make_place(gateway, banned)
    put = gateway.put(f"/auth/v1/groups/banned/members/{banned.id}", headers=admin(stack).headers)
    assert put.status_code == 204
    time.sleep(1)  # services remember a token's standing for half a second
    hosting = gateway.post(
        "/booking/v1/events",
        json={
            "movie_id": watch_party_movie["id"],
            "place_id": place["id"],
            "starts_at": future().isoformat(),
            "capacity": 2,
        },
        headers=banned.headers,
    )
    assert hosting.status_code == 403
    assert hosting.json()["code"] == "banned"  # the shared token check refuses a banned person's writes
    event = make_event(gateway, host, watch_party_movie)
    booking = gateway.post(
        f"/booking/v1/events/{event['id']}/bookings", json={"seats": 1}, headers=banned.headers
    )
    assert booking.status_code == 403
    assert booking.json()["code"] == "banned"


def test_hosts_list_and_a_hosts_schedule_follow_the_pick_a_host_then_a_time_flow(
    gateway: httpx.Client, host: TestUser, watch_party_movie: dict
) -> None:
    city = f"Omsk-{host.id.hex[:6]}"
    place = make_place(gateway, host, city=city)
    first = make_event(gateway, host, watch_party_movie, place=place, starts_at=future(days=4))
    make_event(gateway, host, watch_party_movie, place=place, starts_at=future(days=11))
    hosts = gateway.get(
        "/booking/v1/hosts", params={"city": city, "movie_id": watch_party_movie["id"]}
    ).json()
    assert hosts["total"] == 1
    entry = hosts["items"][0]
    assert (entry["id"], entry["name"], entry["upcoming_events"], entry["cities"]) == (
        str(host.id),
        host.name,
        2,
        [city],
    )
    assert entry["next_event_at"] == first["starts_at"]
    day = datetime.fromisoformat(first["starts_at"]).date().isoformat()
    on_day = gateway.get(f"/booking/v1/hosts/{host.id}/events", params={"date": day}).json()
    assert [e["id"] for e in on_day["items"]] == [first["id"]]
    assert gateway.get("/booking/v1/hosts", params={"date": day, "tz": "Nowhere/Land"}).status_code == 422


def test_films_with_upcoming_watch_parties_are_counted(
    gateway: httpx.Client, host: TestUser, stack: Stack, watch_party_movie: dict
) -> None:
    city = f"Films-{host.id.hex[:6]}"
    place = make_place(gateway, host, city=city)
    other_host = new_user(stack)
    other_place = make_place(gateway, other_host, city=city)
    make_event(gateway, host, watch_party_movie, place=place, starts_at=future(days=5))
    make_event(gateway, host, watch_party_movie, place=place, starts_at=future(days=6))
    make_event(gateway, other_host, watch_party_movie, place=other_place, starts_at=future(days=7))
    films = gateway.get("/booking/v1/films", params={"city": city}).json()
    assert films["total"] == 1
    film = films["items"][0]
    assert (film["movie_id"], film["movie_title"], film["upcoming_events"], film["hosts"]) == (
        watch_party_movie["id"],
        watch_party_movie["title"],
        3,
        2,
    )


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/booking/v1/events", {"city": "\u0000"}),
        ("/booking/v1/events", {"from": "0001-01-01T00:00:00+05:00"}),
        ("/booking/v1/events", {"to": "9999-12-31T23:00:00-05:00"}),
        ("/booking/v1/hosts", {"date": "9999-12-31"}),
        ("/booking/v1/hosts", {"date": "0001-01-01", "tz": "Asia/Tokyo"}),
    ],
)
def test_extreme_or_unstorable_filters_are_a_422(gateway: httpx.Client, path: str, params: dict) -> None:
    response = gateway.get(path, params=params)
    assert response.status_code == 422, response.text


def test_start_in_year_9999_is_a_422(gateway: httpx.Client, host: TestUser, watch_party_movie: dict) -> None:
    place = make_place(gateway, host)
    response = gateway.post(
        "/booking/v1/events",
        json={
            "movie_id": watch_party_movie["id"],
            "place_id": place["id"],
            "starts_at": "9999-12-31T23:59:00-12:00",
            "capacity": 2,
        },
        headers=host.headers,
    )
    assert response.status_code == 422


def test_a_guest_banned_after_booking_cannot_add_seats(
    gateway: httpx.Client, stack: Stack, host: TestUser, watch_party_movie: dict
) -> None:
    event = make_event(gateway, host, watch_party_movie)
    guest = new_user(stack)
    booking = gateway.post(
        f"/booking/v1/events/{event['id']}/bookings", json={"seats": 1}, headers=guest.headers
    )
    with httpx.Client(base_url=stack.service_url("auth_api")) as auth:
        put = auth.put(f"/auth/v1/groups/banned/members/{guest.id}", headers=admin(stack).headers)
        assert put.status_code == 204
    stack.stop_service("booking_api")  # forget the cached profile (60 s in Redis, 15 s in the process)
    stack.start_service("booking_api")
    client = redis.Redis.from_url(stack.redis_url)
    client.delete(f"{stack.config.namespace}:booking_api:user:{guest.id}")
    client.close()
    more = gateway.patch(
        f"/booking/v1/bookings/{booking.json()['id']}", json={"seats": 3}, headers=guest.headers
    )
    assert (more.status_code, more.json()["code"]) == (403, "banned")
