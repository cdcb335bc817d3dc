"""Hosts' places: only the owner edits them; bad input writes nothing."""

import json
import uuid

import httpx
import pytest

from devstack.stack import Stack
from tests.booking.conftest import BookingDb, make_event, make_place
from tests.factories import TestUser, new_user


def test_host_creates_lists_reads_and_edits_own_place(gateway: httpx.Client, host: TestUser) -> None:
    place = make_place(
        gateway, host, name="Loft", city="Kazan", latitude=55.79, longitude=49.12, notes="Ring twice"
    )
    assert place["host_id"] == str(host.id)
    mine = gateway.get("/booking/v1/places", headers=host.headers).json()
    assert [p["id"] for p in mine["items"]] == [place["id"]]
    assert (mine["total"], mine["page"], mine["size"]) == (1, 1, 20)

    changed = gateway.patch(
        f"/booking/v1/places/{place['id']}", json={"name": "Big loft", "notes": None}, headers=host.headers
    )
    assert changed.status_code == 200
    assert changed.json()["name"] == "Big loft"
    assert changed.json()["notes"] is None
    assert gateway.get(f"/booking/v1/places/{place['id']}", headers=host.headers).json()["name"] == "Big loft"


def test_another_host_can_neither_read_nor_edit_nor_delete_a_place(
    gateway: httpx.Client, host: TestUser, stack: Stack
) -> None:
    place = make_place(gateway, host)
    intruder = new_user(stack)
    for response in (
        gateway.get(f"/booking/v1/places/{place['id']}", headers=intruder.headers),
        gateway.patch(f"/booking/v1/places/{place['id']}", json={"name": "Mine"}, headers=intruder.headers),
        gateway.delete(f"/booking/v1/places/{place['id']}", headers=intruder.headers),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "place_not_yours"
    assert (
        gateway.get(f"/booking/v1/places/{place['id']}", headers=host.headers).json()["name"] == place["name"]
    )


def test_place_with_a_future_event_cannot_be_deleted_or_shrunk_below_it(
    gateway: httpx.Client, host: TestUser, watch_party_movie: dict
) -> None:
    place = make_place(gateway, host, capacity=20)
    make_event(gateway, host, watch_party_movie, place=place, capacity=15)
    deleted = gateway.delete(f"/booking/v1/places/{place['id']}", headers=host.headers)
    assert deleted.status_code == 409
    assert deleted.json()["code"] == "place_has_future_events"
    shrunk = gateway.patch(f"/booking/v1/places/{place['id']}", json={"capacity": 10}, headers=host.headers)
    assert shrunk.status_code == 409
    assert shrunk.json()["code"] == "place_too_small_for_events"


def test_place_without_events_is_deleted_and_gone_from_lists(gateway: httpx.Client, host: TestUser) -> None:
    place = make_place(gateway, host)
    assert gateway.delete(f"/booking/v1/places/{place['id']}", headers=host.headers).status_code == 204
    assert gateway.get(f"/booking/v1/places/{place['id']}", headers=host.headers).status_code == 404
    assert gateway.get("/booking/v1/places", headers=host.headers).json()["total"] == 0


@pytest.mark.parametrize(
    "body",
    [
        {"name": "A", "address": "B", "city": "C", "capacity": 0},
        {"name": "A", "address": "B", "city": "C", "capacity": -3},
        {"name": "A", "address": "B", "city": "C", "capacity": "many"},
        {"name": "A", "address": "B", "city": "C", "capacity": 10**12},
        {"name": "", "address": "B", "city": "C", "capacity": 5},
        {"name": "A", "address": "B", "city": "C", "capacity": 5, "latitude": 91},
        {"name": "A", "address": "B", "city": "C", "capacity": 5, "longitude": -181},
        {"name": "A", "city": "C", "capacity": 5},
        {"name": "A", "address": "B", "city": "C", "capacity": 5, "owner": "someone"},
        {"name": "x" * 121, "address": "B", "city": "C", "capacity": 5},
    ],
)
def test_invalid_place_is_a_422_with_a_code_and_writes_nothing(
    gateway: httpx.Client, host: TestUser, booking_db: BookingDb, body: dict
) -> None:
    before = booking_db.counts()
    response = gateway.post("/booking/v1/places", json=body, headers=host.headers)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert booking_db.counts() == before


def test_place_larger_than_the_limit_is_refused(gateway: httpx.Client, host: TestUser) -> None:
    response = gateway.post(
        "/booking/v1/places",
        json={"name": "Stadium", "address": "B", "city": "C", "capacity": 5000},
        headers=host.headers,
    )
    assert response.status_code == 422
    assert response.json()["code"] == "place_capacity_too_large"


def test_places_need_a_signed_in_user(gateway: httpx.Client) -> None:
    response = gateway.get("/booking/v1/places")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.headers["www-authenticate"] == "Bearer"
    bad = gateway.get("/booking/v1/places", headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401
    assert bad.json()["code"] == "invalid_token"


def test_malformed_place_id_is_a_422(gateway: httpx.Client, host: TestUser) -> None:
    response = gateway.get("/booking/v1/places/not-a-uuid", headers=host.headers)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_moving_a_place_tells_the_guests_of_its_upcoming_events(
    gateway: httpx.Client, host: TestUser, stack: Stack, watch_party_movie: dict, booking_db: BookingDb
) -> None:
    place = make_place(gateway, host, address="Old street 1")
    event = make_event(gateway, host, watch_party_movie, place=place)
    guest = new_user(stack)
    gateway.post(f"/booking/v1/events/{event['id']}/bookings", json={"seats": 1}, headers=guest.headers)
    assert gateway.get(f"/booking/v1/events/{event['id']}", headers=guest.headers).json()["place"][
        "address"
    ] == ("Old street 1")
    changed = gateway.patch(
        f"/booking/v1/places/{place['id']}", json={"address": "New street 2"}, headers=host.headers
    )
    assert changed.status_code == 200
    detail = gateway.get(f"/booking/v1/events/{event['id']}", headers=guest.headers).json()
    assert detail["place"]["address"] == "New street 2", "the cached detail was dropped"
    rows = booking_db.fetch(
        "SELECT payload FROM outbox WHERE type = 'event.changed' AND aggregate_id = $1",
        uuid.UUID(event["id"]),
    )
    assert len(rows) == 1
    payload = json.loads(rows[0]["payload"])
    assert (payload["before"]["place"]["address"], payload["place"]["address"]) == (
        "Old street 1",
        "New street 2",
    )
    assert [g["guest_id"] for g in payload["guests"]] == [str(guest.id)]
    gateway.patch(f"/booking/v1/places/{place['id']}", json={"notes": "Bring tea"}, headers=host.headers)
    assert (
        len(
            booking_db.fetch(
                "SELECT 1 FROM outbox WHERE type = 'event.changed' AND aggregate_id = $1",
                uuid.UUID(event["id"]),
            )
        )
        == 1
    ), "notes alone do not move anyone"


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Nul\u0000room", "address": "B", "city": "C", "capacity": 5},
        {"name": "A", "address": "B", "city": "C\ud800", "capacity": 5},
    ],
    ids=["nul", "lone-surrogate"],
)
def test_text_postgresql_cannot_store_is_a_422(
    gateway: httpx.Client, host: TestUser, booking_db: BookingDb, body: dict
) -> None:
    before = booking_db.counts()
    response = gateway.post(
        "/booking/v1/places",
        content=json.dumps(body).encode(),
        headers={**host.headers, "content-type": "application/json"},
    )
    assert response.status_code == 422
    assert booking_db.counts() == before
