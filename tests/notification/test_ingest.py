"""The ingest endpoint: service callers only, each envelope stored once, bad input a 4xx."""

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx

from devstack.stack import Stack
from tests.factories import new_user, service_headers
from tests.notification.conftest import Sql, booked, envelope, inbox, kinds_for, screening

EVENTS = "/notification/v1/events"


def _soon() -> datetime:
    return datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)


def test_the_same_envelope_twice_is_stored_once_and_makes_its_messages_once(
    stack: Stack, gateway: httpx.Client, notification_sql: Sql
) -> None:
    guest = new_user(stack)
    body = envelope("booking.created", booked(screening(host_id=uuid.uuid4(), starts_at=_soon()), guest.id))
    headers = service_headers(stack, "booking_api")

    first = gateway.post(EVENTS, json=body, headers=headers)
    again = gateway.post(EVENTS, json=body, headers=headers)

    assert first.status_code == 202, first.text
    assert first.json() == {"id": body["id"], "status": "accepted", "messages": 2}
    assert again.status_code == 200, again.text
    assert again.json() == {"id": body["id"], "status": "duplicate", "messages": 0}
    assert (
        notification_sql.value("SELECT count(*) FROM inbound_events WHERE id = $1", uuid.UUID(body["id"]))
        == 1
    )
    assert kinds_for(gateway, guest, body["data"]["event_id"]) == {"booking_confirmed": 1}


def test_concurrent_redeliveries_of_one_envelope_make_one_set_of_messages(
    stack: Stack, gateway: httpx.Client, notification_sql: Sql
) -> None:
    guest = new_user(stack)
    body = envelope("booking.created", booked(screening(host_id=uuid.uuid4(), starts_at=_soon()), guest.id))
    headers = service_headers(stack, "booking_api")
    url = f"{stack.service_url('notification')}{EVENTS}"

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = sorted(
            pool.map(lambda _: httpx.post(url, json=body, headers=headers).status_code, range(10))
        )

    assert statuses == [200] * 9 + [202]
    assert (
        notification_sql.value(
            "SELECT count(*) FROM notifications WHERE source_id = $1", uuid.UUID(body["id"])
        )
        == 2
    )


def test_only_the_booking_service_may_hand_in_events(stack: Stack, gateway: httpx.Client) -> None:
    body = envelope("event.created", screening(host_id=uuid.uuid4(), starts_at=_soon()))
    user = new_user(stack)

    assert gateway.post(EVENTS, json=body).status_code == 401
    as_user = gateway.post(EVENTS, json=body, headers=user.headers)
    assert (as_user.status_code, as_user.json()["code"]) == (403, "service_token_required")
    as_ugc = gateway.post(EVENTS, json=body, headers=service_headers(stack, "ugc_api"))
    assert (as_ugc.status_code, as_ugc.json()["code"]) == (403, "not_an_event_source")


def test_malformed_envelopes_and_payloads_are_4xx_and_store_nothing(
    stack: Stack, gateway: httpx.Client, notification_sql: Sql
) -> None:
    headers = service_headers(stack, "booking_api")
    good = envelope(
        "booking.created", booked(screening(host_id=uuid.uuid4(), starts_at=_soon()), uuid.uuid4())
    )
    before = notification_sql.value("SELECT count(*) FROM inbound_events")
    cases = {
        "no id": {k: v for k, v in good.items() if k != "id"},
        "bad id": {**good, "id": "not-a-uuid"},
        "bad type": {**good, "type": "Booking Created!"},
        "naive time": {**good, "occurred_at": "2026-01-01T10:00:00"},
        "data not an object": {**good, "data": [1, 2]},
        "NUL in data": {**good, "data": {**good["data"], "guest_name": "a\u0000b"}},
        "missing guest": {**good, "data": {k: v for k, v in good["data"].items() if k != "guest_id"}},
        "negative seats": {**good, "data": {**good["data"], "seats": -1}},
        "huge host name": {**good, "data": {**good["data"], "host_name": "x" * 5000}},
    }
    for case, body in cases.items():
        response = gateway.post(EVENTS, json=body, headers=headers)
        assert response.status_code == 422, (case, response.status_code, response.text)
        assert response.json()["code"] in {"validation_error", "invalid_event_data"}, case
    broken = gateway.post(
        EVENTS, content=b"{not json", headers={**headers, "content-type": "application/json"}
    )
    assert broken.status_code == 400
    assert notification_sql.value("SELECT count(*) FROM inbound_events") == before


def test_an_event_type_without_a_handler_is_acknowledged_and_sends_nothing(
    stack: Stack, gateway: httpx.Client, notification_sql: Sql
) -> None:
    body = envelope("payout.made", {"payout_id": str(uuid.uuid4())})
    response = gateway.post(EVENTS, json=body, headers=service_headers(stack, "booking_api"))
    assert response.status_code == 202, response.text
    assert response.json()["messages"] == 0
    assert notification_sql.value("SELECT type FROM inbound_events WHERE id = $1", uuid.UUID(body["id"])) == (
        "payout.made"
    )
    assert (
        notification_sql.value(
            "SELECT count(*) FROM notifications WHERE source_id = $1", uuid.UUID(body["id"])
        )
        == 0
    )


def test_a_host_hears_of_each_booking_and_the_guest_of_theirs(stack: Stack, gateway: httpx.Client) -> None:
    host, guest = new_user(stack), new_user(stack)
    event = screening(host_id=host.id, starts_at=_soon())
    headers = service_headers(stack, "booking_api")
    created = booked(event, guest.id, seats=3)
    for body in (
        envelope("event.created", event),
        envelope("booking.created", created),
        envelope(
            "booking.cancelled", {**created, "guest_name": None, "cancelled_by": "guest", "seats_left": 6}
        ),
    ):
        assert gateway.post(EVENTS, json=body, headers=headers).status_code == 202

    assert kinds_for(gateway, guest, event["event_id"]) == {"booking_confirmed": 1, "booking_cancelled": 1}
    assert kinds_for(gateway, host, event["event_id"]) == {"host_new_booking": 1, "host_booking_cancelled": 1}
    cancelled = next(
        item for item in inbox(gateway, host)["items"] if item["kind"] == "host_booking_cancelled"
    )
    assert "Gena Guest" in cancelled["body"], "the guest's name comes from the booking it cancels"
